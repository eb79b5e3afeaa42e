/**
 * The calibration file (`-cal`, analysis.md §4): per (FEC, VMM, channel) ADC,
 * time and time-walk parameters, stored as single precision like vmm-sdat.
 * Pairs never mentioned use the identity defaults.
 */
import { abortError } from './errors.js';

const FIELDS = ['adc_offsets', 'adc_slopes', 'time_offsets', 'time_slopes', 'timewalk_a', 'timewalk_b', 'timewalk_c', 'timewalk_d'] as const;
/** Defaults per parameter, in FIELDS order (§4.2). */
const DEFAULTS = [0, 1, 0, 1, 0, 1, 1, 0];

export interface Calibration {
  /** (fec·32 + vmm) → index into `params` (·64 channels ·8 parameters), −1 = defaults. */
  readonly index: Int32Array;
  /** f32 values widened: [adc_offset, adc_slope, time_offset, time_slope, a, b, c, d] per channel. */
  readonly params: Float64Array;
}

/** FEC ids that can carry data (SRS: 1…15; ESS: 8-bit). Entries for larger ids can never match. */
export const CAL_KEY_FECS = 256;

/** Parameter block offset of (fec, vmm, ch), or −1 for the defaults. */
export function calibrationOffset(cal: Calibration, fec: number, vmm: number, ch: number): number {
  const i = fec < CAL_KEY_FECS && vmm < 32 ? cal.index[fec * 32 + vmm]! : -1;
  return i < 0 ? -1 : (i * 64 + ch) * 8;
}

function fail(file: string, what: string): never {
  throw abortError(`Invalid json in calibration file field. (${file}: ${what})`);
}

export function parseCalibration(text: string, file: string): Calibration {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw abortError(`Invalid Json in calibration file. (${file}: ${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(file, 'top level must be an object');
  const list = (json as Record<string, unknown>)['vmm_calibration'] ?? [];
  if (!Array.isArray(list)) fail(file, 'vmm_calibration must be an array');
  const index = new Int32Array(CAL_KEY_FECS * 32).fill(-1);
  const blocks: Float64Array[] = [];
  list.forEach((raw, k) => {
    const where = `vmm_calibration[${k}]`;
    if (typeof raw !== 'object' || raw === null) fail(file, `${where} must be an object`);
    const e = raw as Record<string, unknown>;
    const fec = e['fecID'];
    const vmm = e['vmmID'];
    if (typeof fec !== 'number' || typeof vmm !== 'number') fail(file, `${where} needs numeric fecID and vmmID`);
    const block = new Float64Array(64 * 8);
    FIELDS.forEach((f, p) => {
      const arr = e[f];
      if (arr !== undefined && !Array.isArray(arr)) fail(file, `${where}.${f} must be an array`);
      const a = (arr as unknown[] | undefined) ?? [];
      if (a.length !== 0 && a.length !== 64) throw abortError(`Invalid array lengths in calibration file. (${file}: ${where}.${f} has ${a.length} values, expected 64)`);
      for (let c = 0; c < 64; c++) {
        let v = DEFAULTS[p]!;
        if (a.length) {
          if (typeof a[c] !== 'number') fail(file, `${where}.${f}[${c}] must be a number`);
          v = a[c] as number;
        }
        block[c * 8 + p] = Math.fround(v);
      }
    });
    const key = Math.trunc(fec) * 32 + Math.trunc(vmm);
    if (Math.trunc(fec) >= 0 && Math.trunc(fec) < CAL_KEY_FECS && Math.trunc(vmm) >= 0 && Math.trunc(vmm) < 32) {
      if (index[key]! < 0) {
        index[key] = blocks.length;
        blocks.push(block);
      } else blocks[index[key]!] = block; // a later entry replaces the earlier one completely
    }
  });
  const params = new Float64Array(blocks.length * 64 * 8);
  blocks.forEach((b, i) => params.set(b, i * 512));
  return { index, params };
}

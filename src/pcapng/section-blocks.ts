/**
 * Decoding of the two pcapng blocks that describe rather than carry packets:
 * the Section Header Block (byte order, version, `shb_*` options) and the
 * Interface Description Block (link type, snaplen, `if_name`, `if_tsresol`,
 * `if_tsoffset`), plus the drop counters of the Interface Statistics Block. Options are walked with bounds checks; an option running past
 * its block is structural damage (`bad_option`).
 */
import * as C from './constants.js';
import type { PcapngError, PcapngErrorCode } from './errors.js';
import type { InterfaceInfo, InterfaceStatistics, SectionInfo } from './packet.js';
import { TS_MICRO, tsResolution, type TsResolution } from './timestamp.js';

/** Builds a PcapngError located at the current block (supplied by the parser). */
export type ErrorFactory = (code: PcapngErrorCode, detail: string, d: { expected?: string | number; actual?: string | number }) => PcapngError;

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Calls `visit(code, valueOffset, valueLength)` for each option in
 * `[start, end)` until opt_endofopt or the end; throws on an overrunning option.
 */
function walkOptions(
  v: DataView,
  start: number,
  end: number,
  le: boolean,
  err: ErrorFactory,
  visit: (code: number, at: number, len: number) => void,
): void {
  let o = start;
  while (o + 4 <= end) {
    const code = v.getUint16(o, le);
    const len = v.getUint16(o + 2, le);
    if (code === C.OPT_ENDOFOPT) return;
    if (o + 4 + len > end) {
      throw err('bad_option', `option ${code} of ${len} bytes runs past the end of its block`, { expected: `<= ${end - o - 4}`, actual: len });
    }
    visit(code, o + 4, len);
    o += 4 + ((len + 3) & ~3);
  }
}

const text = (b: Uint8Array, at: number, len: number): string => {
  // strings may be NUL-terminated by some writers
  let n = len;
  while (n > 0 && b[at + n - 1] === 0) n--;
  return decoder.decode(b.subarray(at, at + n));
};

/** Decodes the SHB at `pos` (length already validated, byte order `le`). */
export function decodeShb(b: Uint8Array, v: DataView, pos: number, len: number, le: boolean, err: ErrorFactory): SectionInfo {
  let hardware: string | undefined;
  let os: string | undefined;
  let userAppl: string | undefined;
  walkOptions(v, pos + 24, pos + len - 4, le, err, (code, at, n) => {
    if (code === C.OPT_SHB_HARDWARE) hardware = text(b, at, n);
    else if (code === C.OPT_SHB_OS) os = text(b, at, n);
    else if (code === C.OPT_SHB_USERAPPL) userAppl = text(b, at, n);
  });
  return { littleEndian: le, majorVersion: v.getUint16(pos + 12, le), minorVersion: v.getUint16(pos + 14, le), hardware, os, userAppl };
}

/** Decodes the IDB at `pos` of section `section`. */
export function decodeIdb(b: Uint8Array, v: DataView, pos: number, len: number, le: boolean, section: number, err: ErrorFactory): InterfaceInfo {
  const linkType = v.getUint16(pos + 8, le);
  const snaplen = v.getUint32(pos + 12, le);
  let name: string | undefined;
  let resCode = -1;
  let offsetSeconds = 0;
  walkOptions(v, pos + 16, pos + len - 4, le, err, (code, at, n) => {
    if (code === C.OPT_IF_NAME) name = text(b, at, n);
    else if (code === C.OPT_IF_TSRESOL && n >= 1) resCode = b[at]!;
    else if (code === C.OPT_IF_TSOFFSET && n >= 8) offsetSeconds = Number(v.getBigInt64(at, le));
  });
  let ts: TsResolution = TS_MICRO;
  if (resCode >= 0 || offsetSeconds !== 0) ts = tsResolution(resCode >= 0 ? resCode : 6, offsetSeconds);
  return { linkType, snaplen, tsResolution: ts, name, section };
}

/** Decodes the ISB at `pos` (≥ 24 bytes): its interface and the isb_ifrecv/ifdrop/osdrop counters. */
export function decodeIsb(v: DataView, pos: number, len: number, le: boolean, section: number, err: ErrorFactory): InterfaceStatistics {
  let ifRecv = -1;
  let ifDrop = -1;
  let osDrop = -1;
  walkOptions(v, pos + 20, pos + len - 4, le, err, (code, at, n) => {
    if (n !== 8) return;
    const x = Number(v.getBigUint64(at, le));
    if (code === C.OPT_ISB_IFRECV) ifRecv = x;
    else if (code === C.OPT_ISB_IFDROP) ifDrop = x;
    else if (code === C.OPT_ISB_OSDROP) osDrop = x;
  });
  return { section, interfaceId: v.getUint32(pos + 8, le), ifRecv, ifDrop, osDrop };
}

/**
 * The analysis parameters: vmm-sdat convertFile's options after parsing
 * (analysis.md §2). Per-detector lists hold the f64 of the f32 value vmm-sdat
 * stores, already replicated to one value per detector (index = detector's
 * first-appearance order in the geometry file, §2.3).
 */
import type { Geometry } from './geometry.js';
import type { Calibration } from './calibration.js';

export type DataFormat = 'SRS' | 'TRG' | 'ESS' | 'VTC';
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'STATUS' | 'WARNING' | 'ERROR' | 'FATAL';

export interface SaveSelection {
  /** vmm-sdat's save code (§2.4): 1 = hits, 10 = plane clusters, 100 = detector clusters. */
  readonly code: number;
  readonly hits: readonly number[];
  readonly plane: readonly number[];
  readonly detector: readonly number[];
}

export interface PerDetector {
  /** -th */ readonly threshold: Float64Array;
  /** -cs */ readonly minClusterSize: Float64Array;
  /** -ccs */ readonly coincidentClusterSize: Float64Array;
  /** -dt */ readonly deltaTimeHits: Float64Array;
  /** -mst / -mp0 */ readonly missingStripsX: Float64Array;
  /** -mp1 */ readonly missingStripsY: Float64Array;
  /** -spc */ readonly spanClusterTime: Float64Array;
  /** -dp */ readonly deltaTimePlanes: Float64Array;
  /** -crl */ readonly chargeRatioLower: Float64Array;
  /** -cru */ readonly chargeRatioUpper: Float64Array;
}

export interface AnalysisOptions {
  /** -f: capture file name as given. */
  readonly file: string;
  /** -geo file name and its parsed content. */
  readonly geometryFile: string;
  readonly geometry: Geometry;
  /** -bc as given (MHz; 40 when absent) and the derived clock constants (§2.6). */
  readonly bc: number;
  readonly bcGiven: boolean;
  /** BC period in ns. */
  readonly tbc: number;
  /** Timestamp-offset period in ns. */
  readonly toff: number;
  /** -tac (ns). */
  readonly tac: number;
  readonly perDetector: PerDetector;
  /** -cahi */ readonly calibrationHistograms: boolean;
  readonly save: SaveSelection;
  /** -n (0 = no limit). */
  readonly maxHits: number;
  readonly calibrationFile: string | null;
  readonly calibration: Calibration | null;
  /** -json */ readonly jsonImages: boolean;
  /** -coin as stored: 'center-of-mass' or a string starting with utpc/charge2. */
  readonly coincidence: string;
  /** -algo */ readonly algo: number;
  /** -hm */ readonly highMultiplicity: boolean;
  /** -df */ readonly dataFormat: DataFormat;
  /** -t0: key (fec << 8 | vmm) → correction string. */
  readonly t0: ReadonlyMap<number, string>;
  /** -info */ readonly info: string;
  /** -log */ readonly logLevel: LogLevel;
  /** c56141b (ESS/VTC): `-map` value for the `channel mapping` metadata (HEAD: always `gem`). */
  readonly channelMapping: string;
  /** c56141b `-stats 0` switches the statistics printout off (HEAD: always on). */
  readonly statistics: boolean;
  /** c56141b lower-case `-df ess`/`vtc`: accepted, but no payload is decoded (formats.md §2). */
  readonly decodePayloads: boolean;
  /** ESS: `-t0` of key (0, 0) in seconds (formats.md §4.5); 0 = the first pulse second. */
  readonly essT0Seconds: number;
  /**
   * vmmscope's option, not vmm-sdat's rule (`--ignore-silent-fecs`): the round boundary
   * leaves out FECs that have not sent data yet, so a geometry FEC that sends nothing does
   * not defer all clustering to the end (src/hits/silent-fecs.ts). Default false.
   */
  readonly ignoreSilentFecs?: boolean;
}

/** ESS and VTC are analysed as vmm-sdat c56141b did (formats.md §5–§6); SRS and TRG as HEAD. */
export function isLegacyFormat(o: Pick<AnalysisOptions, 'dataFormat'>): boolean {
  return o.dataFormat === 'ESS' || o.dataFormat === 'VTC';
}

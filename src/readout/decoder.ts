/**
 * The contract between a UDP-payload decoder of the ESS readout or VTC format
 * (shared/spec/formats.md §3–§4) and the hit processor. A decoder turns one payload
 * into readouts (columns of `MAX_READOUTS` entries, reused for every payload) and
 * keeps the format's own counters; the hit processor does calibration, the hit
 * handler and clustering. (The SRS/TRG parser in ./srs has its own, older shape.)
 */

/** Readouts per payload the columns can hold (ESS: ≤ (8972 − 30) / 20; VTC: ≤ 10000 / 8). */
export const MAX_READOUTS = 1250;

export interface ReadoutColumns {
  /** FEC id handed to the hit handler: VTC 0; ESS the assister id as u8 (formats.md §4.4). */
  readonly fec: Uint8Array;
  /** ESS: the assister id before the u8 cast (0…375), for the calibration lookup and per-FEN counters. */
  readonly assister: Uint16Array;
  readonly vmm: Uint8Array;
  readonly channel: Uint8Array;
  /** VTC: binary BCID (used in the chip time); ESS: the BC field (stored only). */
  readonly bcid: Uint16Array;
  readonly tdc: Uint16Array;
  /** Raw 10-bit ADC. */
  readonly adc: Uint16Array;
  readonly overThreshold: Uint8Array;
  /** ESS GEO byte (the hits tree's geo_id); VTC 0. */
  readonly geo: Uint8Array;
  /**
   * Readout time in ns before any -t0 correction of the hit processor:
   * VTC cc × Toff (§3.4); ESS (TimeHigh − t0) × 1e9 + TimeLow × Tbc / 2 (§4.5, t0 in seconds
   * applied by the decoder, as c56141b does).
   */
  readonly timestamp: Float64Array;
}

export interface PayloadDecoder {
  readonly format: 'ESS' | 'VTC';
  readonly out: ReadoutColumns;
  /** Decodes one UDP payload; returns the number of readouts now in `out` (0 for a rejected payload). */
  decode(bytes: Uint8Array, offset: number, length: number): number;
  /**
   * ESS: the pulse value after the 1 ms filter of §4.5 (`lastPulse`, ns) as of the last
   * accepted packet; VTC: 0.
   */
  readonly lastPulse: number;
  /** ESS: accepted pulses (the "trigger count" of §4.5); VTC: 0. */
  readonly triggers: number;
  /** Every counter of the format under its vmm-sdat name (ParserReadouts, ErrorSeqNum, …). */
  counters(): Record<string, number>;
  /**
   * The format's FEC statistics block of the final flush (formats.md §3.5 / §4.7 / §7.2),
   * given the per-FEC acquisition bookkeeping of the hit handler; lines without log prefix.
   */
  statisticsReport(acq: FecAcquisition): string[];
  /** Acquisition time (ms) of the last block of `statisticsReport`: what `Total Cluster rate` divides by (formats.md §7.2). */
  lastAcquisitionMs(acq: FecAcquisition): number;
}

/**
 * Per-FEC time bookkeeping of the hit handler (A§8.6, A§15.3), indexed by the FEC id of the
 * handler: the one shape in which the hit handler hands it to every statistics printout.
 */
export interface FecAcquisition {
  /** The geometry's FEC list in first-appearance order (ESS: 384 appended). */
  readonly fecs: readonly number[];
  readonly firstTS: Float64Array;
  readonly maxTS: Float64Array;
  readonly oldTS: Float64Array;
  readonly timestampOverflow: Float64Array;
  readonly timestampTooLarge: Float64Array;
}

/** Fresh readout columns of `MAX_READOUTS` entries (one set per decoder, reused for every payload). */
export function createReadoutColumns(): ReadoutColumns {
  return {
    fec: new Uint8Array(MAX_READOUTS),
    assister: new Uint16Array(MAX_READOUTS),
    vmm: new Uint8Array(MAX_READOUTS),
    channel: new Uint8Array(MAX_READOUTS),
    bcid: new Uint16Array(MAX_READOUTS),
    tdc: new Uint16Array(MAX_READOUTS),
    adc: new Uint16Array(MAX_READOUTS),
    overThreshold: new Uint8Array(MAX_READOUTS),
    geo: new Uint8Array(MAX_READOUTS),
    timestamp: new Float64Array(MAX_READOUTS),
  };
}

/**
 * The one error type of the capture reader. Thrown for structural damage (a block
 * whose length fields cannot be trusted, a wrong magic, a packet referring to an
 * interface that does not exist) — never for packet contents, which the network
 * layer counts instead. Everything before the damaged block has been delivered
 * when it is thrown, so a caller can report the error and keep its results.
 */

/** What went wrong, as a machine-checkable code. */
export type PcapngErrorCode =
  | 'not_capture' // the first bytes are no pcapng/pcap magic
  | 'truncated_header' // input ended before the file header / first section header was complete
  | 'bad_byte_order_magic' // SHB byte-order magic is neither 1a2b3c4d nor 4d3c2b1a
  | 'unsupported_version' // SHB major version ≠ 1, or classic pcap major version ≠ 2
  | 'bad_block_length' // block total length < minimum, not a multiple of 4, or above the limit
  | 'trailing_length_mismatch' // the block's trailing total length ≠ the leading one
  | 'bad_captured_length' // a packet's captured length does not fit its block / record
  | 'unknown_interface' // a packet block names an interface id with no IDB in this section
  | 'bad_option' // an option runs past the end of its block
  | 'bad_timestamp'; // if_tsresol / if_tsoffset give a packet time beyond any date (e.g. 1-s ticks of a µs capture)

export interface PcapngErrorDetails {
  /** Absolute byte offset (from the start of the input) of the block or record at fault. */
  offset: number;
  /** 0-based index of that block/record in the input (the file header of classic pcap is not counted). */
  block: number;
  expected?: string | number;
  actual?: string | number;
  /** File name, when the input is a file (set by the node file reader). */
  file?: string;
}

export class PcapngError extends Error {
  override readonly name = 'PcapngError';
  readonly code: PcapngErrorCode;
  readonly offset: number;
  readonly block: number;
  readonly expected: string | number | undefined;
  readonly actual: string | number | undefined;
  readonly file: string | undefined;
  /** The message without the file prefix. */
  readonly detail: string;

  constructor(code: PcapngErrorCode, detail: string, d: PcapngErrorDetails) {
    const where = `at offset ${d.offset} (block ${d.block})`;
    const msg = `pcapng: ${detail} ${where}`;
    super(d.file !== undefined ? `${d.file}: ${msg}` : msg);
    this.code = code;
    this.detail = detail;
    this.offset = d.offset;
    this.block = d.block;
    this.expected = d.expected;
    this.actual = d.actual;
    this.file = d.file;
  }

  /** The same error naming `file` (the node reader uses this). Copies; `this` is unchanged. */
  withFile(file: string): PcapngError {
    return new PcapngError(this.code, this.detail, {
      offset: this.offset,
      block: this.block,
      expected: this.expected,
      actual: this.actual,
      file,
    });
  }
}

/** Formats a u32 as 8 hex digits, for magics in messages. */
export function hex32(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

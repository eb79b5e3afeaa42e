/**
 * The filling side of one member sub-branch (root-file.md §8.2–8.4): a growing
 * big-endian entry buffer, flushed as a TBasket record whenever it reaches
 * fBasketSize (32000 bytes), plus the per-basket bookkeeping the TBranch record
 * needs at close (fBasketBytes/fBasketEntry/fBasketSeek, fTotBytes/fZipBytes).
 *
 * Memory per branch: one basket buffer (grows only for a single entry larger
 * than a basket) and 20 bytes per written basket.
 */
import type { ColumnData, ColumnType, JaggedF64 } from '../../table/types.js';
import { basketKeyLength, type BasketSpec } from './basket.js';

/** fBasketSize of every branch (ROOT's default, as vmm-sdat). */
export const BASKET_SIZE = 32000;

/** Where a branch sends its baskets (the file writer). */
export interface BasketSink {
  /**
   * Compresses and appends a basket. `payload` may be reused once the call
   * returns. `written` runs once the record is in the file (possibly during a
   * later call), in submission order, with its offset and fNbytes.
   */
  writeBasket(spec: BasketSpec, payload: Uint8Array, written: (seekKey: number, nbytes: number) => void): void;
}

const ENTRY_SIZE: Record<ColumnType, number> = { u8: 1, bool: 1, u16: 2, u32: 4, f64: 8, vec_f64: 0 };
/** 6-byte byte count + version 9 + 4-byte n in front of each vector (§8.2). */
const VEC_HEADER = 10;

export class BranchWriter {
  readonly name: string;
  readonly tree: string;
  readonly type: ColumnType;
  /** Entry size in bytes (1, 2, 4, 8), 0 for `vector<double>`. */
  readonly entrySize: number;
  readonly keylen: number;
  /** Entries filled so far. */
  entries = 0;
  /** Σ fKeylen + fObjlen of written baskets. */
  totBytes = 0;
  /** Σ fNbytes of written baskets. */
  zipBytes = 0;
  /** Per basket: first entry (at submission), fNbytes and file offset (once written). */
  readonly basketEntry: number[] = [];
  readonly basketBytes: number[] = [];
  readonly basketSeek: number[] = [];

  private buf: Uint8Array;
  private view: DataView;
  private len = 0;
  /** Entry start positions within the basket data (vector branches). */
  private starts: Int32Array;
  private firstEntry = 0;
  private readonly sink: BasketSink;

  constructor(name: string, tree: string, type: ColumnType, sink: BasketSink) {
    this.name = name;
    this.tree = tree;
    this.type = type;
    this.entrySize = ENTRY_SIZE[type];
    this.keylen = basketKeyLength(name, tree);
    this.sink = sink;
    this.buf = new Uint8Array(BASKET_SIZE + 64);
    this.view = new DataView(this.buf.buffer);
    this.starts = new Int32Array(type === 'vec_f64' ? 1024 : 0);
  }

  /** Appends rows `[from, to)` of a column (copied; the column is not retained). */
  fill(col: ColumnData, from: number, to: number): void {
    if (this.entrySize === 0) this.fillVec(col as JaggedF64, from, to);
    else this.fillFixed(col as ArrayLike<number>, from, to);
  }

  private fillFixed(col: ArrayLike<number>, from: number, to: number): void {
    const size = this.entrySize;
    let r = from;
    while (r < to) {
      const room = Math.ceil((BASKET_SIZE - this.len) / size);
      const n = Math.min(to - r, Math.max(1, room));
      this.ensure(n * size);
      const v = this.view;
      let p = this.len;
      switch (this.type) {
        case 'u8':
          for (let i = 0; i < n; i++) this.buf[p + i] = col[r + i]!;
          break;
        case 'bool':
          for (let i = 0; i < n; i++) this.buf[p + i] = col[r + i] ? 1 : 0;
          break;
        case 'u16':
          for (let i = 0; i < n; i++, p += 2) v.setUint16(p, col[r + i]!, false);
          break;
        case 'u32':
          for (let i = 0; i < n; i++, p += 4) v.setUint32(p, col[r + i]!, false);
          break;
        default:
          for (let i = 0; i < n; i++, p += 8) v.setFloat64(p, col[r + i]!, false);
      }
      this.len += n * size;
      this.entries += n;
      r += n;
      if (this.len >= BASKET_SIZE) this.flush();
    }
  }

  private fillVec(col: JaggedF64, from: number, to: number): void {
    const { offsets, values } = col;
    for (let r = from; r < to; r++) {
      const a = offsets[r]!;
      const n = offsets[r + 1]! - a;
      const bytes = VEC_HEADER + 8 * n;
      this.ensure(bytes);
      const k = this.entries - this.firstEntry;
      if (k === this.starts.length) {
        const s = new Int32Array(k * 2);
        s.set(this.starts);
        this.starts = s;
      }
      this.starts[k] = this.len;
      const v = this.view;
      let p = this.len;
      v.setUint32(p, (6 + 8 * n) | 0x40000000, false);
      v.setUint16(p + 4, 9, false); // STL collection version, as ROOT 6 writes it
      v.setUint32(p + 6, n, false);
      p += VEC_HEADER;
      for (let i = 0; i < n; i++, p += 8) v.setFloat64(p, values[a + i]!, false);
      this.len = p;
      this.entries++;
      if (this.len >= BASKET_SIZE) this.flush();
    }
  }

  /** Writes the buffered entries (if any) as one basket record at the end of the file. */
  flush(): void {
    const nev = this.entries - this.firstEntry;
    if (nev === 0) return;
    const dataLength = this.len;
    let payloadLength = dataLength;
    if (this.entrySize === 0) {
      // offset table: count n+1, key-relative entry starts, last slot 0 (§8.3)
      this.ensure(4 + 4 * (nev + 1));
      const v = this.view;
      let p = dataLength;
      v.setInt32(p, nev + 1, false);
      p += 4;
      for (let i = 0; i < nev; i++, p += 4) v.setInt32(p, this.keylen + this.starts[i]!, false);
      v.setInt32(p, 0, false);
      payloadLength = p + 4;
    }
    const spec: BasketSpec = {
      branch: this.name,
      tree: this.tree,
      keylen: this.keylen,
      entries: nev,
      entrySize: this.entrySize,
      dataLength,
      objlen: payloadLength,
      basketSize: BASKET_SIZE,
    };
    this.basketEntry.push(this.firstEntry);
    this.sink.writeBasket(spec, this.buf.subarray(0, payloadLength), (seekKey, nbytes) => {
      this.basketSeek.push(seekKey);
      this.basketBytes.push(nbytes);
      this.totBytes += this.keylen + payloadLength;
      this.zipBytes += nbytes;
    });
    this.firstEntry = this.entries;
    this.len = 0;
    if (this.buf.length > 4 * BASKET_SIZE) {
      // a huge single entry grew the buffer: give the memory back
      this.buf = new Uint8Array(BASKET_SIZE + 64);
      this.view = new DataView(this.buf.buffer);
    }
  }

  private ensure(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    const b = new Uint8Array(Math.max(need, this.buf.length * 2));
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
}

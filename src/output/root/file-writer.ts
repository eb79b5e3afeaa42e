/**
 * `RootFileWriter`: the user API of the ROOT writer and its positions layer
 * (root-file.md §11). Records are only ever appended; at close the header and
 * the top-directory record (reserved at open) are rewritten in place.
 *
 *   open:   100-byte header placeholder, top directory reserved at 100
 *   run:    tree fills flush baskets as they fill; TNamed/histograms appended at once
 *   close:  remaining baskets, TTree records, StreamerInfo, KeysList,
 *           FreeSegments, then header + top directory patched
 *
 * Platform-neutral: bytes go to a `RandomAccessOutput` (positional writes) and
 * compression uses an injected `Deflate`; `node-file.ts` binds both to node.
 * Appends are batched into ~1 MB writes.
 */
import type { Hist } from '../../histograms/hist.js';
import type { TableBatch, TableSchema } from '../../table/types.js';
import { basketRecord, type BasketSpec } from './basket.js';
import type { BasketSink } from './branch.js';
import { compressSetting, inlineCompressor, rootCompress, type BlockCompressor, type Deflate } from './compress.js';
import {
  BEGIN,
  fileHeader,
  freeSegmentsRecord,
  keysListRecord,
  topDirPayloadLength,
  dirKeyLength,
  topDirRecord,
  type FileIdentity,
} from './directory.js';
import { BIG_FILE, datimeOf, keyBytes, keyLength, writeKey, type Key } from './key.js';
import { RBuffer } from './rbuffer.js';
import { streamerClasses, writeStreamerInfoList } from './streamer-info.js';
import { writeHist } from './th.js';
import { TreeWriter } from './ttree.js';

/** Where the file's bytes go. Writes may be at any position (header patch at close). */
export interface RandomAccessOutput {
  /** Writes all of `data` at byte offset `position`. `data` may be reused after the call. */
  write(data: Uint8Array, position: number): void;
  /** Called once by `RootFileWriter.close()` after the last write. */
  close(): void;
}

export interface RootWriterOptions {
  /** Name stored in the file (ROOT stores the path given to TFile::Open). */
  fileName: string;
  /** File title, default `""`. */
  title?: string;
  /** zlib level 0–9 (fCompress = 100 + level); default 1 as vmm-sdat (fCompress 101). */
  compression?: number;
  /** zlib-wrapper compressor; required when compression > 0. */
  deflate?: Deflate;
  /**
   * Compressor of the baskets (e.g. a worker pool); default: `deflate` on the
   * calling thread. It must use the same level. Closed by `close`/`abort`.
   */
  compressor?: BlockCompressor;
  /** TDatime of every record: a raw TDatime word or a date (local time); default now. */
  datime?: number | Date;
  /** 16-byte file UUID; default random (v4). */
  uuid?: Uint8Array;
  /**
   * Offset above which records take the 64-bit forms; default ROOT's kStartBigFile
   * (2,000,000,000). Lowered only by tests, to check the large forms on a small file.
   */
  bigFile?: number;
}

/** Keyed objects up to this payload size are stored raw (ROOT's rule, §6). */
const SMALL_OBJECT = 256;
const FLUSH_AT = 1 << 20;

export class RootFileWriter implements BasketSink {
  readonly datime: number;
  readonly level: number;
  readonly deflate: Deflate | null;
  private readonly out: RandomAccessOutput;
  private readonly compressor: BlockCompressor;
  private readonly id: FileIdentity;
  private readonly keys: Key[] = [];
  private readonly trees: TreeWriter[] = [];
  private readonly byName = new Map<string, TreeWriter>();
  private hists = false;
  private treesWritten = false;
  private closed = false;
  private pending = new Uint8Array(FLUSH_AT * 2);
  private pendingLen = 0;
  private pendingStart: number;

  constructor(out: RandomAccessOutput, opts: RootWriterOptions) {
    this.out = out;
    this.level = opts.compression ?? 1;
    compressSetting(this.level);
    if (this.level > 0 && !opts.deflate) throw new Error('root: compression level > 0 needs a deflate function');
    this.deflate = this.level > 0 ? opts.deflate! : null;
    this.compressor = this.level > 0 && opts.compressor ? opts.compressor : inlineCompressor(this.level, this.deflate);
    const d = opts.datime ?? new Date();
    this.datime = typeof d === 'number' ? d >>> 0 : datimeOf(d);
    const uuid = opts.uuid ?? randomUuid();
    if (uuid.length !== 16) throw new Error(`root: uuid must be 16 bytes, got ${uuid.length}`);
    this.id = { fileName: opts.fileName, title: opts.title ?? '', datime: this.datime, uuid, bigFile: opts.bigFile ?? BIG_FILE };
    // header placeholder + reserved top directory; both rewritten at close
    this.pendingStart = 0;
    const reserved = BEGIN + dirKeyLength(this.id, false) + topDirPayloadLength(this.id);
    this.append(new Uint8Array(reserved));
  }

  /** Offset the next appended record gets (= current file size). */
  get end(): number {
    return this.pendingStart + this.pendingLen;
  }

  /** Appends bytes at the end of the file (copied). */
  append(record: Uint8Array): void {
    if (record.length >= FLUSH_AT || this.pendingLen + record.length > this.pending.length) this.flushPending();
    if (record.length >= FLUSH_AT) {
      this.out.write(record, this.pendingStart);
      this.pendingStart += record.length;
      return;
    }
    this.pending.set(record, this.pendingLen);
    this.pendingLen += record.length;
    if (this.pendingLen >= FLUSH_AT) this.flushPending();
  }

  /** Compresses a basket (maybe on another thread) and appends it once its stored size is known. */
  writeBasket(spec: BasketSpec, payload: Uint8Array, written: (seekKey: number, nbytes: number) => void): void {
    this.compressor.submit(payload, (stored) => {
      const seekKey = this.end;
      const rec = basketRecord(spec, seekKey, this.datime, stored);
      this.append(rec);
      written(seekKey, rec.length);
    });
  }

  private flushPending(): void {
    if (this.pendingLen === 0) return;
    this.out.write(this.pending.subarray(0, this.pendingLen), this.pendingStart);
    this.pendingStart += this.pendingLen;
    this.pendingLen = 0;
  }

  /** Declares a tree (layout S, class `schema.className`). Trees are written in creation order. */
  createTree(schema: TableSchema): TreeWriter {
    this.checkOpen();
    if (this.treesWritten) throw new Error(`root: cannot create tree '${schema.name}' after the trees were written`);
    if (this.byName.has(schema.name)) throw new Error(`root: tree '${schema.name}' already exists in ${this.id.fileName}`);
    const t = new TreeWriter(schema, this, compressSetting(this.level));
    this.trees.push(t);
    this.byName.set(schema.name, t);
    return t;
  }

  /** The tree named `name`, if created. */
  tree(name: string): TreeWriter | undefined {
    return this.byName.get(name);
  }

  /** Appends a batch to the tree of its schema (created on first use). Full baskets are written at once. */
  fill(batch: TableBatch): void {
    this.checkOpen();
    if (this.treesWritten) throw new Error(`root: tree '${batch.schema.name}' was already written; no more entries`);
    const t = this.byName.get(batch.schema.name) ?? this.createTree(batch.schema);
    t.fill(batch);
  }

  /** Writes a TNamed (a metadata string, analysis.md §14.4). Same names get the next cycle (§3.3). */
  writeNamed(name: string, title: string): void {
    this.checkOpen();
    this.writeObject('TNamed', name, title, (b) => b.tnamed(name, title, 0x03000000));
  }

  /** Writes a TH1D/TH2D with the histogram's current contents (copied now). */
  writeHist(h: Hist): void {
    this.checkOpen();
    this.hists = true;
    this.writeObject(h.kind, h.name, h.title, (b) => writeHist(b, h));
  }

  /** Flushes the remaining baskets and writes the TTree records (done by `close` if not called). */
  writeTrees(): void {
    this.checkOpen();
    if (this.treesWritten) return;
    this.treesWritten = true;
    for (const t of this.trees) t.flush();
    this.compressor.drain();
    for (const t of this.trees) {
      this.writeObject('TTree', t.schema.name, t.schema.title, (b) => t.writeTTree(b));
    }
  }

  /** Completes the file (§11) and closes the output. The writer is unusable afterwards. */
  close(): void {
    this.writeTrees();
    this.closed = true;
    this.compressor.close();
    const classes = streamerClasses(
      this.trees.length > 0,
      this.hists,
      this.trees.map((t) => t.record),
    );
    const info = this.buildRecord('TList', 'StreamerInfo', 'Doubly linked list', 1, (b) => writeStreamerInfoList(b, classes));
    this.append(info.record);
    const seekKeys = this.end;
    const keysList = keysListRecord(this.id, seekKeys, this.keys, this.keys.map(keyBytes));
    this.append(keysList);
    const seekFree = this.end;
    const free = freeSegmentsRecord(this.id, seekFree);
    this.append(free.record);
    this.flushPending();
    if (this.end !== free.end) throw new Error(`root: file end ${this.end} ≠ computed fEND ${free.end}`);
    this.out.write(
      fileHeader(this.id, {
        end: free.end,
        seekFree,
        nbytesFree: free.record.length,
        compress: compressSetting(this.level),
        seekInfo: info.key.seekKey,
        nbytesInfo: info.key.nbytes,
      }),
      0,
    );
    this.out.write(topDirRecord(this.id, { nbytesKeys: keysList.length, seekKeys }), BEGIN);
    this.out.close();
  }

  /** Gives up without completing the file: stops compression and closes nothing else (the output's owner removes it). */
  protected stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.compressor.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`root: ${this.id.fileName} is already closed`);
  }

  /** Appends a keyed object of the top directory and adds its key to the keys list. */
  private writeObject(className: string, name: string, title: string, build: (b: RBuffer) => void): void {
    // baskets in flight first: the file layout then does not depend on where compression ran
    this.compressor.drain();
    let cycle = 1;
    let insertAt = this.keys.length;
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i]!;
      if (k.name !== name) continue;
      if (insertAt === this.keys.length) insertAt = i;
      cycle = Math.max(cycle, k.cycle + 1);
    }
    const { key, record } = this.buildRecord(className, name, title, cycle, build);
    this.append(record);
    this.keys.splice(insertAt, 0, key);
  }

  private buildRecord(className: string, name: string, title: string, cycle: number, build: (b: RBuffer) => void): { key: Key; record: Uint8Array } {
    const seekKey = this.end;
    const big = seekKey > this.id.bigFile;
    const keylen = keyLength(className, name, title, big);
    const b = new RBuffer(4096, keylen);
    build(b);
    const payload = b.result();
    const z = payload.length > SMALL_OBJECT && this.deflate ? rootCompress(payload, this.level, this.deflate) : null;
    const stored = z ?? payload;
    const key: Key = {
      nbytes: keylen + stored.length,
      objlen: payload.length,
      datime: this.datime,
      keylen,
      cycle,
      seekKey,
      seekPdir: BEGIN,
      className,
      name,
      title,
      big,
    };
    const rb = new RBuffer(key.nbytes);
    writeKey(rb, key);
    rb.raw(stored);
    return { key, record: rb.bytes };
  }
}

function randomUuid(): Uint8Array {
  const u = new Uint8Array(16);
  globalThis.crypto.getRandomValues(u);
  u[6] = (u[6]! & 0x0f) | 0x40;
  u[8] = (u[8]! & 0x3f) | 0x80;
  return u;
}

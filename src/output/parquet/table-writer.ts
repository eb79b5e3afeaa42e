/**
 * `ParquetTableWriter`: a Parquet file of flat columns (scalars and list<double>)
 * written row group by row group: `PAR1`, per row group one column chunk of one
 * DATA_PAGE v1 per column (Snappy-compressed unless told otherwise), then the
 * footer and `PAR1`. The caller appends values to `columns[i]` and calls
 * `endRowGroup()`; memory is one row group. Bytes go to an injected
 * positional output (the ROOT writer's `RandomAccessOutput`: a file in node,
 * memory in tests or browsers). Platform-neutral.
 */
import type { RandomAccessOutput } from '../root/file-writer.js';
import { ColumnBuffer, type LeafKind } from './column-buffer.js';
import { Codec, Converted, Encoding, PhysicalType, Repetition, dataPageHeader, dictionaryPageHeader, fileMetaData, type ChunkMeta, type RowGroupMeta, type SchemaNode } from './metadata.js';
import { snappyCompressInto, snappyMaxLength } from './snappy.js';

export interface ParquetColumn {
  readonly name: string;
  readonly kind: LeafKind;
}

export interface ParquetWriterOptions {
  /** Page compression (default SNAPPY). */
  codec?: 'SNAPPY' | 'UNCOMPRESSED';
  /** BYTE_STREAM_SPLIT for doubles (default true), else PLAIN. */
  byteStreamSplit?: boolean;
  /** `created_by` of the file. */
  createdBy?: string;
}

const MAGIC = Uint8Array.of(0x50, 0x41, 0x52, 0x31);

function unsigned(bitWidth: 8 | 16 | 32): Partial<SchemaNode> {
  const converted = bitWidth === 8 ? Converted.UINT_8 : bitWidth === 16 ? Converted.UINT_16 : Converted.UINT_32;
  return { type: PhysicalType.INT32, converted, logical: { type: 'INTEGER', bitWidth, signed: false } };
}

/** Schema nodes of one top-level column (one, or three for a list). */
function schemaNodes(c: ParquetColumn): SchemaNode[] {
  const R = Repetition.REQUIRED;
  switch (c.kind) {
    case 'vec_f64':
      return [
        { name: c.name, repetition: R, numChildren: 1, converted: Converted.LIST, logical: { type: 'LIST' } },
        { name: 'list', repetition: Repetition.REPEATED, numChildren: 1 },
        { name: 'element', repetition: R, type: PhysicalType.DOUBLE },
      ];
    case 'u8':
      return [{ name: c.name, repetition: R, ...unsigned(8) }];
    case 'u16':
      return [{ name: c.name, repetition: R, ...unsigned(16) }];
    case 'u32':
      return [{ name: c.name, repetition: R, ...unsigned(32) }];
    case 'i32':
      return [{ name: c.name, repetition: R, type: PhysicalType.INT32 }];
    case 'f64':
      return [{ name: c.name, repetition: R, type: PhysicalType.DOUBLE }];
    case 'bool':
      return [{ name: c.name, repetition: R, type: PhysicalType.BOOLEAN }];
    case 'string':
      return [{ name: c.name, repetition: R, type: PhysicalType.BYTE_ARRAY, converted: Converted.UTF8, logical: { type: 'STRING' } }];
  }
}

export class ParquetTableWriter {
  /** Append values here, then `endRowGroup()`. */
  readonly columns: ColumnBuffer[];
  private readonly specs: readonly ParquetColumn[];
  private readonly codec: number;
  private readonly createdBy: string;
  private readonly groups: RowGroupMeta[] = [];
  private pos = 0;
  private rows = 0;
  private raw = new Uint8Array(1 << 16);
  private packed = new Uint8Array(1 << 16);
  private closed = false;

  constructor(
    private readonly out: RandomAccessOutput,
    columns: readonly ParquetColumn[],
    opts: ParquetWriterOptions = {},
  ) {
    this.specs = columns;
    this.columns = columns.map((c) => new ColumnBuffer(c.kind, opts.byteStreamSplit ?? true));
    this.codec = opts.codec === 'UNCOMPRESSED' ? Codec.UNCOMPRESSED : Codec.SNAPPY;
    this.createdBy = opts.createdBy ?? 'vmmscope';
    this.emit(MAGIC);
  }

  /** Rows written in completed row groups. */
  get rowsWritten(): number {
    return this.rows;
  }

  /** Writes the appended values as one row group (nothing if no rows). All columns must hold the same number of rows. */
  endRowGroup(): void {
    const rows = this.columns[0]?.rows ?? 0;
    if (rows === 0) return;
    const start = this.pos;
    const chunks: ChunkMeta[] = [];
    let total = 0;
    for (const [i, col] of this.columns.entries()) {
      if (col.rows !== rows) throw new Error(`parquet: column ${this.specs[i]!.name} has ${col.rows} rows, expected ${rows}`);
      chunks.push(this.writeChunk(this.specs[i]!, col));
      total += chunks[chunks.length - 1]!.uncompressed;
      col.reset();
    }
    this.groups.push({ columns: chunks, numRows: rows, totalBytes: total, fileOffset: start, compressed: this.pos - start });
    this.rows += rows;
  }

  /** Writes the last row group and the footer, and closes the output. */
  close(keyValue: { key: string; value: string }[] = []): void {
    if (this.closed) return;
    this.endRowGroup();
    this.closed = true;
    const footer = fileMetaData({
      schema: [{ name: 'root', numChildren: this.specs.length }, ...this.specs.flatMap(schemaNodes)],
      numRows: this.rows,
      rowGroups: this.groups,
      keyValue,
      createdBy: this.createdBy,
      leaves: this.specs.length,
    });
    const tail = new Uint8Array(footer.length + 8);
    tail.set(footer);
    new DataView(tail.buffer).setUint32(footer.length, footer.length, true);
    tail.set(MAGIC, footer.length + 4);
    this.emit(tail);
    this.out.close();
  }

  private emit(b: Uint8Array): void {
    this.out.write(b, this.pos);
    this.pos += b.length;
  }

  /** Encodes (`encode` into the scratch buffer), compresses and writes one page; returns [raw, written] sizes. */
  private page(bytes: number, encode: (out: Uint8Array) => number, header: (raw: number, packed: number) => Uint8Array): [number, number] {
    if (this.raw.length < bytes) this.raw = new Uint8Array(Math.max(bytes, 2 * this.raw.length));
    const rawLen = encode(this.raw);
    let body = this.raw.subarray(0, rawLen);
    if (this.codec === Codec.SNAPPY) {
      const max = snappyMaxLength(rawLen);
      if (this.packed.length < max) this.packed = new Uint8Array(Math.max(max, 2 * this.packed.length));
      body = this.packed.subarray(0, snappyCompressInto(body, this.packed));
    }
    const h = header(rawLen, body.length);
    this.emit(h);
    this.emit(body);
    return [h.length + rawLen, h.length + body.length];
  }

  private writeChunk(spec: ParquetColumn, col: ColumnBuffer): ChunkMeta {
    col.prepare();
    const start = this.pos;
    let uncompressed = 0;
    let compressed = 0;
    let dictionaryPageOffset: number | undefined;
    if (col.dictWidth) {
      dictionaryPageOffset = this.pos;
      [uncompressed, compressed] = this.page(col.dictionaryPageBytes(), (o) => col.encodeDictionaryPage(o), (r, p) => dictionaryPageHeader(col.dictSize, r, p));
    }
    const numValues = col.levelCount;
    const dataPageOffset = this.pos;
    const [u, c] = this.page(col.pageBytes(), (o) => col.encodePage(o), (r, p) => dataPageHeader(numValues, col.encoding, r, p));
    const stats = col.statistics();
    const encodings = col.dictWidth ? [Encoding.PLAIN, Encoding.RLE_DICTIONARY] : spec.kind === 'vec_f64' ? [col.encoding, Encoding.RLE] : [col.encoding];
    return {
      type: col.physical,
      encodings,
      path: spec.kind === 'vec_f64' ? [spec.name, 'list', 'element'] : [spec.name],
      codec: this.codec,
      numValues,
      uncompressed: uncompressed + u,
      compressed: compressed + c,
      dataPageOffset,
      ...(dictionaryPageOffset !== undefined ? { dictionaryPageOffset } : {}),
      ...(stats ? { statistics: stats } : {}),
      chunkOffset: start,
    };
  }
}

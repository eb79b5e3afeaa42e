/**
 * The Parquet structures we write, in Thrift compact encoding with the field ids
 * and types of parquet.thrift: page headers (DATA_PAGE v1) and the footer
 * (FileMetaData: schema, row groups, column chunks with statistics, key-value
 * metadata, TYPE_ORDER column orders). Only the subset our tables use.
 * Platform-neutral.
 */
import { T, ThriftWriter } from './thrift.js';

export const PhysicalType = { BOOLEAN: 0, INT32: 1, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
export const Repetition = { REQUIRED: 0, REPEATED: 2 } as const;
export const Converted = { UTF8: 0, LIST: 3, UINT_8: 11, UINT_16: 12, UINT_32: 13 } as const;
export const Encoding = { PLAIN: 0, RLE: 3, RLE_DICTIONARY: 8, BYTE_STREAM_SPLIT: 9 } as const;
export const Codec = { UNCOMPRESSED: 0, SNAPPY: 1 } as const;

export type Logical = { type: 'STRING' } | { type: 'LIST' } | { type: 'INTEGER'; bitWidth: 8 | 16 | 32; signed: boolean };

export interface SchemaNode {
  name: string;
  type?: number;
  repetition?: number;
  numChildren?: number;
  converted?: number;
  logical?: Logical;
}

export interface Statistics {
  min: Uint8Array;
  max: Uint8Array;
}

export interface ChunkMeta {
  type: number;
  encodings: number[];
  path: string[];
  codec: number;
  numValues: number;
  uncompressed: number;
  compressed: number;
  dataPageOffset: number;
  dictionaryPageOffset?: number;
  /** First byte of the chunk (its dictionary page, if any). */
  chunkOffset: number;
  statistics?: Statistics;
}

export interface RowGroupMeta {
  columns: ChunkMeta[];
  numRows: number;
  /** Uncompressed size of all column data. */
  totalBytes: number;
  fileOffset: number;
  compressed: number;
}

export interface FileMeta {
  schema: SchemaNode[];
  numRows: number;
  rowGroups: RowGroupMeta[];
  keyValue: { key: string; value: string }[];
  createdBy: string;
  /** Number of leaf columns (for column_orders). */
  leaves: number;
}

/** PageHeader: type, sizes, then the type's header struct (field `id`) holding num_values and encoding. */
function pageHeader(type: number, id: number, uncompressed: number, compressed: number, numValues: number, encoding: number, tail: (w: ThriftWriter) => void): Uint8Array {
  const w = new ThriftWriter();
  w.i32(1, type);
  w.i32(2, uncompressed);
  w.i32(3, compressed);
  w.beginStruct(id);
  w.i32(1, numValues);
  w.i32(2, encoding);
  tail(w);
  w.endStruct();
  return w.finish();
}

/** A DATA_PAGE (v1) header; levels, when present, are RLE. */
export function dataPageHeader(numValues: number, encoding: number, uncompressed: number, compressed: number): Uint8Array {
  return pageHeader(0, 5, uncompressed, compressed, numValues, encoding, (w) => {
    w.i32(3, Encoding.RLE);
    w.i32(4, Encoding.RLE);
  });
}

/** A DICTIONARY_PAGE header (PLAIN values, sorted). */
export function dictionaryPageHeader(numValues: number, uncompressed: number, compressed: number): Uint8Array {
  return pageHeader(2, 7, uncompressed, compressed, numValues, Encoding.PLAIN, (w) => w.bool(3, true));
}

function writeLogical(w: ThriftWriter, l: Logical): void {
  w.beginStruct(10);
  if (l.type === 'STRING') {
    w.beginStruct(1);
    w.endStruct();
  } else if (l.type === 'LIST') {
    w.beginStruct(3);
    w.endStruct();
  } else {
    w.beginStruct(10);
    w.i8(1, l.bitWidth); // IntType.bitWidth is an i8
    w.bool(2, l.signed);
    w.endStruct();
  }
  w.endStruct();
}

function writeSchema(w: ThriftWriter, nodes: SchemaNode[]): void {
  w.beginList(2, T.STRUCT, nodes.length);
  for (const n of nodes) {
    w.beginElement();
    if (n.type !== undefined) w.i32(1, n.type);
    if (n.repetition !== undefined) w.i32(3, n.repetition);
    w.binary(4, n.name);
    if (n.numChildren !== undefined) w.i32(5, n.numChildren);
    if (n.converted !== undefined) w.i32(6, n.converted);
    if (n.logical) writeLogical(w, n.logical);
    w.endStruct();
  }
}

function writeChunk(w: ThriftWriter, c: ChunkMeta): void {
  w.beginElement();
  w.i64(2, c.chunkOffset);
  w.beginStruct(3);
  w.i32(1, c.type);
  w.listI32(2, c.encodings);
  w.listBinary(3, c.path);
  w.i32(4, c.codec);
  w.i64(5, c.numValues);
  w.i64(6, c.uncompressed);
  w.i64(7, c.compressed);
  w.i64(9, c.dataPageOffset);
  if (c.dictionaryPageOffset !== undefined) w.i64(11, c.dictionaryPageOffset);
  if (c.statistics) {
    w.beginStruct(12);
    w.i64(3, 0);
    w.binary(5, c.statistics.max);
    w.binary(6, c.statistics.min);
    w.endStruct();
  }
  w.endStruct();
  w.endStruct();
}

/** The footer (FileMetaData) bytes. */
export function fileMetaData(m: FileMeta): Uint8Array {
  const w = new ThriftWriter();
  w.i32(1, 1);
  writeSchema(w, m.schema);
  w.i64(3, m.numRows);
  w.beginList(4, T.STRUCT, m.rowGroups.length);
  for (const [i, g] of m.rowGroups.entries()) {
    w.beginElement();
    w.beginList(1, T.STRUCT, g.columns.length);
    for (const c of g.columns) writeChunk(w, c);
    w.i64(2, g.totalBytes);
    w.i64(3, g.numRows);
    w.i64(5, g.fileOffset);
    w.i64(6, g.compressed);
    w.i16(7, i);
    w.endStruct();
  }
  if (m.keyValue.length > 0) {
    w.beginList(5, T.STRUCT, m.keyValue.length);
    for (const kv of m.keyValue) {
      w.beginElement();
      w.binary(1, kv.key);
      w.binary(2, kv.value);
      w.endStruct();
    }
  }
  w.binary(6, m.createdBy);
  // column_orders: TYPE_ORDER for every leaf, so readers trust min_value/max_value (unsigned order for UINT)
  w.beginList(7, T.STRUCT, m.leaves);
  for (let i = 0; i < m.leaves; i++) {
    w.beginElement();
    w.beginStruct(1);
    w.endStruct();
    w.endStruct();
  }
  return w.finish();
}

/**
 * TStreamerInfo: the class descriptions a ROOT file carries (root-file.md §10).
 *
 * Owns the class model (`ClassSpec`), the record classes generated from our
 * table schemas (`Hit`, `ClusterPlane`, `ClusterDetector`, §10.5), ROOT's class
 * checksum (§10.6), the choice of which classes a file lists (§10.4) and the
 * serialisation of the StreamerInfo TList payload.
 */
import type { ColumnType, TableSchema } from '../../table/types.js';
import { RBuffer } from './rbuffer.js';
import { BUILTIN_CLASSES, HIST_CLASSES, TREE_CLASSES, type ElementKind, type ClassRow } from './streamer-tables.js';

export interface ElementSpec {
  readonly kind: ElementKind;
  readonly name: string;
  /** fType code (§10.3). */
  readonly type: number;
  /** fSize: ROOT's 64-bit in-memory size. */
  readonly size: number;
  readonly typeName: string;
  /** Base: fBaseVersion and the base class checksum (stored in fMaxIndex[1]). */
  readonly baseVersion?: number;
  readonly baseChecksum?: number;
  /** BasicPointer: the counter member, its class and that class's version. */
  readonly countName?: string;
  readonly countClass?: string;
  readonly countVersion?: number;
  /** STL: fSTLtype (1 = vector) and fCtype (element type, 8 = double). */
  readonly stlType?: number;
  readonly ctype?: number;
}

export interface ClassSpec {
  readonly name: string;
  readonly version: number;
  readonly checksum: number;
  readonly elements: readonly ElementSpec[];
}

const ELEMENT_VERSION: Record<ElementKind, number> = {
  Base: 3,
  BasicType: 2,
  String: 2,
  Object: 2,
  ObjectAny: 2,
  ObjectPointer: 2,
  BasicPointer: 2,
  STL: 3,
};

const BITS = 0x03000000;

function fromRow([name, version, checksum, rows]: ClassRow): ClassSpec {
  const elements = rows.map(([kind, ename, type, size, typeName, ...t]): ElementSpec => {
    const e = { kind, name: ename, type, size, typeName };
    if (kind === 'Base') return { ...e, baseVersion: t[0] as number, baseChecksum: t[1] as number };
    if (kind === 'BasicPointer') return { ...e, countName: t[0] as string, countClass: t[1] as string, countVersion: t[2] as number };
    if (kind === 'STL') return { ...e, stlType: t[0] as number, ctype: t[1] as number };
    return e;
  });
  return { name, version, checksum, elements };
}

/** Built-in classes by name, versions and checksums verbatim from Appendix A. */
export const BUILTIN: ReadonlyMap<string, ClassSpec> = new Map(BUILTIN_CLASSES.map((r) => [r[0], fromRow(r)]));

/** ROOT member type code, size and normalised type name of each column type (§10.5). */
export const MEMBER_TYPES: Record<ColumnType, { type: number; size: number; typeName: string; leafLen: number; unsigned: boolean }> = {
  u8: { type: 11, size: 1, typeName: 'unsigned char', leafLen: 1, unsigned: true },
  u16: { type: 12, size: 2, typeName: 'unsigned short', leafLen: 2, unsigned: true },
  u32: { type: 13, size: 4, typeName: 'unsigned int', leafLen: 4, unsigned: true },
  f64: { type: 8, size: 8, typeName: 'double', leafLen: 8, unsigned: false },
  bool: { type: 18, size: 1, typeName: 'bool', leafLen: 1, unsigned: false },
  vec_f64: { type: 500, size: 24, typeName: 'vector<double>', leafLen: 0, unsigned: false },
};

/**
 * ROOT's TStreamerInfo::GetCheckSum (§10.6), unsigned 32-bit: class name bytes,
 * then per base its name bytes and checksum, per member its name and type-name bytes.
 */
export function classChecksum(name: string, elements: readonly ElementSpec[]): number {
  let h = 0;
  const add = (s: string): void => {
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 3) + s.charCodeAt(i)) >>> 0;
  };
  add(name);
  for (const e of elements) {
    if (e.kind === 'Base') {
      add(e.name);
      h = (Math.imul(h, 3) + (e.baseChecksum ?? 0)) >>> 0;
    } else {
      add(e.name);
      add(e.typeName);
    }
  }
  return h;
}

/** The record class of a tree schema: version 1, no bases, one element per column in order (§10.5). */
export function recordClass(schema: TableSchema): ClassSpec {
  const elements = schema.columns.map((c): ElementSpec => {
    const m = MEMBER_TYPES[c.type];
    return c.type === 'vec_f64'
      ? { kind: 'STL', name: c.name, type: m.type, size: m.size, typeName: m.typeName, stlType: 1, ctype: 8 }
      : { kind: 'BasicType', name: c.name, type: m.type, size: m.size, typeName: m.typeName };
  });
  return { name: schema.className, version: 1, checksum: classChecksum(schema.className, elements), elements };
}

/** The classes a file lists, in §10.4 order. A file with only TNamed needs TNamed and TObject. */
export function streamerClasses(hasTrees: boolean, hasHists: boolean, records: readonly ClassSpec[]): ClassSpec[] {
  const names: string[] = hasTrees || hasHists ? [...TREE_CLASSES] : ['TNamed', 'TObject'];
  if (hasHists) names.push(...HIST_CLASSES);
  return [...names.map((n) => BUILTIN.get(n)!), ...records];
}

/** Serialises the StreamerInfo TList payload (§10.1–10.3) into `b` (tagBase = key length). */
export function writeStreamerInfoList(b: RBuffer, classes: readonly ClassSpec[]): void {
  const list = b.begin(5);
  b.tobject(BITS);
  b.tstring('');
  b.i32(classes.length);
  for (const c of classes) {
    const any = b.beginAny('TStreamerInfo');
    const si = b.begin(9);
    b.tnamed(c.name, '', BITS);
    b.u32(c.checksum);
    b.i32(c.version);
    const arrAny = b.beginAny('TObjArray');
    const arr = b.begin(3);
    b.tobject(BITS);
    b.tstring('');
    b.i32(c.elements.length);
    b.i32(0);
    for (const e of c.elements) writeElement(b, e);
    b.end(arr);
    b.end(arrAny);
    b.end(si);
    b.end(any);
    b.tstring(''); // TList option of the item
  }
  b.end(list);
}

function writeElement(b: RBuffer, e: ElementSpec): void {
  const any = b.beginAny(`TStreamer${e.kind}`);
  const outer = b.begin(ELEMENT_VERSION[e.kind]);
  const se = b.begin(4);
  b.tnamed(e.name, '', BITS);
  b.i32(e.type);
  b.i32(e.size);
  b.i32(0); // fArrayLength
  b.i32(0); // fArrayDim
  for (let i = 0; i < 5; i++) b.i32(i === 1 && e.kind === 'Base' ? (e.baseChecksum ?? 0) | 0 : 0);
  b.tstring(e.typeName);
  b.end(se);
  if (e.kind === 'Base') b.i32(e.baseVersion ?? 0);
  else if (e.kind === 'BasicPointer') {
    b.i32(e.countVersion ?? 0);
    b.tstring(e.countName ?? '');
    b.tstring(e.countClass ?? '');
  } else if (e.kind === 'STL') {
    b.i32(e.stlType ?? 0);
    b.i32(e.ctype ?? 0);
  }
  b.end(outer);
  b.end(any);
}

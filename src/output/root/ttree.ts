/**
 * One tree in layout S (root-file.md §1, §7): a top TBranchElement named like
 * the tree holding the record class, one member sub-branch per column.
 *
 * Owns filling (dispatching batch columns to the `BranchWriter`s) and the TTree
 * record payload written at close: TTree v20, TBranchElement v10 / TBranch v13,
 * TLeafElement v1 / TLeaf v2, with `TTree.fLeaves` as references to the leaves
 * already written inside the branches (pitfall 5).
 */
import type { TableBatch, TableSchema } from '../../table/types.js';
import { BranchWriter, BASKET_SIZE, type BasketSink } from './branch.js';
import { RBuffer } from './rbuffer.js';
import { MEMBER_TYPES, recordClass, type ClassSpec } from './streamer-info.js';

const BITS = 0x03000000;
const TREE_BITS = 0x03000008;
const TOP_BRANCH_BITS = 0x03520000;
const SUB_BRANCH_BITS = 0x03500000;
const TREE_BRANCHES_BITS = 0x03004000;
const IOFEATURES_CHECKSUM = 446770960;
/** fStreamerType of a `vector<double>` member branch (element fType is 500). */
const STL_STREAMER_TYPE = 300;

export class TreeWriter {
  readonly schema: TableSchema;
  readonly record: ClassSpec;
  readonly branches: BranchWriter[];
  entries = 0;
  private readonly compress: number;

  constructor(schema: TableSchema, sink: BasketSink, compress: number) {
    this.schema = schema;
    this.record = recordClass(schema);
    this.compress = compress;
    this.branches = schema.columns.map((c) => new BranchWriter(c.name, schema.name, c.type, sink));
  }

  /** Appends all rows of `batch` (copied into basket buffers; full baskets go to the file). */
  fill(batch: TableBatch): void {
    const s = batch.schema;
    if (s !== this.schema) {
      const same =
        s.name === this.schema.name &&
        s.columns.length === this.schema.columns.length &&
        s.columns.every((c, i) => c.name === this.schema.columns[i]!.name && c.type === this.schema.columns[i]!.type);
      if (!same) throw new Error(`root: batch of table '${s.name}' does not match the schema of tree '${this.schema.name}'`);
    }
    const n = batch.length;
    if (n === 0) return;
    for (let i = 0; i < this.branches.length; i++) this.branches[i]!.fill(batch.columns[i]!, 0, n);
    this.entries += n;
  }

  /** Writes the remaining partial baskets. */
  flush(): void {
    for (const b of this.branches) b.flush();
  }

  get totBytes(): number {
    return this.branches.reduce((s, b) => s + b.totBytes, 0);
  }
  get zipBytes(): number {
    return this.branches.reduce((s, b) => s + b.zipBytes, 0);
  }

  /** Serialises the TTree object (the record payload) into `b`, whose tagBase is the key length. */
  writeTTree(b: RBuffer): void {
    const { name, title } = this.schema;
    const tt = b.begin(20);
    b.tnamed(name, title, TREE_BITS);
    attLine(b);
    attFill(b);
    const m = b.begin(2); // TAttMarker
    b.i16(1);
    b.i16(1);
    b.f32(1);
    b.end(m);
    b.i64(this.entries);
    b.i64(this.totBytes);
    b.i64(this.zipBytes);
    b.i64(0); // fSavedBytes
    b.i64(0); // fFlushedBytes
    b.f64(1); // fWeight
    b.i32(0); // fTimerInterval
    b.i32(25); // fScanField
    b.i32(0); // fUpdate
    b.i32(1000); // fDefaultEntryOffsetLen
    b.i32(0); // fNClusterRange
    b.i64(1e12); // fMaxEntries
    b.i64(1e12); // fMaxEntryLoop
    b.i64(0); // fMaxVirtualSize
    b.i64(-300000000); // fAutoSave
    b.i64(-30000000); // fAutoFlush
    b.i64(1000000); // fEstimate
    b.u8(0); // fClusterRangeEnd: null
    b.u8(0); // fClusterSize: null
    ioFeatures(b);
    const topLeaf = {};
    const leaves = this.branches.map(() => ({}));
    const br = objArrayBegin(b, TREE_BRANCHES_BITS, 1);
    this.writeTopBranch(b, topLeaf, leaves);
    b.end(br);
    const lv = objArrayBegin(b, BITS, 1 + leaves.length);
    b.ref(topLeaf);
    for (const l of leaves) b.ref(l);
    b.end(lv);
    b.nullPtr(); // fAliases
    b.i32(0); // fIndexValues
    b.i32(0); // fIndex
    b.nullPtr(); // fTreeIndex
    b.nullPtr(); // fFriends
    b.nullPtr(); // fUserInfo
    b.nullPtr(); // fBranchRef
    b.end(tt);
  }

  private writeTopBranch(b: RBuffer, topLeaf: object, leaves: object[]): void {
    const name = this.schema.name;
    const any = b.beginAny('TBranchElement');
    const be = b.begin(10);
    const tb = b.begin(13);
    b.tnamed(name, name, TOP_BRANCH_BITS);
    attFill(b);
    b.i32(this.compress);
    b.i32(BASKET_SIZE);
    b.i32(1000); // fEntryOffsetLen
    b.i32(0); // fWriteBasket
    b.i64(0); // fEntryNumber
    ioFeatures(b);
    b.i32(0); // fOffset
    b.i32(10); // fMaxBaskets
    b.i32(99); // fSplitLevel
    b.i64(this.entries);
    b.i64(0); // fFirstEntry
    b.i64(0); // fTotBytes
    b.i64(0); // fZipBytes
    const subs = objArrayBegin(b, BITS, this.branches.length);
    this.branches.forEach((br, i) => this.writeSubBranch(b, br, i, leaves[i]!));
    b.end(subs);
    const lv = objArrayBegin(b, BITS, 1);
    leafElement(b, topLeaf, name, 0, false, -2, -1);
    b.end(lv);
    b.end(objArrayBegin(b, BITS, 0)); // fBaskets
    b.i32Array([], 10);
    b.i64Array([], 10);
    b.i64Array([], 10);
    b.tstring(''); // fFileName
    b.end(tb);
    this.writeElementPart(b, '', -2, -1);
    b.end(be);
    b.end(any);
  }

  private writeSubBranch(b: RBuffer, br: BranchWriter, index: number, leaf: object): void {
    const isVec = br.type === 'vec_f64';
    const nb = br.basketBytes.length;
    const maxBaskets = Math.max(10, nb + 1);
    const mt = MEMBER_TYPES[br.type];
    const any = b.beginAny('TBranchElement');
    const be = b.begin(10);
    const tb = b.begin(13);
    b.tnamed(br.name, br.name, SUB_BRANCH_BITS);
    attFill(b);
    b.i32(this.compress);
    b.i32(BASKET_SIZE);
    b.i32(isVec ? 1000 : 0); // fEntryOffsetLen (pitfall 10)
    b.i32(nb); // fWriteBasket
    b.i64(br.entries); // fEntryNumber
    ioFeatures(b);
    b.i32(0); // fOffset
    b.i32(maxBaskets);
    b.i32(isVec ? 0 : 98); // fSplitLevel
    b.i64(br.entries);
    b.i64(0); // fFirstEntry
    b.i64(br.totBytes);
    b.i64(br.zipBytes);
    b.end(objArrayBegin(b, BITS, 0)); // fBranches
    const lv = objArrayBegin(b, BITS, 1);
    leafElement(b, leaf, br.name, mt.leafLen, mt.unsigned, index, isVec ? STL_STREAMER_TYPE : mt.type);
    b.end(lv);
    b.end(objArrayBegin(b, BITS, 0)); // fBaskets
    b.i32Array(br.basketBytes, maxBaskets);
    b.i64Array([...br.basketEntry, br.entries], maxBaskets); // [fWriteBasket] = fEntries (pitfall 12)
    b.i64Array(br.basketSeek, maxBaskets);
    b.tstring(''); // fFileName
    b.end(tb);
    this.writeElementPart(b, this.record.name, index, isVec ? STL_STREAMER_TYPE : mt.type);
    b.end(be);
    b.end(any);
  }

  private writeElementPart(b: RBuffer, parent: string, id: number, streamerType: number): void {
    b.tstring(this.record.name); // fClassName
    b.tstring(parent); // fParentName
    b.tstring(''); // fClonesName
    b.u32(this.record.checksum);
    b.i16(this.record.version);
    b.i32(id);
    b.i32(0); // fType
    b.i32(streamerType);
    b.i32(0); // fMaximum
    b.nullPtr(); // fBranchCount
    b.nullPtr(); // fBranchCount2
  }
}

function attLine(b: RBuffer): void {
  const s = b.begin(2);
  b.i16(602);
  b.i16(1);
  b.i16(1);
  b.end(s);
}

function attFill(b: RBuffer): void {
  const s = b.begin(2);
  b.i16(0);
  b.i16(1001);
  b.end(s);
}

/** ROOT::TIOFeatures: a foreign class, version 0 followed by its checksum (§2.2). */
function ioFeatures(b: RBuffer): void {
  const s = b.begin(0);
  b.u32(IOFEATURES_CHECKSUM);
  b.u8(0); // fIOBits
  b.end(s);
}

/** Embedded TObjArray header with `n` slots to follow; returns the start for `end`. */
function objArrayBegin(b: RBuffer, bits: number, n: number): number {
  const s = b.begin(3);
  b.tobject(bits);
  b.tstring('');
  b.i32(n);
  b.i32(0); // fLowerBound
  return s;
}

function leafElement(b: RBuffer, token: object, name: string, lenType: number, unsigned: boolean, id: number, type: number): void {
  const any = b.beginAny('TLeafElement', token);
  const le = b.begin(1);
  const lf = b.begin(2);
  b.tnamed(name, name, BITS);
  b.i32(1); // fLen
  b.i32(lenType);
  b.i32(0); // fOffset
  b.bool(false); // fIsRange
  b.bool(unsigned);
  b.nullPtr(); // fLeafCount
  b.end(lf);
  b.i32(id);
  b.i32(type);
  b.end(le);
  b.end(any);
}

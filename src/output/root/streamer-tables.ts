/**
 * StreamerInfo tables of ROOT's built-in classes, as data (root-file.md
 * Appendix A, read from the StreamerInfo of a ROOT 6.24/06 file). Generated once
 * from the spec's tables; `test/output/root-streamers.test.ts` re-parses the
 * spec and checks this file against it, so a transcription error cannot hide.
 *
 * Row format: [element kind, name, fType, fSize, fTypeName, ...tail], where the
 * tail is [fBaseVersion, base checksum] for `Base`, [count name, count class,
 * count class version] for `BasicPointer`, [fSTLtype, fCtype] for `STL`.
 */

export type ElementKind = 'Base' | 'BasicType' | 'String' | 'Object' | 'ObjectAny' | 'ObjectPointer' | 'BasicPointer' | 'STL';

export type ElementRow = readonly [ElementKind, string, number, number, string, ...(string | number)[]];
export type ClassRow = readonly [name: string, version: number, checksum: number, elements: readonly ElementRow[]];

export const BUILTIN_CLASSES: readonly ClassRow[] = [
  ['TObject', 1, 2417737773, [
    ['BasicType', 'fUniqueID', 13, 4, 'unsigned int'],
    ['BasicType', 'fBits', 15, 4, 'unsigned int'],
  ]],
  ['TNamed', 1, 3753331260, [
    ['Base', 'TObject', 66, 0, 'BASE', 1, 2417737773],
    ['String', 'fName', 65, 24, 'TString'],
    ['String', 'fTitle', 65, 24, 'TString'],
  ]],
  ['TList', 5, 1774568379, [
    ['Base', 'TSeqCollection', 0, 0, 'BASE', 0, 4234951622],
  ]],
  ['TSeqCollection', 0, 4234951622, [
    ['Base', 'TCollection', 0, 0, 'BASE', 3, 1474546588],
  ]],
  ['TCollection', 3, 1474546588, [
    ['Base', 'TObject', 66, 0, 'BASE', 1, 2417737773],
    ['String', 'fName', 65, 24, 'TString'],
    ['BasicType', 'fSize', 3, 4, 'int'],
  ]],
  ['TString', 2, 95257, [
  ]],
  ['TObjArray', 3, 2845730130, [
    ['Base', 'TSeqCollection', 0, 0, 'BASE', 0, 4234951622],
    ['BasicType', 'fLowerBound', 3, 4, 'int'],
    ['BasicType', 'fLast', 3, 4, 'int'],
  ]],
  ['TAttLine', 2, 2483504457, [
    ['BasicType', 'fLineColor', 2, 2, 'short'],
    ['BasicType', 'fLineStyle', 2, 2, 'short'],
    ['BasicType', 'fLineWidth', 2, 2, 'short'],
  ]],
  ['TAttFill', 2, 4292422290, [
    ['BasicType', 'fFillColor', 2, 2, 'short'],
    ['BasicType', 'fFillStyle', 2, 2, 'short'],
  ]],
  ['TAttMarker', 2, 689802220, [
    ['BasicType', 'fMarkerColor', 2, 2, 'short'],
    ['BasicType', 'fMarkerStyle', 2, 2, 'short'],
    ['BasicType', 'fMarkerSize', 5, 4, 'float'],
  ]],
  ['ROOT::TIOFeatures', 1, 446770960, [
    ['BasicType', 'fIOBits', 11, 1, 'unsigned char'],
  ]],
  ['TTree', 20, 1919213695, [
    ['Base', 'TNamed', 67, 0, 'BASE', 1, 3753331260],
    ['Base', 'TAttLine', 0, 0, 'BASE', 2, 2483504457],
    ['Base', 'TAttFill', 0, 0, 'BASE', 2, 4292422290],
    ['Base', 'TAttMarker', 0, 0, 'BASE', 2, 689802220],
    ['BasicType', 'fEntries', 16, 8, 'Long64_t'],
    ['BasicType', 'fTotBytes', 16, 8, 'Long64_t'],
    ['BasicType', 'fZipBytes', 16, 8, 'Long64_t'],
    ['BasicType', 'fSavedBytes', 16, 8, 'Long64_t'],
    ['BasicType', 'fFlushedBytes', 16, 8, 'Long64_t'],
    ['BasicType', 'fWeight', 8, 8, 'double'],
    ['BasicType', 'fTimerInterval', 3, 4, 'int'],
    ['BasicType', 'fScanField', 3, 4, 'int'],
    ['BasicType', 'fUpdate', 3, 4, 'int'],
    ['BasicType', 'fDefaultEntryOffsetLen', 3, 4, 'int'],
    ['BasicType', 'fNClusterRange', 6, 4, 'int'],
    ['BasicType', 'fMaxEntries', 16, 8, 'Long64_t'],
    ['BasicType', 'fMaxEntryLoop', 16, 8, 'Long64_t'],
    ['BasicType', 'fMaxVirtualSize', 16, 8, 'Long64_t'],
    ['BasicType', 'fAutoSave', 16, 8, 'Long64_t'],
    ['BasicType', 'fAutoFlush', 16, 8, 'Long64_t'],
    ['BasicType', 'fEstimate', 16, 8, 'Long64_t'],
    ['BasicPointer', 'fClusterRangeEnd', 56, 8, 'Long64_t*', 'fNClusterRange', 'TTree', 20],
    ['BasicPointer', 'fClusterSize', 56, 8, 'Long64_t*', 'fNClusterRange', 'TTree', 20],
    ['ObjectAny', 'fIOFeatures', 62, 1, 'ROOT::TIOFeatures'],
    ['Object', 'fBranches', 61, 64, 'TObjArray'],
    ['Object', 'fLeaves', 61, 64, 'TObjArray'],
    ['ObjectPointer', 'fAliases', 64, 8, 'TList*'],
    ['ObjectAny', 'fIndexValues', 62, 24, 'TArrayD'],
    ['ObjectAny', 'fIndex', 62, 24, 'TArrayI'],
    ['ObjectPointer', 'fTreeIndex', 64, 8, 'TVirtualIndex*'],
    ['ObjectPointer', 'fFriends', 64, 8, 'TList*'],
    ['ObjectPointer', 'fUserInfo', 64, 8, 'TList*'],
    ['ObjectPointer', 'fBranchRef', 64, 8, 'TBranchRef*'],
  ]],
  ['TBranch', 13, 278366892, [
    ['Base', 'TNamed', 67, 0, 'BASE', 1, 3753331260],
    ['Base', 'TAttFill', 0, 0, 'BASE', 2, 4292422290],
    ['BasicType', 'fCompress', 3, 4, 'int'],
    ['BasicType', 'fBasketSize', 3, 4, 'int'],
    ['BasicType', 'fEntryOffsetLen', 3, 4, 'int'],
    ['BasicType', 'fWriteBasket', 3, 4, 'int'],
    ['BasicType', 'fEntryNumber', 16, 8, 'Long64_t'],
    ['ObjectAny', 'fIOFeatures', 62, 1, 'ROOT::TIOFeatures'],
    ['BasicType', 'fOffset', 3, 4, 'int'],
    ['BasicType', 'fMaxBaskets', 6, 4, 'int'],
    ['BasicType', 'fSplitLevel', 3, 4, 'int'],
    ['BasicType', 'fEntries', 16, 8, 'Long64_t'],
    ['BasicType', 'fFirstEntry', 16, 8, 'Long64_t'],
    ['BasicType', 'fTotBytes', 16, 8, 'Long64_t'],
    ['BasicType', 'fZipBytes', 16, 8, 'Long64_t'],
    ['Object', 'fBranches', 61, 64, 'TObjArray'],
    ['Object', 'fLeaves', 61, 64, 'TObjArray'],
    ['Object', 'fBaskets', 61, 64, 'TObjArray'],
    ['BasicPointer', 'fBasketBytes', 43, 8, 'int*', 'fMaxBaskets', 'TBranch', 13],
    ['BasicPointer', 'fBasketEntry', 56, 8, 'Long64_t*', 'fMaxBaskets', 'TBranch', 13],
    ['BasicPointer', 'fBasketSeek', 56, 8, 'Long64_t*', 'fMaxBaskets', 'TBranch', 13],
    ['String', 'fFileName', 65, 24, 'TString'],
  ]],
  ['TBranchElement', 10, 3880738403, [
    ['Base', 'TBranch', 0, 0, 'BASE', 13, 278366892],
    ['String', 'fClassName', 65, 24, 'TString'],
    ['String', 'fParentName', 65, 24, 'TString'],
    ['String', 'fClonesName', 65, 24, 'TString'],
    ['BasicType', 'fCheckSum', 13, 4, 'unsigned int'],
    ['BasicType', 'fClassVersion', 2, 2, 'short'],
    ['BasicType', 'fID', 3, 4, 'int'],
    ['BasicType', 'fType', 3, 4, 'int'],
    ['BasicType', 'fStreamerType', 3, 4, 'int'],
    ['BasicType', 'fMaximum', 3, 4, 'int'],
    ['ObjectPointer', 'fBranchCount', 64, 8, 'TBranchElement*'],
    ['ObjectPointer', 'fBranchCount2', 64, 8, 'TBranchElement*'],
  ]],
  ['TLeaf', 2, 1830715730, [
    ['Base', 'TNamed', 67, 0, 'BASE', 1, 3753331260],
    ['BasicType', 'fLen', 3, 4, 'int'],
    ['BasicType', 'fLenType', 3, 4, 'int'],
    ['BasicType', 'fOffset', 3, 4, 'int'],
    ['BasicType', 'fIsRange', 18, 1, 'bool'],
    ['BasicType', 'fIsUnsigned', 18, 1, 'bool'],
    ['ObjectPointer', 'fLeafCount', 64, 8, 'TLeaf*'],
  ]],
  ['TLeafElement', 1, 2689566867, [
    ['Base', 'TLeaf', 0, 0, 'BASE', 2, 1830715730],
    ['BasicType', 'fID', 3, 4, 'int'],
    ['BasicType', 'fType', 3, 4, 'int'],
  ]],
  ['TBranchRef', 1, 593540093, [
    ['Base', 'TBranch', 0, 0, 'BASE', 13, 278366892],
    ['ObjectPointer', 'fRefTable', 64, 8, 'TRefTable*'],
  ]],
  ['TRefTable', 3, 2357812101, [
    ['Base', 'TObject', 66, 0, 'BASE', 1, 2417737773],
    ['BasicType', 'fSize', 3, 4, 'int'],
    ['ObjectPointer', 'fParents', 64, 8, 'TObjArray*'],
    ['ObjectPointer', 'fOwner', 64, 8, 'TObject*'],
    ['STL', 'fProcessGUIDs', 500, 24, 'vector<string>', 1, 61],
  ]],
  ['THashList', 0, 3430828481, [
    ['Base', 'TList', 0, 0, 'BASE', 5, 1774568379],
  ]],
  ['TAttAxis', 4, 1550843710, [
    ['BasicType', 'fNdivisions', 3, 4, 'int'],
    ['BasicType', 'fAxisColor', 2, 2, 'short'],
    ['BasicType', 'fLabelColor', 2, 2, 'short'],
    ['BasicType', 'fLabelFont', 2, 2, 'short'],
    ['BasicType', 'fLabelOffset', 5, 4, 'float'],
    ['BasicType', 'fLabelSize', 5, 4, 'float'],
    ['BasicType', 'fTickLength', 5, 4, 'float'],
    ['BasicType', 'fTitleOffset', 5, 4, 'float'],
    ['BasicType', 'fTitleSize', 5, 4, 'float'],
    ['BasicType', 'fTitleColor', 2, 2, 'short'],
    ['BasicType', 'fTitleFont', 2, 2, 'short'],
  ]],
  ['TAxis', 10, 1514761840, [
    ['Base', 'TNamed', 67, 0, 'BASE', 1, 3753331260],
    ['Base', 'TAttAxis', 0, 0, 'BASE', 4, 1550843710],
    ['BasicType', 'fNbins', 3, 4, 'int'],
    ['BasicType', 'fXmin', 8, 8, 'double'],
    ['BasicType', 'fXmax', 8, 8, 'double'],
    ['ObjectAny', 'fXbins', 62, 24, 'TArrayD'],
    ['BasicType', 'fFirst', 3, 4, 'int'],
    ['BasicType', 'fLast', 3, 4, 'int'],
    ['BasicType', 'fBits2', 12, 2, 'unsigned short'],
    ['BasicType', 'fTimeDisplay', 18, 1, 'bool'],
    ['String', 'fTimeFormat', 65, 24, 'TString'],
    ['ObjectPointer', 'fLabels', 64, 8, 'THashList*'],
    ['ObjectPointer', 'fModLabs', 64, 8, 'TList*'],
  ]],
  ['TH1', 8, 473383108, [
    ['Base', 'TNamed', 67, 0, 'BASE', 1, 3753331260],
    ['Base', 'TAttLine', 0, 0, 'BASE', 2, 2483504457],
    ['Base', 'TAttFill', 0, 0, 'BASE', 2, 4292422290],
    ['Base', 'TAttMarker', 0, 0, 'BASE', 2, 689802220],
    ['BasicType', 'fNcells', 3, 4, 'int'],
    ['Object', 'fXaxis', 61, 216, 'TAxis'],
    ['Object', 'fYaxis', 61, 216, 'TAxis'],
    ['Object', 'fZaxis', 61, 216, 'TAxis'],
    ['BasicType', 'fBarOffset', 2, 2, 'short'],
    ['BasicType', 'fBarWidth', 2, 2, 'short'],
    ['BasicType', 'fEntries', 8, 8, 'double'],
    ['BasicType', 'fTsumw', 8, 8, 'double'],
    ['BasicType', 'fTsumw2', 8, 8, 'double'],
    ['BasicType', 'fTsumwx', 8, 8, 'double'],
    ['BasicType', 'fTsumwx2', 8, 8, 'double'],
    ['BasicType', 'fMaximum', 8, 8, 'double'],
    ['BasicType', 'fMinimum', 8, 8, 'double'],
    ['BasicType', 'fNormFactor', 8, 8, 'double'],
    ['ObjectAny', 'fContour', 62, 24, 'TArrayD'],
    ['ObjectAny', 'fSumw2', 62, 24, 'TArrayD'],
    ['String', 'fOption', 65, 24, 'TString'],
    ['ObjectPointer', 'fFunctions', 63, 8, 'TList*'],
    ['BasicType', 'fBufferSize', 6, 4, 'int'],
    ['BasicPointer', 'fBuffer', 48, 8, 'double*', 'fBufferSize', 'TH1', 8],
    ['BasicType', 'fBinStatErrOpt', 3, 4, 'TH1::EBinErrorOpt'],
    ['BasicType', 'fStatOverflows', 3, 4, 'TH1::EStatOverflows'],
  ]],
  ['TH1D', 3, 4189148831, [
    ['Base', 'TH1', 0, 0, 'BASE', 8, 473383108],
    ['Base', 'TArrayD', 0, 0, 'BASE', 1, 1899622196],
  ]],
  ['TH2', 5, 25310335, [
    ['Base', 'TH1', 0, 0, 'BASE', 8, 473383108],
    ['BasicType', 'fScalefactor', 8, 8, 'double'],
    ['BasicType', 'fTsumwy', 8, 8, 'double'],
    ['BasicType', 'fTsumwy2', 8, 8, 'double'],
    ['BasicType', 'fTsumwxy', 8, 8, 'double'],
  ]],
  ['TH2D', 4, 2142929648, [
    ['Base', 'TH2', 0, 0, 'BASE', 5, 25310335],
    ['Base', 'TArrayD', 0, 0, 'BASE', 1, 1899622196],
  ]],
];

/** §10.4 group 1: written for any file holding a tree (and, here, histograms). */
export const TREE_CLASSES = [
  'TNamed', 'TObject', 'TList', 'TSeqCollection', 'TCollection', 'TString', 'TObjArray', 'TTree',
  'TAttLine', 'TAttFill', 'TAttMarker', 'ROOT::TIOFeatures', 'TBranchElement', 'TBranch',
  'TLeafElement', 'TLeaf', 'TBranchRef', 'TRefTable',
] as const;

/** §10.4 group 2: written when any histogram is written. */
export const HIST_CLASSES = ['THashList', 'TH1D', 'TH1', 'TAxis', 'TAttAxis', 'TH2D', 'TH2'] as const;

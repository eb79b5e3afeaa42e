/**
 * TH1D and TH2D records (root-file.md §9) from our ROOT-semantics histograms
 * (`src/histograms/hist.ts`): contents with under/overflow, statistics, Sumw2
 * after weighted fills, axes with titles. Field values not carried by `Hist`
 * (attributes, fMaximum/fMinimum −1111, fStatOverflows 2) are ROOT 6.24's.
 */
import type { Axis, Hist } from '../../histograms/hist.js';
import { RBuffer } from './rbuffer.js';

const BITS = 0x03000000;
const HIST_BITS = 0x03000008;
const FUNCTIONS_BITS = 0x03010000;

/** Serialises `h` as the payload of a TH1D/TH2D key into `b`. */
export function writeHist(b: RBuffer, h: Hist): void {
  if (h.kind === 'TH1D') {
    const s = b.begin(3);
    writeTH1(b, h, h.x, null);
    arrayD(b, h.contents);
    b.end(s);
    return;
  }
  const s = b.begin(4);
  const th2 = b.begin(5);
  writeTH1(b, h, h.x, h.y);
  b.f64(1); // fScalefactor
  b.f64(h.tsumwy);
  b.f64(h.tsumwy2);
  b.f64(h.tsumwxy);
  b.end(th2);
  arrayD(b, h.contents);
  b.end(s);
}

function writeTH1(b: RBuffer, h: Hist, x: Axis, y: Axis | null): void {
  const s = b.begin(8);
  b.tnamed(h.name, h.title, HIST_BITS);
  const line = b.begin(2);
  b.i16(602);
  b.i16(1);
  b.i16(1);
  b.end(line);
  const fill = b.begin(2);
  b.i16(0);
  b.i16(1001);
  b.end(fill);
  const marker = b.begin(2);
  b.i16(1);
  b.i16(1);
  b.f32(1);
  b.end(marker);
  b.i32(h.contents.length); // fNcells
  const unit: Axis = { nbins: 1, min: 0, max: 1, title: '' };
  writeAxis(b, 'xaxis', x, 1);
  writeAxis(b, 'yaxis', y ?? unit, 0);
  writeAxis(b, 'zaxis', unit, 1);
  b.i16(0); // fBarOffset
  b.i16(1000); // fBarWidth
  b.f64(h.entries);
  b.f64(h.tsumw);
  b.f64(h.tsumw2);
  b.f64(h.tsumwx);
  b.f64(h.tsumwx2);
  b.f64(-1111); // fMaximum
  b.f64(-1111); // fMinimum
  b.f64(0); // fNormFactor
  b.i32(0); // fContour
  if (h.sumw2) arrayD(b, h.sumw2);
  else b.i32(0);
  b.tstring(''); // fOption
  const fn = b.begin(5); // fFunctions: inline TList, never null (pitfall 18)
  b.tobject(FUNCTIONS_BITS);
  b.tstring('');
  b.i32(0);
  b.end(fn);
  b.i32(0); // fBufferSize
  b.u8(0); // fBuffer: null
  b.i32(0); // fBinStatErrOpt
  b.i32(2); // fStatOverflows
  b.end(s);
}

function writeAxis(b: RBuffer, name: string, a: Axis, titleOffset: number): void {
  const s = b.begin(10);
  b.tnamed(name, a.title, BITS);
  const att = b.begin(4);
  b.i32(510); // fNdivisions
  b.i16(1); // fAxisColor
  b.i16(1); // fLabelColor
  b.i16(42); // fLabelFont
  b.f32(0.005); // fLabelOffset
  b.f32(0.035); // fLabelSize
  b.f32(0.03); // fTickLength
  b.f32(titleOffset); // fTitleOffset: 1.0, but 0.0 for fYaxis as ROOT 6.24 writes it
  b.f32(0.035); // fTitleSize
  b.i16(1); // fTitleColor
  b.i16(42); // fTitleFont
  b.end(att);
  b.i32(a.nbins);
  b.f64(a.min);
  b.f64(a.max);
  b.i32(0); // fXbins
  b.i32(0); // fFirst
  b.i32(0); // fLast
  b.u16(0); // fBits2
  b.bool(false); // fTimeDisplay
  b.tstring(''); // fTimeFormat
  b.nullPtr(); // fLabels
  b.nullPtr(); // fModLabs
  b.end(s);
}

/** TArrayD: count then values, no header. */
function arrayD(b: RBuffer, a: Float64Array): void {
  b.i32(a.length);
  b.ensure(8 * a.length);
  const v = b.view;
  let p = b.pos;
  for (let i = 0; i < a.length; i++, p += 8) v.setFloat64(p, a[i]!, false);
  b.pos = p;
}


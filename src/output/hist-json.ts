/**
 * ROOT's JSON serialisation (TBufferJSON, compact level 3: no white space) of the
 * TH1D/TH2D `cluster*` histograms, for convertFile's `-json 1` images (analysis.md
 * §14.7). JSROOT reads these files. Platform-neutral: returns the text.
 */
import type { Axis, Hist } from '../histograms/hist.js';

function axisJson(name: string, a: Axis, yAxis: boolean): Record<string, unknown> {
  return {
    _typename: 'TAxis', fUniqueID: 0, fBits: 0, fName: name, fTitle: a.title,
    fNdivisions: 510, fAxisColor: 1, fLabelColor: 1, fLabelFont: 42, fLabelOffset: 0.005, fLabelSize: 0.035,
    fTickLength: 0.03, fTitleOffset: yAxis ? 0 : 1, fTitleSize: 0.035, fTitleColor: 1, fTitleFont: 42,
    fNbins: a.nbins, fXmin: a.min, fXmax: a.max, fXbins: [], fFirst: 0, fLast: 0, fBits2: 0, fTimeDisplay: false,
    fTimeFormat: '', fLabels: null, fModLabs: null,
  };
}

/** The JSON text of a histogram as TBufferJSON::ToJSON(h, 3) writes it. */
export function histToRootJson(h: Hist): string {
  const unused = { nbins: 1, min: 0, max: 1, title: '' };
  const o: Record<string, unknown> = {
    _typename: h.kind, fUniqueID: 0, fBits: 8, fName: h.name, fTitle: h.title,
    fLineColor: 602, fLineStyle: 1, fLineWidth: 1, fFillColor: 0, fFillStyle: 1001,
    fMarkerColor: 1, fMarkerStyle: 1, fMarkerSize: 1, fNcells: h.contents.length,
    fXaxis: axisJson('xaxis', h.x, false),
    fYaxis: axisJson('yaxis', h.kind === 'TH2D' ? h.y : unused, true),
    fZaxis: axisJson('zaxis', unused, false),
    fBarOffset: 0, fBarWidth: 1000, fEntries: h.entries, fTsumw: h.tsumw, fTsumw2: h.tsumw2,
    fTsumwx: h.tsumwx, fTsumwx2: h.tsumwx2, fMaximum: -1111, fMinimum: -1111, fNormFactor: 0, fContour: [],
    fSumw2: h.sumw2 ? Array.from(h.sumw2) : [], fOption: '',
    fFunctions: { _typename: 'TList', name: 'TList', arr: [], opt: [] },
    fBufferSize: 0, fBuffer: [], fBinStatErrOpt: 0, fStatOverflows: 2,
  };
  if (h.kind === 'TH2D') {
    o['fScalefactor'] = 1;
    o['fTsumwy'] = h.tsumwy;
    o['fTsumwy2'] = h.tsumwy2;
    o['fTsumwxy'] = h.tsumwxy;
  }
  o['fArray'] = Array.from(h.contents);
  return JSON.stringify(o);
}

/** File name of an image: the ROOT file name without `.root`, + `_detector<det>_<name>.json`. */
export function histJsonFileName(rootFile: string, det: number, name: string): string {
  return `${rootFile.split('.root').join('')}_detector${det}_${name}.json`;
}

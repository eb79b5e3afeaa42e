/**
 * The histograms of a run as one Parquet table, one row per histogram
 * (docs/parquet.md): binning, ROOT statistics, and the cells including
 * under/overflow as list<double> (index bx + (nx + 2)·by, as in ROOT), so
 * Python users without ROOT get the same numbers as the ROOT file's TH1D/TH2D.
 * Platform-neutral.
 */
import type { Hist } from '../../histograms/hist.js';
import type { ParquetColumn, ParquetTableWriter } from './table-writer.js';

const STRINGS = ['name', 'kind', 'title', 'x_title', 'y_title'] as const;
const INTS = ['x_nbins', 'y_nbins'] as const;
const DOUBLES = ['x_min', 'x_max', 'y_min', 'y_max', 'entries', 'tsumw', 'tsumw2', 'tsumwx', 'tsumwx2', 'tsumwy', 'tsumwy2', 'tsumwxy'] as const;
const LISTS = ['contents', 'sumw2'] as const;

export const HISTOGRAM_COLUMNS: ParquetColumn[] = [
  ...STRINGS.map((name) => ({ name, kind: 'string' as const })),
  ...INTS.map((name) => ({ name, kind: 'i32' as const })),
  ...DOUBLES.map((name) => ({ name, kind: 'f64' as const })),
  ...LISTS.map((name) => ({ name, kind: 'vec_f64' as const })),
];

/** Appends one row per histogram. A TH1D has y_nbins 0 and zero y statistics; no Sumw2 → empty list. */
export function appendHistograms(w: ParquetTableWriter, hists: readonly Hist[]): void {
  const y = (h: Hist) => (h.kind === 'TH2D' ? h : null);
  const cols: Record<string, (h: Hist) => string | number | ArrayLike<number>> = {
    name: (h) => h.name,
    kind: (h) => h.kind,
    title: (h) => h.title,
    x_title: (h) => h.x.title,
    y_title: (h) => y(h)?.y.title ?? '',
    x_nbins: (h) => h.x.nbins,
    y_nbins: (h) => y(h)?.y.nbins ?? 0,
    x_min: (h) => h.x.min,
    x_max: (h) => h.x.max,
    y_min: (h) => y(h)?.y.min ?? 0,
    y_max: (h) => y(h)?.y.max ?? 0,
    entries: (h) => h.entries,
    tsumw: (h) => h.tsumw,
    tsumw2: (h) => h.tsumw2,
    tsumwx: (h) => h.tsumwx,
    tsumwx2: (h) => h.tsumwx2,
    tsumwy: (h) => y(h)?.tsumwy ?? 0,
    tsumwy2: (h) => y(h)?.tsumwy2 ?? 0,
    tsumwxy: (h) => y(h)?.tsumwxy ?? 0,
    contents: (h) => h.contents,
    sumw2: (h) => h.sumw2 ?? [],
  };
  HISTOGRAM_COLUMNS.forEach((c, i) => {
    const buf = w.columns[i]!;
    const get = cols[c.name]!;
    for (const h of hists) {
      const v = get(h);
      if (c.kind === 'string') buf.appendString(v as string);
      else if (c.kind === 'vec_f64') buf.appendList(v as ArrayLike<number>);
      else if (c.kind === 'i32') buf.appendScalars(Int32Array.of(v as number), 0, 1);
      else buf.appendScalars(Float64Array.of(v as number), 0, 1);
    }
  });
}

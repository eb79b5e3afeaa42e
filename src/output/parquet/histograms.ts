/**
 * The histograms of a run as one Parquet table, one row per histogram
 * (docs/parquet.md): binning, ROOT statistics, and the cells including
 * under/overflow as list<double> (index bx + (nx + 2)·by, as in ROOT), so
 * Python users without ROOT get the same numbers as the ROOT file's TH1D/TH2D.
 * Platform-neutral.
 */
import type { Hist } from '../../histograms/hist.js';
import type { ColumnSource, SchemaElement } from './schema.js';

const req = (name: string, type: SchemaElement['type'], extra: Partial<SchemaElement> = {}): SchemaElement =>
  ({ name, type, repetition_type: 'REQUIRED', ...extra }) as SchemaElement;
const str = (name: string): SchemaElement => req(name, 'BYTE_ARRAY', { converted_type: 'UTF8', logical_type: { type: 'STRING' } });
const list = (name: string): SchemaElement[] => [
  { name, repetition_type: 'REQUIRED', converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'REQUIRED', type: 'DOUBLE' },
];

const STRINGS = ['name', 'kind', 'title', 'x_title', 'y_title'] as const;
const INTS = ['x_nbins', 'y_nbins'] as const;
const DOUBLES = ['x_min', 'x_max', 'y_min', 'y_max', 'entries', 'tsumw', 'tsumw2', 'tsumwx', 'tsumwx2', 'tsumwy', 'tsumwy2', 'tsumwxy'] as const;
const LISTS = ['contents', 'sumw2'] as const;

export const HISTOGRAM_SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: STRINGS.length + INTS.length + DOUBLES.length + LISTS.length },
  ...STRINGS.map(str),
  ...INTS.map((n) => req(n, 'INT32')),
  ...DOUBLES.map((n) => req(n, 'DOUBLE')),
  ...LISTS.flatMap(list),
];

/** Column sources of the histogram table. A TH1D has y_nbins 0 and zero y statistics; no Sumw2 → empty list. */
export function histogramColumns(hists: readonly Hist[]): ColumnSource[] {
  const y = (h: Hist) => (h.kind === 'TH2D' ? h : null);
  const cols: Record<string, unknown[]> = {
    name: hists.map((h) => h.name),
    kind: hists.map((h) => h.kind),
    title: hists.map((h) => h.title),
    x_title: hists.map((h) => h.x.title),
    y_title: hists.map((h) => y(h)?.y.title ?? ''),
    x_nbins: hists.map((h) => h.x.nbins),
    y_nbins: hists.map((h) => y(h)?.y.nbins ?? 0),
    x_min: hists.map((h) => h.x.min),
    x_max: hists.map((h) => h.x.max),
    y_min: hists.map((h) => y(h)?.y.min ?? 0),
    y_max: hists.map((h) => y(h)?.y.max ?? 0),
    entries: hists.map((h) => h.entries),
    tsumw: hists.map((h) => h.tsumw),
    tsumw2: hists.map((h) => h.tsumw2),
    tsumwx: hists.map((h) => h.tsumwx),
    tsumwx2: hists.map((h) => h.tsumwx2),
    tsumwy: hists.map((h) => y(h)?.tsumwy ?? 0),
    tsumwy2: hists.map((h) => y(h)?.tsumwy2 ?? 0),
    tsumwxy: hists.map((h) => y(h)?.tsumwxy ?? 0),
    contents: hists.map((h) => Array.from(h.contents)),
    sumw2: hists.map((h) => (h.sumw2 ? Array.from(h.sumw2) : [])),
  };
  return Object.entries(cols).map(([name, data]) => ({ name, data: data as ColumnSource['data'] }));
}

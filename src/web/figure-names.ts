/**
 * The file names of the monitor's figures, as the legacy monitor names them
 * (monitoring.md §4.5): `det_total_<id>.png`, `det_<id>.png`, `det_stats_<id>.png`, and
 * monitorData_tof.py's `det_tof_<id>.png` (§6).
 * One place for the files the monitor writes (monitor/figures.ts), the page shows
 * (page.ts) and the server serves (server.ts).
 */

export type FigureKind = 'total' | 'latest' | 'stats' | 'tof';

/** File name of a figure. */
export function figureName(kind: FigureKind, detector: number): string {
  return kind === 'latest' ? `det_${detector}.png` : `det_${kind}_${detector}.png`;
}

const FIGURE_NAME = /^det_(?:(total|stats|tof)_)?(\d{1,3})\.png$/;

/** Kind and detector of a figure file name (detector ids of 1–3 digits), or undefined. */
export function parseFigureName(name: string): { kind: FigureKind; detector: number } | undefined {
  const m = FIGURE_NAME.exec(name);
  if (!m) return undefined;
  return { kind: (m[1] as 'total' | 'stats' | 'tof' | undefined) ?? 'latest', detector: Number(m[2]) };
}

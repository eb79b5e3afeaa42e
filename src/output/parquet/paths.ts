/**
 * File naming of the Parquet output (docs/parquet.md): one file per tree, plus
 * one for the histograms.
 *
 * - `--out FILE.parquet` → `FILE_hits.parquet`, `FILE_clusters_plane.parquet`,
 *   `FILE_clusters_detector.parquet`, `FILE_histograms.parquet`;
 * - `--out DIR` (anything not ending in `.parquet`) → `DIR/hits.parquet`, … ,
 *   `DIR/histograms.parquet`.
 *
 * Platform-neutral string handling (POSIX and Windows separators).
 */

export interface ParquetLayout {
  /** True when `out` names a folder. */
  readonly folder: boolean;
  /** Path of the Parquet file of a tree (or of `histograms`). */
  file(part: string): string;
}

const EXT = '.parquet';

export function parquetLayout(out: string): ParquetLayout {
  if (out.toLowerCase().endsWith(EXT) && out.length > EXT.length) {
    const base = out.slice(0, -EXT.length);
    return { folder: false, file: (part) => `${base}_${part}${EXT}` };
  }
  const dir = out.replace(/[\\/]+$/, '') || out;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return { folder: true, file: (part) => `${dir}${sep}${part}${EXT}` };
}

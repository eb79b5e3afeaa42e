/**
 * The three vmm-sdat trees (analysis.md §14.1; member order = root-file.md Appendix B).
 * One schema table per tree drives every writer (CSV, ROOT, Parquet), so column
 * names, order and types are defined here and nowhere else.
 */
import type { ColumnSpec, ColumnType, TableSchema } from './types.js';

function cols(list: [string, ColumnType, string?][]): ColumnSpec[] {
  return list.map(([name, type, unit]) => (unit ? { name, type, unit } : { name, type }));
}

export const HITS: TableSchema = {
  name: 'hits',
  title: 'hits',
  className: 'Hit',
  formatVersion: 1,
  columns: cols([
    ['id', 'u32'],
    ['det', 'u8'],
    ['plane', 'u8'],
    ['fec', 'u8'],
    ['vmm', 'u8'],
    ['readout_time', 'f64', 'ns'],
    ['time', 'f64', 'ns'],
    ['geo_id', 'u8'],
    ['ch', 'u8'],
    ['pos', 'u16', 'strip'],
    ['bcid', 'u16'],
    ['tdc', 'u16'],
    ['adc', 'u16', 'ADC'],
    ['over_threshold', 'bool'],
    ['chip_time', 'f64', 'ns'],
    ['event_counter', 'u16'],
  ]),
};

export const CLUSTERS_PLANE: TableSchema = {
  name: 'clusters_plane',
  title: 'clusters plane',
  className: 'ClusterPlane',
  formatVersion: 1,
  columns: cols([
    ['id', 'u32'],
    ['det', 'u8'],
    ['plane', 'u8'],
    ['size', 'u16', 'strip'],
    ['adc', 'u16', 'ADC'],
    ['time', 'f64', 'ns'],
    ['time_utpc', 'f64', 'ns'],
    ['time_charge2', 'f64', 'ns'],
    ['time_algo', 'f64', 'ns'],
    ['pos', 'f64', 'strip'],
    ['pos_utpc', 'f64', 'strip'],
    ['pos_charge2', 'f64', 'strip'],
    ['pos_algo', 'f64', 'strip'],
    ['plane_coincidence', 'bool'],
    ['max_delta_time', 'u16', 'ns'],
    ['max_missing_strip', 'u16', 'strip'],
    ['span_cluster', 'u16', 'ns'],
    ['event_counter', 'u16'],
    ['strips', 'vec_f64', 'strip'],
    ['times', 'vec_f64', 'ns'],
    ['adcs', 'vec_f64', 'ADC'],
  ]),
};

const detCols: [string, ColumnType, string?][] = [
  ['id', 'u32'],
  ['id0', 'u32'],
  ['id1', 'u32'],
  ['id2', 'u32'],
  ['det', 'u8'],
];
for (const k of ['size', 'adc'] as const) for (let p = 0; p < 3; p++) detCols.push([`${k}${p}`, 'u16', k === 'size' ? 'strip' : 'ADC']);
for (const k of ['pos', 'time'] as const) for (let p = 0; p < 3; p++) detCols.push([`${k}${p}`, 'f64', k === 'pos' ? 'strip' : 'ns']);
for (const suffix of ['_utpc', '_charge2', '_algo'])
  for (const k of ['pos', 'time'] as const)
    for (let p = 0; p < 3; p++) detCols.push([`${k}${p}${suffix}`, 'f64', k === 'pos' ? 'strip' : 'ns']);
for (let p = 0; p < 3; p++) detCols.push([`dt${p}`, 'f64', 'ns']);
detCols.push(['delta_plane_0_1', 'f64', 'ns'], ['delta_plane_1_2', 'f64', 'ns'], ['delta_plane_0_2', 'f64', 'ns']);
for (const k of ['span_cluster', 'max_delta_time', 'max_missing_strip'])
  for (let p = 0; p < 3; p++) detCols.push([`${k}${p}`, 'u16', k === 'max_missing_strip' ? 'strip' : 'ns']);
for (let p = 0; p < 3; p++) detCols.push([`strips${p}`, 'vec_f64', 'strip'], [`times${p}`, 'vec_f64', 'ns'], [`adcs${p}`, 'vec_f64', 'ADC']);
detCols.push(['event_counter', 'u16']);

export const CLUSTERS_DETECTOR: TableSchema = {
  name: 'clusters_detector',
  title: 'clusters detector',
  className: 'ClusterDetector',
  formatVersion: 1,
  columns: cols(detCols),
};

export const TREES = [HITS, CLUSTERS_PLANE, CLUSTERS_DETECTOR] as const;

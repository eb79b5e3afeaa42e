/**
 * vmmscope's platform-neutral library API (no node: imports): capture parsing,
 * UDP extraction, SRS/VMM3a decoding, the streaming analysis and its tables and
 * histograms. Node-only parts (files, sinks, capture, monitor) are in `vmmscope/node`.
 */
export * from './pcapng/index.js';
export * from './net/index.js';
export type { AnalysisOptions, DataFormat, LogLevel, PerDetector, SaveSelection } from './config/options.js';
export { parseConvertArgs, parseCommandLine, clockConstants, FLAGS, ALIASES } from './config/convert-options.js';
export { ConfigError } from './config/errors.js';
export { parseGeometry, geometryFromJson, type Geometry } from './config/geometry.js';
export { parseCalibration, type Calibration } from './config/calibration.js';
export { SrsParser, type SrsParserCounters } from './readout/srs/parser.js';
export type { PayloadDecoder, ReadoutColumns, FecAcquisition } from './readout/decoder.js';
export * from './readout/ess/index.js';
export * from './readout/vtc/index.js';
export { legacyMappingToGeometryJson, formatGeometryJson } from './config/legacy-mapping.js';
export { encodeSrsPayload, shiftSrsPayload, binaryToGray12, type SrsWord, type SrsHitWord, type SrsMarkerWord } from './readout/srs/encoder.js';
export { Analysis, treesFor, type AnalysisResult } from './analysis/analysis.js';
export { teeSink, type AnalysisSink, type RunDescription, type RunFinal } from './table/sink.js';
export { Logger, silentLogger } from './config/log.js';
export type { CaptureTimes } from './analysis/metadata.js';
export { HITS, CLUSTERS_PLANE, CLUSTERS_DETECTOR, TREES } from './table/trees.js';
export { csvHeader, csvRows } from './output/csv-format.js';
export { TableBuilder } from './table/builder.js';
export { column, columnIndex, isJagged, type TableBatch, type TableSchema, type ColumnSpec, type JaggedF64 } from './table/types.js';
export { Hist1D, Hist2D, axis, findBin, type Hist, type Axis } from './histograms/hist.js';
export { RootFileWriter, MemoryOutput, type RandomAccessOutput, type RootWriterOptions } from './output/root/index.js';
export { copyBatch } from './table/copy.js';
export { MonitorState, DetectorState } from './monitor/state.js';
export { MonitorFileSink, fileRates } from './monitor/file-panels.js';
export { drawTotalFigure, drawLatestFigure, drawStatsFigure } from './monitor/figure-layout.js';
export { renderPage } from './web/page.js';

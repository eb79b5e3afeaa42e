/**
 * vmmscope's platform-neutral library API (no node: imports, no runtime dependency):
 * capture parsing, UDP extraction, SRS/ESS/VTC decoding, the streaming analysis, its
 * tables, histograms and the in-memory ROOT writer. Files, sinks on disk, recording and
 * the monitor loop are in `vmmscope/node`. Everything else in src/ is internal and may
 * change; `test/package.test.ts` holds this list, so widening it is a decision.
 */

// Options: vmm-sdat's convertFile command line, parsed and checked
/** Parses convertFile's arguments (`-f`, `-geo`, `-save`, …) into AnalysisOptions; throws ConfigError. */
export { parseConvertArgs } from './config/convert-options.js';
/** A bad option or configuration file: names the file, field and expected value. */
export { ConfigError } from './config/errors.js';
/** Parses a geometry JSON file (vmm-sdat's `-geo`). */
export { parseGeometry, type Geometry } from './config/geometry.js';
export type { AnalysisOptions, DataFormat, SaveSelection } from './config/options.js';

// Captures: pcapng and classic pcap, push parser and writer
/** Push parser of pcapng and classic pcap bytes: `push(chunk)`, one callback per packet. */
export { CaptureParser, type CaptureParserOptions, type PacketCallback } from './pcapng/parser.js';
/** Writes pcapng sections, interfaces and packets to bytes. */
export { PcapngWriter, type PcapngWriterOptions } from './pcapng/writer.js';
/** A structurally broken capture: code, offset and block number. */
export { PcapngError, type PcapngErrorCode } from './pcapng/errors.js';
export type { PacketRef } from './pcapng/packet.js';

// Packets → UDP payloads, with vmm-sdat's packet statistics
/** Link layer → IPv4 (reassembled) → UDP payload of each packet; counts what it drops. */
export { UdpExtractor, type UdpDatagram, type UdpExtractorOptions } from './net/udp-extractor.js';
export type { CaptureStats } from './net/capture-stats.js';

// Payload decoders
/** The SRS/TRG payload parser (vmm-sdat HEAD). */
export { SrsParser, type SrsParserCounters } from './readout/srs/parser.js';
/** The ESS readout payload decoder (vmm-sdat c56141b). */
export { EssDecoder, type EssDecoderOptions } from './readout/ess/decoder.js';
/** The VTC payload decoder (vmm-sdat c56141b). */
export { VtcDecoder, type VtcDecoderOptions } from './readout/vtc/decoder.js';
export type { PayloadDecoder, ReadoutColumns, FecAcquisition } from './readout/decoder.js';

// The analysis: payloads in, tree batches and statistics out
/** The streaming analysis of one run: `pushPayload(…)`, then `finish(times)`. */
export { Analysis, type AnalysisResult } from './analysis/analysis.js';
/** Where pending hits beyond a budget go (`Analysis(…, { spill: { store } })`); `MemorySpillStore` keeps them in memory. */
export { MemorySpillStore, type SpillStore, type SpillOptions } from './cluster/spill-store.js';
export type { CaptureTimes } from './analysis/metadata.js';
/** Sends every call of the analysis to two sinks. */
export { teeSink, type AnalysisSink, type RunDescription, type RunFinal } from './table/sink.js';
/** vmm-sdat's log lines (`[time] LEVEL [section] message`); `silentLogger()` writes nothing. */
export { Logger, silentLogger } from './config/log.js';

// Tables: the columnar batches of the three trees
/** The schemas of the `hits`, `clusters_plane` and `clusters_detector` trees. */
export { HITS, CLUSTERS_PLANE, CLUSTERS_DETECTOR } from './table/trees.js';
/** Builds batches row by row into growing typed arrays. */
export { TableBuilder } from './table/builder.js';
/** Copies a batch (a sink keeps rows only as copies: batches are valid during `write` only). */
export { copyBatch } from './table/copy.js';
/** Column lookup by name, and the test for a jagged (vector) column. */
export { columnIndex, isJagged, type TableBatch, type TableSchema, type ColumnSpec, type JaggedF64 } from './table/types.js';

// Histograms and the ROOT writer
/** ROOT-semantics TH1D / TH2D (bins, under/overflow, statistics). */
export { Hist1D, Hist2D, type Hist, type Axis } from './histograms/hist.js';
/** Writes a ROOT file (trees, histograms) to any RandomAccessOutput; zlib injected. */
export { RootFileWriter, type RandomAccessOutput, type RootWriterOptions } from './output/root/file-writer.js';
export type { Deflate } from './output/root/compress.js';
/** A RandomAccessOutput in memory (`bytes()` at the end). */
export { MemoryOutput } from './output/root/memory-output.js';

// The monitor's accumulators (platform-neutral; the loop is in vmmscope/node)
/** Per-detector latest and total panels and time series of the monitor. */
export { MonitorState } from './monitor/state.js';

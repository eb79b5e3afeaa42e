/**
 * The monitor's three figures for one detector, panel for panel as the legacy
 * monitorData.py pages (monitoring.md §4.2–4.4):
 *
 * - `drawTotalFigure`   → det_total_<id>.png, "All measurements" (2 × 4, thin steps);
 * - `drawLatestFigure`  → det_<id>.png, "Last measurement" (2 × 4, filled bars);
 * - `drawStatsFigure`   → det_stats_<id>.png, "Cluster statistics" (3 × 4, thick
 *   steps and the two time-series panels).
 *
 * Strip × ADC maps: jet with a log colour scale; cluster image: viridis, linear,
 * origin lower left; every heatmap has a colour bar. Each function draws on any
 * Canvas-2D context of the given size. Platform-neutral.
 */
import type { DetectorFileResult } from './file-panels.js';
import { positionLabel, type ClusterStats, type DetectorPanels, type MonitorBinning } from './panels.js';
import type { DetectorState } from './state.js';
import type { TofPanels } from './tof.js';
import { jet, magmaR, viridis } from '../plots/colormaps.js';
import { COLORS, DEFAULT_STYLE, font, type Ctx2D, type PlotStyle, type Rect } from '../plots/context.js';
import { drawHist1DPanel } from '../plots/hist1d.js';
import { drawHist2DPanel } from '../plots/hist2d.js';
import { drawSeriesPanel } from '../plots/series.js';

/** Figure size of the legacy monitor: 17 × 9 inch at 100 dpi. */
export const FIGURE_WIDTH = 1700;
export const FIGURE_HEIGHT = 900;
const HEADER = 28;

/** Splits the figure below the header line into rows × cols cells. */
export function gridCells(width: number, height: number, rows: number, cols: number, top = HEADER): Rect[] {
  const cells: Rect[] = [];
  const pad = 6;
  const cw = (width - 2 * pad) / cols;
  const ch = (height - top - pad) / rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push({ x: pad + c * cw, y: top + r * ch, w: cw, h: ch });
  return cells;
}

function background(ctx: Ctx2D, width: number, height: number, header: string, style: PlotStyle): void {
  ctx.save();
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = style.textColor;
  ctx.font = font(style, style.labelSize, true);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(header, 12, HEADER / 2);
  ctx.restore();
}

/** The eight panels of the latest/total pages. `bars`: filled (latest) or thin steps (total). */
function drawPanels(ctx: Ctx2D, cells: Rect[], p: DetectorPanels, b: MonitorBinning, bars: boolean, style: PlotStyle): void {
  const mode = bars ? ('bars' as const) : ('step' as const);
  const pos0 = positionLabel(0, b);
  const pos1 = positionLabel(1, b);
  drawHist1DPanel(ctx, cells[0]!, p.hitsPos[0], { title: 'hits pos0', xLabel: pos0, color: COLORS.plane0, mode }, style);
  drawHist1DPanel(ctx, cells[1]!, p.hitsPos[1], { title: 'hits pos1', xLabel: pos1, color: COLORS.plane1, mode }, style);
  drawHist2DPanel(ctx, cells[2]!, p.hitsAdc[0], { title: 'hits adc0', xLabel: pos0, yLabel: 'adc', colormap: jet, logZ: true }, style);
  drawHist2DPanel(ctx, cells[3]!, p.hitsAdc[1], { title: 'hits adc1', xLabel: pos1, yLabel: 'adc', colormap: jet, logZ: true }, style);
  drawHist1DPanel(ctx, cells[4]!, p.clustersPos[0], { title: 'clusters pos0', xLabel: pos0, color: COLORS.plane0, mode }, style);
  drawHist1DPanel(ctx, cells[5]!, p.clustersPos[1], { title: 'clusters pos1', xLabel: pos1, color: COLORS.plane1, mode }, style);
  drawHist1DPanel(ctx, cells[6]!, p.clustersCharge, { title: 'clusters adc0+adc1', xLabel: 'charge', color: COLORS.combined, mode }, style);
  drawHist2DPanel(ctx, cells[7]!, p.clustersImage, { title: 'clusters pos1:pos0', xLabel: pos0, yLabel: pos1, colormap: viridis, logZ: false }, style);
}

/** "All measurements": totals since start or the last reset. */
export function drawTotalFigure(ctx: Ctx2D, d: DetectorState, b: MonitorBinning, header: string, style: PlotStyle = DEFAULT_STYLE, width = FIGURE_WIDTH, height = FIGURE_HEIGHT): void {
  background(ctx, width, height, header, style);
  drawPanels(ctx, gridCells(width, height, 2, 4), d.total, b, false, style);
}

/** "Last measurement": the latest file only (`latest` null → empty panels). */
export function drawLatestFigure(ctx: Ctx2D, latest: DetectorFileResult, b: MonitorBinning, header: string, style: PlotStyle = DEFAULT_STYLE, width = FIGURE_WIDTH, height = FIGURE_HEIGHT): void {
  background(ctx, width, height, header, style);
  drawPanels(ctx, gridCells(width, height, 2, 4), latest.panels, b, true, style);
}

/** "Cluster statistics": total cluster statistics plus the common-cluster and rate time series. */
export function drawStatsFigure(ctx: Ctx2D, d: DetectorState, header: string, style: PlotStyle = DEFAULT_STYLE, width = FIGURE_WIDTH, height = FIGURE_HEIGHT): void {
  background(ctx, width, height, header, style);
  const cells = gridCells(width, height, 3, 4);
  const s: ClusterStats = d.totalStats;
  const lw = style.thickLine;
  const step = (cell: number, h: ClusterStats['sizeSum'], title: string, xLabel: string, color: string) =>
    drawHist1DPanel(ctx, cells[cell]!, h, { title, xLabel, color, mode: 'step', lineWidth: lw }, style);
  step(0, s.size[0], 'clusters size0', 'size [strips]', COLORS.plane0);
  step(1, s.size[1], 'clusters size1', 'size [strips]', COLORS.plane1);
  step(2, s.sizeSum, 'clusters size0+size1', 'size [strips]', COLORS.combined);
  step(3, s.deltaTimePlanes, 'delta time planes', 'time [ns]', COLORS.combined);
  step(4, s.maxMissingStrip[0], 'max_missing_strip0', 'strips', COLORS.plane0);
  step(5, s.maxMissingStrip[1], 'max_missing_strip1', 'strips', COLORS.plane1);
  step(6, s.span[0], 'span_cluster0', 'time [ns]', COLORS.plane0);
  step(7, s.span[1], 'span_cluster1', 'time [ns]', COLORS.plane1);
  step(8, s.maxDeltaTime[0], 'max_delta_time0', 'time [ns]', COLORS.plane0);
  step(9, s.maxDeltaTime[1], 'max_delta_time1', 'time [ns]', COLORS.plane1);
  const a = d.series.toArrays();
  const n = a.t.length;
  const note = n ? `${n} file${n === 1 ? '' : 's'} (window ${d.series.capacity})` : '';
  drawSeriesPanel(
    ctx,
    cells[10]!,
    {
      title: 'common clusters: plane 0 (blue), plane 1 (green)',
      xLabel: 'time since start of acq [s]',
      yLabel: 'percent [%]',
      series: [
        { x: a.t, y: a.common0, color: COLORS.plane0 },
        { x: a.t, y: a.common1, color: COLORS.plane1 },
      ],
      note,
    },
    style,
  );
  drawSeriesPanel(
    ctx,
    cells[11]!,
    {
      title: 'rate: hit (dashed), cluster (solid)',
      xLabel: 'time since start of acq [s]',
      yLabel: 'rate [kHz]',
      series: [
        { x: a.t, y: a.hitRate, color: COLORS.rate, dash: 'dashed' },
        { x: a.t, y: a.clusterRate, color: COLORS.rate },
      ],
      note,
    },
    style,
  );
}

/**
 * "ToF" (det_tof_<id>.png, monitorData_tof.py's fourth page, 2 × 3, totals): hit and cluster
 * ToF, energy (log y, x in log₁₀ as the histograms are), wavelength, thermal image (magma_r, log).
 */
export function drawTofFigure(ctx: Ctx2D, t: TofPanels, header: string, style: PlotStyle = DEFAULT_STYLE, width = FIGURE_WIDTH, height = FIGURE_HEIGHT): void {
  background(ctx, width, height, header, style);
  const cells = gridCells(width, height, 2, 3);
  const step = (cell: number, h: TofPanels['energy'], title: string, color: string, logY: boolean) =>
    drawHist1DPanel(ctx, cells[cell]!, h, { title, xLabel: h.x.title, color, mode: 'step', logY }, style);
  step(0, t.hitsTof[0], 'hits x ToF', COLORS.plane0, true);
  step(1, t.hitsTof[1], 'hits y ToF', COLORS.plane1, true);
  step(2, t.clustersTof, 'clusters ToF', COLORS.combined, true);
  step(3, t.energy, 'clusters energy', COLORS.combined, true);
  step(4, t.wavelength, 'clusters wavelength', COLORS.combined, false);
  drawHist2DPanel(ctx, cells[5]!, t.thermal, { title: 'thermal image', xLabel: t.thermal.x.title, yLabel: t.thermal.y.title, colormap: magmaR, logZ: true }, style);
}

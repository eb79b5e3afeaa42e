/**
 * Colour maps for heatmaps and colour bars, as 256-entry RGB lookup tables
 * (Uint8Array of 768 bytes: r, g, b per level). Platform-neutral: the same LUTs
 * colour the PNG figures and, later, the browser canvas.
 *
 * - `viridis`: matplotlib's listed colormap (`_viridis_data` in
 *   `matplotlib/_cm_listed.py`, matplotlib 3.6.3; the data is CC0, by
 *   N. Smith and S. van der Walt), each float rounded to 8 bits.
 * - `jet`, `hot`: matplotlib's `_jet_data` / `_hot_data` segment tables
 *   (`matplotlib/_cm.py`) sampled at 256 levels exactly as
 *   `LinearSegmentedColormap` does (x = i / 255).
 * - `greys`: ColorBrewer's 9-class Greys (white → black), interpolated linearly
 *   as matplotlib's `Greys` is.
 * - `magma`: an approximation of matplotlib's magma, linear interpolation
 *   between ten of its levels (#000004 … #fcfdbf); close to, not equal to, the
 *   listed 256-level map.
 */

export interface Colormap {
  readonly name: string;
  /** 256 levels × (r, g, b), 0–255. */
  readonly lut: Uint8Array;
}

const VIRIDIS_HEX =
  '44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467481668481769' +
  '48186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a' +
  '472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f85' +
  '4240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b' +
  '3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d' +
  '33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e' +
  '2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e' +
  '26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d' +
  '21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f88' +
  '1fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad81' +
  '28ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc74' +
  '3fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc863' +
  '5ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d' +
  '84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32' +
  'addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a' +
  'd8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725';

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

type Segments = readonly (readonly [x: number, y0: number, y1: number])[];

/** Samples a matplotlib segment table (x, y_left, y_right) at x = i / (n − 1). */
function fromSegments(r: Segments, g: Segments, b: Segments, n = 256): Uint8Array {
  const out = new Uint8Array(n * 3);
  const chans = [r, g, b];
  for (let i = 0; i < n; i++) {
    const x = i / (n - 1);
    for (let c = 0; c < 3; c++) {
      const seg = chans[c]!;
      let k = 1;
      while (k < seg.length - 1 && x > seg[k]![0]) k++;
      const [x0, , y0] = seg[k - 1]!;
      const [x1, y1] = seg[k]!;
      const v = x1 === x0 ? y1 : y0 + ((x - x0) * (y1 - y0)) / (x1 - x0);
      out[i * 3 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return out;
}

export const viridis: Colormap = { name: 'viridis', lut: fromHex(VIRIDIS_HEX) };

export const jet: Colormap = {
  name: 'jet',
  lut: fromSegments(
    [[0, 0, 0], [0.35, 0, 0], [0.66, 1, 1], [0.89, 1, 1], [1, 0.5, 0.5]],
    [[0, 0, 0], [0.125, 0, 0], [0.375, 1, 1], [0.64, 1, 1], [0.91, 0, 0], [1, 0, 0]],
    [[0, 0.5, 0.5], [0.11, 1, 1], [0.34, 1, 1], [0.65, 0, 0], [1, 0, 0]],
  ),
};

export const hot: Colormap = {
  name: 'hot',
  lut: fromSegments(
    [[0, 0.0416, 0.0416], [0.365079, 1, 1], [1, 1, 1]],
    [[0, 0, 0], [0.365079, 0, 0], [0.746032, 1, 1], [1, 1, 1]],
    [[0, 0, 0], [0.746032, 0, 0], [1, 1, 1]],
  ),
};

/** A colour map interpolated linearly between equally spaced hex colours. */
function fromStops(hex: readonly string[], n = 256): Uint8Array {
  const stops = hex.map((h) => fromHex(h.replace('#', '')));
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const x = (i / (n - 1)) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(x));
    const f = x - k;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(stops[k]![c]! * (1 - f) + stops[k + 1]![c]! * f);
  }
  return out;
}

export const greys: Colormap = {
  name: 'greys',
  lut: fromStops(['#ffffff', '#f0f0f0', '#d9d9d9', '#bdbdbd', '#969696', '#737373', '#525252', '#252525', '#000000']),
};

export const magma: Colormap = {
  name: 'magma',
  lut: fromStops(['#000004', '#180f3d', '#440f76', '#721f81', '#9e2f7f', '#cd4071', '#f1605d', '#fd9668', '#feca8d', '#fcfdbf']),
};

/** magma reversed (light for few counts), the ToF monitor's thermal image (`magma_r`). */
export const magmaR: Colormap = { name: 'magma_r', lut: reversed(magma.lut) };

function reversed(lut: Uint8Array): Uint8Array {
  const out = new Uint8Array(lut.length);
  for (let i = 0; i < 256; i++) out.set(lut.subarray((255 - i) * 3, (255 - i) * 3 + 3), i * 3);
  return out;
}

export const COLORMAPS: Readonly<Record<string, Colormap>> = { jet, hot, viridis, magma, magma_r: magmaR, greys };

/** CSS colour of level t ∈ [0, 1] (clamped). */
export function colormapCss(cm: Colormap, t: number): string {
  const i = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
  return `rgb(${cm.lut[i]},${cm.lut[i + 1]},${cm.lut[i + 2]})`;
}

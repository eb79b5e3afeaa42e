/**
 * Node side of the plotting module: a `@napi-rs/canvas` surface for the
 * platform-neutral figure code, PNG encoding, and the font set-up.
 *
 * Fonts: skia draws no text at all when it finds no font, and a minimal Debian
 * (a container, a fresh CI machine) has none. The package therefore bundles
 * DejaVu Sans (`examples/fonts/DejaVuSans.ttf`, 0.7 MB, Bitstream Vera licence)
 * and registers it under its own family name, listed first, so figures look the
 * same everywhere; system DejaVu Sans and the generic sans-serif follow as
 * fall-backs if the bundled file is missing. See docs/monitoring.md "Fonts".
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { DEFAULT_STYLE, type Ctx2D, type PlotStyle } from './context.js';

/** Family name the bundled font is registered under. */
export const BUNDLED_FAMILY = 'vmmscope DejaVu Sans';

/** The bundled font file (same relative location from src/plots and dist/plots). */
export const BUNDLED_FONT = fileURLToPath(new URL('../../examples/fonts/DejaVuSans.ttf', import.meta.url));

export interface FontSetup {
  /** `bundled`: our TTF; `system`: a system DejaVu/sans font; `none`: text will not render. */
  source: 'bundled' | 'system' | 'none';
  family: string;
}

let setup: FontSetup | null = null;

/** Registers the bundled font once and reports which font text will use. */
export function ensureFonts(): FontSetup {
  if (setup) return setup;
  if (existsSync(BUNDLED_FONT) && GlobalFonts.registerFromPath(BUNDLED_FONT, BUNDLED_FAMILY)) {
    setup = { source: 'bundled', family: BUNDLED_FAMILY };
  } else {
    const fams = GlobalFonts.families.map((f) => f.family);
    const sys = fams.find((f) => /dejavu sans$/i.test(f)) ?? fams.find((f) => /sans/i.test(f)) ?? fams[0];
    setup = sys ? { source: 'system', family: sys } : { source: 'none', family: 'sans-serif' };
  }
  return setup;
}

/** The default figure style with the font from `ensureFonts()` first in the family list. */
export function pngStyle(): PlotStyle {
  const f = ensureFonts();
  return { ...DEFAULT_STYLE, family: `"${f.family}", ${DEFAULT_STYLE.family}` };
}

/**
 * Draws a figure of `width` × `height` px with `draw` and returns it PNG-encoded
 * (the encoding runs off the main thread). The returned Buffer is owned by the caller.
 */
export async function renderPng(width: number, height: number, draw: (ctx: Ctx2D) => void): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  draw(ctx as unknown as Ctx2D);
  return canvas.encode('png');
}

/**
 * Line and bar colour palettes of the live page (the Dash monitor's palette
 * dropdown, monitoring.md §7.4) and how a palette colours the monitor's roles:
 * `legacy` keeps the PNG figures' colours (darkblue, darkgreen, rebeccapurple,
 * red); for the qualitative palettes plane 0 takes index 0, plane 1 index 4,
 * the combined quantity index 8 and rates index 3 (modulo the palette length),
 * as Dash's pages index them. Platform-neutral.
 */
import { COLORS } from './context.js';

export type Role = 'plane0' | 'plane1' | 'combined' | 'rate';

export const PALETTES: Readonly<Record<string, readonly string[]>> = {
  Plotly: ['#636efa', '#ef553b', '#00cc96', '#ab63fa', '#ffa15a', '#19d3f3', '#ff6692', '#b6e880', '#ff97ff', '#fecb52'],
  D3: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'],
  Set1: ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#ffff33', '#a65628', '#f781bf', '#999999'],
  Pastel: ['#66c5cc', '#f6cf71', '#f89c74', '#dcb0f2', '#87c55f', '#9eb9f3', '#fe88b1', '#c9db74', '#8be0a4', '#b497e7', '#b3b3b3'],
  Dark2: ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'],
  Bold: ['#7f3c8d', '#11a579', '#3969ac', '#f2b701', '#e73f74', '#80ba5a', '#e68310', '#008695', '#cf1c90', '#f97b72', '#a5aa99'],
  Safe: ['#88ccee', '#cc6677', '#ddcc77', '#117733', '#332288', '#aa4499', '#44aa99', '#999933', '#882255', '#661100', '#888888'],
  Vivid: ['#e58606', '#5d69b1', '#52bca3', '#99c945', '#cc61b0', '#24796c', '#daa51b', '#2f8ac4', '#764e9f', '#ed645a', '#a5aa99'],
};

export const PALETTE_NAMES: readonly string[] = ['legacy', ...Object.keys(PALETTES)];

const INDEX: Record<Role, number> = { plane0: 0, plane1: 4, combined: 8, rate: 3 };

/**
 * Colour of a role for the k-th detector of an overlaid or stacked panel (Dash: detector k of
 * plane 0 takes index k, of plane 1 index 4 + k, combined 8 + k); `legacy` uses D3's colours.
 */
export function detectorColor(palette: string, role: Role, k: number): string {
  const p = PALETTES[palette] ?? PALETTES.D3!;
  return p[(INDEX[role] + k) % p.length]!;
}

/** CSS colour of a role in a palette (`legacy` or unknown names: the PNG figures' colours). */
export function roleColor(palette: string, role: Role): string {
  const p = PALETTES[palette];
  if (!p) return COLORS[role];
  return p[INDEX[role] % p.length]!;
}

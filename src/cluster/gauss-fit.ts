/**
 * algo 1 (analysis.md §11.6): a Gaussian A·exp(−½((x−μ)/σ)²) fitted to the strip
 * charges by unweighted least squares with bounds A ∈ [0, 5115], μ ∈ [xmin, xmax],
 * σ ∈ [0.3, 10], from start values (A0, cog, σ0). vmm-sdat uses ROOT's Minuit2 (Migrad,
 * tolerance 1e-6); this is a bounded Levenberg–Marquardt that converges to the same
 * minimum, more tightly than Migrad's own stopping rule (agreement to about the fit
 * tolerance; the success test is approximate, §17). Convergence is Minuit's criterion,
 * the estimated distance to the minimum (EDM = gᵀH⁻¹g/2), computed on the parameters
 * not held at a bound. Returns the centre of gravity when the fit is not attempted
 * (n ≤ 2) or does not converge.
 */

const MAX_ITER = 500;
/** EDM below which the fit has converged (Migrad stops at 2e-3·tolerance = 2e-9; we go further). */
const EDM_LIMIT = 1e-12;

export function gaussFitPosition(x: ArrayLike<number>, y: ArrayLike<number>, from: number, n: number, cog: number): number {
  if (n <= 2) return cog;
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymax = -Infinity;
  for (let i = 0; i < n; i++) {
    const xi = x[from + i]!;
    if (xi < xmin) xmin = xi;
    if (xi > xmax) xmax = xi;
    if (y[from + i]! > ymax) ymax = y[from + i]!;
  }
  if (xmin === xmax) return cog; // ROOT fixes μ; the result is the start value
  const spanX = Math.max(1e-9, xmax - xmin);
  const lo = [0, xmin, 0.3];
  const hi = [5115, xmax, 10];
  const p = [Math.min(1023, Math.max(1e-12, ymax)), Math.min(xmax, Math.max(xmin, cog)), Math.min(10, Math.max(0.3, spanX / 6))];

  const chi2 = (q: number[]): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = (x[from + i]! - q[1]!) / q[2]!;
      const r = y[from + i]! - q[0]! * Math.exp(-0.5 * z * z);
      s += r * r;
    }
    return s;
  };

  let lambda = 1e-3;
  let f = chi2(p);
  const JTJ = new Array<number>(9);
  const JTr = new Array<number>(3);
  for (let it = 0; it < MAX_ITER; it++) {
    JTJ.fill(0);
    JTr.fill(0);
    for (let i = 0; i < n; i++) {
      const z = (x[from + i]! - p[1]!) / p[2]!;
      const e = Math.exp(-0.5 * z * z);
      const r = y[from + i]! - p[0]! * e;
      const j0 = e;
      const j1 = (p[0]! * e * z) / p[2]!;
      const j2 = j1 * z;
      const j = [j0, j1, j2];
      for (let a = 0; a < 3; a++) {
        JTr[a]! += j[a]! * r;
        for (let b = 0; b < 3; b++) JTJ[a * 3 + b]! += j[a]! * j[b]!;
      }
    }
    // free parameters: not held at a bound by a gradient pointing outwards
    const free = [0, 1, 2].map((k) => !((p[k] === lo[k] && JTr[k]! < 0) || (p[k] === hi[k] && JTr[k]! > 0)));
    const edm = gaussNewtonEdm(JTJ, JTr, free);
    if (edm !== null && edm < EDM_LIMIT * Math.max(1, f)) return p[1]!;
    // Levenberg–Marquardt step in the free parameters only (active set: bound-held ones stay)
    const idx = [0, 1, 2].filter((k) => free[k]);
    let improved = false;
    for (let tries = 0; tries < 30 && idx.length > 0; tries++) {
      const M = idx.flatMap((a) => idx.map((b) => JTJ[a * 3 + b]! * (a === b ? 1 + lambda : 1)));
      const d = solveSmall(M, idx.map((a) => JTr[a]!), idx.length);
      if (!d) {
        lambda *= 10;
        continue;
      }
      const q = p.slice();
      idx.forEach((k, m) => (q[k] = Math.min(hi[k]!, Math.max(lo[k]!, p[k]! + d[m]!))));
      const fq = chi2(q);
      if (fq < f || (fq === f && q.some((v, k) => v !== p[k]))) {
        p.splice(0, 3, ...q);
        f = fq;
        lambda = Math.max(lambda / 10, 1e-15);
        improved = true;
        break;
      }
      lambda *= 10;
    }
    if (!improved) return Number.isFinite(p[1]!) ? p[1]! : cog; // no downhill step exists: at the (bounded) minimum
  }
  return cog; // did not converge
}

/** EDM = ½·gᵀH⁻¹g with g = −2Jᵀr, H = 2JᵀJ, i.e. (Jᵀr)ᵀ(JᵀJ)⁻¹(Jᵀr), over the free parameters. */
function gaussNewtonEdm(JTJ: number[], JTr: number[], free: boolean[]): number | null {
  const idx = [0, 1, 2].filter((k) => free[k]);
  if (idx.length === 0) return 0;
  const m = idx.length;
  const A = idx.flatMap((a) => idx.map((b) => JTJ[a * 3 + b]!));
  const g = idx.map((a) => JTr[a]!);
  const sol = solveSmall(A, g, m);
  if (!sol) return null;
  let e = 0;
  for (let k = 0; k < m; k++) e += g[k]! * sol[k]!;
  return e;
}

function solveSmall(A: number[], b: number[], m: number): number[] | null {
  if (m === 3) return solve3(A, b);
  if (m === 2) {
    const det = A[0]! * A[3]! - A[1]! * A[2]!;
    if (!Number.isFinite(det) || Math.abs(det) < 1e-300) return null;
    return [(b[0]! * A[3]! - A[1]! * b[1]!) / det, (A[0]! * b[1]! - b[0]! * A[2]!) / det];
  }
  return Math.abs(A[0]!) < 1e-300 ? null : [b[0]! / A[0]!];
}

function solve3(M: number[], b: number[]): number[] | null {
  const [a, bb, c, d, e, f, g, h, i] = M as [number, number, number, number, number, number, number, number, number];
  const det = a * (e * i - f * h) - bb * (d * i - f * g) + c * (d * h - e * g);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) return null;
  const [x, y, z] = b as [number, number, number];
  return [
    (x * (e * i - f * h) - bb * (y * i - f * z) + c * (y * h - e * z)) / det,
    (a * (y * i - f * z) - x * (d * i - f * g) + c * (d * z - y * g)) / det,
    (a * (e * z - y * h) - bb * (d * z - y * g) + x * (d * h - e * g)) / det,
  ];
}

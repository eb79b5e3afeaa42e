/**
 * algo 1 (analysis.md §11.6): a Gaussian A·exp(−½((x−μ)/σ)²) fitted to the strip
 * charges by unweighted least squares with bounds A ∈ [0, 5115], μ ∈ [xmin, xmax],
 * σ ∈ [0.3, 10], from start values (A0, cog, σ0). vmm-sdat uses ROOT's Minuit2; this is a
 * bounded Levenberg–Marquardt that converges to the same minimum (agreement to about the
 * fit tolerance; the success test is approximate, §17). Returns the centre of gravity when
 * the fit is not attempted (n ≤ 2) or does not converge.
 */

const MAX_ITER = 200;

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
  let converged = false;
  for (let it = 0; it < MAX_ITER; it++) {
    // Jacobian of the model and the normal equations J^T J δ = J^T r
    const JTJ = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const JTr = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const xi = x[from + i]!;
      const z = (xi - p[1]!) / p[2]!;
      const e = Math.exp(-0.5 * z * z);
      const r = y[from + i]! - p[0]! * e;
      const j = [e, (p[0]! * e * z) / p[2]!, (p[0]! * e * z * z) / p[2]!];
      for (let a = 0; a < 3; a++) {
        JTr[a]! += j[a]! * r;
        for (let b = 0; b < 3; b++) JTJ[a * 3 + b]! += j[a]! * j[b]!;
      }
    }
    let improved = false;
    for (let tries = 0; tries < 20; tries++) {
      const M = JTJ.slice();
      for (let a = 0; a < 3; a++) M[a * 4]! *= 1 + lambda;
      const d = solve3(M, JTr);
      if (!d) {
        lambda *= 10;
        continue;
      }
      const q = p.map((v, k) => Math.min(hi[k]!, Math.max(lo[k]!, v + d[k]!)));
      const fq = chi2(q);
      if (fq <= f) {
        const rel = Math.abs(f - fq) / Math.max(f, 1e-300);
        const step = Math.max(...q.map((v, k) => Math.abs(v - p[k]!) / Math.max(1e-12, Math.abs(v))));
        p.splice(0, 3, ...q);
        f = fq;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (rel < 1e-15 || step < 1e-12) converged = true;
        break;
      }
      lambda *= 10;
    }
    if (!improved) {
      converged = true; // no downhill step exists: at the (bounded) minimum
      break;
    }
    if (converged) break;
  }
  return converged && Number.isFinite(p[1]!) ? p[1]! : cog;
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

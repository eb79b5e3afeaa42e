/**
 * The time-of-flight page of monitorData_tof.py (monitoring.md §6) for one
 * detector: hit ToF per plane (hits `readout_time`), cluster ToF (detector
 * clusters `time0_algo`), the neutron's kinetic energy (relativistic, from the
 * flight path and the ToF), its wavelength (λ[Å] = 9.045 / √E[meV]) and the
 * "thermal" image (pos0 × pos1 of clusters whose ToF is inside the window).
 *
 * The legacy page uses 1000 log-spaced bins for ToF (10⁻⁵ … 10 s) and energy
 * (10⁻⁴ … 10 eV); here these are 1000 uniform bins of log₁₀ of the value over
 * the same decades (the same bin edges), so the histograms stay uniform TH1Ds:
 * their axes are in log₁₀ units (titles say so). Platform-neutral.
 */
import { axis, Hist1D, Hist2D, type Hist } from '../histograms/hist.js';

export interface TofOptions {
  /** Source–detector distance (m); legacy 19.4. */
  readonly flightPathM: number;
  /** ToF window of the thermal image (s); legacy [4.9 ms, 20 ms]. */
  readonly windowS: readonly [number, number];
}

export const LEGACY_TOF: TofOptions = { flightPathM: 19.4, windowS: [4.9e-3, 20e-3] };

/** Neutron rest energy (MeV), as monitorData_tof.py. */
const NEUTRON_MEV = 939.56542052;
const C = 299792458;

/**
 * Kinetic energy (eV) of a neutron with time of flight `t` (s) over `L` (m): (γ − 1)·mc², written
 * as β² / (s·(1 + s)) with s = √(1 − β²) so that thermal speeds (γ − 1 ≈ 10⁻¹¹) lose no digits
 * to cancellation (the legacy script's 1/s − 1 keeps only about 5 of them); NaN when v ≥ c or t ≤ 0.
 */
export function neutronEnergyEv(t: number, L: number): number {
  const b = L / t / C;
  if (!(t > 0) || !(b < 1)) return NaN;
  const s = Math.sqrt(1 - b * b);
  return ((b * b) / (s * (1 + s))) * NEUTRON_MEV * 1e6;
}

/** Wavelength (Å) of a neutron of kinetic energy `e` (eV): 9.045 / √(E / meV). */
export function neutronWavelengthA(e: number): number {
  return 9.045 / Math.sqrt(e * 1e3);
}

export class TofPanels {
  /** hits x ToF / hits y ToF: log₁₀(readout_time · 10⁻⁹ s), 1000 bins over [−5, 1). */
  readonly hitsTof: readonly [Hist1D, Hist1D];
  /** clusters ToF: log₁₀(time0_algo · 10⁻⁹ s). */
  readonly clustersTof: Hist1D;
  /** clusters energy: log₁₀(E / eV), 1000 bins over [−4, 1). */
  readonly energy: Hist1D;
  /** clusters wavelength: 1000 bins over [1, 10) Å. */
  readonly wavelength: Hist1D;
  /** thermal image: pos0 × pos1 of clusters with ToF inside the window. */
  readonly thermal: Hist2D;

  constructor(
    readonly options: TofOptions,
    channelsX: number,
    channelsY: number,
    pitchMm: number,
  ) {
    const tof = () => axis(1000, -5, 1, 'log10 ToF [s]');
    this.hitsTof = [new Hist1D('hits_x_tof', 'hits x ToF', tof()), new Hist1D('hits_y_tof', 'hits y ToF', tof())];
    this.clustersTof = new Hist1D('clusters_tof', 'clusters ToF', tof());
    this.energy = new Hist1D('clusters_energy', 'clusters energy', axis(1000, -4, 1, 'log10 Energy [eV]'));
    this.wavelength = new Hist1D('clusters_wavelength', 'clusters wavelength', axis(1000, 1, 10, 'Wavelength [A]'));
    this.thermal = new Hist2D('thermal_image', 'thermal image', axis(channelsX, 0, channelsX, `x [${pitchMm} mm]`), axis(channelsY, 0, channelsY, `y [${pitchMm} mm]`));
  }

  /** One hit of plane 0 or 1 with readout time `ns`. */
  fillHit(plane: 0 | 1, ns: number): void {
    const t = ns * 1e-9;
    this.hitsTof[plane].fill(t > 0 ? Math.log10(t) : -Infinity);
  }

  /** One detector cluster with ToF `ns` (time0_algo) at (pos0, pos1). */
  fillCluster(ns: number, pos0: number, pos1: number): void {
    const t = ns * 1e-9;
    this.clustersTof.fill(t > 0 ? Math.log10(t) : -Infinity);
    const e = neutronEnergyEv(t, this.options.flightPathM);
    if (e > 0) {
      this.energy.fill(Math.log10(e));
      this.wavelength.fill(neutronWavelengthA(e));
    }
    if (t >= this.options.windowS[0] && t <= this.options.windowS[1]) this.thermal.fill(pos0, pos1);
  }

  all(): Hist[] {
    return [...this.hitsTof, this.clustersTof, this.energy, this.wavelength, this.thermal];
  }

  add(o: TofPanels): void {
    const a = this.all();
    const b = o.all();
    a.forEach((h, i) => (h instanceof Hist1D ? h.add(b[i] as Hist1D) : h.add(b[i] as Hist2D)));
  }

  reset(): void {
    for (const h of this.all()) h.reset();
  }
}

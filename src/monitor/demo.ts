/**
 * `vmmscope monitor --demo`: the bundled example (`examples/example_xyu.pcapng`,
 * the capture the interactive legacy monitor shipped) set up as a one-file
 * legacy ring in a fresh temporary folder — `example_00000.pcapng` plus
 * `example_semaphore.txt` containing `0` (one byte, no newline, as shipped) —
 * with that monitor's geometry and analysis parameters. Works from an installed
 * package: nothing outside the package is read.
 */
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's examples folder (same relative location from src/monitor and dist/monitor). */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

export const DEMO_STEM = 'example';
export const DEMO_CAPTURE = join(EXAMPLES_DIR, 'example_xyu.pcapng');
export const DEMO_GEOMETRY = join(EXAMPLES_DIR, 'example_geometry_xyu.json');

/** The two bundled demos: `xyu` (default) and `vtc`. */
export type DemoName = 'xyu' | 'vtc';

export interface Demo {
  /** Capture copied into the ring. */
  readonly capture: string;
  /** convertFile options of the legacy monitor that shipped this capture. */
  readonly analysis: readonly string[];
  readonly histograms: { readonly detectors: readonly number[]; readonly channelsX: number; readonly channelsY: number; readonly maxCharge: number };
}

export const DEMOS: Record<DemoName, Demo> = {
  // the interactive monitor (monitoring.md §5) and its example, SRS format, x/y/u planes
  xyu: {
    capture: DEMO_CAPTURE,
    analysis: [
      '-geo', DEMO_GEOMETRY,
      '-bc', '40', '-tac', '60', '-th', '0', '-cs', '1', '-ccs', '3', '-dt', '200', '-mst', '1',
      '-spc', '500', '-dp', '200', '-coin', 'center-of-masss', '-crl', '0.2', '-cru', '10',
      '-algo', '4', '-df', 'SRS',
    ],
    histograms: { detectors: [0], channelsX: 256, channelsY: 256, maxCharge: 10000 },
  },
  // the matplotlib monitor monitorData.py (monitoring.md §4) and its example, VTC format; its
  // -algo 6 (vmm-sdat c56141b numbering, the straight-line fit) is our -algo 8
  vtc: {
    capture: join(EXAMPLES_DIR, 'monitoring_vtc_00000.pcapng'),
    analysis: [
      '-vmm', '[[0,0,0,0],[0,1,0,1]]',
      '-bc', '40', '-tac', '60', '-th', '0', '-cs', '1', '-ccs', '3', '-dt', '3000', '-mst', '1',
      '-spc', '55000', '-dp', '27500', '-coin', 'center-of-masss', '-crl', '0.2', '-cru', '10',
      '-algo', '8', '-df', 'VTC',
    ],
    histograms: { detectors: [0], channelsX: 64, channelsY: 64, maxCharge: 10000 },
  },
};

/** convertFile options of the interactive monitor (monitoring.md §5), with the bundled geometry. */
export function demoAnalysisArgs(name: DemoName = 'xyu'): string[] {
  return [...DEMOS[name].analysis];
}

/** Creates the demo ring in a new temporary folder and returns the folder. */
export async function setupDemoRing(name: DemoName = 'xyu'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vmmscope-demo-'));
  await copyFile(DEMOS[name].capture, join(dir, `${DEMO_STEM}_00000.pcapng`));
  await writeFile(join(dir, `${DEMO_STEM}_semaphore.txt`), '0');
  return dir;
}

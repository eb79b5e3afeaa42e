/**
 * convertFile's usage text and error block (analysis.md §2.9), printed to stdout
 * on a command-line error with exit status 255, so that scripts see the same
 * output structure. The text itself states the *real* defaults (vmm-sdat's own
 * usage text has several wrong ones, §2.2).
 */
import { ALIASES } from '../config/convert-options.js';

const X = 'X'.repeat(108);

export function convertUsage(): string {
  const w = Math.max(...Object.keys(ALIASES).map((k) => k.length));
  const flagW = Math.max(...Object.values(ALIASES).map(([f]) => f.length));
  const lines = [
    'Usage: vmmscope analyze -f FILE.pcapng -geo GEOMETRY.json [convertFile options] [--format root|csv|parquet|none] [--out PATH]',
    '',
    'Example (vmm-sdat run/runConversion_geometry.py):',
    '  vmmscope analyze -f example.pcapng -geo example_geometry.json -bc 44.444 -tac 60 -th 0 -cs 1 -ccs 3 -dt 100',
    '    -mst 1 -spc 200 -dp 200 -coin center-of-mass -crl 0.2 -cru 10 -save [[1],[1],[1]] -algo 0 -info GEO -df SRS',
    '',
    'convertFile options (vmm-sdat spelling, matched by prefix; each takes one value) and their long aliases:',
    ...Object.entries(ALIASES).map(([long, [flag, text]]) => `  ${flag.padEnd(flagW)}  ${long.padEnd(w)}  ${text}`),
    '',
    'vmmscope options:',
    '  --format F     output: root (default, named as vmm-sdat names it), csv (a folder of <tree>.csv), parquet,',
    '                 none (the analysis and its statistics, clustering as -save says, no file)',
    '  --out PATH     output file (.root, .parquet) or folder (csv, parquet)',
    '  --threads N    1, 2 or auto (default: 2 on two or more cores for files above 8 MB); same results',
    '  --no-progress  no progress bar on the terminal',
    '  --ignore-silent-fecs  rounds leave out geometry FECs that sent no data yet (not vmm-sdat\'s rule: with it a',
    '                 silent FEC defers all clustering to the end and keeps every hit in memory)',
    '  --health-json FILE  also write data-integrity and channel health figures (docs/health.md)',
    '  --health-thresholds FILE.json  thresholds of the dead/hot/noisy channel flags',
    '  --health-reference FILE  compare each VMM panel with a good run\'s --health-json (KS distance)',
    '  --help         this text',
    '',
    'Trees are written only for the detectors listed in -save (without -save nothing is written, as vmm-sdat).',
    '-algo: 0 none, 1 Gaussian fit, 2/3 over-threshold centre of gravity (charge/charge²), 4 largest-ADC strip,',
    '       5 NIP trigger id (plane 2), 6 uTPC with charge² neighbours, 7 uTPC with charge neighbours,',
    '       8 straight-line fit time(strip) (vmm-sdat c56141b algo 6; pos_utpc = mean deviation),',
    '       9 time of flight: uTPC time − neutron pulse (c56141b algo 7; ESS), 10 pads: max-ADC seed.',
    '       (vmm-sdat c56141b numbered them differently: its 0 = our 7, its 1 = our 6, its 6 = our 8, its 7 = our 9.)',
    '-df ESS / -df VTC: the ESS readout and VTC formats, analysed exactly as vmm-sdat c56141b did (its hit',
    '       admission, 10 ms rounds, time of flight, plain console output); -vmm/-axis/-map give the legacy inline',
    '       mapping (vmmscope geometry prints the equivalent -geo JSON).',
    '',
  ];
  return lines.join('\n');
}

/** The block after the usage text: `ERROR: <message>[: <argument>]`. */
export function convertErrorBlock(message: string, argument?: string): string {
  return [
    X,
    `ERROR: ${message}${argument !== undefined ? `: ${argument}` : ''}`,
    '',
    'For meaning of the flags and the correct usage of convertFile, please see above!',
    X,
    '',
  ].join('\n');
}

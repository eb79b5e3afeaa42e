/**
 * `vmmscope geometry -vmm … [-axis …] [-map gem|gem_swapped] [-o FILE]`: prints (or writes)
 * the geometry JSON equivalent to vmm-sdat c56141b's legacy inline mapping options
 * (formats.md §2.1), so that scripts can move from `-vmm/-axis/-map` to `-geo FILE.json`.
 * The result is checked with the same geometry reader `-geo` uses before it is written.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { ConfigError } from '../../config/errors.js';
import { geometryFromJson } from '../../config/geometry.js';
import { formatGeometryJson, legacyMappingToGeometryJson } from '../../config/legacy-mapping.js';

const HELP = `Usage: vmmscope geometry -vmm TUPLES [-axis FLAGS] [-map gem|gem_swapped] [-o FILE.json]

Prints the geometry JSON (the -geo file format) equivalent to the legacy inline mapping of
vmm-sdat c56141b, so that a command line using -vmm can be migrated to -geo:

  vmmscope geometry -vmm "[[0,0,0,0],[0,1,0,1]]" -axis "[[0,0],1],[[0,1],0]" -o det0.json
  vmmscope analyze ... -geo det0.json      (instead of ... -vmm ... -axis ...)

Options (single or double dash):
  -vmm TUPLES   detector, plane, FEC, VMM groups, e.g. [[0,0,0,0],[0,1,0,1]]; brackets are
                ignored. VMM k of a plane (in the order given) reads strips 64·k + channel.
  -axis FLAGS   detector, plane, flip groups, e.g. [[0,0],1],[[0,1],0]; a flipped plane
                with N channels maps VMM k channel c to N − 64·k − c (so 64 … 1 for one VMM,
                exactly as vmm-sdat c56141b).
  -map NAME     gem (default): strip = channel as above; gem_swapped: even and odd channels
                exchanged first. mm1 is not supported (its pattern is not documented).
  -o FILE       write the JSON to FILE instead of standard output.
  -h, --help    this help.

Legacy: -vmm/-axis/-map are accepted by "vmmscope analyze" for old scripts; new setups
should use -geo with the JSON printed here.
`;

const FLAGS: Record<string, 'vmm' | 'axis' | 'map' | 'out'> = {
  '-vmm': 'vmm', '--vmm': 'vmm', '-axis': 'axis', '--axis': 'axis', '-map': 'map', '--map': 'map',
  '-o': 'out', '--out': 'out',
};

class UsageError extends Error {}

function parseArgs(argv: string[]): Partial<Record<'vmm' | 'axis' | 'map' | 'out', string>> | 'help' {
  const v: Partial<Record<'vmm' | 'axis' | 'map' | 'out', string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') return 'help';
    const eq = a.indexOf('=');
    const flag = eq > 0 && a.startsWith('--') ? a.slice(0, eq) : a;
    const key = FLAGS[flag];
    if (!key) throw new UsageError(`unknown option "${a}"`);
    let value: string | undefined;
    if (flag !== a) value = a.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${a} needs a value`);
    }
    v[key] = value;
  }
  return v;
}

async function run(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
    if (opts === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    if (opts.vmm === undefined) throw new UsageError('-vmm is required, e.g. -vmm "[[0,0,0,0],[0,1,0,1]]"');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`vmmscope geometry: ${e.message}\n(vmmscope geometry --help lists the options)\n`);
    return 1;
  }
  let text: string;
  try {
    const json = legacyMappingToGeometryJson(opts.vmm, opts.axis, opts.map);
    geometryFromJson(json, '-vmm'); // the reader of -geo must accept it
    text = formatGeometryJson(json);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`vmmscope geometry: ${e.message}\n`);
    return e.exitCode;
  }
  if (opts.out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(opts.out, text);
  } catch (e) {
    process.stderr.write(`vmmscope geometry: cannot write ${opts.out}: ${(e as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`vmmscope geometry: wrote ${opts.out}\n`);
  return 0;
}

export const command: Command = {
  name: 'geometry',
  summary: 'Print the geometry JSON equivalent to legacy -vmm/-axis/-map options',
  run,
};

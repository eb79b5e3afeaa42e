/**
 * `vmmscope <command> …`: dispatches to the command modules in ./commands.
 * Commands are loaded lazily so that `vmmscope analyze` does not pay for the
 * plotting or web stack. Errors no command handled end in one line (guard.ts).
 */
import type { Command } from './command.js';
import { guardStandardStreams, installCrashHandlers, reportError } from './guard.js';

const COMMANDS: Record<string, string> = {
  analyze: 'Analyse a capture exactly as vmm-sdat convertFile does (hits, clusters, statistics)',
  record: 'Record physics runs or the monitoring ring buffer (dumpcap or built-in UDP receiver)',
  replay: 'Send the UDP payloads of a capture to HOST:PORT with the original pacing',
  monitor: 'Follow the ring buffer, analyse each new file, write figures and serve the live page',
  geometry: 'Print the geometry JSON equivalent to legacy -vmm/-axis/-map options',
};

function usage(): string {
  const w = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    'Usage: vmmscope <command> [options]   (vmmscope <command> --help for details)',
    '',
    ...Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(w)}  ${v}`),
    '',
  ].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  guardStandardStreams();
  installCrashHandlers(`vmmscope${argv[0] && argv[0] in COMMANDS ? ` ${argv[0]}` : ''}`);
  try {
    return await dispatch(argv);
  } catch (e) {
    return reportError(`vmmscope${argv[0] && argv[0] in COMMANDS ? ` ${argv[0]}` : ''}`, e);
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  if (name === '--version') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`vmmscope ${pkg.version}\n`);
    return 0;
  }
  if (!(name in COMMANDS)) {
    process.stderr.write(`vmmscope: unknown command '${name}'\n\n${usage()}`);
    return 1;
  }
  let mod: { command: Command };
  try {
    mod = await import(`./commands/${name}.js`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(`commands/${name}.`)) {
      process.stderr.write(`vmmscope: command '${name}' is not available in this build\n`);
      return 1;
    }
    throw e;
  }
  return mod.command.run(rest);
}

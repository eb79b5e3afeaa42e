/**
 * One table of options per command drives three things: the command-line parser
 * (`node:util.parseArgs`), the JSON config file (`--config FILE.json`, same key names as
 * the long flags; flags given on the command line override it), and `--help`. Values are
 * checked the same way from both sources; errors name the flag, or the file and key,
 * and the expected value. Unknown config keys are errors.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export type OptionType = 'string' | 'number' | 'integer' | 'boolean' | 'strings';

/** One option. `name` is the long flag without dashes and the config key. */
export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  readonly short?: string;
  /** Placeholder in the help, e.g. "KB". */
  readonly arg?: string;
  readonly help: string;
  /** Allowed values (string options). */
  readonly choices?: readonly string[];
  /** Smallest allowed value (number options); `exclusiveMin` makes it strict. */
  readonly min?: number;
  readonly exclusiveMin?: boolean;
  /** Only on the command line (e.g. --config, --help). */
  readonly cliOnly?: boolean;
}

/** Parsed option values by name; absent = not given. */
export type OptionValues = Record<string, string | number | boolean | string[] | undefined>;

/** A wrong option or config value; the message is meant for the user as is. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

function expected(s: OptionSpec): string {
  switch (s.type) {
    case 'boolean':
      return 'true or false';
    case 'strings':
      return 'a string or a list of strings';
    case 'string':
      return s.choices ? `one of ${s.choices.map((c) => `"${c}"`).join(', ')}` : 'a string';
    default: {
      const kind = s.type === 'integer' ? 'an integer' : 'a number';
      return s.min === undefined ? kind : `${kind} ${s.exclusiveMin ? '>' : '≥'} ${s.min}`;
    }
  }
}

/** Checks and converts one value (from the command line: a string; from JSON: any). */
function convert(s: OptionSpec, v: unknown, fromJson: boolean, where: string): string | number | boolean | string[] {
  const bad = (): OptionError => new OptionError(`${where}: expected ${expected(s)}, got ${JSON.stringify(v)}`);
  switch (s.type) {
    case 'boolean':
      if (typeof v !== 'boolean') throw bad();
      return v;
    case 'strings':
      if (typeof v === 'string') return [v];
      if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v as string[];
      throw bad();
    case 'string':
      if (typeof v !== 'string' || (s.choices && !s.choices.includes(v))) throw bad();
      return v;
    default: {
      let n: number;
      if (typeof v === 'number' && fromJson) n = v;
      else if (typeof v === 'string' && !fromJson && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v.trim())) n = Number(v);
      else throw bad();
      if (!Number.isFinite(n) || (s.type === 'integer' && !Number.isInteger(n))) throw bad();
      if (s.min !== undefined && (s.exclusiveMin ? n <= s.min : n < s.min)) throw bad();
      return n;
    }
  }
}

/**
 * Parses `argv` against `specs`. Unknown flags, missing values and wrong values throw
 * an {@link OptionError}. Returns the given values and the positional arguments.
 */
export function parseCommandLine(specs: readonly OptionSpec[], argv: string[], allowPositionals: boolean): { values: OptionValues; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const s of specs) {
    options[s.name] = { type: s.type === 'boolean' ? 'boolean' : 'string', ...(s.short ? { short: s.short } : {}), ...(s.type === 'strings' ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new OptionError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const values: OptionValues = {};
  for (const s of specs) {
    const v = (parsed.values as Record<string, unknown>)[s.name];
    if (v === undefined) continue;
    values[s.name] = s.type === 'strings' ? (v as string[]) : convert(s, v, false, `--${s.name}`);
  }
  return { values, positionals: parsed.positionals };
}

/**
 * Reads a JSON config file: an object whose keys are long option names. Throws an
 * {@link OptionError} naming the file (and key) for unreadable files, bad JSON, unknown
 * keys, command-line-only keys and wrong values.
 */
export function loadConfigFile(path: string, specs: readonly OptionSpec[]): OptionValues {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new OptionError(`config file ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OptionError(`config file ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new OptionError(`config file ${path}: expected a JSON object of options, e.g. {"name": "run", "files": 10}`);
  const byName = new Map(specs.filter((s) => !s.cliOnly).map((s) => [s.name, s]));
  const values: OptionValues = {};
  for (const [key, v] of Object.entries(json)) {
    const s = byName.get(key);
    if (!s) {
      throw new OptionError(`config file ${path}: unknown key "${key}"; known keys: ${[...byName.keys()].join(', ')}`);
    }
    values[key] = convert(s, v, true, `config file ${path}: key "${key}"`);
  }
  return values;
}

/** Config values overridden by command-line values (a new object). */
export function mergeOptions(config: OptionValues, cli: OptionValues): OptionValues {
  const out: OptionValues = { ...config };
  for (const [k, v] of Object.entries(cli)) if (v !== undefined) out[k] = v;
  return out;
}

/** Help text: `usage` lines, then one line per option. */
export function formatHelp(usage: string, specs: readonly OptionSpec[], footer = ''): string {
  const rows = specs.map((s) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'boolean' ? '' : ` ${s.arg ?? s.type.toUpperCase()}`}`;
    return [flag, s.help] as const;
  });
  const w = Math.max(...rows.map((r) => r[0].length));
  return `${usage}\n\nOptions:\n${rows.map(([f, h]) => `  ${f.padEnd(w)}  ${h}`).join('\n')}\n${footer ? `\n${footer}\n` : ''}`;
}

/** The string list of a `strings` option (also accepts comma-separated items). */
export function stringList(v: OptionValues[string]): string[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [String(v)];
  return list.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

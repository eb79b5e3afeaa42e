/**
 * Wireshark's `dumpcap`: finding the binary, checking that it may capture on an
 * interface (one fast `dumpcap -L -i IF`, which opens the device like a capture does),
 * building command lines, and turning its failures into one message with the fix.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Why data taking with dumpcap cannot start; `message` says what to do. */
export class CaptureSetupError extends Error {
  readonly kind: 'no-dumpcap' | 'no-interface' | 'no-permission' | 'dumpcap-failed';
  constructor(kind: CaptureSetupError['kind'], message: string) {
    super(message);
    this.name = 'CaptureSetupError';
    this.kind = kind;
  }
}

const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin', '/Applications/Wireshark.app/Contents/MacOS'];

/** The hint appended to every "cannot use dumpcap" message. */
export const UDP_ALTERNATIVE = 'or record without capture rights with the built-in receiver: --source udp --listen 0.0.0.0:6006';

/**
 * Path of dumpcap: `explicit` if given, else `$VMMSCOPE_DUMPCAP`, else the first
 * executable `dumpcap` on PATH or in the usual install folders; undefined if none.
 */
export function findDumpcap(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = explicit ? [explicit] : env.VMMSCOPE_DUMPCAP ? [env.VMMSCOPE_DUMPCAP] : [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS].map((d) => join(d, 'dumpcap'));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** The "dumpcap is missing" error, with the install commands. */
export function missingDumpcapError(explicit?: string): CaptureSetupError {
  const where = explicit ? `at ${explicit}` : 'on PATH or in /usr/bin, /usr/sbin, /usr/local/bin';
  return new CaptureSetupError(
    'no-dumpcap',
    `dumpcap (Wireshark's capture tool) was not found ${where}.\n` +
      'Install it: Debian/Ubuntu `sudo apt-get install wireshark-common` (or `tshark`), Fedora `sudo dnf install wireshark-cli`, ' +
      'macOS `brew install --cask wireshark`; or point to it with --dumpcap PATH;\n' +
      UDP_ALTERNATIVE +
      '.',
  );
}

/** The "may not capture" error, with the ways to get the rights. */
export function permissionError(iface: string, detail: string, dumpcap: string): CaptureSetupError {
  return new CaptureSetupError(
    'no-permission',
    `dumpcap may not capture on '${iface}' (${detail}).\n` +
      'Fix: run as root, or allow capturing for your user: `sudo dpkg-reconfigure wireshark-common` (answer Yes), ' +
      '`sudo usermod -aG wireshark $USER`, then log out and in again ' +
      `(other systems: \`sudo setcap cap_net_raw,cap_net_admin=eip ${dumpcap}\`);\n` +
      UDP_ALTERNATIVE +
      '.',
  );
}

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], timeoutMs = 10000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Interface names dumpcap can see (`dumpcap -D -M`), in its order. */
export async function listInterfaces(dumpcap: string): Promise<string[]> {
  const r = await run(dumpcap, ['-D', '-M']);
  if (r.status !== 0) return [];
  const out: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^\d+\.\s+([^\t]+)/.exec(line);
    if (m) out.push(m[1]!.trim());
  }
  return out;
}

/** The first line of dumpcap's message, without the "dumpcap: " prefix. */
function firstLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('dumpcap:')) ?? stderr.split('\n').find((l) => l.trim()) ?? '';
  return line.replace(/^dumpcap:\s*/, '').trim();
}

/**
 * Maps dumpcap's stderr to a setup error when it says the interface does not exist or
 * the rights are missing; undefined for any other text.
 */
export async function classifyDumpcapFailure(dumpcap: string, iface: string, stderr: string): Promise<CaptureSetupError | undefined> {
  if (/permission|not permitted|Operation not permitted|Permission denied/i.test(stderr)) {
    const detail = /(?:socket: )?(?:Operation not permitted|Permission denied)/i.exec(stderr)?.[0] ?? 'permission denied';
    return permissionError(iface, detail, dumpcap);
  }
  if (/no such device|There is no device named|No such device exists|doesn't exist/i.test(stderr)) {
    const names = await listInterfaces(dumpcap);
    return new CaptureSetupError(
      'no-interface',
      `there is no capture interface '${iface}'. Interfaces dumpcap sees: ${names.length ? names.join(', ') : '(none)'}; choose one with --interface.`,
    );
  }
  return undefined;
}

/**
 * Checks that dumpcap exists and may capture on each interface (`dumpcap -L -i IF`
 * opens the device, so it fails exactly like a capture would). Resolves to dumpcap's
 * path; rejects with a {@link CaptureSetupError}.
 */
export async function checkDumpcap(interfaces: readonly string[], explicit?: string): Promise<string> {
  const dumpcap = findDumpcap(explicit);
  if (!dumpcap) throw missingDumpcapError(explicit);
  for (const iface of interfaces) {
    let r: RunResult;
    try {
      r = await run(dumpcap, ['-L', '-i', iface]);
    } catch (e) {
      throw new CaptureSetupError('dumpcap-failed', `cannot run ${dumpcap}: ${(e as Error).message}`);
    }
    if (r.status === 0) continue;
    const known = await classifyDumpcapFailure(dumpcap, iface, r.stderr);
    if (known) throw known;
    throw new CaptureSetupError('dumpcap-failed', `dumpcap cannot open '${iface}': ${firstLine(r.stderr) || `exit status ${r.status}`}`);
  }
  return dumpcap;
}

/** What one dumpcap process is asked to do. */
export interface DumpcapArgs {
  interfaces: readonly string[];
  /** libpcap capture filter ("" = none). */
  filter: string;
  /** Output path (`-w`); with ring switching dumpcap inserts `_NNNNN_YYYYmmddHHMMSS`. */
  output: string;
  /** Kernel buffer in MiB (`-B`). */
  bufferMiB?: number;
  /** Switch (ring) or stop (single file) after this many kB (1 kB = 1000 bytes). */
  filesizeKB?: number;
  /** Switch (ring) or stop (single file) after this many seconds. */
  durationS?: number;
  /** true: one process, ring-buffer switching, `printname:stdout`; false: one file, autostop. */
  switching: boolean;
  /** With switching: stop after this many files (`-a files:N`). */
  stopAfterFiles?: number;
}

/** dumpcap's argument list for {@link DumpcapArgs}. */
export function dumpcapArgs(a: DumpcapArgs): string[] {
  const args: string[] = [];
  for (const i of a.interfaces) args.push('-i', i);
  if (a.filter) args.push('-f', a.filter);
  if (a.bufferMiB !== undefined) args.push('-B', String(a.bufferMiB));
  args.push('-n', '-w', a.output);
  const flag = a.switching ? '-b' : '-a';
  if (a.filesizeKB !== undefined) args.push(flag, `filesize:${a.filesizeKB}`);
  if (a.durationS !== undefined) args.push(flag, `duration:${a.durationS}`);
  if (a.switching) {
    args.push('-b', 'printname:stdout');
    if (a.stopAfterFiles !== undefined) args.push('-a', `files:${a.stopAfterFiles}`);
  }
  return args;
}

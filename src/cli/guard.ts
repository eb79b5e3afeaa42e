/**
 * What the CLI does when the world misbehaves (issue 15 item 3): a closed pipe
 * (`vmmscope analyze … | head`) and any error no command handled. No Node stack trace
 * reaches a user: known error kinds (configuration, capture, file system, memory) give
 * one line naming the problem; anything else one line saying it is an internal error
 * (`VMMSCOPE_DEBUG=1` prints the stack).
 *
 * A closed stdout or stderr (EPIPE) is not an error: further writes to that stream are
 * dropped and the command runs to its end, so the output files are still complete, and
 * the process exits with the command's status (0 for a successful run).
 */
import { ConfigError } from '../config/errors.js';
import { CaptureFileError } from '../io/capture-file.js';
import { PcapngError } from '../pcapng/errors.js';

/** Exit status for an error that is no input or environment error (a bug): EX_SOFTWARE. */
export const INTERNAL_ERROR_STATUS = 70;

function closedPipe(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/** After EPIPE on one of the standard streams, its writes are dropped quietly. */
export function guardStandardStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e) => {
      if (!closedPipe(e)) throw e;
      stream.write = ((...args: unknown[]): boolean => {
        const cb = args.find((a) => typeof a === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      }) as typeof stream.write;
    });
  }
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  ENOMEM: 'out of memory',
  EIO: 'input/output error',
};

/**
 * One line for an error of a known kind with its exit status, or null for an error that
 * is not an input or environment error.
 */
export function describeError(e: unknown): { line: string; status: number } | null {
  if (e instanceof ConfigError) return { line: e.message, status: e.exitCode };
  if (e instanceof CaptureFileError || e instanceof PcapngError) return { line: e.message, status: 255 };
  const x = e as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  if (x && typeof x.code === 'string' && /^E[A-Z]+$/.test(x.code)) {
    const words = ERRNO_WORDS[x.code] ?? x.code;
    const where = [x.syscall, x.path, x.dest !== undefined ? `→ ${x.dest}` : undefined].filter((s) => s !== undefined).join(' ');
    return { line: `${where ? `${where}: ` : ''}${words} (${x.code})`, status: 1 };
  }
  if (e instanceof RangeError && /allocation failed|Invalid (typed )?array length/.test(e.message))
    return { line: `out of memory or limits: ${e.message} (the options ask for more than this machine holds)`, status: 1 };
  return null;
}

/** Writes the one line for `e` (the stack only with VMMSCOPE_DEBUG=1) and returns the exit status. */
export function reportError(prefix: string, e: unknown): number {
  const d = describeError(e);
  const debug = process.env.VMMSCOPE_DEBUG === '1';
  const line = d ? d.line : `internal error: ${(e as Error)?.message ?? String(e)} (please report it; VMMSCOPE_DEBUG=1 prints the stack)`;
  try {
    process.stderr.write(`${prefix}: ${line}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  } catch {
    /* stderr closed */
  }
  return d ? d.status : INTERNAL_ERROR_STATUS;
}

/** Last resort for errors thrown outside a command's promise (timers, event handlers). */
export function installCrashHandlers(prefix: string): void {
  const last = (e: unknown): void => {
    if (closedPipe(e)) return;
    process.exit(reportError(prefix, e));
  };
  process.on('uncaughtException', last);
  process.on('unhandledRejection', last);
}

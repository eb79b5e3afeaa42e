/**
 * vmm-sdat's log format (analysis.md §15.1): `|HH:MM:SS.mmm| ` + level right-aligned
 * to 9 characters in parentheses + ` [Section] ` + message. Platform-neutral: lines go
 * to an injected writer.
 */
import type { LogLevel } from './options.js';

const ORDER: Record<LogLevel | 'NONE', number> = { FATAL: 0, STATUS: 1, ERROR: 2, WARNING: 3, INFO: 4, DEBUG: 5, TRACE: 6, NONE: 6 };

export class Logger {
  /** Initially vmm-sdat's NONE level, which shows everything up to DEBUG/TRACE. */
  level: LogLevel | 'NONE' = 'NONE';

  constructor(private readonly write: (line: string) => void) {}

  /** Writes an already formatted line (e.g. one logged in a worker thread). */
  raw(line: string): void {
    this.write(line);
  }

  enabled(level: LogLevel): boolean {
    return ORDER[level] <= ORDER[this.level];
  }

  log(level: LogLevel, section: string, message: string): void {
    if (!this.enabled(level)) return;
    const d = new Date();
    const p = (n: number, w = 2): string => String(n).padStart(w, '0');
    const stamp = `|${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}|`;
    this.write(`${stamp} ${`(${level})`.padStart(9)} [${section}] ${message}\n`);
  }
}

/** A logger that discards everything (library use without console output). */
export function silentLogger(): Logger {
  const l = new Logger(() => {});
  l.level = 'FATAL';
  return l;
}

/**
 * Configuration errors. `exitCode` is what vmm-sdat's convertFile exits with for the
 * same mistake (analysis.md §1–§4): 255 for command-line/usage errors, 134 where the
 * original aborts (uncaught exception), so that scripts checking the status keep working.
 */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly exitCode: 255 | 134,
    /**
     * Usage errors print vmm-sdat's usage block (§2.9); aborts print only the message;
     * 'range': a value vmm-sdat accepts but vmmscope refuses (option-ranges.ts), one line.
     */
    readonly kind: 'usage' | 'abort' | 'silent' | 'range',
    /** The argument shown after the message (`ERROR: <message>: <argument>`). */
    readonly argument?: string,
  ) {
    super(message);
  }

  /**
   * vmmscope's own explanation in words (one line, printed to stderr after vmm-sdat's
   * message, which stays exactly as vmm-sdat prints it).
   */
  hint?: string;

  withHint(hint: string): this {
    this.hint = hint;
    return this;
  }
}

/** Words for a file-system error code (reading a configuration file). */
export function fileProblem(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return `cannot be read (${(e as Error)?.message ?? String(e)})`;
}

export function usageError(message: string, argument?: string): ConfigError {
  return new ConfigError(message, 255, 'usage', argument);
}

export function abortError(message: string): ConfigError {
  return new ConfigError(message, 134, 'abort');
}

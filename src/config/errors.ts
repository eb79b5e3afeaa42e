/**
 * Configuration errors. `exitCode` is what vmm-sdat's convertFile exits with for the
 * same mistake (analysis.md §1–§4): 255 for command-line/usage errors, 134 where the
 * original aborts (uncaught exception), so that scripts checking the status keep working.
 */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly exitCode: 255 | 134,
    /** Usage errors print vmm-sdat's usage block (§2.9); aborts print only the message. */
    readonly kind: 'usage' | 'abort' | 'silent',
    /** The argument shown after the message (`ERROR: <message>: <argument>`). */
    readonly argument?: string,
  ) {
    super(message);
  }
}

export function usageError(message: string, argument?: string): ConfigError {
  return new ConfigError(message, 255, 'usage', argument);
}

export function abortError(message: string): ConfigError {
  return new ConfigError(message, 134, 'abort');
}

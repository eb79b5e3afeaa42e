/** The shape of a CLI command module: `src/cli/commands/<name>.ts` exports `command`. */
export interface Command {
  readonly name: string;
  /** One line for `vmmscope --help`. */
  readonly summary: string;
  /** Runs the command; resolves to the process exit status. */
  run(argv: string[]): Promise<number>;
}

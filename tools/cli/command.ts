/** One `lars <name>` subcommand. `run` resolves to the process exit status. */
export interface Command {
  name: string;
  summary: string;
  /** Full `--help` text: usage line, flags with their defaults. */
  help: string;
  run(argv: string[]): Promise<number>;
}

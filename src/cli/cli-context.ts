/** What a command may touch: its environment and its two output streams. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** stdout: results only (a token goes here and nowhere else). */
  out(text: string): void;
  /** stderr: messages for humans; never a secret. */
  err(text: string): void;
  /** True when stderr is a terminal (progress bars); plain lines otherwise. */
  errIsTerminal?: boolean;
}

export type Command = (args: string[], ctx: CliContext) => Promise<number>;

/**
 * Everything a command may touch outside the program: streams, environment, terminal facts.
 * Commands receive it instead of using `process` so tests can run them in-process.
 */
import type { Writable } from 'node:stream';

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is an interactive terminal (progress with listr2, colour, prompts). */
  isTTY: boolean;
  /** Read one line from the user (only called when isTTY). */
  prompt(question: string): Promise<string>;
}

export interface GlobalOptions {
  config: string;
  color: boolean;
  quiet: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    prompt: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

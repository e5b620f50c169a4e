/** Process-facing helpers for the commands: the only place besides integrations that touches stdout. */
import { importModule } from '../dynamic-import.js';
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
  /** stderr is a terminal: progress lines may be shown there. */
  stderrIsTTY: boolean;
  /** Milliseconds, for progress timing. */
  now: () => number;
  columns?: number;
  /** Ask a question on the terminal; absent when stdin is not a terminal (CI). */
  prompt?: (question: string) => Promise<string>;
  /** YYYY-MM-DD */
  today: string;
}

export function processIo(): Io {
  const io: Io = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: false,
    now: () => performance.now(),
    today: new Date().toISOString().slice(0, 10),
  };
  if (process.stdout.columns) io.columns = process.stdout.columns;
  // Asked only when a command wants to prompt: touching process.stdin builds the stdin stream
  // (with node:net and node:stream, ~5 ms of start-up), and node:tty loads node:net too.
  const ask = async (question: string) => {
    const { createInterface } = await importModule<typeof import('node:readline/promises')>('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
  // process.stderr is built on first use (a pipe's stream loads node:net): not for a check that
  // writes nothing there.
  Object.defineProperty(io, 'stderrIsTTY', { enumerable: true, configurable: true, get: () => Boolean(process.stderr.isTTY) });
  Object.defineProperty(io, 'prompt', { enumerable: true, configurable: true, get: () => (process.stdin.isTTY ? ask : undefined) });
  return io;
}

export function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  // commander sets `color: true` unless --no-color is given, so true means "not said".
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

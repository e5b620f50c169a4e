/** Process-facing helpers for the commands: the only place besides integrations that touches stdout. */
import { fstatSync, statSync, writeSync } from 'node:fs';
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
  const out = stdoutWriter();
  const io: Io = {
    stdout: out.write,
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY: false,
    stderrIsTTY: false,
    now: () => performance.now(),
    today: new Date().toISOString().slice(0, 10),
  };
  if (out.terminal) {
    io.isTTY = Boolean(process.stdout.isTTY);
    if (process.stdout.columns) io.columns = process.stdout.columns;
  }
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
  // writes nothing there, and not to learn that fd 2 is a file, a pipe or /dev/null (one fstat).
  Object.defineProperty(io, 'stderrIsTTY', {
    enumerable: true,
    configurable: true,
    get: () => {
      const kind = stdoutKind(2);
      return kind === 'terminal' || kind === 'unknown' ? Boolean(process.stderr.isTTY) : false;
    },
  });
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

/** What fd 1 is, from one fstat: a terminal needs process.stdout; anything else is written directly. */
export type StdoutKind = 'file' | 'pipe' | 'null' | 'terminal' | 'unknown';

export function stdoutKind(fd = 1): StdoutKind {
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return 'file';
    if (st.isFIFO() || st.isSocket()) return 'pipe';
    if (st.isCharacterDevice()) {
      try {
        if (st.rdev === statSync('/dev/null').rdev) return 'null';
      } catch {
        // no /dev/null (Windows): treat it as a terminal
      }
      return 'terminal';
    }
  } catch {
    // closed or not a descriptor we can look at
  }
  return 'unknown';
}

/**
 * stdout for a command. Building process.stdout costs a few milliseconds of every start (its
 * stream class, and node:tty, which loads node:net, for a pipe or a device): a pre-apply check
 * that writes its review to a file, a pipe or /dev/null writes fd 1 directly with writeSync,
 * which is what process.stdout does for files and (on Linux and macOS) pipes anyway. A terminal,
 * a descriptor fstat cannot describe, or a pipe opened non-blocking by whoever spawned us
 * (EAGAIN, after which the rest goes through process.stdout in order) keeps Node's stream.
 * A closed reader (EPIPE) ends the output silently, as `| head` expects.
 */
export function stdoutWriter(fd = 1, kind: StdoutKind = stdoutKind(fd), fallback: (s: string | Uint8Array) => void = (s) => void process.stdout.write(s)): {
  write: (s: string) => void;
  terminal: boolean;
} {
  if (kind === 'terminal' || kind === 'unknown' || process.platform === 'win32') return { write: (s) => fallback(s), terminal: true };
  let mode: 'direct' | 'stream' | 'closed' = 'direct';
  const write = (s: string): void => {
    if (mode === 'closed' || s.length === 0) return;
    if (mode === 'stream') return fallback(s);
    let buf = Buffer.from(s, 'utf8');
    while (buf.length > 0) {
      let n: number;
      try {
        n = writeSync(fd, buf);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          mode = 'stream';
          return fallback(buf); // a Buffer: a partial write may have split a character
        }
        if (code === 'EPIPE') {
          mode = 'closed';
          return;
        }
        throw e;
      }
      buf = buf.subarray(n);
    }
  };
  return { write, terminal: false };
}

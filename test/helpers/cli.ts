import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { ROOT } from './plans.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An Io that keeps what is written, not a terminal, on a fixed day. */
export function captureIo(env: NodeJS.ProcessEnv = {}, cwd = ROOT, extra: Partial<Io> = {}): { io: Io; out: { stdout: string; stderr: string } } {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdout: (s) => void (out.stdout += s),
    stderr: (s) => void (out.stderr += s),
    env,
    cwd,
    isTTY: false,
    stderrIsTTY: false,
    now: () => Date.now(),
    today: '2026-06-01',
    ...extra,
  };
  return { io, out };
}

/** Run the CLI in-process with a captured Io (fast; no build needed). */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT, extra: Partial<Io> = {}): Promise<CliResult> {
  const { io, out } = captureIo({ PATH: process.env.PATH, ...env }, cwd, extra);
  const code = await main(['node', 'planguard', ...args], io);
  return { code, ...out };
}

/** Run the built CLI as a real process (bin/planguard.js → dist), as a user would. */
export function spawnCli(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/planguard.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

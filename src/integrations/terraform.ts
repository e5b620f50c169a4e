/**
 * Runs terraform (or tofu) for the pre-apply wrapper: `plan -out`, and `apply` of that exact
 * saved plan. The plan's own output goes to stderr, so stdout carries only planguard's review.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { IntegrationError } from '../errors.js';

export interface RunnerOptions {
  tool: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where the tool's own output goes: 'stderr' (default) or nowhere. */
  quiet?: boolean;
}

/** The exit status, and with `quiet` the tool's output (kept to say why it failed). */
function run(opts: RunnerOptions, args: string[], what: string): { status: number; output: string } {
  const r = spawnSync(opts.tool, args, {
    cwd: resolve(opts.cwd),
    env: { ...opts.env, TF_IN_AUTOMATION: '1' },
    stdio: ['ignore', opts.quiet ? 'pipe' : 2, opts.quiet ? 'pipe' : 2],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new IntegrationError(`\`${opts.tool}\` is not on PATH`, missingToolHint(opts.tool));
    throw new IntegrationError(`could not run \`${opts.tool} ${what}\`: ${r.error.message}`);
  }
  return { status: r.status ?? 2, output: opts.quiet ? `${r.stdout ?? ''}\n${r.stderr ?? ''}` : '' };
}

/** The first `Error: ...` line of terraform's output, without its box drawing and colours. */
export function firstError(output: string): string | undefined {
  for (const raw of output.split('\n')) {
    // eslint-disable-next-line no-control-regex
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '').replace(/^[\s\u2502\u2577\u2575]+/, '').trim();
    if (line.startsWith('Error: ')) return line.length > 200 ? `${line.slice(0, 200)}…` : line;
  }
  return undefined;
}

/**
 * What to do when the tool is not found. `--tofu` always runs `tofu` (PLANGUARD_TF_BINARY is
 * read only without it), so each case names only what helps.
 */
export function missingToolHint(tool: string): string {
  if (tool === 'terraform') return 'install it, or pass --tofu for OpenTofu, or set PLANGUARD_TF_BINARY to the binary to run';
  if (tool === 'tofu') return 'install OpenTofu, or drop --tofu and set PLANGUARD_TF_BINARY to the binary to run';
  return 'PLANGUARD_TF_BINARY names it: check that path, or unset it to run terraform';
}

/** `TOOL plan -input=false -out=PLANFILE ARGS...`; throws when no plan was saved. */
export function terraformPlan(opts: RunnerOptions, planFile: string, args: readonly string[]): void {
  const { status, output } = run(opts, ['plan', '-input=false', `-out=${planFile}`, ...args], 'plan');
  if (status !== 0 || !existsSync(planFile)) {
    if (!opts.quiet) throw new IntegrationError(`\`${opts.tool} plan\` failed (exit ${status}); its output is above`);
    const error = firstError(output);
    throw new IntegrationError(`\`${opts.tool} plan\` failed (exit ${status})${error ? `: ${error}` : ''}`, 'run it without --quiet to see its whole output');
  }
}

/** `TOOL apply PLANFILE`: applies exactly the saved plan that was checked. */
export function terraformApply(opts: RunnerOptions, planFile: string): number {
  return run({ ...opts, quiet: false }, ['apply', '-input=false', planFile], 'apply').status;
}

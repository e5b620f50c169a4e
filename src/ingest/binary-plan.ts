/**
 * A saved plan file (`terraform plan -out=plan.out`, a zip) can only be read by the tool that
 * wrote it: run `terraform show -json` (or `tofu`) in the initialised working directory.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';

export interface BinaryPlanOptions {
  /** `terraform` or `tofu`, or a path to either. */
  tool?: string;
  /** The initialised working directory the plan was made in. */
  chdir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Which binary to run: the option, then PLANGUARD_TF_BINARY, then terraform. */
export function chooseTool(opts: BinaryPlanOptions): string {
  return opts.tool ?? opts.env?.PLANGUARD_TF_BINARY ?? process.env.PLANGUARD_TF_BINARY ?? 'terraform';
}

/**
 * Run `TOOL show -json FILE` with its output going straight into `outFile` (no size limit, no
 * copy in memory).
 */
export function convertBinaryPlan(file: string, opts: BinaryPlanOptions, outFile: string): void {
  const tool = chooseTool(opts);
  const cwd = opts.chdir ? resolve(opts.chdir) : process.cwd();
  const outFd = openSync(outFile, 'w');
  let result: ReturnType<typeof spawnSync>;
  try {
    result = spawnSync(tool, ['show', '-json', '-no-color', resolve(file)], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ...opts.env, TF_IN_AUTOMATION: '1' },
      stdio: ['ignore', outFd, 'pipe'],
    });
  } finally {
    closeSync(outFd);
  }
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new InputError(
        file,
        `this is a saved binary plan and reading it needs \`${tool}\`, which is not on PATH`,
        `run \`${tool} show -json ${file} > plan.json\` where ${tool} is installed and give planguard plan.json, or pass --tofu / set PLANGUARD_TF_BINARY`,
      );
    }
    throw new InputError(file, `could not run \`${tool} show -json\`: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const firstLine =
      String(result.stderr || '')
        .split('\n')
        .map((l) => l.replace(/[\u2502\u2577\u2575]/g, '').trim())
        .find((l) => l.length > 0) ?? `exit code ${result.status}`;
    throw new InputError(
      file,
      `\`${tool} show -json\` could not read this plan: ${firstLine}`,
      'run planguard in the initialised working directory the plan was made in, or pass --chdir DIR',
    );
  }
}

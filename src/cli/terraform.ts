/**
 * `planguard terraform [--chdir DIR] [--tofu] [--apply] [-- PLAN ARGS]`: plan, check, review and,
 * with --apply, apply that exact saved plan only when the gate passes (or, on a terminal, after
 * the person types the number of blocking findings to confirm).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { terraformApply, terraformPlan } from '../integrations/terraform.js';
import { chooseTool } from '../ingest/binary-plan.js';
import { analyse, loadSetup, renderReport, type CheckOptions } from './check.js';
import type { Io } from './io.js';

export interface TerraformOptions extends CheckOptions {
  apply?: boolean;
}

export async function terraformCommand(planArgs: string[], opts: TerraformOptions, io: Io): Promise<number> {
  if (planArgs.some((a) => a.startsWith('-out'))) throw new UsageError('do not pass -out: planguard saves the plan itself');
  const tool = opts.tofu ? 'tofu' : chooseTool({ env: io.env });
  const cwd = opts.chdir ?? io.cwd;
  const setup = await loadSetup(opts, io);
  const dir = mkdtempSync(join(tmpdir(), 'planguard-tf-'));
  const planFile = join(dir, 'planguard.tfplan');
  try {
    const runner = { tool, cwd, env: io.env, quiet: Boolean(opts.quiet) };
    io.stderr(`planguard: running \`${tool} plan\` in ${cwd}\n`);
    terraformPlan(runner, planFile, planArgs);
    const report = await analyse(planFile, { ...opts, chdir: cwd, tofu: tool === 'tofu' || opts.tofu }, io, 'the plan', setup);
    io.stdout(renderReport(report, opts, io, {}, setup.rules));
    const blocked = !report.gate.passed;
    if (!opts.apply) return blocked ? 1 : 0;
    if (blocked) {
      const n = report.gate.blocking;
      if (!io.prompt) {
        io.stderr(`planguard: not applied: the gate blocked this plan (${n} blocking finding${n === 1 ? '' : 's'})\n`);
        return 1;
      }
      const answer = (await io.prompt(`This plan is blocked by ${n} finding${n === 1 ? '' : 's'}. To apply it anyway, type ${n}: `)).trim();
      if (answer !== String(n)) {
        io.stderr('planguard: not applied\n');
        return 1;
      }
    }
    io.stderr(`planguard: applying the checked plan with \`${tool} apply\`\n`);
    const status = terraformApply(runner, planFile);
    if (status !== 0) {
      io.stderr(`planguard: \`${tool} apply\` failed (exit ${status})\n`);
      return 2;
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `planguard check PLAN`: read, judge, render, and return the gate's exit code. */
import { UsageError } from '../errors.js';
import { findConfigFile, isSeverity, loadConfigFile, mergeConfig, type RawConfig } from '../engine/config.js';
import { buildReport, type Report } from '../engine/report.js';
import { runRules } from '../engine/run.js';
import type { Severity } from '../engine/types.js';
import { readPlan } from '../ingest/index.js';
import { rules } from '../../rules/index.js';
import { renderJson } from '../render/json.js';
import { renderText } from '../render/text.js';
import { useColor, type Io } from './io.js';
import { progressLine } from './progress.js';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  format?: string;
  failOn?: string;
  protect?: string[];
  config?: string;
  tofu?: boolean;
  chdir?: string;
  color?: boolean;
  quiet?: boolean;
}

export async function analyse(file: string, opts: CheckOptions, io: Io): Promise<Report> {
  if (opts.failOn !== undefined && !isSeverity(opts.failOn)) {
    throw new UsageError(`--fail-on must be one of critical, high, medium, low, info (got ${JSON.stringify(opts.failOn)})`);
  }
  const configFile = opts.config ?? findConfigFile(io.cwd);
  const raw: RawConfig = configFile ? await loadConfigFile(configFile, rules.map((r) => r.id)) : {};
  const cliCfg: { failOn?: Severity; protect?: string[] } = {};
  if (opts.failOn) cliCfg.failOn = opts.failOn as Severity;
  if (opts.protect) cliCfg.protect = opts.protect;
  const config = mergeConfig(raw, cliCfg);
  const readOpts: Parameters<typeof readPlan>[1] = { env: io.env };
  if (opts.tofu) readOpts.tool = 'tofu';
  if (opts.chdir) readOpts.chdir = opts.chdir;
  const progress = progressLine(io, file === '-' ? 'stdin' : file, Boolean(opts.quiet));
  if (progress) readOpts.onProgress = progress.onProgress;
  let plan: ReturnType<typeof readPlan>;
  try {
    plan = readPlan(file, readOpts);
  } finally {
    progress?.done();
  }
  const result = runRules(plan, rules, config, { today: io.today });
  return buildReport(plan, result);
}

export async function check(file: string, opts: CheckOptions, io: Io): Promise<number> {
  const format = (opts.format ?? 'text') as Format;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(opts.format)})`);
  }
  const report = await analyse(file, opts, io);
  if (format === 'json') io.stdout(renderJson(report));
  else {
    const textOpts: Parameters<typeof renderText>[1] = { color: useColor(io, opts.color) };
    if (io.columns) textOpts.width = io.columns;
    io.stdout(renderText(report, textOpts));
  }
  return report.gate.passed ? 0 : 1;
}

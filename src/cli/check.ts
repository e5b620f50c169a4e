/** `planguard check PLAN`: read, judge, render, and return the gate's exit code. */
import { UsageError } from '../errors.js';
import { findConfigFile, isSeverity, loadConfigFile, mergeConfig, type RawConfig } from '../engine/config.js';
import { buildReport, type Report } from '../engine/report.js';
import { runRules } from '../engine/run.js';
import type { Rule, Severity } from '../engine/types.js';
import { readPlan } from '../ingest/index.js';
import { rules } from '../../rules/index.js';
import { writeFileSync } from 'node:fs';
import { FORMATS, isFormat, render, type Format } from '../render/index.js';
import { renderMany } from '../render/multi.js';
import { useColor, type Io } from './io.js';
import { VERSION } from './main.js';
import { progressLine } from './progress.js';

export { FORMATS, type Format };

export interface CheckOptions {
  format?: string;
  failOn?: string;
  protect?: string[];
  config?: string;
  tofu?: boolean;
  chdir?: string;
  color?: boolean;
  quiet?: boolean;
  /** Write the chosen format to this file and the text review to stdout. */
  output?: string;
}

/** The configuration a run uses and its rules: the built-in ones and the config's own (custom rules, plugins). */
export interface Setup {
  configFile?: string;
  raw: RawConfig;
  rules: readonly Rule[];
}

export async function loadSetup(opts: Pick<CheckOptions, 'config' | 'failOn'>, io: Io): Promise<Setup> {
  if (opts.failOn !== undefined && !isSeverity(opts.failOn)) {
    throw new UsageError(`--fail-on must be one of critical, high, medium, low, info (got ${JSON.stringify(opts.failOn)})`);
  }
  const configFile = opts.config ?? findConfigFile(io.cwd);
  const raw: RawConfig = configFile ? await loadConfigFile(configFile, rules.map((r) => r.id)) : {};
  if (!configFile || (!raw.customRules?.length && !raw.plugins?.length)) return { ...(configFile ? { configFile } : {}), raw, rules };
  const { loadRuleSet } = await import('./custom-rules.js');
  return { configFile, raw, rules: await loadRuleSet(configFile, raw, rules, io.cwd) };
}

/** Read, judge and report one plan. `displayName` names the plan in the report and errors. */
export async function analyse(file: string, opts: CheckOptions, io: Io, displayName?: string, setup?: Setup): Promise<Report> {
  const { raw, rules: ruleSet } = setup ?? (await loadSetup(opts, io));
  const cliCfg: { failOn?: Severity; protect?: string[] } = {};
  if (opts.failOn) cliCfg.failOn = opts.failOn as Severity;
  if (opts.protect) cliCfg.protect = opts.protect;
  const config = mergeConfig(raw, cliCfg);
  const readOpts: Parameters<typeof readPlan>[1] = { env: io.env };
  if (opts.tofu) readOpts.tool = 'tofu';
  if (opts.chdir) readOpts.chdir = opts.chdir;
  if (displayName) readOpts.displayName = displayName;
  const progress = progressLine(io, displayName ?? (file === '-' ? 'stdin' : file), Boolean(opts.quiet));
  if (progress) readOpts.onProgress = progress.onProgress;
  let plan: ReturnType<typeof readPlan>;
  try {
    plan = readPlan(file, readOpts);
  } finally {
    progress?.done();
  }
  const result = runRules(plan, ruleSet, config, { today: io.today });
  return buildReport(plan, result, { secretPatterns: config.secretPatterns.map((p) => new RegExp(p, 'i')) });
}

/** Judge every plan (directories expanded); one combined gate. Any unreadable plan: exit 2. */
export async function analyseAll(files: readonly string[], opts: CheckOptions, io: Io, setup?: Setup): Promise<Report[]> {
  const { expandPlanArgs } = await import('./plans.js');
  const plans = expandPlanArgs(files, io.cwd);
  const reports: Report[] = [];
  const s = setup ?? (await loadSetup(opts, io));
  for (const f of plans) reports.push(await analyse(f, opts, io, undefined, s));
  return reports;
}

export async function check(files: string | readonly string[], opts: CheckOptions, io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  if (!isFormat(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(opts.format)})`);
  }
  const setup = await loadSetup(opts, io);
  const reports = await analyseAll(typeof files === 'string' ? [files] : files, opts, io, setup);
  // HTML: its renderer (and what draws the graph) is loaded for this format only.
  const html = format === 'html' ? (await import('../render/html.js')).renderHtml(reports, { toolVersion: VERSION }) : undefined;
  if (html !== undefined && opts.output === undefined) {
    io.stdout(html);
    return reports.every((r) => r.gate.passed) ? 0 : 1;
  }
  if (opts.output !== undefined) {
    // The chosen format to the file (SARIF for code scanning, say), the text review to the log.
    try {
      writeFileSync(opts.output, html ?? renderReports(reports, opts, io, { fileOutput: true }, setup.rules));
    } catch (e) {
      throw new UsageError(`cannot write --output ${opts.output}: ${(e as Error).message.split('\n')[0]}`);
    }
    io.stdout(renderReports(reports, { ...opts, format: 'text' }, io, {}, setup.rules));
  } else io.stdout(renderReports(reports, opts, io, {}, setup.rules));
  return reports.every((r) => r.gate.passed) ? 0 : 1;
}

/** One or several reports in the format the options ask for. */
export function renderReports(reports: readonly Report[], opts: CheckOptions, io: Io, where: { fileOutput?: boolean } = {}, ruleSet: readonly Rule[] = rules): string {
  if (reports.length === 1) return renderReport(reports[0]!, opts, io, where, ruleSet);
  const format: Format = isFormat(opts.format ?? 'text') ? ((opts.format ?? 'text') as Format) : 'text';
  const o: Parameters<typeof render>[2] = { color: where.fileOutput ? false : useColor(io, opts.color), rules: ruleSet, toolVersion: VERSION };
  if (io.columns && !where.fileOutput) o.width = io.columns;
  return renderMany(reports, format, o);
}

/** The report in the format the options ask for. */
export function renderReport(report: Report, opts: CheckOptions, io: Io, where: { fileOutput?: boolean } = {}, ruleSet: readonly Rule[] = rules): string {
  const format: Format = isFormat(opts.format ?? 'text') ? ((opts.format ?? 'text') as Format) : 'text';
  const o: Parameters<typeof render>[2] = { color: where.fileOutput ? false : useColor(io, opts.color), rules: ruleSet, toolVersion: VERSION };
  if (io.columns && !where.fileOutput) o.width = io.columns;
  return render(report, format, o);
}

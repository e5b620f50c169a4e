/**
 * `planguard comment PLAN`: judge the plan (or re-render a saved JSON report with --from), print
 * the review, post it as one pull/merge request comment that later runs update, and exit with
 * the gate's code (0 pass, 1 blocked), so one CI step both comments and blocks.
 *
 * Order, so the verdict is never lost: the text review goes to stdout and the Markdown review to
 * $GITHUB_STEP_SUMMARY (when set) BEFORE anything is posted. If posting then fails (a missing
 * variable, or an API error after retries), one line on stderr names the variable or the status
 * and endpoint, and the exit code is 2 (an error, as for every integration failure).
 *
 * This module is imported by main.ts for every command: it must stay light (it and the shared
 * integrations/comment.ts load in about 6 ms). The analysis, the renderers, the platform clients
 * and octokit are imported only when `comment` runs.
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { InputError, IntegrationError, UsageError } from '../errors.js';
import type { Report } from '../engine/report.js';
import { ApiError, BEHAVIORS, Deadline, PLATFORMS, seconds, upsertComment, withMarker, type Behavior, type CommentBodies, type CommentThread, type Platform } from '../integrations/comment.js';
import type { Io } from './io.js';
import { collectGlob } from './options.js';
import { importModule } from '../dynamic-import.js';

export interface CommentOptions {
  from?: string;
  key?: string;
  pr?: string;
  behavior?: Behavior;
  platform?: Platform;
  dryRun?: boolean;
  timeout?: string;
  reportUrl?: string;
  failOn?: string;
  protect?: string[];
  config?: string;
  tofu?: boolean;
  chdir?: string;
  color?: boolean;
  quiet?: boolean;
}

/** `--timeout` in seconds: well under a CI job's patience. */
export const DEFAULT_TIMEOUT_S = 60;
/**
 * Each request's own timeout: a third of `--timeout` (so a silent server is tried about three
 * times), at most 20 s, and never past what is left of the deadline.
 */
export function requestTimeoutMs(totalMs: number): number {
  return Math.min(20_000, Math.max(100, Math.floor(totalMs / 3)));
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_S * 1000;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > 3600) throw new UsageError(`--timeout must be a number of seconds from 0.1 to 3600 (got ${JSON.stringify(value)})`);
  return Math.max(100, Math.round(n * 1000));
}

export function registerCommentCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('comment')
    .description('post the review as one pull/merge request comment, updated on every run; exit 0 pass, 1 blocked, 2 error')
    .argument('[plans...]', 'plan JSON, a saved binary plan, a Pulumi preview, - for stdin, or a directory; several plans make one comment (or --from report.json)')
    .option('--from <report>', 're-render a saved `planguard check --format json` report instead of judging a plan')
    .option('-k, --key <key>', 'which comment this run owns: one per stack or directory in a monorepo', 'default')
    .option('--pr <number>', 'pull request (GitHub) or merge request IID (GitLab); default: from the CI environment')
    .addOption(new Option('--behavior <behavior>', 'update the previous comment, add a new one, or add one and delete the previous').choices(BEHAVIORS).default('update'))
    .addOption(new Option('--platform <platform>', 'where to post; default: github when GITHUB_ACTIONS=true, gitlab when GITLAB_CI=true').choices(PLATFORMS))
    .option('--dry-run', 'print the comment that would be posted; no request is made')
    .option('--report-url <url>', 'link the comment to the HTML review (planguard check --format html) kept at this http(s) address, e.g. the CI job\'s artifact')
    .option('--timeout <seconds>', 'the most every request to the API may take in all, retries and waits included; then exit 2', String(DEFAULT_TIMEOUT_S))
    .option('--fail-on <severity>', 'lowest severity that blocks: critical, high, medium, low, info (default: high)')
    .option('-p, --protect <glob>', 'address glob whose delete or replace is critical (repeatable)', collectGlob)
    .option('-c, --config <file>', 'configuration file (default: .planguard.yml in the working directory or repository root)')
    .option('--tofu', 'read a saved binary plan with `tofu` instead of `terraform`')
    .option('-C, --chdir <dir>', 'initialised working directory for reading a saved binary plan')
    .option('--no-color', 'no colours in the text review (also: NO_COLOR)')
    .option('-q, --quiet', 'no progress line on stderr while a large plan is read')
    .action(async (plans: string[], opts: CommentOptions) => {
      setExit(await runComment(plans, opts, io));
    });
}

/** Environment variables that say which platform this CI run is on. */
export function detectPlatform(env: NodeJS.ProcessEnv): Platform | undefined {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  return undefined;
}

export async function runComment(planArgs: string | readonly string[] | undefined, opts: CommentOptions, io: Io): Promise<number> {
  const plans = planArgs === undefined ? [] : typeof planArgs === 'string' ? [planArgs] : planArgs;
  const key = opts.key ?? 'default';
  if (key.trim() === '' || key.length > 200) throw new UsageError('--key must be 1 to 200 characters');
  let pr: number | undefined;
  if (opts.pr !== undefined) {
    if (!/^\d+$/.test(opts.pr) || Number(opts.pr) <= 0) throw new UsageError(`--pr must be a positive integer (got ${JSON.stringify(opts.pr)})`);
    pr = Number(opts.pr);
  }
  const behavior: Behavior = opts.behavior ?? 'update';
  const timeoutMs = parseTimeout(opts.timeout);

  let reports: Report[];
  if (opts.from !== undefined) {
    if (plans.length > 0) throw new UsageError('give a plan or --from REPORT, not both');
    const judging = (['failOn', 'protect', 'config', 'tofu', 'chdir'] as const).filter((k) => opts[k] !== undefined);
    if (judging.length > 0) {
      throw new UsageError(`--from re-renders a judged report: ${judging.map(flagName).join(', ')} cannot change it`, 'judge the plan again with planguard comment PLAN');
    }
    reports = readReports(opts.from);
  } else {
    if (plans.length === 0) throw new UsageError('missing the plan: planguard comment PLAN (or --from report.json)');
    const { analyseAll } = await import('./check.js');
    reports = await analyseAll(plans, opts, io);
  }
  const gateCode = reports.every((r) => r.gate.passed) ? 0 : 1;
  const link = opts.reportUrl === undefined ? '' : reportLink(opts.reportUrl);
  const made = await commentBodies(reports);
  const bodies: CommentBodies = link ? { full: `${made.full.trimEnd()}\n\n${link}\n`, fallback: `${made.fallback.trimEnd()}\n\n${link}\n` } : made;

  if (io.env.GITHUB_STEP_SUMMARY) await writeStepSummary(io, io.env.GITHUB_STEP_SUMMARY, bodies);

  const platform = opts.platform ?? detectPlatform(io.env);

  if (opts.dryRun) {
    io.stdout(`${withMarker(bodies.full, key)}\n`);
    let where = ' (platform unknown: neither GITHUB_ACTIONS nor GITLAB_CI is true; pass --platform)';
    if (platform) {
      try {
        where = ` to ${(await target(platform, io.env, pr)).where}`;
      } catch (e) {
        if (!(e instanceof IntegrationError)) throw e;
        where = ` (posting would fail now: ${e.message})`;
      }
    }
    io.stderr(`planguard: dry run: would post the comment above${where}, key ${JSON.stringify(key)}, behavior ${behavior}; no request made\n`);
    if (platform === 'github' && withMarker(bodies.full, key).length > GITHUB_MAX_BODY) {
      io.stderr(`planguard: dry run: the review has ${withMarker(bodies.full, key).length} characters, over GitHub's ${GITHUB_MAX_BODY}: the short version would be posted\n`);
    }
    return gateCode;
  }

  const { renderReports } = await import('./check.js');
  io.stdout(renderReports(reports, { format: 'text', ...(opts.color !== undefined ? { color: opts.color } : {}) }, io));

  if (!platform) {
    throw new UsageError('cannot tell GitHub from GitLab: pass --platform github or --platform gitlab', 'neither GITHUB_ACTIONS nor GITLAB_CI is set to true');
  }
  const verdict = `the review above is the gate's verdict: ${gateCode === 0 ? 'pass' : 'blocked'}`;
  // The deadline starts with the first request: reading and judging the plan do not count.
  const deadline = new Deadline(timeoutMs);
  const t = await target(platform, io.env, pr, deadline, (m) => io.stderr(`planguard: ${m}\n`));
  try {
    const r = await upsertComment(await t.thread(), bodies, { key, behavior });
    const what = r.action === 'unchanged' ? 'comment unchanged (no write)' : `comment ${r.action}`;
    const extra = [
      r.adopted ? 'the create got no clear answer: the comment it made was found and kept' : '',
      r.deleted > 0 ? `deleted ${r.deleted} earlier` : '',
      r.duplicates > 0 ? `deleted ${r.duplicates} duplicate${r.duplicates === 1 ? '' : 's'} of this key` : '',
      r.body === 'full'
        ? ''
        : `the full review is too long for a comment: ${r.action === 'unchanged' ? 'it holds' : 'posted'} the short version${r.body === 'truncated' ? ', truncated' : ''}`,
    ].filter(Boolean);
    io.stderr(`planguard: ${what} on ${t.where} (key ${JSON.stringify(key)})${r.comment.url ? `: ${r.comment.url}` : ''}${extra.length ? `; ${extra.join('; ')}` : ''}\n`);
  } catch (e) {
    if (e instanceof ApiError) {
      const name = platform === 'github' ? 'GitHub' : 'GitLab';
      const tries = e.attempts > 1 ? ` (after ${e.attempts} attempts)` : '';
      // No answer: say where it was sent and how long it waited.
      const host = e.status === undefined ? ` at ${t.host}` : '';
      const gaveUp = e.deadlineMs !== undefined ? `; gave up at the ${seconds(e.deadlineMs)} deadline (--timeout)` : '';
      throw new IntegrationError(`${name} API${host}: ${e.message}${tries}${gaveUp}`, `${statusHint(platform, e.status)}${verdict}`);
    }
    throw e;
  }
  return gateCode;
}

/**
 * The comment's line that links to the HTML review. The address comes from the CI configuration,
 * not the plan, but is checked as if hostile: http(s) only, no user or password, and every
 * character Markdown could read as the end of the link percent-encoded.
 */
export function reportLink(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--report-url must be an http(s) address (got ${JSON.stringify(raw)})`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw new UsageError(`--report-url must be an http(s) address without a user or password (got ${JSON.stringify(raw)})`);
  }
  const href = url.href.replace(/[()<>\[\]\s`"'\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `**The full review as a page, with the blast radius drawn:** [review.html](<${href}>)`;
}

function flagName(k: string): string {
  return k === 'failOn' ? '--fail-on' : `--${k}`;
}

function statusHint(platform: Platform, status: number | undefined): string {
  if (status === 401) return 'the token was refused; ';
  if (status === 403) {
    return platform === 'github'
      ? 'the token may lack permission (permissions: pull-requests: write; a fork\'s pull request gets a read-only token); '
      : 'the token may lack the api scope or access to the project; ';
  }
  if (status === 404) return 'the repository or pull request does not exist, or the token cannot see it; ';
  return '';
}

interface Target {
  where: string;
  /** host[:port] of the API, for a request that got no answer. */
  host: string;
  thread: () => Promise<CommentThread>;
}

/** Resolve the platform's target from the environment (throws IntegrationError naming what is missing). */
async function target(platform: Platform, env: NodeJS.ProcessEnv, pr: number | undefined, deadline?: Deadline, log?: (m: string) => void): Promise<Target> {
  const onRetry = log
    ? ({ error, attempt, attempts, delayMs }: { error: { status: number | undefined; endpoint: string }; attempt: number; attempts: number; delayMs: number }) =>
        log(`${error.status ?? 'no answer'} from ${error.endpoint}; retrying in ${Math.ceil(delayMs / 1000)}s (attempt ${attempt + 1} of ${attempts})`)
    : undefined;
  const retry = { ...(onRetry ? { onRetry } : {}), ...(deadline ? { deadline } : {}) };
  const timeoutMs = requestTimeoutMs(deadline?.totalMs ?? DEFAULT_TIMEOUT_S * 1000);
  const resolveOpts = pr === undefined ? {} : { pr };
  if (platform === 'github') {
    const gh = await import('../integrations/github.js');
    const t = gh.resolveGitHubTarget(env, resolveOpts);
    return {
      where: `github ${t.owner}/${t.repo}#${t.number}`,
      host: hostOf(t.apiUrl),
      thread: () => gh.gitHubThread(t, { retry, timeoutMs, userAgent: 'planguard', warn: (m) => log?.(m) }),
    };
  }
  const gl = await import('../integrations/gitlab.js');
  const t = gl.resolveGitLabTarget(env, resolveOpts);
  return { where: `gitlab ${t.projectId}!${t.iid}`, host: hostOf(t.apiUrl), thread: async () => gl.gitLabThread(t, { retry, timeoutMs, userAgent: 'planguard' }) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A saved `planguard check --format json` output: one report, or `{version: 1, plans: [...]}`. */
export function readReports(file: string): Report[] {
  const doc = readJsonFile(file);
  const plans = (doc as { plans?: unknown } | null)?.plans;
  if (Array.isArray(plans)) {
    if ((doc as { version?: unknown }).version !== 1) throw new InputError(file, 'not a planguard JSON report of version 1');
    if (plans.length === 0) throw new InputError(file, 'the report holds no plans');
    return plans.map((p) => checkReport(file, p));
  }
  return [checkReport(file, doc)];
}

/** A saved `planguard check --format json` report (contract version 1), checked enough to render. */
export function readReport(file: string): Report {
  return checkReport(file, readJsonFile(file));
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InputError(file, 'not JSON: --from takes the output of planguard check --format json');
  }
}

function checkReport(file: string, doc: unknown): Report {
  const r = doc as Partial<Report> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new InputError(file, 'not a planguard JSON report');
  if (r.version !== 1) throw new InputError(file, `not a planguard JSON report of version 1 (version: ${JSON.stringify(r.version)})`);
  const gate = r.gate as Partial<Report['gate']> | undefined;
  if (!gate || typeof gate.passed !== 'boolean' || typeof gate.failOn !== 'string' || typeof gate.blocking !== 'number') {
    throw new InputError(file, 'the report has no valid gate (gate.passed, gate.failOn, gate.blocking)');
  }
  if (!Array.isArray(r.findings)) throw new InputError(file, 'the report has no findings list');
  if (!r.summary || typeof r.summary !== 'object') throw new InputError(file, 'the report has no summary');
  if (!r.source || typeof r.source !== 'object') throw new InputError(file, 'the report has no source');
  return { acknowledgments: [], changes: [], ...r } as Report;
}

/** GitHub's limit for a comment body, in characters. */
const GITHUB_MAX_BODY = 65_536;

/** GitHub refuses a step summary over 1 MiB; then the short version is written. */
const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

async function writeStepSummary(io: Io, path: string, bodies: CommentBodies): Promise<void> {
  const { appendFileSync } = await importModule<typeof import('node:fs')>('node:fs');
  const body = Buffer.byteLength(bodies.full) < STEP_SUMMARY_MAX_BYTES ? bodies.full : bodies.fallback;
  try {
    appendFileSync(path, `${body.trimEnd()}\n\n`);
  } catch (e) {
    // The summary is a copy of what the log and the comment carry: a warning, not a failure.
    io.stderr(`planguard: warning: cannot write GITHUB_STEP_SUMMARY ${path}: ${(e as Error).message.split('\n')[0]}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// The comment's bodies: the full review (trimmed by the renderer to fit a comment) and the short
// form (verdict and findings) posted when the platform refuses the full one as too long.

export async function commentBodies(reports: Report | readonly Report[]): Promise<CommentBodies> {
  const list = Array.isArray(reports) ? (reports as readonly Report[]) : [reports as Report];
  const { renderMarkdown, renderMarkdownSummary } = await import('../render/markdown.js');
  if (list.length === 1) return { full: renderMarkdown(list[0]!), fallback: renderMarkdownSummary(list[0]!) };
  const { renderMany } = await import('../render/multi.js');
  const { rules } = await import('../../rules/index.js');
  const full = renderMany(list, 'markdown', { color: false, rules, toolVersion: '' });
  const each = Math.floor(20_000 / list.length);
  const fallback = list.map((r) => renderMarkdownSummary(r, { budget: each }).replace(/^## /m, `### ${r.source.file.replace(/[`<>@]/g, '')}: `)).join('\n---\n\n');
  return { full, fallback };
}

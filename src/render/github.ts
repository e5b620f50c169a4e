/**
 * `--format github`: GitHub Actions workflow commands. One annotation per finding (blocking →
 * error, acknowledged or info → notice, the rest → warning), within GitHub's caps (10 per level
 * per step, 50 per job: at most 10 per level here, 30 in all); when a level has more, its tenth
 * annotation says how many were left out. Then the whole text review in a collapsed log group.
 *
 * Plan text cannot issue a command: annotation messages are percent-encoded (no line break
 * survives), and the review is printed between `::stop-commands::TOKEN` and `::TOKEN::`, the
 * token a hash of the review itself, which the review therefore cannot contain.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../engine/report.js';
import type { Finding } from '../engine/types.js';
import { ghData, ghProperty, safeProse } from './escape.js';
import { renderText } from './text.js';
import { plural } from './review.js';

export interface GithubOptions {
  /** Annotations per level (GitHub shows 10 per level per step). */
  maxPerLevel?: number;
  /** Shown when annotations were left out (default: the `planguard check` command for the plan). */
  fullReviewHint?: string;
}

type Level = 'error' | 'warning' | 'notice';

export function annotationLevel(f: Finding): Level {
  if (f.blocking) return 'error';
  if (f.acknowledged || f.severity === 'info') return 'notice';
  return 'warning';
}

function command(level: Level, title: string, message: string): string {
  return `::${level} title=${ghProperty(safeProse(title))}::${ghData(safeProse(oneLine(message)))}`;
}

/**
 * A line break and the blank space around it (a `moved` block, an option to paste) as one space.
 * Split rather than one regular expression: a run of spaces in a plan string would make a
 * backtracking pattern quadratic.
 */
function oneLine(s: string): string {
  const lines = s.split(/\r\n|[\r\n\u2028\u2029]/);
  if (lines.length === 1) return s;
  const out: string[] = [];
  for (const l of lines) {
    const t = l.trim();
    if (t !== '') out.push(t);
  }
  return out.join(' ');
}

export function renderGithub(report: Report, opts: GithubOptions = {}): string {
  return renderGithubMany([report], opts);
}

/**
 * Several plans in one step share GitHub's caps: the findings of every plan are pooled by level
 * (titles name the plan when there are several), then the text reviews follow in one log group.
 */
export function renderGithubMany(reports: readonly Report[], opts: GithubOptions = {}): string {
  const max = Math.max(1, Math.min(10, opts.maxPerLevel ?? 10));
  const many = reports.length > 1;
  const hint = opts.fullReviewHint ?? `planguard check ${reports.map((r) => r.source.file).join(' ')}`;
  const byLevel = new Map<Level, { f: Finding; plan: string }[]>([
    ['error', []],
    ['warning', []],
    ['notice', []],
  ]);
  for (const r of reports) for (const f of r.findings) byLevel.get(annotationLevel(f))?.push({ f, plan: r.source.file });
  const out: string[] = [];
  let left = 0;
  let total = 0;
  for (const [level, fs] of byLevel) {
    total += fs.length;
    const shown = fs.length > max ? fs.slice(0, max - 1) : fs;
    for (const { f, plan } of shown) {
      const tag = f.acknowledged ? 'acknowledged' : f.blocking ? 'blocking' : 'not blocking';
      out.push(command(level, `planguard: ${f.severity} ${f.ruleId} (${tag})${many ? ` in ${plan}` : ''}`, `${f.message} Fix: ${f.fix}`));
    }
    if (fs.length > shown.length) {
      const n = fs.length - shown.length;
      left += n;
      out.push(command(level, `planguard: ${plural(n, `more ${level}`)}`, `${plural(n, 'more finding')} at this level not annotated (GitHub shows at most ${max} per level). See the whole review in this job's log or with: ${hint}`));
    }
  }
  const review = reports
    .map((r) => (many ? `plan: ${r.source.file}\n` : '') + renderText(r, { color: false }))
    .join('\n');
  const token = `planguard-${createHash('sha256').update(review).digest('hex').slice(0, 32)}`;
  const annotated = total - left;
  const passed = reports.every((r) => r.gate.passed);
  out.push(
    `planguard: ${passed ? 'PASS' : 'BLOCKED'}: ${plural(total, 'finding')}${many ? ` in ${plural(reports.length, 'plan')}` : ''}, ${annotated} annotated${left > 0 ? `, ${left} left out (see the review below)` : ''}`,
    '::group::planguard review',
    `::stop-commands::${token}`,
    review.trimEnd(),
    `::${token}::`,
    '::endgroup::',
  );
  return `${out.join('\n')}\n`;
}

/**
 * Helpers for the renderer tests: a Report from a real fixture through the real pipeline, every
 * format rendered from it, and a checker that reads Markdown the way CommonMark/GFM and GitHub
 * do, strictly enough to catch live HTML, early-closing fences, mentions, issue links and tables.
 */
import { buildReport, type Report } from '../../src/engine/report.js';
import { runRules } from '../../src/engine/run.js';
import { DEFAULT_CONFIG, type Rule } from '../../src/engine/types.js';
import type { Plan } from '../../src/model/types.js';
import { render, FORMATS, type Format } from '../../src/render/index.js';
import { renderHtml } from '../../src/render/html.js';
import { rules as allRules } from '../../rules/index.js';
import { loadPlan } from '../helpers/plans.js';
import { expect } from 'vitest';

export interface ReportOpts {
  protect?: string[];
  rules?: readonly Rule[];
  secretPatterns?: RegExp[];
  failOn?: typeof DEFAULT_CONFIG.failOn;
}

export function reportOf(plan: Plan, o: ReportOpts = {}): Report {
  const config = { ...DEFAULT_CONFIG, protect: o.protect ?? [], failOn: o.failOn ?? DEFAULT_CONFIG.failOn };
  const result = runRules(plan, o.rules ?? allRules, config, { today: '2026-06-01' });
  return buildReport(plan, result, o.secretPatterns ? { secretPatterns: o.secretPatterns } : {});
}

export function reportFor(rel: string, o: ReportOpts = {}): Report {
  return reportOf(loadPlan(rel), o);
}

export function renderAs(report: Report, format: Format, extra: { color?: boolean; width?: number; budget?: number } = {}): string {
  const o: Parameters<typeof render>[2] = { color: extra.color ?? false, rules: allRules, toolVersion: '0.1.0' };
  if (extra.width !== undefined) o.width = extra.width;
  if (extra.budget !== undefined) o.budget = extra.budget;
  if (format === 'html') return renderHtml(report, { toolVersion: '0.1.0' });
  return render(report, format, o);
}

/** Every format, plus the text view in colour and at a narrow width. */
export function everyOutput(report: Report): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FORMATS) out[f] = renderAs(report, f);
  out['text-color'] = renderAs(report, 'text', { color: true, width: 100 });
  out['text-narrow'] = renderAs(report, 'text', { width: 50 });
  out['markdown-small'] = renderAs(report, 'markdown', { budget: 3000 });
  // The JSON report re-read and re-rendered (planguard comment --from report.json).
  const reread = JSON.parse(out.json as string) as Report;
  out['markdown-reread'] = renderAs(reread, 'markdown');
  out['text-reread'] = renderAs(reread, 'text');
  return out;
}

/** Visible width of a line: no ANSI colour codes, one column per code point. */
export function visibleWidth(line: string): number {
  // eslint-disable-next-line no-control-regex
  return Array.from(line.replace(/\u001b\[[0-9;]*m/g, '')).length;
}

// ---------------------------------------------------------------------------------------------
// Markdown checker

const ALLOWED_TAGS = new Set(['details', 'summary', 'b', 'sub']);

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The line with inline code spans removed (CommonMark: a run of n backticks up to the next run of exactly n), honouring backslash escapes outside code. */
export function stripCodeSpans(line: string): { text: string; problems: string[] } {
  let out = '';
  const problems: string[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '\\' && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch !== '`') {
      out += ch;
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    let j = i + n;
    let close = -1;
    while (j < line.length) {
      const k = line.indexOf('`', j);
      if (k < 0) break;
      let m = 0;
      while (line[k + m] === '`') m++;
      if (m === n) {
        close = k;
        break;
      }
      j = k + m;
    }
    if (close < 0) {
      problems.push(`unmatched backtick run of ${n} (could pair with a later line): ${line}`);
      out += '`'.repeat(n);
      i += n;
    } else {
      out += ' CODE ';
      i = close + n;
    }
  }
  return { text: out, problems };
}

/**
 * Problems in a Markdown document that planguard wrote: fences that content could close, raw
 * HTML other than the review's own `<details>/<summary>/<b>/<sub>`, unbalanced `<details>`,
 * mentions, issue links, autolinks, link/image syntax, table syntax, or raw control characters.
 */
export function markdownProblems(md: string): string[] {
  return markdownScan(md).problems;
}

/** The problems, every fence line in order (opening and closing) as a reader would pair them, and the `<details>` opened outside code. */
export function markdownScan(md: string): { problems: string[]; fences: string[]; details: number } {
  const problems: string[] = [];
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(md)) problems.push('raw control or bidi character');
  const lines = md.split('\n');
  let fence: { ch: string; n: number } | null = null;
  let depth = 0;
  let details = 0;
  const fences: string[] = [];
  for (const raw of lines) {
    const line = raw.trimStart();
    if (fence) {
      // CommonMark: a line of at least n fence characters (and spaces) closes the fence.
      const m = /^(`+|~+)[ \t]*$/.exec(line);
      if (m && (m[1] as string)[0] === fence.ch && (m[1] as string).length >= fence.n) {
        fence = null;
        fences.push(raw);
      }
      continue;
    }
    const open = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      fences.push(raw);
      const run = open[1] as string;
      if (run[0] === '`' && (open[2] as string).includes('`')) problems.push(`backtick in a fence info string: ${raw}`);
      fence = { ch: run[0] as string, n: run.length };
      continue;
    }
    const { text, problems: p } = stripCodeSpans(line);
    problems.push(...p);
    // Tags (raw, before entities are decoded: an entity is never a tag).
    for (const t of text.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>|<!--|<\?|<![A-Za-z]/g)) {
      const name = (t[2] ?? '').toLowerCase();
      if (!t[2] || !ALLOWED_TAGS.has(name)) {
        problems.push(`raw HTML ${t[0]}: ${raw}`);
        continue;
      }
      const attrs = (t[3] ?? '').trim();
      if (attrs !== '' && !(name === 'details' && attrs === 'open' && t[1] === '')) problems.push(`attributes on <${name}>: ${raw}`);
      if (name === 'details') depth += t[1] ? -1 : 1;
      if (name === 'details' && !t[1]) details++;
      if (depth < 0) problems.push(`</details> before <details>: ${raw}`);
    }
    if (/(^|[^\\])[|]/.test(text)) problems.push(`unescaped | (table syntax) outside code: ${raw}`);
    if (/(^|[^\\])(!?\[)/.test(text)) problems.push(`unescaped [ (link or image syntax) outside code: ${raw}`);
    const decoded = decodeEntities(text.replace(/\\(.)/g, '$1'));
    if (/(^|[^\w`])@[A-Za-z0-9]/.test(decoded)) problems.push(`mention: ${raw}`);
    if (/(^|[^\w&])#\d/.test(decoded)) problems.push(`issue link: ${raw}`);
    if (/\bGH-\d/i.test(decoded)) problems.push(`GH- issue link: ${raw}`);
    if (/[a-z]+:\/\//i.test(decoded)) problems.push(`autolink: ${raw}`);
    if (/\bwww\./i.test(decoded)) problems.push(`www autolink: ${raw}`);
  }
  if (fence) problems.push('a fence is never closed');
  if (depth !== 0) problems.push(`unbalanced <details>: depth ${depth} at the end`);
  return { problems, fences, details };
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands

const COMMAND = /^::(error|warning|notice) title=([^:]*)::(.*)$/;

/** The lines GitHub's runner would read as commands (outside stop-commands), and the review in between. */
export function parseGithub(out: string): { commands: string[]; annotations: { level: string; title: string; message: string }[]; plain: string[]; review: string[] } {
  const lines = out.trimEnd().split('\n');
  const commands: string[] = [];
  const plain: string[] = [];
  const review: string[] = [];
  const annotations: { level: string; title: string; message: string }[] = [];
  let stopToken: string | undefined;
  for (const line of lines) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) {
        stopToken = undefined;
        commands.push(line);
      } else review.push(line);
      continue;
    }
    if (!line.startsWith('::')) {
      plain.push(line);
      continue;
    }
    commands.push(line);
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) {
      stopToken = stop[1];
      continue;
    }
    const m = COMMAND.exec(line);
    if (m) annotations.push({ level: m[1]!, title: m[2]!, message: m[3]! });
  }
  expect(stopToken, 'stop-commands is resumed').toBeUndefined();
  return { commands, annotations, plain, review };
}

export { FORMATS, type Format };

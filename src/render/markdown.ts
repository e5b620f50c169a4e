/**
 * The Markdown review for pull-request comments (GitHub, GitLab): the verdict line first, then
 * every finding (never collapsed, never cut), then the diff in collapsible sections, most
 * dangerous first. The whole comment fits `budget` characters (GitHub's limit is 65,536; the
 * default leaves room for a marker the integration adds): when it does not, the diff is trimmed
 * from the lowest risk up and the comment says what was left out and how to see it all.
 *
 * Text from the plan never becomes markup: prose goes through mdText (entities, backslash
 * escapes, no mention / issue link / autolink), code through mdCode / mdFence (delimiters
 * longer than any backtick run inside), the `<summary>` line through htmlText.
 */
import type { Report } from '../engine/report.js';
import type { Finding } from '../engine/types.js';
import { htmlText, mdCode, mdFence, mdText } from './escape.js';
import { append, countsLine, findingBlocks, footerLine, paragraphs, plural, reviewModel, verdict, type FindingBlock, type GroupView } from './review.js';
import { groupLines, type GroupLineOptions } from './text.js';

export interface MarkdownOptions {
  /** Maximum length of the comment in characters (default 60,000). */
  budget?: number;
  /** How a reader sees the whole review, shown when the diff is trimmed (default: the `planguard check` command for the plan). */
  fullReviewHint?: string;
}

export const DEFAULT_MARKDOWN_BUDGET = 60_000;

const SEVERITY_ICON: Record<FindingBlock['status'], string> = { blocking: '🛑', warning: '⚠️', acknowledged: '✅' };

/**
 * Rule messages are prose with `code` in backticks: each backtick-delimited part becomes a
 * safe code span, everything else escaped prose.
 */
export function mdMessage(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('`', i);
    if (open < 0) break;
    let n = 0;
    while (s[open + n] === '`') n++;
    // The closing run must have exactly n backticks.
    let close = -1;
    let j = open + n;
    while (j < s.length) {
      const k = s.indexOf('`', j);
      if (k < 0) break;
      let m = 0;
      while (s[k + m] === '`') m++;
      if (m === n) {
        close = k;
        break;
      }
      j = k + m;
    }
    if (close < 0) break;
    out += mdText(s.slice(i, open)) + mdCode(s.slice(open + n, close));
    i = close + n;
  }
  return out + mdText(s.slice(i));
}

/** A message or fix: prose paragraphs as escaped text, code paragraphs as fenced blocks, indented by `indent`. */
function mdParagraphs(s: string, indent: string): string[] {
  const out: string[] = [];
  paragraphs(s).forEach((p, i) => {
    const block = p.code ? mdFence(p.text.split('\n')) : mdMessage(p.text);
    const lines = block.split('\n').map((l, j) => (i === 0 && j === 0 ? l : `${indent}${l}`));
    if (i > 0) out.push('');
    append(out, lines);
  });
  return out.length > 0 ? out : [''];
}

function findingItem(f: Finding, withFix: boolean): string[] {
  const msg = mdParagraphs(f.message, '  ');
  const out = [`- ${msg[0]}`, ...msg.slice(1)];
  const sub: string[] = [];
  if (f.replacePaths?.length || f.replaceOrder === 'delete-first') {
    const parts: string[] = [];
    if (f.replacePaths?.length) parts.push(`forced by ${f.replacePaths.map(mdCode).join(', ')}`);
    if (f.replaceOrder === 'delete-first') parts.push('destroyed before its replacement exists');
    sub.push(parts.join('; '));
  }
  if (f.addresses && f.addresses.length > 1) sub.push(`resources: ${f.addresses.map(mdCode).join(', ')}`);
  if (f.dependents?.length) sub.push(`referenced by ${f.dependents.map(mdCode).join(', ')}`);
  if (f.acknowledgment) {
    sub.push(`acknowledged: ${mdText(f.acknowledgment.reason)}${f.acknowledgment.expires ? ` (until ${mdText(f.acknowledgment.expires)})` : ''}`);
  }
  for (const s of sub) out.push(`  - ${s}`);
  if (withFix) {
    const fix = mdParagraphs(f.fix, '    ');
    out.push(`  - **Fix:** ${fix[0]}`);
    append(out, fix.slice(1));
  }
  return out;
}

function findingSection(report: Report): string[] {
  const blocks = findingBlocks(report.findings);
  if (blocks.length === 0) return [];
  const blocking = report.findings.filter((f) => f.blocking).length;
  const out = ['', `### Findings${blocking > 0 ? ` (${blocking} blocking)` : ''}`];
  for (const b of blocks) {
    const status = b.status === 'blocking' ? `${b.findings.length} blocking` : b.status === 'acknowledged' ? `${b.findings.length} acknowledged` : plural(b.findings.length, 'warning');
    out.push('', `${SEVERITY_ICON[b.status]} **${b.severity}** · ${mdCode(b.ruleId)} · ${status}`, '');
    for (const f of b.findings) append(out, findingItem(f, b.fix === undefined));
    const why = mdParagraphs(b.why, '');
    out.push('', `**Why:** ${why[0]}`);
    append(out, why.slice(1));
    if (b.fix !== undefined) {
      const fix = mdParagraphs(b.fix, '');
      out.push('', `**Fix:** ${fix[0]}`);
      append(out, fix.slice(1));
    }
  }
  const notes: string[] = [];
  for (const a of report.acknowledgments ?? []) {
    if (a.status === 'expired') notes.push(`- The acknowledgment of ${mdCode(a.address)} expired on ${mdText(a.expires ?? '?')}; it no longer applies.`);
    else if (a.status === 'stale') notes.push(`- The acknowledgment of ${mdCode(a.address)} matches nothing in this plan; remove it.`);
  }
  if (notes.length) append(out, ['', ...notes]);
  return out;
}

const SECTION_TITLE: Record<string, string> = {
  blocking: 'Changes with blocking findings',
  finding: 'Changes with other findings',
  unknown: 'Unknown actions',
  replace: 'Replace',
  delete: 'Delete',
  forget: 'Forget (removed from state, not destroyed)',
  update: 'Update',
  create: 'Create',
  import: 'Import',
  move: 'Moved, no other change',
};
const OPEN_SECTIONS = new Set(['blocking', 'finding', 'unknown', 'replace', 'delete']);

function sectionKey(g: GroupView): string {
  return g.risk === 'none' ? g.kind : g.risk;
}

interface Section {
  key: string;
  groups: GroupView[];
  blocks: string[][];
}

function sectionText(s: Section): string {
  const instances = s.groups.reduce((n, g) => n + g.members.length, 0);
  const title = `${SECTION_TITLE[s.key] ?? s.key}: ${instances}${s.groups.length > 1 && s.groups.length !== instances ? ` in ${plural(s.groups.length, 'group')}` : ''}`;
  const lines = s.blocks.flat();
  return [`<details${OPEN_SECTIONS.has(s.key) ? ' open' : ''}><summary><b>${htmlText(title)}</b></summary>`, '', mdFence(lines, 'diff'), '', '</details>'].join('\n');
}

const LINE_OPTS: GroupLineOptions = {
  paint: (_s, t) => t,
  width: undefined,
  createAttrs: true,
  maxAttrLines: 40,
  maxMembers: 50,
  padSymbol: false,
};

/**
 * The short form for when even the findings do not fit a comment: the verdict, the counts and as
 * many findings (one line each) as fit `budget`, then how many more there are and where to see
 * them. Always under `budget` characters (default 20,000), whatever the report holds.
 */
export function renderMarkdownSummary(report: Report, opts: MarkdownOptions = {}): string {
  const budget = opts.budget ?? 20_000;
  const v = verdict(report);
  const src = report.source;
  const hint = opts.fullReviewHint ?? `planguard check ${src.file}`;
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
  const out = [
    `## ${v.blocked ? '🛑' : v.text.startsWith('Passed') ? '⚠️' : '✅'} ${v.text}`,
    '',
    `**planguard** · ${mdCode(clip(src.file, 200))}: ${countsLine(report)} · blocks at ${mdCode(report.gate.failOn)} and above`,
    '',
  ];
  const tail = (n: number) => `- … and ${plural(n, 'more finding')}: see the whole review with ${mdCode(clip(hint, 300))} (in CI: the job log).`;
  let used = out.join('\n').length + 400;
  let shown = 0;
  for (const f of report.findings) {
    const icon = SEVERITY_ICON[f.acknowledged ? 'acknowledged' : f.blocking ? 'blocking' : 'warning'];
    const line = `- ${icon} **${f.severity}** ${mdCode(f.ruleId)}: ${mdMessage(clip(f.message.split('\n')[0] ?? '', 600))}`;
    if (used + line.length + 1 > budget) break;
    out.push(line);
    used += line.length + 1;
    shown++;
  }
  if (shown < report.findings.length) out.push(tail(report.findings.length - shown));
  return `${out.join('\n')}\n`;
}

export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const budget = opts.budget ?? DEFAULT_MARKDOWN_BUDGET;
  const model = reviewModel(report);
  const v = verdict(report);
  const src = report.source;
  const head: string[] = [
    `## ${v.blocked ? '🛑' : v.text.startsWith('Passed') ? '⚠️' : '✅'} ${v.text}`,
    '',
    `**planguard** · ${mdCode(src.file)} (${mdText(src.kind)}${src.toolVersion ? ` ${mdText(src.toolVersion)}` : ''}): ${countsLine(report)} · blocks at ${mdCode(report.gate.failOn)} and above`,
    ...findingSection(report),
  ];
  const foot = footerLine(report, model);
  const footLines = foot ? ['', `<sub>${foot}</sub>`] : [];
  const hint = opts.fullReviewHint ?? `planguard check ${src.file}`;

  // Diff blocks in review order; keep them while they fit, lowest risk goes first.
  const blocks = model.groups.map((g) => groupLines(g, LINE_OPTS));
  const fixed = head.join('\n').length + footLines.join('\n').length + 600 + hint.length * 2;
  const sections: Section[] = [];
  let used = fixed;
  let kept = 0;
  for (let i = 0; i < model.groups.length; i++) {
    const g = model.groups[i] as GroupView;
    const block = blocks[i] as string[];
    const size = block.reduce((n, l) => n + l.length + 1, 0);
    const key = sectionKey(g);
    const last = sections[sections.length - 1];
    const overhead = last && last.key === key ? 0 : 200 + (SECTION_TITLE[key]?.length ?? 20);
    // A fence may grow by the longest backtick run: count it.
    if (used + size + overhead > budget) break;
    used += size + overhead;
    kept++;
    if (last && last.key === key) {
      last.groups.push(g);
      last.blocks.push(block);
    } else sections.push({ key, groups: [g], blocks: [block] });
  }
  const out = [...head];
  if (sections.length > 0) out.push('', '### Changes', '', sections.map(sectionText).join('\n'));
  const left = model.groups.slice(kept);
  if (left.length > 0) {
    const byKind = new Map<string, number>();
    for (const g of left) byKind.set(g.kind, (byKind.get(g.kind) ?? 0) + g.members.length);
    const what = [...byKind].map(([k, n]) => `${n} ${k === 'move' ? 'moved' : `to ${k}`}`).join(', ');
    out.push(
      '',
      `**Left out to fit a comment:** the diff of ${what} (${plural(left.length, 'group')}, the lowest risk first; every finding is above). ` +
        `See the whole review with ${mdCode(hint)}, or every attribute with ${mdCode(`${hint} --format json`)}.`,
    );
  }
  append(out, footLines);
  return `${out.join('\n')}\n`;
}

/**
 * The text review for terminals: verdict, findings, then the noise-reduced diff, dangerous
 * changes first. Colour only when asked (the CLI decides: a TTY and no NO_COLOR); lines fit
 * `width` when it is given (values are shortened, prose is wrapped). Every string from the
 * plan goes through escape.ts: no control character or bidi trick reaches the terminal.
 */
import { styleText } from 'node:util';
import type { Report } from '../engine/report.js';
import type { Finding } from '../engine/types.js';
import type { DisplayValue } from '../diff/index.js';
import { stringify } from '../diff/values.js';
import { quoteString, safeLine, safeProse } from './escape.js';
import {
  append,
  countsLine,
  findingBlocks,
  foldedText,
  footerLine,
  paragraphs,
  plural,
  reviewModel,
  SENSITIVE,
  UNKNOWN,
  type AttrLine,
  type GroupView,
  type ReviewModel,
} from './review.js';

export interface TextOptions {
  color: boolean;
  /** Terminal width; without it lines are not wrapped and long values are cut at 160 characters. */
  width?: number;
}

type Style = Parameters<typeof styleText>[0];
export type Paint = (style: Style, s: string) => string;

const noPaint: Paint = (_style, s) => s;

export function renderText(report: Report, opts: TextOptions): string {
  const paint: Paint = opts.color ? (style, s) => styleText(style, s) : noPaint;
  const width = opts.width !== undefined && opts.width >= 40 ? opts.width : undefined;
  const model = reviewModel(report);
  const out: string[] = [...headerLines(report, paint, width)];
  const blocks = findingBlocks(report.findings);
  if (blocks.length > 0) out.push('');
  for (const b of blocks) append(out, findingBlockLines(b, paint, width));
  append(out, ackNotes(report, width));
  const lineOpts: GroupLineOptions = { paint, width, createAttrs: false, maxAttrLines: 20, maxMembers: 20, padSymbol: true };
  if (model.groups.length > 0) out.push('');
  for (const g of model.groups) append(out, groupLines(g, lineOpts));
  const foot = footerLine(report, model);
  if (foot) append(out, ['', ...wrap(safeProse(foot), width, '', '').map((l) => paint('dim', l))]);
  return `${out.join('\n')}\n`;
}

export function headerLines(report: Report, paint: Paint, width?: number): string[] {
  const { gate, summary } = report;
  const d = summary.replace + summary.delete;
  const at = `(blocks at ${gate.failOn} and above)`;
  const words = gate.passed
    ? `PASS  ${d > 0 ? `${plural(d, 'destructive change')}, none blocking` : 'no destructive changes'}`
    : `BLOCKED  ${d > 0 ? `${plural(d, 'destructive change')}, ` : ''}${plural(gate.blocking, 'blocking finding')}`;
  const style: Style = gate.passed ? ['bold', 'green'] : ['bold', 'red'];
  const verdict = width === undefined || words.length + 1 + at.length <= width ? [`${paint(style, words)} ${paint('dim', at)}`] : [paint(style, words), paint('dim', at)];
  const src = report.source;
  const where = `${safeLine(src.file)} (${src.kind}${src.toolVersion ? ` ${safeLine(src.toolVersion)}` : ''}): ${countsLine(report)}`;
  return [...verdict, ...wrap(where, width, '', '  ')];
}

const SEVERITY_STYLE: Record<Finding['severity'], Style> = {
  critical: ['bold', 'red'],
  high: ['bold', 'red'],
  medium: ['bold', 'yellow'],
  low: 'bold',
  info: 'dim',
};

function findingBlockLines(b: ReturnType<typeof findingBlocks>[number], paint: Paint, width: number | undefined): string[] {
  const status = b.status === 'blocking' ? paint('red', `${b.findings.length} blocking`) : b.status === 'acknowledged' ? paint('green', `${b.findings.length} acknowledged`) : paint('yellow', plural(b.findings.length, 'warning'));
  const out = [`${paint(SEVERITY_STYLE[b.severity], b.severity.toUpperCase())} ${paint('bold', safeLine(b.ruleId))}  ${status}`];
  const extras = b.findings.map(extraText);
  const shared = b.findings.length > 1 && extras.every((e) => e === extras[0]) ? extras[0] : undefined;
  b.findings.forEach((f, i) => {
    append(out, proseLines(f.message, width, '  - ', '    '));
    const extra = extras[i] as string;
    if (extra && shared === undefined) append(out, wrap(safeProse(extra), width, '    ', '      ').map((l) => paint('dim', l)));
    if (f.addresses && f.addresses.length > 1) append(out, wrap(safeProse(`resources: ${f.addresses.join(', ')}`), width, '    ', '      ').map((l) => paint('dim', l)));
    if (!b.fix) append(out, proseLines(`fix: ${f.fix}`, width, '    ', '      '));
  });
  // What every finding of the block shares is said once, under the list.
  if (shared) append(out, wrap(safeProse(`all: ${shared}`), width, '  ', '    ').map((l) => paint('dim', l)));
  if (b.fix) append(out, proseLines(`fix: ${b.fix}`, width, '  ', '       '));
  return out;
}

function extraText(f: Finding): string {
  const extra: string[] = [];
  if (f.replacePaths?.length) extra.push(`forced by ${f.replacePaths.join(', ')}`);
  if (f.replaceOrder === 'delete-first') extra.push('destroyed before its replacement exists');
  if (f.dependents?.length) extra.push(`referenced by ${f.dependents.join(', ')}`);
  if (f.acknowledgment) extra.push(`acknowledged: ${f.acknowledgment.reason}${f.acknowledgment.expires ? ` (until ${f.acknowledgment.expires})` : ''}`);
  return extra.join(' · ');
}

/** Prose wrapped at the width; code paragraphs (a `moved` block) kept line by line. */
function proseLines(s: string, width: number | undefined, first: string, rest: string): string[] {
  const out: string[] = [];
  for (const p of paragraphs(s)) {
    if (p.code) for (const l of p.text.split('\n')) out.push(`${rest}  ${safeLine(l)}`);
    else append(out, wrap(safeProse(p.text), width, out.length === 0 ? first : rest, rest));
  }
  return out.length > 0 ? out : [first.trimEnd()];
}

function ackNotes(report: Report, width: number | undefined): string[] {
  const out: string[] = [];
  for (const a of report.acknowledgments ?? []) {
    if (a.status === 'expired') append(out, wrap(safeProse(`note: the acknowledgment of ${a.address} expired on ${a.expires ?? '?'}; it no longer applies`), width, '', '  '));
    else if (a.status === 'stale') append(out, wrap(safeProse(`note: the acknowledgment of ${a.address} matches nothing in this plan; remove it`), width, '', '  '));
  }
  return out.length > 0 ? ['', ...out] : out;
}

// ---------------------------------------------------------------------------------------------
// Groups (shared with the Markdown renderer, which puts them in fenced blocks)

export interface GroupLineOptions {
  paint: Paint;
  width: number | undefined;
  /** List the attributes of creates (Markdown does, the terminal view does not). */
  createAttrs: boolean;
  maxAttrLines: number;
  maxMembers: number;
  /** Right-align the action symbol in three columns (terminal); Markdown `diff` blocks need it in column 0 for colour. */
  padSymbol: boolean;
}

function symbol(g: GroupView): string {
  switch (g.kind) {
    case 'replace':
      return g.replaceOrder === 'create-first' ? '+/-' : '-/+';
    case 'delete':
      return '-';
    case 'forget':
      return '.';
    case 'update':
      return '~';
    case 'create':
      return '+';
    case 'import':
      return '<=';
    case 'move':
      return '->';
    default:
      return '!!';
  }
}

const KIND_STYLE: Record<string, Style> = {
  unknown: ['bold', 'red'],
  replace: ['bold', 'red'],
  delete: ['bold', 'red'],
  forget: 'yellow',
  update: 'yellow',
  create: 'green',
  import: 'cyan',
  move: 'cyan',
};

function describe(g: GroupView): string {
  const n = g.members.length;
  let d: string;
  switch (g.kind) {
    case 'unknown':
      d = `unknown action ${JSON.stringify(g.rawActions)}${n > 1 ? ` ×${n}` : ''}`;
      break;
    case 'replace':
      d = `${n > 1 ? `${n} to replace` : 'replace'} (${g.replaceOrder === 'create-first' ? 'new one created first' : 'destroyed, then created'})`;
      break;
    case 'delete':
      d = n > 1 ? `${n} to delete` : 'delete';
      break;
    case 'forget':
      d = `${n > 1 ? `${n} to forget` : 'forget'} (removed from state, not destroyed)`;
      break;
    case 'move':
      d = n > 1 ? `${n} moved, no other change` : `moved from ${g.members[0]?.change.previousAddress ?? '?'}, no other change`;
      break;
    case 'import':
      d = n > 1 ? `${n} to import` : 'import';
      break;
    default:
      d = n > 1 ? `${n} to ${g.kind}` : g.kind;
  }
  if (g.importing && g.kind !== 'import') d += ' (importing)';
  if (g.kind !== 'move' && n === 1 && g.members[0]?.change.previousAddress) d += `, moved from ${g.members[0].change.previousAddress}`;
  if (g.kind === 'replace' && g.forcedBy.length > 0) d += `, forced by ${g.forcedBy.length > 4 ? `${g.forcedBy.slice(0, 4).join(', ')} …` : g.forcedBy.join(', ')}`;
  if (g.reasons.length > 0) d += `: ${g.reasons.join('; ')}`;
  return safeLine(d);
}

function ellipsize(s: string, max: number): string {
  if (s.length <= max) return s;
  const cps = Array.from(s);
  if (cps.length <= max) return s;
  const tail = Math.min(12, Math.floor(max / 4));
  return `${cps.slice(0, Math.max(1, max - tail - 1)).join('')}…${tail > 0 ? cps.slice(cps.length - tail).join('') : ''}`;
}

export function formatValue(v: DisplayValue | undefined, max: number): string {
  if (v === undefined) return '(none)';
  if (v === SENSITIVE || v === UNKNOWN) return v;
  let s: string;
  if (typeof v === 'string') s = quoteString(v);
  else if (v === null) s = 'null';
  else if (typeof v === 'object') s = safeLine(stringify(v, false));
  else s = String(v);
  return ellipsize(s, max);
}

const NO_WIDTH_VALUE = 160;

/** `before -> after` in `avail` characters: the shorter value whole when it fits, the longer one shortened. */
function pair(before: DisplayValue | undefined, after: DisplayValue | undefined, avail: number | undefined): string {
  if (avail === undefined) return `${formatValue(before, NO_WIDTH_VALUE)} -> ${formatValue(after, NO_WIDTH_VALUE)}`;
  const room = Math.max(12, avail - 4);
  const b = formatValue(before, room);
  const a = formatValue(after, room);
  if (b.length + a.length <= room) return `${b} -> ${a}`;
  const half = Math.floor(room / 2);
  if (b.length <= half) return `${b} -> ${formatValue(after, room - b.length)}`;
  if (a.length <= half) return `${formatValue(before, room - a.length)} -> ${a}`;
  return `${formatValue(before, half)} -> ${formatValue(after, room - half)}`;
}

function attrLines(l: AttrLine, indent: string, o: GroupLineOptions, budgetWidth: number | undefined): string[] {
  const mark = l.kind === 'added' ? '+' : l.kind === 'removed' ? '-' : '~';
  let head = `${indent}${mark} ${ellipsize(safeLine(l.path), 100)}: `;
  let avail = budgetWidth !== undefined ? budgetWidth - head.length : undefined;
  const first: string[] = [];
  const valued = !l.varies && (l.kind === 'added' || l.kind === 'removed' || (l.kind === 'changed' && !l.sensitive && !(l.sub && l.sub.length > 0)));
  if (valued && budgetWidth !== undefined && avail !== undefined && avail < 24) {
    // A long path in a narrow terminal: the values go on the next line.
    first.push(head.trimEnd());
    head = `${indent}    `;
    avail = budgetWidth - head.length;
  }
  const one = avail !== undefined ? Math.max(12, avail) : NO_WIDTH_VALUE;
  let body: string;
  const sub: string[] = [];
  if (l.varies) body = o.paint('dim', '(differs per instance)');
  else if (l.kind === 'added') body = formatValue(l.after, one);
  else if (l.kind === 'removed') body = formatValue(l.before, one);
  else if (l.kind === 'reordered') body = o.paint('dim', 'reordered, no other change');
  else if (l.kind === 'reformatted-json') body = o.paint('dim', 'JSON reformatted, no change');
  else if (l.kind === 'whitespace') body = o.paint('dim', 'whitespace only');
  else if (l.kind === 'unknown') body = UNKNOWN;
  else if (l.sensitive && l.before === SENSITIVE && l.after === SENSITIVE) body = '(sensitive value changed)';
  else if (l.sub && l.sub.length > 0) {
    body = 'JSON changed:';
    for (const s of l.sub) append(sub, attrLines(s, `${indent}    `, o, budgetWidth));
  } else body = pair(l.before, l.after, avail);
  return [...first, `${head}${body}`, ...sub];
}

/** Instance labels joined to fit `room` characters: `["a"], ["b"], … +298 more`. */
function labelList(labels: string[], room: number | undefined): string {
  const maxItems = room === undefined ? 10 : Infinity;
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = ellipsize(safeLine(labels[i] as string), 60);
    const rest = labels.length - i - 1;
    const moreLen = rest > 0 ? ` … +${rest} more`.length : 0;
    if (out.length >= maxItems || (room !== undefined && out.length > 0 && used + l.length + 2 + moreLen > room)) {
      return `${out.join(', ')} … +${labels.length - i} more`;
    }
    out.push(l);
    used += l.length + 2;
  }
  return out.join(', ');
}

/** The lines of one review group. */
export function groupLines(g: GroupView, o: GroupLineOptions): string[] {
  const n = g.members.length;
  const first = g.members[0];
  if (!first) return [];
  const sym = o.padSymbol ? symbol(g).padStart(3) : symbol(g);
  const name = safeLine(n === 1 ? first.change.address : g.group);
  const perInstance = g.kind === 'replace' || g.kind === 'delete' || g.kind === 'forget' || g.kind === 'unknown' || g.kind === 'move';
  const desc = describe(g);
  const riskText = g.risk === 'blocking' ? '[blocking]' : g.risk === 'finding' ? '[finding]' : '';
  const paintRisk = (t: string) => (g.risk === 'blocking' ? o.paint(['bold', 'red'], t) : o.paint('yellow', t));
  const ind = o.padSymbol ? '      ' : '    ';
  const head = `${o.paint(KIND_STYLE[g.kind] ?? 'bold', sym)} ${o.paint('bold', name)}`;
  const headLen = sym.length + 1 + name.length;
  const out: string[] = [];
  const tailLen = 2 + desc.length + (riskText ? 2 + riskText.length : 0);
  if (o.width === undefined || headLen + tailLen <= o.width) {
    out.push(`${head}  ${desc}${riskText ? `  ${paintRisk(riskText)}` : ''}`);
  } else {
    // Too long for the terminal: the description on its own (wrapped) lines under the name.
    out.push(head);
    append(out, wrap(`${desc}${riskText ? `  ${riskText}` : ''}`, o.width, ind, ind));
  }
  if (!perInstance && n > 1) {
    const last = out[out.length - 1] as string;
    const lastLen = out.length === 1 ? headLen + tailLen : visibleLength(last);
    const room = o.width !== undefined ? o.width - lastLen - 2 : undefined;
    if (room === undefined || room >= 24) out[out.length - 1] = `${last}  ${labelList(g.members.map((m) => m.label), room)}`;
    else out.push(`${ind}${labelList(g.members.map((m) => m.label), (o.width as number) - ind.length)}`);
  }
  if (perInstance && n > 1) {
    const shown = g.members.slice(0, o.maxMembers);
    for (const m of shown) {
      const label = safeLine(g.kind === 'move' ? `${m.change.previousAddress ?? '?'} -> ${m.change.address}` : m.label);
      const own = [...m.own].sort((a, b) => Number(b.forces) - Number(a.forces));
      if (own.length === 0) {
        out.push(`${ind}${label}`);
        continue;
      }
      const [top, ...rest] = own;
      const budget = o.width !== undefined ? o.width - ind.length - label.length - 2 : undefined;
      if (budget === undefined || budget >= 44) {
        const inline = attrLines(top as AttrLine, '', o, budget);
        out.push(`${ind}${label}  ${inline[0]}`);
        append(out, inline.slice(1).map((l) => `${ind}  ${l}`));
      } else {
        out.push(`${ind}${label}`);
        append(out, attrLines(top as AttrLine, `${ind}  `, o, o.width));
      }
      for (const r of rest) append(out, attrLines(r, `${ind}  `, o, o.width));
    }
    if (n > shown.length) out.push(o.paint('dim', `${ind}… and ${n - shown.length} more (see --format json)`));
  }
  if (g.kind === 'create' && !o.createAttrs) return out;
  const attr: string[] = [];
  for (const l of g.lines) append(attr, attrLines(l, ind, o, o.width));
  if (g.unknown.length > 0) {
    const paths = ellipsize(safeLine(g.unknown.join(', ')), o.width !== undefined ? Math.max(20, o.width - ind.length - 24) : 200);
    attr.push(`${ind}~ ${paths}: ${o.paint('dim', UNKNOWN)}`);
  }
  if (attr.length === 0 && (g.kind === 'update' || g.kind === 'import' || g.kind === 'replace')) {
    const noise = foldedText(g.folded);
    if (noise) attr.push(o.paint('dim', `${ind}~ only noise changed: ${noise}`));
  }
  if (attr.length > o.maxAttrLines) {
    const more = attr.length - (o.maxAttrLines - 1);
    attr.splice(o.maxAttrLines - 1, attr.length, o.paint('dim', `${ind}… ${more} more attribute lines (see --format json)`));
  }
  append(out, attr);
  return out;
}

/** Wrap prose at `width` (no wrapping without one); long words stay whole. */
export function wrap(text: string, width: number | undefined, firstIndent: string, restIndent: string): string[] {
  if (width === undefined) return [`${firstIndent}${text}`];
  const words = text.split(' ');
  const lines: string[] = [];
  let cur = firstIndent;
  let curLen = visibleLength(firstIndent);
  let empty = true;
  for (const w of words) {
    const wl = visibleLength(w);
    if (!empty && curLen + 1 + wl > width) {
      lines.push(cur);
      cur = restIndent + w;
      curLen = visibleLength(restIndent) + wl;
      continue;
    }
    cur += empty ? w : ` ${w}`;
    curLen += empty ? wl : wl + 1;
    empty = false;
  }
  lines.push(cur);
  return lines;
}

function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}

export type { ReviewModel };

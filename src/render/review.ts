/**
 * The review as every renderer shows it: the Report's groups turned into display entries
 * (labels, the attribute lines every instance shares, the lines that differ per instance),
 * plus the verdict words. Pure functions of the Report; works on a Report re-read from JSON,
 * including one made before `review` and `diff` existed.
 */
import { formatIndex, stripModuleKeys } from '../model/address.js';
import { buildReview, emptyFolded, type ChangeView, type Report, type Review, type ReviewGroup, type ReviewKind } from '../engine/report.js';
import type { Finding } from '../engine/types.js';
import type { AttrChange, AttrChangeKind, DisplayValue, FoldedCounts } from '../diff/index.js';
import { SENSITIVE, UNKNOWN } from '../diff/index.js';
import { stringify } from '../diff/values.js';

export interface AttrLine {
  /** `input.tags.dns_domain`, `ingress[0].cidr_blocks`, `tags["kubernetes.io/role"]` */
  path: string;
  kind: AttrChangeKind;
  before?: DisplayValue;
  after?: DisplayValue;
  /** The values differ between the group's instances: shown without values. */
  varies: boolean;
  forces: boolean;
  sensitive: boolean;
  /** The structural diff inside a JSON string. */
  sub?: AttrLine[];
}

export interface MemberView {
  change: ChangeView;
  /** `["web-001"]`, `module.shard["a"]`, or the whole address when there is no instance key. */
  label: string;
  /** Lines of this instance whose values differ from its peers (replace/delete groups). */
  own: AttrLine[];
  risk: ReviewGroup['risk'];
}

export interface GroupView {
  kind: ReviewKind;
  group: string;
  type: string;
  risk: ReviewGroup['risk'];
  replaceOrder?: 'delete-first' | 'create-first';
  members: MemberView[];
  /** Attribute lines, values shown when every instance has the same ones. */
  lines: AttrLine[];
  /** Paths known only after apply, on every instance. */
  unknown: string[];
  /** Human reasons (action_reason) of the members, distinct. */
  reasons: string[];
  /** Attribute paths that force the replacement, over all members, distinct. */
  forcedBy: string[];
  /** `["delete","archive"]` for unknown actions. */
  rawActions: string[];
  importing: boolean;
  /** Noise folded away, over the members. */
  folded: FoldedCounts;
}

export interface ReviewModel {
  groups: GroupView[];
  hidden: Review['hidden'];
  folded: FoldedCounts;
  /** replaces + deletes */
  destructive: number;
}

/** The attribute-name step of a path, Terraform style. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) out += out ? `.${step}` : step;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out || '(whole value)';
}

const REASONS: Record<string, string> = {
  replace_because_cannot_update: '',
  replace_because_tainted: 'tainted',
  replace_by_request: 'replacement requested (-replace)',
  replace_by_triggers: 'replace_triggered_by',
  delete_because_no_resource_config: 'removed from the configuration',
  delete_because_no_module: 'its module was removed',
  delete_because_wrong_repetition: 'count / for_each switched',
  delete_because_count_index: 'count index no longer exists',
  delete_because_each_key: 'for_each key no longer exists',
  delete_because_no_move_target: 'moved to an address that does not exist',
  read_because_config_unknown: 'configuration known only after apply',
  read_because_dependency_pending: 'a dependency has pending changes',
  read_because_check_nested: 'check block',
};

export function humanReason(reason: string | undefined): string {
  if (!reason) return '';
  return Object.hasOwn(REASONS, reason) ? (REASONS[reason] as string) : reason;
}

/** The instance part of an address, for a group line. */
export function instanceLabel(c: ChangeView): string {
  const keyedModule = c.module !== undefined && stripModuleKeys(c.module) !== c.module;
  const parts: string[] = [];
  if (keyedModule) parts.push(c.module as string);
  if (c.index !== undefined && c.index !== null) parts.push(formatIndex(c.index));
  let label = parts.length > 0 ? parts.join(' ') : c.address;
  if (c.deposed) label += ` (deposed ${c.deposed})`;
  return label;
}

function sameValue(a: DisplayValue | undefined, b: DisplayValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return stringify(a, true) === stringify(b, true);
}

function sameChange(x: AttrChange, y: AttrChange): boolean {
  if (x.kind !== y.kind || x.sensitive !== y.sensitive || x.forcesReplacement !== y.forcesReplacement) return false;
  if (x.kind === 'unknown') return true; // shown as "(known after apply)", whatever it was before
  if (!sameValue(x.before, y.before) || !sameValue(x.after, y.after)) return false;
  const xs = x.jsonDiff ?? [];
  const ys = y.jsonDiff ?? [];
  return xs.length === ys.length && xs.every((c, i) => sameChange(c, ys[i] as AttrChange));
}

export function toLine(c: AttrChange, varies = false): AttrLine {
  const l: AttrLine = { path: formatPath(c.path), kind: c.kind, varies, forces: c.forcesReplacement === true, sensitive: c.sensitive === true };
  if (!varies) {
    if (c.before !== undefined) l.before = c.before;
    if (c.after !== undefined) l.after = c.after;
    if (c.jsonDiff && c.jsonDiff.length > 0) l.sub = c.jsonDiff.map((j) => toLine(j));
  }
  return l;
}

const PER_INSTANCE: ReadonlySet<ReviewKind> = new Set(['replace', 'delete', 'forget', 'unknown', 'move']);

function groupView(report: Report, g: ReviewGroup): GroupView {
  const members = g.members.map((i) => report.changes[i]).filter((c): c is ChangeView => c !== undefined);
  const diffs = members.map((m) => m.diff ?? []);
  // Union of paths, first-seen order; for each path, the members that change it (member order,
  // a member's last change of the path). Sparse, so a group costs its diff entries, not
  // paths × members.
  const order: string[] = [];
  const byPath = new Map<string, { mi: number; c: AttrChange }[]>();
  diffs.forEach((d, mi) => {
    for (const c of d) {
      // Most paths are one attribute name: the name itself is the key, unless it starts like
      // the JSON text of a path (`[`), which every other key is.
      const step = c.path.length === 1 ? c.path[0] : undefined;
      const k = typeof step === 'string' && step.charCodeAt(0) !== 0x5b ? step : JSON.stringify(c.path);
      let at = byPath.get(k);
      if (at === undefined) {
        byPath.set(k, (at = []));
        order.push(k);
      }
      const last = at[at.length - 1];
      if (last !== undefined && last.mi === mi) last.c = c;
      else at.push({ mi, c });
    }
  });
  const lines: AttrLine[] = [];
  const unknown: string[] = [];
  const own: AttrLine[][] = members.map(() => []);
  const perInstance = PER_INSTANCE.has(g.kind);
  for (const k of order) {
    const cs = byPath.get(k) as { mi: number; c: AttrChange }[];
    const first = (cs[0] as { c: AttrChange }).c;
    const uniform = cs.length === members.length && cs.every(({ c }) => sameChange(c, first));
    if (uniform) {
      if (first.kind === 'unknown') unknown.push(formatPath(first.path));
      else lines.push(toLine(first));
    } else if (perInstance && cs.some(({ c }) => c.forcesReplacement)) {
      // What forces each replacement is shown per instance, with its values.
      for (const { mi, c } of cs) (own[mi] as AttrLine[]).push(toLine(c));
    } else lines.push(toLine(first, true));
  }
  const forcedBy = new Set<string>();
  for (const d of diffs) for (const c of d) if (c.forcesReplacement) forcedBy.add(formatPath(c.path));
  if (forcedBy.size === 0) for (const m of members) for (const p of m.replacePaths ?? []) forcedBy.add(p);
  const reasons = [...new Set(members.map((m) => humanReason(m.reason)).filter((r) => r !== ''))];
  const gv: GroupView = {
    kind: g.kind,
    group: g.group,
    type: g.type,
    risk: g.risk,
    members: members.map((change, mi) => ({ change, label: instanceLabel(change), own: own[mi] as AttrLine[], risk: g.risk })),
    lines,
    unknown,
    reasons,
    forcedBy: [...forcedBy],
    rawActions: members[0]?.rawActions ?? [],
    importing: members.some((m) => m.importing === true),
    folded: sumFolded(members),
  };
  if (g.replaceOrder) gv.replaceOrder = g.replaceOrder;
  return gv;
}

function sumFolded(members: readonly ChangeView[]): FoldedCounts {
  const f = emptyFolded();
  for (const m of members) for (const k of Object.keys(f) as (keyof FoldedCounts)[]) f[k] += m.folded?.[k] ?? 0;
  return f;
}

/** "1 JSON string only reformatted, 2 lists only reordered" (or ''). */
export function foldedText(f: FoldedCounts): string {
  const parts: string[] = [];
  if (f.tagsAllMirror) parts.push(`${plural(f.tagsAllMirror, 'tags_all change')} mirroring tags`);
  if (f.reordered) parts.push(`${plural(f.reordered, 'list')} only reordered`);
  if (f.reformattedJson) parts.push(`${plural(f.reformattedJson, 'JSON string')} only reformatted`);
  if (f.whitespace) parts.push(`${plural(f.whitespace, 'whitespace-only edit')}`);
  return parts.join(', ');
}

/** The display model of a Report's review. */
export function reviewModel(report: Report): ReviewModel {
  const review = report.review ?? buildReview(report.changes, report.findings, report.summary);
  return {
    groups: review.groups.map((g) => groupView(report, g)),
    hidden: review.hidden,
    folded: { ...emptyFolded(), ...review.folded },
    destructive: report.summary.replace + report.summary.delete,
  };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Blocked: 5 destructive changes (5 blocking findings)", "No destructive changes", ... */
export function verdict(report: Report): { blocked: boolean; text: string } {
  const d = report.summary.replace + report.summary.delete;
  const b = report.gate.blocking;
  if (!report.gate.passed) {
    const parts = d > 0 ? `${plural(d, 'destructive change')} (${plural(b, 'blocking finding')})` : plural(b, 'blocking finding');
    return { blocked: true, text: `Blocked: ${parts}` };
  }
  if (d === 0) return { blocked: false, text: 'No destructive changes' };
  return { blocked: false, text: `Passed: ${plural(d, 'destructive change')}, none blocking` };
}

/** "5 to replace, 40 to update, 20 to create", in review order. */
export function countsLine(report: Report): string {
  const s = report.summary;
  const parts: string[] = [];
  if (s.unknown) parts.push(`${s.unknown} of unknown action`);
  if (s.replace) parts.push(`${s.replace} to replace`);
  if (s.delete) parts.push(`${s.delete} to delete`);
  if (s.forget) parts.push(`${s.forget} to forget`);
  if (s.update) parts.push(`${s.update} to update`);
  if (s.create) parts.push(`${s.create} to create`);
  if (s.import) parts.push(`${s.import} to import`);
  if (s.move) parts.push(`${s.move} moved`);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

/** "Not listed: 11 unchanged, 2 reads; folded: 300 tags_all mirrors of tags" (or ''). */
export function footerLine(report: Report, model: ReviewModel): string {
  const hidden: string[] = [];
  if (model.hidden.noop) hidden.push(`${model.hidden.noop} unchanged`);
  if (model.hidden.read) hidden.push(plural(model.hidden.read, 'data source read'));
  if (report.summary.drift) hidden.push(`${plural(report.summary.drift, 'change')} made outside the tool since the last apply (drift)`);
  const folded = foldedText(model.folded);
  const parts: string[] = [];
  if (hidden.length) parts.push(`not listed: ${hidden.join(', ')}`);
  if (folded) parts.push(`folded as noise: ${folded}`);
  if (parts.length === 0) return '';
  const s = parts.join('; ');
  return `${s[0]?.toUpperCase()}${s.slice(1)}.`;
}

/** Findings grouped for display: consecutive findings of one rule, severity and status. */
export interface FindingBlock {
  ruleId: string;
  severity: Finding['severity'];
  status: 'blocking' | 'warning' | 'acknowledged';
  findings: Finding[];
  /** The fix, when all findings of the block share it. */
  fix?: string;
  why: string;
}

export function findingStatus(f: Finding): FindingBlock['status'] {
  return f.acknowledged ? 'acknowledged' : f.blocking ? 'blocking' : 'warning';
}

export function findingBlocks(findings: readonly Finding[]): FindingBlock[] {
  const out: FindingBlock[] = [];
  for (const f of findings) {
    const status = findingStatus(f);
    const last = out[out.length - 1];
    if (last && last.ruleId === f.ruleId && last.severity === f.severity && last.status === status) last.findings.push(f);
    else out.push({ ruleId: f.ruleId, severity: f.severity, status, findings: [f], why: f.why });
  }
  for (const b of out) {
    const fixes = new Set(b.findings.map((f) => f.fix));
    if (fixes.size === 1) b.fix = b.findings[0]?.fix as string;
  }
  return out;
}

/** `out.push(...lines)` for any number of lines (a spread call overflows the stack past ~100k arguments: a plan string can hold that many line breaks). */
export function append(out: string[], lines: readonly string[]): string[] {
  for (const l of lines) out.push(l);
  return out;
}

/**
 * A rule's message or fix as paragraphs: prose, or code (a paragraph of several lines, or
 * indented, such as a ready-to-paste `moved` block). Paragraphs are separated by blank lines.
 */
export function paragraphs(s: string): { code: boolean; text: string }[] {
  return s
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => {
      const text = p.replace(/^\n+|\n+$/g, '');
      const code = text.includes('\n') || /^[ \t]/.test(text);
      return { code, text: code ? dedent(text) : text };
    });
}

/** A code paragraph without the indentation all its lines share (the indent only marks it as code). */
function dedent(text: string): string {
  const lines = text.split('\n');
  let cut = Infinity;
  for (const l of lines) if (l.trim() !== '') cut = Math.min(cut, /^[ \t]*/.exec(l)![0].length);
  return cut === 0 || cut === Infinity ? text : lines.map((l) => l.slice(cut)).join('\n');
}

export { SENSITIVE, UNKNOWN };

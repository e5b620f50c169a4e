/**
 * The Report: the one JSON-serialisable hub every renderer reads. Contract version 1 (see
 * DESIGN.md "Output contract"): fields may be added, never renamed or removed without a bump.
 */
import type { Action, Plan, ResourceChange, SourceKind } from '../model/types.js';
import { groupKey } from '../model/address.js';
import { diffChange, type AttrChange, type FoldedCounts } from '../diff/index.js';
import type { AcknowledgmentStatus, Finding, Severity } from './types.js';
import type { EngineResult } from './run.js';
import { collectSecrets, scrubTree, secretScrubber } from './redact.js';

export interface Summary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  read: number;
  noop: number;
  move: number;
  import: number;
  forget: number;
  unknown: number;
  drift: number;
}

export interface ChangeView {
  address: string;
  type: string;
  action: Action;
  rawActions: string[];
  group: string;
  module?: string;
  index?: string | number;
  replaceOrder?: 'delete-first' | 'create-first';
  reason?: string;
  previousAddress?: string;
  importing?: boolean;
  deposed?: string;
  replacePaths?: string[];
  /**
   * The attribute diff (src/diff), every sensitive value already `(sensitive)`, unknown values
   * `(known after apply)`, noise folded. Empty for deletes. Absent in reports made before it existed.
   */
  diff?: AttrChange[];
  /** What the noise filters folded away for this change (only non-zero counts). */
  folded?: Partial<FoldedCounts>;
}

/** What a group of changes is, for the review: the action, or a declared move / import with no other change. */
export type ReviewKind = Action | 'move';

/**
 * Changes of the same resource block (count / for_each / module instances), the same kind and
 * the same shape (the same attribute paths change the same way; values may differ per
 * instance), shown as one entry of the review. Replaces and deletes group by resource block
 * and order only: each of their instances is still listed on its own.
 */
export interface ReviewGroup {
  kind: ReviewKind;
  /** `module.db.aws_db_instance.node`: the resource block, module instance keys removed. */
  group: string;
  type: string;
  replaceOrder?: 'delete-first' | 'create-first';
  /** `blocking`: a member has a blocking finding; `finding`: any other finding; `none`. */
  risk: 'blocking' | 'finding' | 'none';
  /** Indexes into `Report.changes`, in plan order. */
  members: number[];
}

export interface Review {
  /**
   * Ordered for reading: groups with blocking findings, then with other findings, then the
   * rest; within each, unknown actions, replaces, deletes, forgets, updates, creates, imports
   * and declared moves; then plan order.
   */
  groups: ReviewGroup[];
  /** Counted, not listed. */
  hidden: { noop: number; read: number };
  /** Noise folded over the whole plan. */
  folded: FoldedCounts;
}

export interface Report {
  version: 1;
  source: { kind: SourceKind; file: string; formatVersion?: string; toolVersion?: string };
  summary: Summary;
  findings: Finding[];
  gate: { failOn: Severity; passed: boolean; blocking: number };
  acknowledgments: AcknowledgmentStatus[];
  /** Every change that is not a no-op or a read (except declared moves and imports), in plan order. */
  changes: ChangeView[];
  /** The noise-reduced review every renderer shows (absent in reports made before it existed). */
  review?: Review;
}

export interface ReportOptions {
  /** Extra attribute-name patterns whose values are masked (`secretPatterns` in the config). */
  secretPatterns?: RegExp[];
}

export function summarize(plan: Plan): Summary {
  const s: Summary = { create: 0, update: 0, replace: 0, delete: 0, read: 0, noop: 0, move: 0, import: 0, forget: 0, unknown: 0, drift: plan.drift.length };
  for (const c of plan.changes) {
    switch (c.action) {
      case 'create':
        s.create++;
        break;
      case 'update':
        s.update++;
        break;
      case 'replace':
        s.replace++;
        break;
      case 'delete':
        s.delete++;
        break;
      case 'read':
        s.read++;
        break;
      case 'no-op':
        s.noop++;
        break;
      case 'import':
        break;
      case 'forget':
        s.forget++;
        break;
      case 'unknown':
        s.unknown++;
        break;
    }
    if (c.previousAddress) s.move++;
    if (c.importing) s.import++;
  }
  return s;
}

export function changeView(c: ResourceChange): ChangeView {
  const v: ChangeView = { address: c.address, type: c.type, action: c.action, rawActions: c.rawActions, group: groupKey(c) };
  if (c.module) v.module = c.module;
  if (c.index !== undefined) v.index = c.index;
  if (c.replaceOrder) v.replaceOrder = c.replaceOrder;
  if (c.reason) v.reason = c.reason;
  if (c.previousAddress) v.previousAddress = c.previousAddress;
  if (c.importing) v.importing = true;
  if (c.deposed) v.deposed = c.deposed;
  if (c.replacePaths.length > 0) v.replacePaths = c.replacePaths.map((p) => p.join('.'));
  return v;
}

const FOLD_KEYS = ['tagsAllMirror', 'reordered', 'reformattedJson', 'whitespace', 'unknown'] as const;

export function emptyFolded(): FoldedCounts {
  return { tagsAllMirror: 0, reordered: 0, reformattedJson: 0, whitespace: 0, unknown: 0 };
}

/** Listed in the review: everything but plain no-ops and reads (a declared move or an import is listed). */
export function isListed(c: { action: Action; previousAddress?: string; importing?: boolean }): boolean {
  return (c.action !== 'no-op' && c.action !== 'read') || Boolean(c.previousAddress) || Boolean(c.importing);
}

export function buildReport(plan: Plan, result: EngineResult, opts: ReportOptions = {}): Report {
  const source: Report['source'] = { kind: plan.source, file: plan.file };
  if (plan.formatVersion) source.formatVersion = plan.formatVersion;
  if (plan.toolVersion) source.toolVersion = plan.toolVersion;
  const listed = plan.changes.filter(isListed);
  const shapes: string[] = [];
  const diffOpts = opts.secretPatterns ? { secretPatterns: opts.secretPatterns } : {};
  const changes = listed.map((c) => {
    const v = changeView(c);
    const d = diffChange(c, diffOpts);
    v.diff = d.changes;
    const folded: Partial<FoldedCounts> = {};
    for (const k of FOLD_KEYS) if (d.folded[k] > 0) folded[k] = d.folded[k];
    if (Object.keys(folded).length > 0) v.folded = folded;
    // Replaces, deletes & co. are listed one by one whatever their shape (see buildReview).
    shapes.push(PER_INSTANCE_KINDS.has(reviewKind(v)) ? '' : groupingShape(c, d.changes));
    return v;
  });
  const report: Report = {
    version: 1,
    source,
    summary: summarize(plan),
    findings: result.findings,
    gate: result.gate,
    acknowledgments: result.acknowledgments,
    changes,
    review: buildReview(changes, result.findings, summarize(plan), shapes),
  };
  // Last line of defence: no copy of a secret the plan marks anywhere in the report.
  const scrub = secretScrubber(collectSecrets([...plan.changes, ...plan.drift], opts.secretPatterns));
  return scrub ? scrubTree(report, scrub) : report;
}

/**
 * What must match for two instances to share a group: type, mode, action and order, and the
 * attribute changes without their values (path, kind, flags, and the same inside JSON strings).
 * Equal exactly when src/diff's shapeKey of the value-less changes is equal, built with the
 * native JSON.stringify (paths are flat arrays; jsonDiff nests only as deep as JSON strings
 * inside JSON strings, which doubles their escaping at every level).
 */
function groupingShape(c: ResourceChange, changes: readonly AttrChange[]): string {
  return JSON.stringify([[c.type ?? null, c.mode ?? null, c.action ?? null, c.replaceOrder ?? null], changes.map(shapeTuple)]);
}

function shapeTuple(c: AttrChange): unknown[] {
  return [c.path, c.kind, c.sensitive, c.forcesReplacement, c.jsonDiff ? c.jsonDiff.map(shapeTuple) : 0];
}

const PER_INSTANCE_KINDS: ReadonlySet<ReviewKind> = new Set(['replace', 'delete', 'forget', 'unknown', 'move']);

const KIND_RANK: Record<ReviewKind, number> = {
  unknown: 0,
  replace: 1,
  delete: 2,
  forget: 3,
  update: 4,
  create: 5,
  import: 6,
  move: 7,
  read: 8,
  'no-op': 9,
};
const RISK_RANK = { blocking: 0, finding: 1, none: 2 } as const;

export function reviewKind(c: { action: Action; previousAddress?: string; importing?: boolean }): ReviewKind {
  if (c.action === 'no-op' || c.action === 'read' || c.action === 'import') {
    if (c.importing || c.action === 'import') return 'import';
    if (c.previousAddress) return 'move';
  }
  return c.action;
}

/**
 * Group and order the listed changes. `shapes[i]` is the grouping shape of `changes[i]`
 * (from src/diff's shapeKey); without it (a report re-read from JSON), the attribute paths and
 * kinds of `changes[i].diff` stand in for it.
 */
export function buildReview(changes: readonly ChangeView[], findings: readonly Finding[], summary: Summary, shapes?: readonly string[]): Review {
  const risk = new Map<string, 'blocking' | 'finding'>();
  for (const f of findings) {
    for (const a of f.addresses ?? [f.address]) {
      if (f.blocking) risk.set(a, 'blocking');
      else if (!risk.has(a)) risk.set(a, 'finding');
    }
  }
  const byKey = new Map<string, ReviewGroup & { first: number }>();
  const folded = emptyFolded();
  changes.forEach((c, i) => {
    for (const k of FOLD_KEYS) folded[k] += c.folded?.[k] ?? 0;
    const kind = reviewKind(c);
    const r = risk.get(c.address) ?? 'none';
    const perInstance = kind === 'replace' || kind === 'delete' || kind === 'forget' || kind === 'unknown' || kind === 'move';
    const shape = perInstance ? '' : (shapes?.[i] ?? JSON.stringify((c.diff ?? []).map((d) => [d.path, d.kind, d.sensitive, d.forcesReplacement])));
    // The shape (often long JSON text) appended as it is: a JSON array's text ends where the
    // array ends, so the key is still one per distinct (prefix, shape), without escaping the shape.
    const key = JSON.stringify([r, kind, c.group, c.type, c.replaceOrder ?? '']) + shape;
    const g = byKey.get(key);
    if (g) g.members.push(i);
    else {
      const ng: ReviewGroup & { first: number } = { kind, group: c.group, type: c.type, risk: r, members: [i], first: i };
      if (c.replaceOrder) ng.replaceOrder = c.replaceOrder;
      byKey.set(key, ng);
    }
  });
  const groups = [...byKey.values()].sort(
    (a, b) => RISK_RANK[a.risk] - RISK_RANK[b.risk] || KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.first - b.first,
  );
  return {
    groups: groups.map(({ first: _first, ...g }) => g),
    hidden: { noop: summary.noop - changes.filter((c) => c.action === 'no-op').length, read: summary.read - changes.filter((c) => c.action === 'read').length },
    folded,
  };
}

/**
 * Attribute-level diff of a ResourceChange, with unknown and sensitive masks and noise filters.
 * Pure functions, no I/O.
 *
 * What `diffChange` lists:
 * - update / replace / read / import / no-op: every changed path, descending into objects (a
 *   changed tag is `tags.env`, not the whole map). Null and absent are the same "no value".
 * - create: every known after-attribute as 'added' (nested objects descended, lists shown whole),
 *   each unknown value once as 'unknown', nulls omitted.
 * - delete / forget: nothing. The renderer prints the delete line; listing every attribute of a
 *   destroyed resource is exactly the noise this view removes, and rules read `before` directly.
 * - unknown: shown once at the highest wholly unknown path (never its members), with the
 *   before value when there was one.
 * - sensitive: a provider marker, a Pulumi secret, a secret-looking attribute name (see
 *   isSecretAttributeName) or a sibling `name`/`key` naming a secret masks the value on BOTH
 *   sides; a masked value is reported only if it changed (deep equality), as SENSITIVE -> SENSITIVE.
 *   A marker of the wrong shape that holds any `true` masks the whole value.
 * - noise, folded by default (counted in `folded`, not listed): `tags_all` changes that exactly
 *   mirror the `tags` changes; lists/sets that only reorder; JSON strings equal once parsed;
 *   strings equal up to the amount of whitespace between words (not "ab" vs "a b").
 *
 * Everything is iterative (explicit stacks), and list diffs use hash buckets, not LCS: O(n + m)
 * expected plus the size of the values (the lead benchmarks separately).
 */
import type { ResourceChange } from '../model/types.js';
import { Engine, NOISE_KINDS, rootFrame } from './engine.js';
import type { AttrChange, DiffOptions, DiffResult, FoldedCounts } from './types.js';
import { stringify } from './values.js';

export { SENSITIVE, UNKNOWN } from './types.js';
export type { AttrChange, AttrChangeKind, DiffOptions, DiffResult, DisplayValue, FoldedCounts } from './types.js';
export { isSecretAttributeName } from './secrets.js';

export function diffChange(change: ResourceChange, opts?: DiffOptions): DiffResult {
  const folded: FoldedCounts = { tagsAllMirror: 0, reordered: 0, reformattedJson: 0, whitespace: 0, unknown: 0 };
  const c = change as Partial<ResourceChange> | null | undefined;
  if (c === null || typeof c !== 'object' || c.action === 'delete' || c.action === 'forget') {
    return { changes: [], folded };
  }
  const extra = Array.isArray(opts?.secretPatterns) ? regexpsOf(opts.secretPatterns) : undefined;
  const replacePaths = Array.isArray(c.replacePaths) ? c.replacePaths.filter((p) => Array.isArray(p)) : [];
  const engine = new Engine(extra);
  let changes = engine.run(rootFrame(c.before, c.after, c.beforeSensitive, c.afterSensitive, c.afterUnknown), {
    paths: replacePaths,
  });
  folded.unknown = engine.unknownFolded;
  if (opts?.foldNoise !== false) {
    changes = foldTagsAllMirror(changes, folded);
    changes = foldNoise(changes, folded);
  }
  return { changes, folded };
}

/**
 * The RegExp members of a caller's pattern list: the same array for the same list, so the
 * engine's secret-name memo is shared by every change of a report.
 */
function regexpsOf(list: unknown[]): RegExp[] {
  const known = filtered.get(list);
  if (known !== undefined && known.source.length === list.length && known.source.every((x, i) => x === list[i])) return known.regexps;
  const regexps = list.filter((re): re is RegExp => re instanceof RegExp);
  filtered.set(list, { source: [...list], regexps });
  return regexps;
}

const filtered = new WeakMap<unknown[], { source: unknown[]; regexps: RegExp[] }>();

/**
 * Grouping key: equal for two changes with the same type, mode, action (and replace order) and
 * the same listed changes (paths, kinds, masked values, flags), whatever their address, index or
 * for_each key. Built only from the already-masked result: sensitive values are the SENSITIVE
 * placeholder, equal everywhere, and never embedded.
 */
export function shapeKey(result: DiffResult, change: ResourceChange): string {
  const c = change as Partial<ResourceChange> | null | undefined;
  const head = c !== null && typeof c === 'object' ? [c.type ?? null, c.mode ?? null, c.action ?? null, c.replaceOrder ?? null] : [];
  return stringify([head, result.changes], true);
}

function mirrorSig(c: AttrChange): string {
  return stringify({ ...c, path: c.path.slice(1) }, true);
}

/** Drop `tags_all` changes when they are exactly the `tags` changes (same keys, kinds, values). */
function foldTagsAllMirror(changes: AttrChange[], folded: FoldedCounts): AttrChange[] {
  // Counted first: most changes have no tags_all change, or not as many as tags changes.
  let nTags = 0;
  let nAll = 0;
  for (const c of changes) {
    if (c.path[0] === 'tags') nTags++;
    else if (c.path[0] === 'tags_all') nAll++;
  }
  if (nAll === 0 || nAll !== nTags) return changes;
  const tags: string[] = [];
  const all: string[] = [];
  for (const c of changes) {
    if (c.path[0] === 'tags') tags.push(mirrorSig(c));
    else if (c.path[0] === 'tags_all') all.push(mirrorSig(c));
  }
  if (all.length === 0 || all.length !== tags.length) return changes;
  tags.sort();
  all.sort();
  for (let i = 0; i < all.length; i++) if (all[i] !== tags[i]) return changes;
  folded.tagsAllMirror += all.length;
  return changes.filter((c) => c.path[0] !== 'tags_all');
}

/** Drop noise kinds (counting them), also inside jsonDiff. A noise change's inner diff is not counted again. */
function foldNoise(changes: AttrChange[], folded: FoldedCounts): AttrChange[] {
  const out: AttrChange[] = [];
  for (const c of changes) {
    if (NOISE_KINDS.has(c.kind)) {
      if (c.kind === 'reordered') folded.reordered++;
      else if (c.kind === 'whitespace') folded.whitespace++;
      else folded.reformattedJson++;
      continue;
    }
    out.push(c.jsonDiff === undefined ? c : { ...c, jsonDiff: foldNoise(c.jsonDiff, folded) });
  }
  return out;
}

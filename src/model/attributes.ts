/**
 * Attribute values of one resource object as a flat set of leaves, for comparing two objects
 * of the same type: "are these the same resource under two addresses?", "does this instance now
 * hold what its neighbour held?", "which attributes changed?".
 *
 * Leaves are primitive values (string, number, boolean) keyed by their path. null and empty
 * containers produce no leaf, so `null`, `{}` and `[]` all read as "nothing here" (providers
 * flip between them without anything really changing). Parts that a mask marks unknown
 * (`after_unknown`) are skipped. Values never leave this module: callers get path keys, counts
 * and attribute names, so a sensitive value cannot leak through it. Walks use an explicit stack,
 * never recursion, so a deeply nested value costs memory, not the call stack.
 */

/** Path key → the leaf's value as `typeof:JSON` (so `1` and `"1"` differ). */
export type LeafMap = Map<string, string>;

export interface LeafOptions {
  /** Mirror of the value with `true` where it is unknown until apply (or `true` for all). */
  unknown?: unknown;
  /** Top-level attribute names to leave out (`id`, `arn`: computed, always differ). */
  ignoreTopLevel?: ReadonlySet<string>;
  /** Treat `""` like null (no leaf): for comparisons where providers normalise the two. */
  emptyStringIsNull?: boolean;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The mask's child at a step, tolerating any shape (a wrong shape means "not unknown"). */
function maskChild(mask: unknown, step: string | number): unknown {
  if (mask === true) return true;
  if (typeof step === 'number') return Array.isArray(mask) ? (mask[step] as unknown) : undefined;
  return isObj(mask) && Object.hasOwn(mask, step) ? mask[step] : undefined;
}

// Separators that cannot be confused with each other; object keys and list indexes are marked
// differently so that `["a"]` and `{"0": "a"}` do not share a leaf.
const KEY_STEP = '\u0001';
const INDEX_STEP = '\u0002';

/** The leaves of one top-level attribute value (path keys relative to the attribute). */
function collectLeaves(out: LeafMap, prefix: string, value: unknown, mask: unknown, emptyStringIsNull: boolean): void {
  const stack: { key: string; value: unknown; mask: unknown }[] = [{ key: prefix, value, mask }];
  while (stack.length > 0) {
    const { key, value: v, mask: m } = stack.pop()!;
    if (m === true || v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ key: `${key}${INDEX_STEP}${i}`, value: v[i], mask: maskChild(m, i) });
    } else if (isObj(v)) {
      for (const k of Object.keys(v)) stack.push({ key: `${key}${KEY_STEP}${k}`, value: v[k], mask: maskChild(m, k) });
    } else if (typeof v === 'string') {
      if (v === '' && emptyStringIsNull) continue;
      out.set(key, `s:${v}`);
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      out.set(key, `${typeof v === 'number' ? 'n' : 'b'}:${String(v)}`);
    }
  }
}

/** A leaf value (from a LeafMap) that is a non-empty string: a name, a hostname, an identifier. */
export function isNonEmptyString(leafValue: string): boolean {
  return leafValue.startsWith('s:') && leafValue.length > 2;
}

/** Every known, non-null leaf of a resource object (`before` or `after`). */
export function leafValues(value: unknown, opts: LeafOptions = {}): LeafMap {
  const out: LeafMap = new Map();
  if (!isObj(value) || opts.unknown === true) return out;
  for (const k of Object.keys(value)) {
    if (opts.ignoreTopLevel?.has(k)) continue;
    collectLeaves(out, `${KEY_STEP}${k}`, value[k], maskChild(opts.unknown, k), opts.emptyStringIsNull === true);
  }
  return out;
}

export interface Similarity {
  /** Leaves present (known, non-null) on both sides. */
  compared: number;
  /** Of those, leaves with the same value. */
  equal: number;
}

/** Compare two leaf sets on the paths both hold; paths only one side holds are not counted. */
export function similarity(a: LeafMap, b: LeafMap): Similarity {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let compared = 0;
  let equal = 0;
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w === undefined) continue;
    compared++;
    if (v === w) equal++;
  }
  return { compared, equal };
}

/** equal / compared, or 0 when nothing could be compared. */
export function similarityScore(s: Similarity): number {
  return s.compared === 0 ? 0 : s.equal / s.compared;
}

/** The top-level attribute a leaf path key belongs to. */
export function topLevelAttribute(pathKey: string): string {
  const rest = pathKey.slice(1);
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (ch === KEY_STEP || ch === INDEX_STEP) {
      end = i;
      break;
    }
  }
  return rest.slice(0, end);
}

/**
 * Top-level attribute names whose value differs between two objects, sorted. null, empty
 * containers (and `""` with `emptyStringIsNull`) count as absent, so `tags: null -> {}` is no
 * change; an attribute unknown in `afterUnknown` counts as changed when it had a value before.
 */
export function changedTopLevelAttributes(
  before: unknown,
  after: unknown,
  opts: { afterUnknown?: unknown; emptyStringIsNull?: boolean; ignoreTopLevel?: ReadonlySet<string> } = {},
): string[] {
  const emptyStringIsNull = opts.emptyStringIsNull === true;
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const names = new Set([...Object.keys(b), ...Object.keys(a)]);
  const changed: string[] = [];
  for (const name of names) {
    if (opts.ignoreTopLevel?.has(name)) continue;
    const unknown = maskChild(opts.afterUnknown, name);
    const bl: LeafMap = new Map();
    collectLeaves(bl, '', Object.hasOwn(b, name) ? b[name] : null, undefined, emptyStringIsNull);
    if (unknown === true) {
      if (bl.size > 0) changed.push(name);
      continue;
    }
    const al: LeafMap = new Map();
    collectLeaves(al, '', Object.hasOwn(a, name) ? a[name] : null, unknown, emptyStringIsNull);
    if (!sameLeaves(bl, al) || hasUnknownWhereBeforeHadValue(bl, unknown)) changed.push(name);
  }
  return changed.sort();
}

function sameLeaves(a: LeafMap, b: LeafMap): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** A nested part of the new value is unknown (so it may change) while the old value had leaves. */
function hasUnknownWhereBeforeHadValue(before: LeafMap, mask: unknown): boolean {
  if (before.size === 0 || mask === undefined || mask === null || mask === false) return false;
  const stack: unknown[] = [mask];
  while (stack.length > 0) {
    const m = stack.pop();
    if (m === true) return true;
    if (Array.isArray(m)) for (const x of m) stack.push(x);
    else if (isObj(m)) for (const k of Object.keys(m)) stack.push(m[k]);
  }
  return false;
}

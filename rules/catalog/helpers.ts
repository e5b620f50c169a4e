/**
 * Small pure helpers over catalog data: attribute paths, predicates, and Terraform ↔ Pulumi
 * property names. No I/O, no state.
 */
import type { ChangePredicate, HaAttribute, Safeguard, ValuePredicate } from './types.js';

// ------------------------------------------------------------------------------- paths

export interface PathSegment {
  name: string;
  /** `[]` after the name: a nested block (list or set in plan JSON). */
  list: boolean;
}

/** `settings[].availability_type` → [{ name: 'settings', list: true }, { name: 'availability_type', list: false }] */
export function parseAttributePath(pattern: string): PathSegment[] {
  if (pattern === '') return [];
  return pattern.split('.').map((part) => {
    const list = part.endsWith('[]');
    return { name: list ? part.slice(0, -2) : part, list };
  });
}

/**
 * parseAttributePath, memoized for the helpers below: rules ask for the same few catalog paths on
 * every change of a plan. Shared, so never handed out.
 */
const parsedPaths = new Map<string, { segs: readonly PathSegment[]; names: readonly string[] }>();

function parsedPath(pattern: string): { segs: readonly PathSegment[]; names: readonly string[] } {
  let p = parsedPaths.get(pattern);
  if (p === undefined) {
    const segs = parseAttributePath(pattern);
    p = { segs, names: segs.map((s) => s.name) };
    if (parsedPaths.size < 10_000) parsedPaths.set(pattern, p);
  }
  return p;
}

/**
 * Does a plan path (`replace_paths` entry, e.g. `["boot_disk", 0, "initialize_params", 0, "image"]`)
 * lie at or below the catalog pattern? Numeric steps are ignored, so `boot_disk` and
 * `boot_disk[].initialize_params[].image` both match that path.
 */
export function pathMatches(pattern: string, path: readonly (string | number)[]): boolean {
  const want = parsedPath(pattern).names;
  const have = path.filter((step): step is string => typeof step === 'string');
  if (want.length === 0 || have.length < want.length) return false;
  return want.every((name, i) => have[i] === name);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * All values at a catalog path in a resource object (`before`, `after`, Pulumi inputs mapped to
 * snake_case ...). Lists met on the way are walked element by element, whether or not the pattern
 * marks them with `[]`; a list at the end of the path is returned as one value unless the last
 * segment is marked `[]`. Absent values are left out, so an absent attribute gives `[]`.
 */
export function readAttributeValues(obj: unknown, pattern: string): unknown[] {
  let nodes: unknown[] = [obj];
  const segs = parsedPath(pattern).segs;
  const last = segs.length - 1;
  for (let i = 0; i <= last; i++) {
    const seg = segs[i] as PathSegment;
    const spread = i === last && seg.list;
    const next: unknown[] = [];
    const visit = (node: unknown): void => {
      if (!isRecord(node) || !(seg.name in node)) return;
      const v = node[seg.name];
      if (v === undefined) return;
      if (spread && Array.isArray(v)) for (const x of v) next.push(x);
      else next.push(v);
    };
    for (const n of nodes) {
      if (Array.isArray(n)) for (const x of n) visit(x);
      else visit(n);
    }
    nodes = next;
  }
  return nodes;
}

/**
 * Is any part of the path unknown until apply, according to a Terraform `after_unknown` mask
 * (`true` at a node means everything below it is unknown)?
 */
export function isUnknownAt(afterUnknown: unknown, pattern: string): boolean {
  if (afterUnknown === true) return true;
  let nodes: unknown[] = [afterUnknown];
  for (const seg of parsedPath(pattern).segs) {
    const next: unknown[] = [];
    for (const n of nodes) {
      for (const node of Array.isArray(n) ? n : [n]) {
        if (node === true) return true;
        if (isRecord(node) && seg.name in node) next.push(node[seg.name]);
      }
    }
    nodes = next;
  }
  return nodes.some((n) => n === true || (Array.isArray(n) && n.some((x) => x === true)));
}

// ------------------------------------------------------------------------------- predicates

function normalise(v: unknown): unknown {
  return v === undefined ? null : v;
}

function isFalsy(v: unknown): boolean {
  const x = normalise(v);
  return x === null || x === false || x === 0 || x === '' || (typeof x === 'number' && Number.isNaN(x)) || (Array.isArray(x) && x.length === 0);
}

/** Numbers, numeric strings ("7", "2592000s") and list lengths; undefined otherwise. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?s?$/.test(v.trim())) return Number.parseFloat(v);
  if (Array.isArray(v)) return v.length;
  return undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

const VALUE_KEYS = ['equals', 'in', 'notIn', 'truthy', 'falsy', 'lessThan', 'lessThanOrEqual', 'matches', 'notMatches'] as const;

export function isValuePredicate(p: ChangePredicate): p is ValuePredicate {
  return VALUE_KEYS.some((k) => k in p);
}

/** Does one value satisfy a value predicate? (See {@link ValuePredicate} for the rules.) */
export function matchesValue(pred: ValuePredicate, value: unknown): boolean {
  const v = normalise(value);
  if ('equals' in pred) return v === pred.equals;
  if ('in' in pred) return pred.in.some((x) => x === v);
  if ('notIn' in pred) return !pred.notIn.some((x) => x === v);
  if ('truthy' in pred) return !isFalsy(v);
  if ('falsy' in pred) return isFalsy(v);
  if ('lessThan' in pred) {
    const n = toNumber(v);
    return n !== undefined && n < pred.lessThan;
  }
  if ('lessThanOrEqual' in pred) {
    const n = toNumber(v);
    return n !== undefined && n <= pred.lessThanOrEqual;
  }
  if ('matches' in pred) return typeof v === 'string' && new RegExp(pred.matches).test(v);
  if ('notMatches' in pred) return typeof v === 'string' && !new RegExp(pred.notMatches).test(v);
  return false;
}

/** Does any of the values (from {@link readAttributeValues}) match? No value at all is tested as `null`. */
export function anyValueMatches(pred: ValuePredicate, values: readonly unknown[]): boolean {
  return values.length === 0 ? matchesValue(pred, null) : values.some((v) => matchesValue(pred, v));
}

function single(values: readonly unknown[]): unknown {
  if (values.length === 0) return null;
  return values.length === 1 ? values[0] : values;
}

/**
 * Does a before → after change satisfy a change predicate? Inputs are value lists from
 * {@link readAttributeValues}. Value predicates mean "after matches and before did not".
 */
export function isWeakening(pred: ChangePredicate, before: readonly unknown[], after: readonly unknown[]): boolean {
  if (isValuePredicate(pred)) return anyValueMatches(pred, after) && !anyValueMatches(pred, before);
  const b = single(before);
  const a = single(after);
  if ('changes' in pred) return !deepEqual(b, a);
  const nb = toNumber(b);
  const na = toNumber(a);
  if (nb === undefined || na === undefined) return false;
  return 'decreases' in pred ? na < nb : na > nb;
}

/** Is this safeguard off (or unsafe) in a resource object? */
export function isSafeguardOff(sg: Safeguard, resource: unknown): boolean {
  return anyValueMatches(sg.off, readAttributeValues(resource, sg.attribute));
}

/** Does the change turn the safeguard off, or weaken it? */
export function isSafeguardWeakened(sg: Safeguard, before: unknown, after: unknown): boolean {
  const b = readAttributeValues(before, sg.attribute);
  const a = readAttributeValues(after, sg.attribute);
  if (isWeakening(sg.off, b, a)) return true;
  return sg.weakenedWhen !== undefined && isWeakening(sg.weakenedWhen, b, a);
}

/** Does the change weaken this high-availability attribute? */
export function isHaWeakened(ha: HaAttribute, before: unknown, after: unknown): boolean {
  return isWeakening(ha.weakenedWhen, readAttributeValues(before, ha.attribute), readAttributeValues(after, ha.attribute));
}

/** Is the attribute already in an unhealthy state (creates, steady state)? False when the entry has no `unhealthy` test. */
export function isHaUnhealthy(ha: HaAttribute, resource: unknown): boolean {
  return ha.unhealthy !== undefined && anyValueMatches(ha.unhealthy, readAttributeValues(resource, ha.attribute));
}

// ------------------------------------------------------------------------------- names

/** `deletion_protection` → `deletionProtection`; each dotted segment is converted, `[]` kept. */
export function snakeToCamel(name: string): string {
  return name
    .split('.')
    .map((seg) => seg.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()))
    .join('.');
}

/** `deletionProtection` → `deletion_protection`, `clusterIP` → `cluster_ip`, `tunnel1InsideCidr` → `tunnel1_inside_cidr`. */
export function camelToSnake(name: string): string {
  return name
    .split('.')
    .map((seg) =>
      seg
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .toLowerCase(),
    )
    .join('.');
}

/** English plural as the bridge forms it for list attributes: device → devices, index → indexes, policy → policies, alias → aliases. */
export function pluralize(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** Inverse of {@link pluralize} (best effort): devices → device, indexes → index, policies → policy. */
export function singularize(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Pulumi property names a Terraform attribute may have: the camelCase name, and its plural
 * (bridged providers pluralise list/set attributes with MaxItems != 1: `ebs_block_device` →
 * `ebsBlockDevices`, `global_secondary_index` → `globalSecondaryIndexes`).
 */
export function pulumiPropertyNames(tfAttribute: string): string[] {
  const camel = snakeToCamel(tfAttribute);
  // a name ending in s is already plural (availability_zones), unless it ends like alias, address, status
  if (/s$/.test(camel) && !/(ss|us|is|as)$/.test(camel)) return [camel];
  return [camel, pluralize(camel)];
}

/** Terraform attribute names a Pulumi property may come from: snake_case, and its singular. */
export function terraformAttributeNames(pulumiProperty: string): string[] {
  const snake = camelToSnake(pulumiProperty);
  const single = singularize(snake);
  return single === snake ? [snake] : [snake, single];
}

function squash(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/**
 * Do a Terraform attribute name and a Pulumi property name (or two names of either style) refer to
 * the same property? Case, `_` and a plural ending are ignored.
 */
export function samePropertyName(a: string, b: string): boolean {
  const x = squash(a);
  const y = squash(b);
  if (x === y) return true;
  return squash(pluralize(x)) === y || squash(pluralize(y)) === x;
}

/**
 * Attribute paths of declarative custom rules (`match.attribute.path` in .planguard.yml):
 * `storage_encrypted`, `tags.Env`, `tags["kubernetes.io/role"]`, `ingress[0].from_port`,
 * `ingress[*].cidr_blocks[*]`.
 *
 * - `.name` or `["name"]` steps into an object's attribute or a map's key. On a list (a nested
 *   block is a list in plan JSON) it steps into every element, as the catalog's paths do, so
 *   `settings.tier` and `settings[*].tier` read the same.
 * - `[N]` is element N of a list; `[*]` every element of a list, or every value of a map.
 * - A path with `[*]` (or one that meets a list) can find several values: each is an entry.
 *
 * Each entry says whether its value is sensitive (the plan's mask marks it, or any part of it)
 * or unknown until apply (`after_unknown` marks it or a parent): an unknown value has no
 * `value`. Values never leave the rule that reads them except as `(sensitive)` and the like.
 */
import { childAt, isObj } from '../../src/diff/values.js';
import { hasTrue } from '../../src/engine/redact.js';

export type PathStep = { key: string } | { index: number } | { any: true };

/** Parse a path; throws an Error whose message says what is wrong. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  const name = (): string => {
    const start = i;
    while (i < path.length && !'.[]"'.includes(path[i]!)) i++;
    if (i === start) throw new Error(`expected an attribute name at character ${start + 1}`);
    return path.slice(start, i);
  };
  if (path.trim() === '') throw new Error('is empty');
  steps.push({ key: name() });
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      i++;
      steps.push({ key: name() });
    } else if (ch === '[') {
      const close = path[i + 1] === '"' ? closingQuote(path, i + 1) + 1 : path.indexOf(']', i);
      if (close < 0 || path[close] !== ']') throw new Error(`unclosed \`[\` at character ${i + 1}`);
      const inner = path.slice(i + 1, close);
      if (inner === '*') steps.push({ any: true });
      else if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (inner.startsWith('"')) steps.push({ key: JSON.parse(inner) as string });
      else throw new Error(`\`[${inner}]\` is not \`[N]\`, \`[*]\` or \`["key"]\``);
      i = close + 1;
    } else throw new Error(`unexpected \`${ch}\` at character ${i + 1}`);
  }
  return steps;
}

function closingQuote(s: string, open: number): number {
  for (let j = open + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '"') {
      try {
        JSON.parse(s.slice(open, j + 1));
      } catch {
        return -1;
      }
      return j;
    }
  }
  return -1;
}

/** True when the path can find more than one value (`[*]`). */
export function hasWildcard(steps: readonly PathStep[]): boolean {
  return steps.some((s) => 'any' in s);
}

/** The attribute names a path walks through (for "does this name say secret?"). */
export function keyNames(steps: readonly PathStep[]): string[] {
  return steps.flatMap((s) => ('key' in s ? [s.key] : []));
}

export interface Entry {
  /** Absent when unknown. */
  value?: unknown;
  unknown: boolean;
  sensitive: boolean;
}

interface Node {
  v: unknown;
  /** after_unknown mask at this node (undefined on the before side). */
  u: unknown;
  /** sensitivity mask at this node. */
  s: unknown;
  /** a parent was marked sensitive. */
  sens: boolean;
}

function child(n: Node, step: string | number): Node {
  const s = childAt(n.s, step);
  return { v: childAt(n.v, step), u: childAt(n.u, step), s, sens: n.sens || n.s === true };
}

/**
 * Every value at the path in one side of a change. `value` is `before` or `after`; `unknown`
 * its `after_unknown` mask (only for the after side); `sensitive` its sensitivity mask.
 * An absent attribute gives no entry; a present `null` gives an entry with value null.
 */
export function readPath(steps: readonly PathStep[], value: unknown, unknown: unknown, sensitive: unknown): Entry[] {
  const out: Entry[] = [];
  let nodes: Node[] = [{ v: value, u: unknown, s: sensitive, sens: false }];
  for (const step of steps) {
    const next: Node[] = [];
    const visit = (n: Node): void => {
      if (n.u === true) {
        out.push({ unknown: true, sensitive: n.sens || n.s === true });
        return;
      }
      if ('key' in step) {
        if (Array.isArray(n.v)) {
          n.v.forEach((_, i) => visit(child(n, i)));
          return;
        }
        if (isObj(n.v) && Object.hasOwn(n.v, step.key)) next.push(child(n, step.key));
        // Terraform leaves an unknown attribute out of `after` and marks it in `after_unknown`.
        else if (childAt(n.u, step.key) === true) out.push({ unknown: true, sensitive: n.sens || childAt(n.s, step.key) === true });
      } else if ('index' in step) {
        if (Array.isArray(n.v) && step.index < n.v.length) next.push(child(n, step.index));
        else if (childAt(n.u, step.index) === true) out.push({ unknown: true, sensitive: n.sens });
      } else if (Array.isArray(n.v)) n.v.forEach((_, i) => next.push(child(n, i)));
      else if (isObj(n.v)) for (const k of Object.keys(n.v)) next.push(child(n, k));
    };
    for (const n of nodes) visit(n);
    nodes = next;
  }
  for (const n of nodes) {
    if (n.u === true) out.push({ unknown: true, sensitive: n.sens || n.s === true });
    else if (n.v !== undefined) out.push({ value: n.v, unknown: false, sensitive: n.sens || hasTrue(n.s) });
  }
  return out;
}

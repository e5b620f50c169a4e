/**
 * The last line of defence for secrets in the Report. The diff masks values structurally
 * (markers, secret-looking names); this module collects every string the plan marks secret and
 * replaces any copy of it anywhere in the Report, so a secret that also sits unmarked somewhere
 * else (terraform_data copies `input` to an unmarked `output`; a provider echoes a password into
 * a connection URL; a rule quotes a value in a message) still never reaches an output.
 */
import { isPulumiSecret } from '../diff/secrets.js';
import { isSecretAttributeName, SENSITIVE } from '../diff/index.js';
import type { ResourceChange } from '../model/types.js';

/** Shorter values are masked where they are marked, but not hunted down elsewhere (a sensitive `"true"` or port must not erase every `true` and number). */
export const MIN_SCRUB_LENGTH = 6;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasTrue(m: unknown): boolean {
  const st: unknown[] = [m];
  while (st.length > 0) {
    const x = st.pop();
    if (x === true) return true;
    if (typeof x === 'object' && x !== null) for (const v of Object.values(x)) st.push(v);
  }
  return false;
}

function parseJsonContainer(s: string): unknown {
  const t = s.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

/** Every string (and long number) inside a value, all of which are secret. */
function addLeaves(v: unknown, out: Set<string>): void {
  const st: unknown[] = [v];
  while (st.length > 0) {
    const x = st.pop();
    if (typeof x === 'string') {
      out.add(x);
      const inner = parseJsonContainer(x);
      if (inner !== undefined) st.push(inner);
    } else if (typeof x === 'number' || typeof x === 'bigint') out.add(String(x));
    else if (typeof x === 'object' && x !== null) for (const c of Object.values(x)) st.push(c);
  }
}

/** `{ name: "DB_PASSWORD", value: "..." }`: the value keys a sibling names as secret. */
function pairedValueKeys(o: Obj, extra: RegExp[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const nf of ['name', 'Name', 'key', 'Key']) {
    const n = Object.hasOwn(o, nf) ? o[nf] : undefined;
    if (typeof n === 'string' && isSecretAttributeName(n, extra)) {
      for (const vf of ['value', 'Value']) if (Object.hasOwn(o, vf)) out.add(vf);
    }
  }
  return out;
}

interface Task {
  v: unknown;
  m: unknown;
}

/** Cheap pre-check before parsing a JSON string for secret-named members. */
const MAYBE_SECRET_NAME = /pass|secret|token|credential|private|key|conn|pwd|auth|cert/i;

/**
 * Collect the secret strings of one value under its sensitivity mask: everything under a `true`
 * marker or a Pulumi secret; and the scalar value of an attribute whose name says secret (or
 * named secret by a `name`/`value` sibling), also inside JSON strings. A container under a
 * secret-looking name is masked in the diff but its strings are not hunted elsewhere: names
 * match loosely (`secrets` lists hold parameter names and ARNs), markers do not.
 */
function collectValue(value: unknown, mask: unknown, isSecretName: (n: string) => boolean, extra: RegExp[] | undefined, out: Set<string>): void {
  const st: Task[] = [{ v: value, m: mask }];
  while (st.length > 0) {
    const { v, m } = st.pop() as Task;
    if (m === true || isPulumiSecret(v)) {
      addLeaves(v, out);
      continue;
    }
    if (typeof v === 'string') {
      if (v.length >= MIN_SCRUB_LENGTH && MAYBE_SECRET_NAME.test(v)) {
        const inner = parseJsonContainer(v);
        if (inner !== undefined) st.push({ v: inner, m: undefined });
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    // A mask of the wrong shape that holds a `true`: everything below is secret.
    if (typeof m === 'object' && m !== null && Array.isArray(m) !== Array.isArray(v) && hasTrue(m)) {
      addLeaves(v, out);
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((c, i) => st.push({ v: c, m: Array.isArray(m) ? m[i] : undefined }));
      continue;
    }
    const paired = pairedValueKeys(v as Obj, extra);
    for (const k of Object.keys(v)) {
      const c = (v as Obj)[k];
      const cm = isObj(m) && Object.hasOwn(m, k) ? m[k] : undefined;
      if ((paired.has(k) || isSecretName(k)) && (typeof c === 'string' || typeof c === 'number')) out.add(String(c));
      else st.push({ v: c, m: cm });
    }
  }
}

/** Every secret string a plan's changes hold (marked sensitive, Pulumi secrets, secret-named attributes). */
export function collectSecrets(changes: readonly ResourceChange[], extra?: RegExp[]): Set<string> {
  const found = new Set<string>();
  const names = new Map<string, boolean>();
  const isSecretName = (n: string): boolean => {
    let r = names.get(n);
    if (r === undefined) names.set(n, (r = isSecretAttributeName(n, extra)));
    return r;
  };
  for (const c of changes) {
    collectValue(c.before, c.beforeSensitive, isSecretName, extra, found);
    collectValue(c.after, c.afterSensitive, isSecretName, extra, found);
  }
  const out = new Set<string>();
  for (const s of found) {
    if (s.length < MIN_SCRUB_LENGTH || /^(true|false|null)$/i.test(s) || SENSITIVE.includes(s)) continue;
    out.add(s);
    // The same secret as it appears inside a JSON-encoded string.
    const enc = JSON.stringify(s).slice(1, -1);
    if (enc !== s) out.add(enc);
  }
  return out;
}

/** A function replacing every copy of a secret in a string, or undefined when there is none. */
export function secretScrubber(secrets: ReadonlySet<string>): ((s: string) => string) | undefined {
  if (secrets.size === 0) return undefined;
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  const re = new RegExp(sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (s: string) => (s.length >= MIN_SCRUB_LENGTH ? s.replace(re, SENSITIVE) : s);
}

/**
 * Replace, in place, every string of a JSON tree (object keys included) through `scrub`.
 * Iterative, so deep values are safe.
 */
export function scrubTree<T>(root: T, scrub: (s: string) => string): T {
  if (typeof root === 'string') return scrub(root) as T;
  const st: unknown[] = [root];
  while (st.length > 0) {
    const x = st.pop();
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const c: unknown = x[i];
        if (typeof c === 'string') x[i] = scrub(c);
        else if (typeof c === 'object' && c !== null) st.push(c);
      }
    } else if (isObj(x)) {
      for (const k of Object.keys(x)) {
        const c = x[k];
        const nk = scrub(k);
        if (nk !== k) {
          delete x[k];
          Object.defineProperty(x, nk, { value: c, enumerable: true, writable: true, configurable: true });
        }
        if (typeof c === 'string') x[nk] = scrub(c);
        else if (typeof c === 'object' && c !== null) st.push(c);
      }
    }
  }
  return root;
}

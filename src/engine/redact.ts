/**
 * The last line of defence for secrets in the Report. The diff masks values structurally
 * (markers, secret-looking names); this module collects every string the plan marks secret and
 * replaces any copy of it anywhere in the Report, so a secret that also sits unmarked somewhere
 * else (terraform_data copies `input` to an unmarked `output`; a provider echoes a password into
 * a connection URL; a rule quotes a value in a message) still never reaches an output.
 */
import { isPulumiSecret, PULUMI_SECRET_TEXT } from '../diff/secrets.js';
import { isSecretAttributeName, SENSITIVE } from '../diff/index.js';
import type { ResourceChange } from '../model/types.js';

/** Shorter values are masked where they are marked, but not hunted down elsewhere (a sensitive `"true"` or port must not erase every `true` and number). */
export const MIN_SCRUB_LENGTH = 6;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A sensitivity mask marks something at or below this node. */
export function hasTrue(m: unknown): boolean {
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

const PAIR_NAME_FIELDS = ['name', 'Name', 'key', 'Key'];
const PAIR_VALUE_FIELDS = ['value', 'Value'];

/** `{ name: "DB_PASSWORD", value: "..." }`: the value keys a sibling names as secret (null: none). */
function pairedValueKeys(o: Obj, extra: RegExp[] | undefined): Set<string> | null {
  let out: Set<string> | null = null;
  for (const nf of PAIR_NAME_FIELDS) {
    const n = Object.hasOwn(o, nf) ? o[nf] : undefined;
    if (typeof n === 'string' && isSecretAttributeName(n, extra)) {
      for (const vf of PAIR_VALUE_FIELDS) if (Object.hasOwn(o, vf)) (out ??= new Set()).add(vf);
    }
  }
  return out;
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
  // Two parallel stacks (value, mask): no object per node, plans have millions of nodes.
  const sv: unknown[] = [value];
  const sm: unknown[] = [mask];
  while (sv.length > 0) {
    const v = sv.pop();
    const m = sm.pop();
    if (m === true || isPulumiSecret(v)) {
      addLeaves(v, out);
      continue;
    }
    if (typeof v === 'string') {
      if (v.length >= MIN_SCRUB_LENGTH && startsLikeJsonContainer(v) && MAYBE_SECRET_NAME.test(v)) {
        const inner = parseJsonContainer(v);
        if (inner !== undefined) {
          sv.push(inner);
          sm.push(undefined);
        }
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
      const ma = Array.isArray(m) ? m : undefined;
      for (let i = 0; i < v.length; i++) {
        const c: unknown = v[i];
        const cm = ma === undefined ? undefined : ma[i];
        if (inert(c, cm)) continue;
        sv.push(c);
        sm.push(cm);
      }
      continue;
    }
    const paired = pairedValueKeys(v as Obj, extra);
    const mo = isObj(m) ? m : undefined;
    for (const k of Object.keys(v)) {
      const c = (v as Obj)[k];
      if (((paired !== null && paired.has(k)) || isSecretName(k)) && (typeof c === 'string' || typeof c === 'number')) out.add(String(c));
      else {
        const cm = mo !== undefined && Object.hasOwn(mo, k) ? mo[k] : undefined;
        if (inert(c, cm)) continue;
        sv.push(c);
        sm.push(cm);
      }
    }
  }
}

/**
 * A leaf that collectValue would pop and drop: unmarked, not a Pulumi secret, and not a string
 * it would look into for JSON. Most leaves of a plan; left off the stacks.
 */
function inert(c: unknown, mask: unknown): boolean {
  if (mask === true) return false;
  if (typeof c === 'string') return c !== PULUMI_SECRET_TEXT && !(c.length >= MIN_SCRUB_LENGTH && startsLikeJsonContainer(c));
  return typeof c !== 'object' || c === null;
}

/** The first non-blank character opens an object or array (what parseJsonContainer needs). */
function startsLikeJsonContainer(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) return true;
    // What String.prototype.trimStart skips, in the ASCII range; anything else ends the look.
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0b && c !== 0x0c && c < 0x80) return false;
    if (c >= 0x80) return /^\s*[[{]/.test(s);
  }
  return false;
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
    // The reader shares an unchanged `after` with `before` (and identical masks): nothing new there.
    if (c.after !== c.before || c.afterSensitive !== c.beforeSensitive) collectValue(c.after, c.afterSensitive, isSecretName, extra, found);
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

/** Up to this many secrets, one regular expression (native, fastest); above, a hashed search. */
const REGEXP_MAX_SECRETS = 64;
/** ... and up to this many characters in all: V8 refuses a regular expression source above ~1 MB. */
const REGEXP_MAX_CHARS = 64 * 1024;

/**
 * A function replacing every copy of a secret in a string, or undefined when there is none.
 * At each position from the left, the longest secret that starts there is replaced; the search
 * goes on after it. Linear in the length of the string whatever the number of secrets: an
 * alternation of thousands of secrets in one regular expression is tried alternative by
 * alternative at every position (a plan with 10,000 passwords made the report's scrub
 * quadratic), so above REGEXP_MAX_SECRETS the secrets are found by a rolling hash of their first
 * characters instead; both give the same result.
 */
export function secretScrubber(secrets: ReadonlySet<string>): ((s: string) => string) | undefined {
  if (secrets.size === 0) return undefined;
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  let chars = 0;
  for (const x of sorted) chars += x.length;
  return remembered(sorted.length > REGEXP_MAX_SECRETS || chars > REGEXP_MAX_CHARS ? hashedScrubber(sorted) : regexpScrubber(sorted));
}

/** Distinct strings a scrubber remembers (a report of 10k changes has ~100k). */
const SCRUB_MEMO_MAX = 200_000;

/**
 * The same scrubber, remembering its answers: a report repeats the same strings many times
 * (member names such as `forcesReplacement` on every attribute change, kinds, addresses, a
 * policy shared by a hundred roles), and a look-up costs a hash of the string, which V8 keeps,
 * instead of a search of it.
 */
function remembered(scrub: (s: string) => string): (s: string) => string {
  const memo = new Map<string, string>();
  return (s: string) => {
    if (s.length < MIN_SCRUB_LENGTH) return s;
    let r = memo.get(s);
    if (r === undefined) {
      r = scrub(s);
      if (memo.size < SCRUB_MEMO_MAX) memo.set(s, r);
    }
    return r;
  };
}

/** The scrubber as one regular expression (secrets longest first). Exported for tests. */
export function regexpScrubber(longestFirst: readonly string[]): (s: string) => string {
  const re = new RegExp(longestFirst.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (s: string) => (s.length >= MIN_SCRUB_LENGTH ? s.replace(re, SENSITIVE) : s);
}

const HASH_BASE = 0x01000193;

/**
 * The scrubber as a Rabin-Karp search (secrets longest first, none empty): a rolling hash of
 * the next K characters (K = the shortest secret's length) is looked up in a bit table, then in
 * a map of the secrets that start with characters of that hash, checked by length, longest
 * first, one set look-up per length (secrets often share a prefix: `app-password-1`, `-2`, ...).
 * Exported for tests.
 */
export function hashedScrubber(longestFirst: readonly string[]): (s: string) => string {
  const k = longestFirst[longestFirst.length - 1]!.length;
  const hashAt = (s: string, at: number): number => {
    let h = 0;
    for (let j = 0; j < k; j++) h = (Math.imul(h, HASH_BASE) + s.charCodeAt(at + j)) | 0;
    return h;
  };
  // HASH_BASE ** (k - 1), modulo 2^32: the weight of the character that leaves the window.
  let top = 1;
  for (let j = 1; j < k; j++) top = Math.imul(top, HASH_BASE);
  let bits = 10;
  while (1 << bits < 16 * longestFirst.length && bits < 22) bits++;
  const shift = 32 - bits;
  const seen = new Uint8Array(1 << bits);
  const slot = (h: number): number => Math.imul(h, 0x9e3779b1) >>> shift;
  const byHead = new Map<number, { lengths: number[]; secrets: Set<string> }>();
  for (const secret of longestFirst) {
    const h = hashAt(secret, 0);
    seen[slot(h)] = 1;
    let bucket = byHead.get(h);
    if (bucket === undefined) byHead.set(h, (bucket = { lengths: [], secrets: new Set() }));
    // longestFirst: lengths arrive in decreasing order.
    if (bucket.lengths[bucket.lengths.length - 1] !== secret.length) bucket.lengths.push(secret.length);
    bucket.secrets.add(secret);
  }
  return (s: string) => {
    const n = s.length;
    if (n < MIN_SCRUB_LENGTH || n < k) return s;
    let out = '';
    let last = 0;
    let i = 0;
    let h = hashAt(s, 0);
    while (i + k <= n) {
      if (seen[slot(h)] === 1) {
        const bucket = byHead.get(h);
        let matched = 0;
        if (bucket !== undefined) {
          for (const len of bucket.lengths) {
            if (i + len <= n && bucket.secrets.has(s.slice(i, i + len))) {
              matched = len;
              break;
            }
          }
        }
        if (matched > 0) {
          out += s.slice(last, i) + SENSITIVE;
          i += matched;
          last = i;
          if (i + k <= n) h = hashAt(s, i);
          continue;
        }
      }
      if (i + k < n) h = (Math.imul(h - Math.imul(s.charCodeAt(i), top), HASH_BASE) + s.charCodeAt(i + k)) | 0;
      i++;
    }
    return last === 0 ? s : out + s.slice(last);
  };
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

/**
 * Value helpers for the diff: own-property access, structural hashing, deep equality and
 * canonical stringification. All traversals use an explicit stack (never recursion), so a
 * value nested 100,000 levels deep costs memory, not the call stack. Inputs are JSON trees
 * (acyclic); shared sub-objects are fine.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** Own property only: `__proto__`, `constructor` & co. are ordinary keys, never inherited. */
export function own(o: Obj, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

/** Child of a mask (or value) at a step, tolerating any shape: wrong shapes give undefined. */
export function childAt(m: unknown, step: string | number): unknown {
  if (typeof step === 'number') return Array.isArray(m) ? (m[step] as unknown) : undefined;
  return isObj(m) ? own(m, step) : undefined;
}

/** Set an own, enumerable property, even when the key is `__proto__`. */
export function setOwn(o: Obj, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

// ---------------------------------------------------------------------------------------------
// Structural hash: 53-bit number, order-insensitive for object keys, memoized per container.
// Used only to bucket candidates; every "equal" decision is confirmed with deepEqual, so a
// collision can cost time but never hide a change.

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fin(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEED1 = 0x9747b28c;
const SEED2 = 0x2545f491;

function join53(h1: number, h2: number): number {
  return fin(h1) * 0x200000 + (fin(h2) >>> 11);
}

function hi(x: number): number {
  return Math.floor(x / 0x200000) | 0;
}
function lo(x: number): number {
  return x % 0x200000 | 0;
}

function stringHash(tag: number, s: string): number {
  let h1 = mix(SEED1, tag);
  let h2 = mix(SEED2, tag ^ 0x5bd1e995);
  const len = s.length;
  let i = 0;
  // Two UTF-16 units per round.
  for (; i + 1 < len; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    h1 = mix(h1, k);
    h2 = mix(h2, k ^ 0x27d4eb2f);
  }
  if (i < len) {
    const k = s.charCodeAt(i);
    h1 = mix(h1, k);
    h2 = mix(h2, k ^ 0x27d4eb2f);
  }
  h1 = mix(h1, len);
  h2 = mix(h2, len);
  return join53(h1, h2);
}

function primitiveHash(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return stringHash(1, v);
    case 'number':
      return stringHash(2, String(v));
    case 'boolean':
      return v ? 3 : 4;
    case 'undefined':
      return 5;
    case 'bigint':
      return stringHash(6, String(v));
    default:
      return v === null ? 7 : stringHash(8, String(v));
  }
}

interface HashFrame {
  node: object;
  keys: string[] | null; // null for arrays
  i: number;
  h1: number;
  h2: number;
  /** Nodes in the subtree (memoized members count as MEMO_MIN_SIZE). */
  size: number;
}

/** Subtrees at least this big are memoized; smaller ones are cheaper to hash again. */
const MEMO_MIN_SIZE = 32;

export class Hasher {
  // A Map, not a WeakMap: the engine lives for one diffChange call, and ephemeron tables with
  // hundreds of thousands of entries make the garbage collector the bottleneck. Only big
  // subtrees are memoized: a node is re-hashed at most once per non-memoized (small) ancestor,
  // so the total stays linear, and deep nesting (every ancestor big) is hashed once.
  private readonly memo = new Map<object, number>();
  private readonly keyHashes = new Map<string, number>();

  of(v: unknown): number {
    if (!isContainer(v)) return primitiveHash(v);
    const known = this.memo.get(v);
    if (known !== undefined) return known;
    const flat = this.flat(v);
    if (flat !== undefined) return flat;
    const stack: HashFrame[] = [this.frame(v)];
    for (;;) {
      const f = stack[stack.length - 1] as HashFrame;
      const len = f.keys === null ? (f.node as unknown[]).length : f.keys.length;
      if (f.i < len) {
        const child = f.keys === null ? (f.node as unknown[])[f.i] : (f.node as Obj)[f.keys[f.i] as string];
        if (!isContainer(child)) this.absorb(f, primitiveHash(child), 1);
        else {
          const memo = this.memo.get(child);
          if (memo !== undefined) this.absorb(f, memo, MEMO_MIN_SIZE);
          else {
            const fl = this.flat(child);
            if (fl !== undefined) this.absorb(f, fl, 1 + (Array.isArray(child) ? child.length : Object.keys(child).length));
            else stack.push(this.frame(child));
          }
        }
        continue;
      }
      const h = join53(mix(f.h1, len), mix(f.h2, len));
      if (f.size >= MEMO_MIN_SIZE) this.memo.set(f.node, h);
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent === undefined) return h;
      this.absorb(parent, h, f.size);
    }
  }

  /** Mix the hash of member `f.i` (and its key) into `f`, and move on. */
  private absorb(f: HashFrame, ch: number, size: number): void {
    if (f.keys !== null) {
      const kh = this.keyHash(f.keys[f.i] as string);
      f.h1 = mix(mix(f.h1, hi(kh)), lo(kh));
      f.h2 = mix(mix(f.h2, lo(kh)), hi(kh));
    }
    f.h1 = mix(mix(f.h1, hi(ch)), lo(ch));
    f.h2 = mix(mix(f.h2, lo(ch) ^ 0x68e31da4), hi(ch));
    f.size += size;
    f.i++;
  }

  /** Hash of a container whose members are all primitives; undefined otherwise. Same value as `of`. */
  private flat(node: object): number | undefined {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (isContainer(node[i])) return undefined;
      let h1 = mix(SEED1, 10);
      let h2 = mix(SEED2, 12);
      for (let i = 0; i < node.length; i++) {
        const ch = primitiveHash(node[i]);
        h1 = mix(mix(h1, hi(ch)), lo(ch));
        h2 = mix(mix(h2, lo(ch) ^ 0x68e31da4), hi(ch));
      }
      return join53(mix(h1, node.length), mix(h2, node.length));
    }
    const o = node as Obj;
    const keys = Object.keys(o);
    for (const k of keys) if (isContainer(o[k])) return undefined;
    keys.sort();
    let h1 = mix(SEED1, 11);
    let h2 = mix(SEED2, 13);
    for (const k of keys) {
      const kh = this.keyHash(k);
      h1 = mix(mix(h1, hi(kh)), lo(kh));
      h2 = mix(mix(h2, lo(kh)), hi(kh));
      const ch = primitiveHash(o[k]);
      h1 = mix(mix(h1, hi(ch)), lo(ch));
      h2 = mix(mix(h2, lo(ch) ^ 0x68e31da4), hi(ch));
    }
    return join53(mix(h1, keys.length), mix(h2, keys.length));
  }

  private keyHash(k: string): number {
    let h = this.keyHashes.get(k);
    if (h === undefined) this.keyHashes.set(k, (h = stringHash(9, k)));
    return h;
  }

  private frame(node: object): HashFrame {
    const isArr = Array.isArray(node);
    return {
      node,
      keys: isArr ? null : Object.keys(node).sort(),
      i: 0,
      h1: mix(SEED1, isArr ? 10 : 11),
      h2: mix(SEED2, isArr ? 12 : 13),
      size: 1,
    };
  }
}

/** Structural equality of JSON values; object key order is ignored. Iterative. */
export function deepEqual(x: unknown, y: unknown): boolean {
  const st: unknown[] = [x, y];
  while (st.length > 0) {
    const b = st.pop();
    const a = st.pop();
    if (a === b) continue;
    if (!isContainer(a) || !isContainer(b)) return false;
    const aArr = Array.isArray(a);
    if (aArr !== Array.isArray(b)) return false;
    if (aArr) {
      const aa = a as unknown[];
      const bb = b as unknown[];
      if (aa.length !== bb.length) return false;
      for (let i = 0; i < aa.length; i++) st.push(aa[i], bb[i]);
    } else {
      const ao = a as Obj;
      const bo = b as Obj;
      const ka = Object.keys(ao);
      if (ka.length !== Object.keys(bo).length) return false;
      for (const k of ka) {
        if (!Object.hasOwn(bo, k)) return false;
        st.push(ao[k], bo[k]);
      }
    }
  }
  return true;
}

interface StringifyFrame {
  node: object;
  /** Member names to print (objects), null for arrays. */
  keys: string[] | null;
  i: number;
}

function scalarText(t: unknown): string {
  if (t === undefined || typeof t === 'function' || typeof t === 'symbol') return 'null';
  if (typeof t === 'bigint') return String(t);
  if (typeof t === 'number') return Number.isFinite(t) ? String(t) : 'null';
  return JSON.stringify(t);
}

function openFrame(node: object, sortKeys: boolean): StringifyFrame {
  if (Array.isArray(node)) return { node, keys: null, i: 0 };
  const o = node as Obj;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sortKeys) keys.sort();
  return { node, keys, i: 0 };
}

/**
 * JSON text of a value without recursion (JSON.stringify overflows on deep values).
 * `sortKeys` gives a canonical form (for keys and comparisons); without it, key order is kept.
 * `undefined` object members are skipped and array members become null, as in JSON.
 */
export function stringify(v: unknown, sortKeys: boolean): string {
  if (!isContainer(v)) return scalarText(v);
  const stack: StringifyFrame[] = [openFrame(v, sortKeys)];
  let out = Array.isArray(v) ? '[' : '{';
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as StringifyFrame;
    let child: unknown;
    if (f.keys === null) {
      const arr = f.node as unknown[];
      if (f.i >= arr.length) {
        out += ']';
        stack.pop();
        continue;
      }
      if (f.i > 0) out += ',';
      child = arr[f.i++];
    } else {
      if (f.i >= f.keys.length) {
        out += '}';
        stack.pop();
        continue;
      }
      const k = f.keys[f.i++] as string;
      out += `${f.i > 1 ? ',' : ''}${JSON.stringify(k)}:`;
      child = (f.node as Obj)[k];
    }
    if (isContainer(child)) {
      out += Array.isArray(child) ? '[' : '{';
      stack.push(openFrame(child, sortKeys));
    } else out += scalarText(child);
  }
  return out;
}

/** Memoized "does this mask hold a `true` anywhere" (post-order, iterative). */
export class TrueFinder {
  private readonly memo = new Map<object, boolean>();

  has(m: unknown): boolean {
    if (m === true) return true;
    if (!isContainer(m)) return false;
    const known = this.memo.get(m);
    if (known !== undefined) return known;
    // Flat masks (the usual `{}` / `[false, false]`) are answered without memoizing.
    let flat = true;
    for (const c of Object.values(m) as unknown[]) {
      if (c === true) return true;
      if (isContainer(c)) flat = false;
    }
    if (flat) return false;
    // Post-order: a node is decided once all its container children are.
    const stack: object[] = [m];
    while (stack.length > 0) {
      const node = stack[stack.length - 1] as object;
      if (this.memo.has(node)) {
        stack.pop();
        continue;
      }
      let found = false;
      let pending = false;
      for (const c of Object.values(node) as unknown[]) {
        if (c === true) {
          found = true;
          break;
        }
        if (isContainer(c)) {
          const cm = this.memo.get(c);
          if (cm === undefined) {
            stack.push(c);
            pending = true;
          } else if (cm) {
            found = true;
            break;
          }
        }
      }
      if (found || !pending) {
        this.memo.set(node, found);
        stack.pop();
      }
    }
    return this.memo.get(m) === true;
  }

  /** Number of `true` leaves (not memoized; called once per collapsed subtree). */
  count(m: unknown): number {
    let n = 0;
    const st: unknown[] = [m];
    while (st.length > 0) {
      const c = st.pop();
      if (c === true) n++;
      else if (isContainer(c)) for (const x of Object.values(c) as unknown[]) st.push(x);
    }
    return n;
  }
}

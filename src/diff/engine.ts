/**
 * The attribute-level diff engine: walks before/after (with the sensitive and unknown masks)
 * using an explicit stack, and emits one AttrChange per changed path, already masked.
 * Noise is emitted with its own kind here; folding happens in ./index.ts.
 */
import type { AttrPath } from '../model/types.js';
import { display, parseJsonContainer, sensitiveHere, unknownLeaf, type MaskEnv } from './display.js';
import { pairedSecretValueKeys, PULUMI_UNKNOWN_STRING, secretNameCache } from './secrets.js';
import type { AttrChange, AttrChangeKind, DisplayValue } from './types.js';
import { SENSITIVE, UNKNOWN } from './types.js';
import { childAt, deepEqual, Hasher, isContainer, isObj, own, stringify, TrueFinder, type Obj } from './values.js';

type Step = string | number;

/** Path as a parent-linked list: O(1) per level; materialized only when a change is emitted. */
interface Link {
  readonly up: Link | null;
  readonly step: Step;
}

export interface Frame {
  link: Link | null;
  b: unknown;
  a: unknown;
  hasB: boolean;
  hasA: boolean;
  /** beforeSensitive, afterSensitive and afterUnknown masks at this node (any shape). */
  bs: unknown;
  as: unknown;
  u: unknown;
  /** Sensitive by the attribute's name, a sibling `name`, or a whole-resource marker. */
  force: boolean;
  /** Show an added/removed value whole instead of one change per member (list elements). */
  whole: boolean;
  /** A list element: null is a value there (the list changed), not "no value". */
  elem: boolean;
}

/** How forcesReplacement is decided: from replace paths, or fixed (inside a JSON string). */
export type Replace = { readonly paths: AttrPath[] } | { readonly fixed: boolean };

interface Run {
  readonly out: AttrChange[];
  readonly st: Frame[];
  readonly replace: Replace;
}

export const NOISE_KINDS: ReadonlySet<AttrChangeKind> = new Set(['reordered', 'reformatted-json', 'whitespace']);

export function rootFrame(b: unknown, a: unknown, bs: unknown, as: unknown, u: unknown): Frame {
  return { link: null, b, a, hasB: b !== undefined, hasA: a !== undefined, bs, as, u, force: false, whole: false, elem: false };
}

/** Equal word sequences: the strings differ only in how much whitespace separates the words. */
function sameWords(x: string, y: string): boolean {
  return x.replace(/\s+/g, ' ').trim() === y.replace(/\s+/g, ' ').trim();
}

export class Engine implements MaskEnv {
  readonly trues = new TrueFinder();
  readonly hasher = new Hasher();
  /** Unknown markers collapsed into one UNKNOWN line for a wholly unknown container. */
  unknownFolded = 0;
  private readonly wholeMemo = new Map<object, Map<object, boolean>>();

  readonly isSecretName: (name: string) => boolean;

  constructor(extra: RegExp[] | undefined) {
    this.isSecretName = secretNameCache(extra);
  }

  run(root: Frame, replace: Replace): AttrChange[] {
    const r: Run = { out: [], st: [root], replace };
    while (r.st.length > 0) this.step(r, r.st.pop() as Frame);
    return r.out;
  }

  // -------------------------------------------------------------------------------------------
  private step(r: Run, f: Frame): void {
    const { b, a, bs, as, u } = f;
    // A list element is a value even when null ([x] -> [null] changed the list); elsewhere
    // null and absent are the same "no value".
    const bN = !f.hasB || (!f.elem && (b === null || b === undefined));
    const aN = !f.hasA || (!f.elem && (a === null || a === undefined));
    const uHas = this.trues.has(u);

    // 0. One object on both sides (the reader shares an unchanged attribute of after with
    // before): nothing below it is listed, unless after marks something there unknown (a mask,
    // or Pulumi's unknown sentinel, listed whatever before held). Every other branch below
    // lists only what differs between the two sides, or sensitive values that changed.
    if (b === a && typeof a === 'object' && a !== null && !uHas && !this.holdsUnknownSentinel(a)) return;

    // 1. Unknown after value: shown once, at the highest wholly unknown path.
    if (uHas || a === PULUMI_UNKNOWN_STRING) {
      let unknown = unknownLeaf(this, a, u);
      let collapsed = false;
      // The after value is gone but members are marked unknown, and before was no object to descend.
      if (!unknown && aN && !bN && !isObj(b)) unknown = true;
      // Collapse a wholly unknown container into one line, but never the resource itself:
      // its attributes are the unit a reviewer reads.
      if (!unknown && f.link !== null && this.wholly(u, aN ? undefined : a)) unknown = collapsed = true;
      if (unknown) {
        const sens = f.force || sensitiveHere(this, b, bs) || sensitiveHere(this, a, as);
        const before = bN ? undefined : sens ? SENSITIVE : display(this, b, bs, undefined).value;
        this.emit(r, f.link, 'unknown', before, UNKNOWN, sens);
        if (collapsed && u !== true) this.unknownFolded += this.trues.count(u);
        return;
      }
    }

    // 2. No value on either side.
    if (bN && aN && !uHas) return;

    // 3. Sensitive. A whole-resource marker masks every attribute but keeps attribute names.
    if (f.link === null && (bs === true || as === true) && (bN || isObj(b)) && (aN || isObj(a))) {
      this.descendObject(r, f, true);
      return;
    }
    if (f.force || sensitiveHere(this, b, bs) || sensitiveHere(this, a, as)) {
      if (bN) this.emit(r, f.link, 'added', undefined, SENSITIVE, true);
      else if (aN) this.emit(r, f.link, 'removed', SENSITIVE, undefined, true);
      else if (uHas || !deepEqual(b, a)) this.emit(r, f.link, 'changed', SENSITIVE, SENSITIVE, true);
      return;
    }

    // 4. Structure.
    if (bN) {
      if (!f.whole && (isObj(a) || (aN && isObj(u)))) this.descendObject(r, f, false);
      else this.emitDisplayed(r, f.link, 'added', undefined, display(this, a, as, u).value);
      return;
    }
    if (aN) {
      if (!f.whole && isObj(b)) this.descendObject(r, f, false);
      else this.emitDisplayed(r, f.link, 'removed', display(this, b, bs, undefined).value, undefined);
      return;
    }
    if (isObj(b) && isObj(a)) this.descendObject(r, f, false);
    else if (Array.isArray(b) && Array.isArray(a)) this.listDiff(r, f, b, a);
    else if (typeof b === 'string' && typeof a === 'string') this.stringDiff(r, f, b, a);
    else if (uHas || !deepEqual(b, a)) {
      this.emitDisplayed(r, f.link, 'changed', display(this, b, bs, undefined).value, display(this, a, as, u).value);
    }
  }

  /** Does Pulumi's unknown sentinel string appear anywhere in this value? */
  private holdsUnknownSentinel(v: object): boolean {
    const st: unknown[] = [v];
    while (st.length > 0) {
      const x = st.pop();
      if (x === PULUMI_UNKNOWN_STRING) return true;
      if (typeof x === 'object' && x !== null) {
        if (Array.isArray(x)) for (let i = 0; i < x.length; i++) st.push(x[i]);
        else for (const k in x) if (Object.hasOwn(x, k)) st.push((x as Obj)[k]);
      }
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  private descendObject(r: Run, f: Frame, forceAll: boolean): void {
    const bo = isObj(f.b) ? f.b : undefined;
    const ao = isObj(f.a) ? f.a : undefined;
    // The union of the member names, sorted. Both sides usually have the same names (often the
    // same object, shared by the reader), already sorted (Terraform sorts them): no set, no sort.
    const kb = bo === undefined ? undefined : Object.keys(bo);
    const ka = ao === undefined ? undefined : ao === bo ? kb : Object.keys(ao);
    let keys: string[];
    let set: Set<string> | undefined;
    if (kb === undefined) keys = ka ?? [];
    else if (ka === undefined || ka === kb || sameList(kb, ka)) keys = kb;
    else {
      set = new Set(kb);
      for (const k of ka) set.add(k);
      keys = [...set];
    }
    // Terraform leaves unknown members out of `after`; the mask still names them.
    if (isObj(f.u)) {
      for (const k of Object.keys(f.u)) {
        set ??= new Set(keys);
        if (!set.has(k) && this.trues.has(own(f.u, k))) {
          set.add(k);
          if (keys === kb || keys === ka) keys = [...keys];
          keys.push(k);
        }
      }
    }
    const sorted = isSorted(keys) ? keys : keys.sort();
    const pb = pairedSecretValueKeys(bo, this.isSecretName);
    const pa = pairedSecretValueKeys(ao, this.isSecretName);
    for (let i = sorted.length - 1; i >= 0; i--) {
      const k = sorted[i] as string;
      const b = bo === undefined ? undefined : own(bo, k);
      const a = ao === undefined ? undefined : own(ao, k);
      const u = childAt(f.u, k);
      // A leaf with the same value on both sides is never listed (as step 0 for one object on
      // both sides), unless after marks it unknown: no frame for it.
      if (b === a && (typeof a !== 'object' || a === null) && a !== PULUMI_UNKNOWN_STRING && !this.trues.has(u)) continue;
      r.st.push({
        link: { up: f.link, step: k },
        b,
        hasB: bo !== undefined && Object.hasOwn(bo, k),
        a,
        hasA: ao !== undefined && Object.hasOwn(ao, k),
        bs: childAt(f.bs, k),
        as: childAt(f.as, k),
        u,
        force: forceAll || (pb !== null && pb.includes(k)) || (pa !== null && pa.includes(k)) || this.isSecretName(k),
        whole: false,
        elem: false,
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  /**
   * Lists and sets, in O(n + m) expected time (plus the size of the elements): no LCS.
   * 1. Each after element is matched to an unused equal before element, found through a hash
   *    bucket of canonical element hashes (confirmed by deep equality, so collisions cost time
   *    but never hide a change). Elements with unknown parts never match.
   * 2. Everything matched and the lengths equal: unchanged, or 'reordered'.
   * 3. Otherwise unmatched elements "line up" when they sit in the same gap between matched
   *    elements with the same rank inside it (e.g. [a,b,c] -> [a,x,c] pairs b with x); those are
   *    diffed member by member at the after index. The rest are 'removed' (at the before index)
   *    or 'added' (at the after index), shown whole. Moves of matched elements are not listed.
   */
  private listDiff(r: Run, f: Frame, B: unknown[], A: unknown[]): void {
    const n = B.length;
    const m = A.length;
    const matchedB = new Int32Array(n).fill(-1);
    const matchedA = new Int32Array(m).fill(-1);
    // Hash chains in an open-addressing table (typed arrays, no Map): the slot of a key holds
    // the first unused before index with that key, next[] the following ones in order. Keys are
    // 32 bits of the structural hash; equal keys are confirmed with deepEqual, so a collision
    // only costs a comparison. Slot heads: -1 never used, -2 used but exhausted.
    let cap = 16;
    while (cap < 2 * n) cap *= 2;
    const mask = cap - 1;
    const slotKey = new Int32Array(cap);
    const slotHead = new Int32Array(cap).fill(-1);
    const next = new Int32Array(n);
    const slotOf = (key: number): number => {
      let s = key & mask;
      while (slotHead[s] !== -1 && slotKey[s] !== key) s = (s + 1) & mask;
      return s;
    };
    for (let i = n - 1; i >= 0; i--) {
      const key = this.bucketKey(B[i]);
      const s = slotOf(key);
      const h = slotHead[s] as number;
      next[i] = h < 0 ? -1 : h;
      slotKey[s] = key;
      slotHead[s] = i;
    }
    for (let j = 0; j < m; j++) {
      const aj = A[j];
      if (n === 0 || aj === PULUMI_UNKNOWN_STRING || this.trues.has(childAt(f.u, j))) continue;
      const s = slotOf(this.bucketKey(aj));
      let prev = -1;
      for (let i = slotHead[s] as number; i >= 0; prev = i, i = next[i] as number) {
        if (!deepEqual(B[i], aj)) continue;
        const after = next[i] as number;
        if (prev === -1) slotHead[s] = after === -1 ? -2 : after;
        else next[prev] = after;
        matchedB[i] = j;
        matchedA[j] = i;
        break;
      }
    }

    let allMatched = n === m;
    let inPlace = true;
    for (let j = 0; j < m && allMatched; j++) {
      if (matchedA[j] === -1) allMatched = false;
      else if (matchedA[j] !== j) inPlace = false;
    }
    if (allMatched) {
      if (!inPlace) {
        this.emitDisplayed(r, f.link, 'reordered', display(this, B, f.bs, undefined).value, display(this, A, f.as, f.u).value);
      }
      return;
    }
    // Unmatched before elements, grouped by gap (number of matched before elements preceding them).
    const gaps = new Map<number, number[]>();
    let g = 0;
    for (let i = 0; i < n; i++) {
      if (matchedB[i] !== -1) g++;
      else {
        let arr = gaps.get(g);
        if (arr === undefined) gaps.set(g, (arr = []));
        arr.push(i);
      }
    }
    const pairOfA = new Int32Array(m).fill(-1);
    const pairedB = new Uint8Array(n);
    g = 0;
    let rank = 0;
    for (let j = 0; j < m; j++) {
      if (matchedA[j] !== -1) {
        g++;
        rank = 0;
        continue;
      }
      const arr = gaps.get(g);
      if (arr !== undefined && rank < arr.length) {
        const i = arr[rank] as number;
        pairOfA[j] = i;
        pairedB[i] = 1;
      }
      rank++;
    }

    // Every element kept or changed in place (same length, each unmatched element paired), and
    // the kept ones in another order: a reorder as well as the element changes, folded as noise
    // and counted, never dropped silently (the element changes may be noise themselves, such as
    // a null member against a missing one). With an element added or removed it is not a reorder.
    if (n === m) {
      let allPaired = true;
      for (let j = 0; j < m && allPaired; j++) if (matchedA[j] === -1 && pairOfA[j] === -1) allPaired = false;
      let lastB = -1;
      let moved = false;
      for (let j = 0; j < m && allPaired && !moved; j++) {
        const i = matchedA[j] as number;
        if (i === -1) continue;
        if (i < lastB) moved = true;
        lastB = i;
      }
      if (allPaired && moved) this.emitDisplayed(r, f.link, 'reordered', display(this, B, f.bs, undefined).value, display(this, A, f.as, f.u).value);
    }

    // Children in index order (a removed element before whatever sits at its index after),
    // pushed in reverse so they pop in order: a merge of two sorted runs, no sort.
    const removed: number[] = [];
    for (let i = 0; i < n; i++) if (matchedB[i] === -1 && pairedB[i] === 0) removed.push(i);
    const others: number[] = [];
    for (let j = 0; j < m; j++) if (matchedA[j] === -1) others.push(j);
    const kids: Frame[] = [];
    let ri = 0;
    let oi = 0;
    while (ri < removed.length || oi < others.length) {
      const i = removed[ri];
      const j = others[oi];
      if (i !== undefined && (j === undefined || i <= j)) {
        kids.push({ link: { up: f.link, step: i }, b: B[i], hasB: true, a: undefined, hasA: false, bs: childAt(f.bs, i), as: undefined, u: undefined, force: false, whole: true, elem: true });
        ri++;
      } else if (j !== undefined) {
        const pi = pairOfA[j] as number;
        const link = { up: f.link, step: j };
        const as = childAt(f.as, j);
        const u = childAt(f.u, j);
        if (pi !== -1) kids.push({ link, b: B[pi], hasB: true, a: A[j], hasA: true, bs: childAt(f.bs, pi), as, u, force: false, whole: false, elem: true });
        else kids.push({ link, b: undefined, hasB: false, a: A[j], hasA: true, bs: undefined, as, u, force: false, whole: true, elem: true });
        oi++;
      }
    }
    for (let k = kids.length - 1; k >= 0; k--) r.st.push(kids[k] as Frame);
  }

  /** 32 bits of the structural hash, as an int32. */
  private bucketKey(v: unknown): number {
    return (this.hasher.of(v) / 0x200000) | 0;
  }

  // -------------------------------------------------------------------------------------------
  private stringDiff(r: Run, f: Frame, b: string, a: string): void {
    if (b === a) return;
    const pb = parseJsonContainer(b);
    const pa = pb === undefined ? undefined : parseJsonContainer(a);
    if (pb !== undefined && pa !== undefined) {
      const before = this.jsonText(b, pb);
      const after = this.jsonText(a, pa);
      const path = this.path(f.link);
      const fr = this.forces(r.replace, path);
      if (deepEqual(pb, pa)) {
        r.out.push(this.change(path, 'reformatted-json', before, after, false, fr));
        return;
      }
      const inner = this.run(rootFrame(pb, pa, undefined, undefined, undefined), { fixed: fr });
      // Differences that are all noise (a reordered list, null vs missing) make the string noise too.
      const kind: AttrChangeKind = inner.every((c) => NOISE_KINDS.has(c.kind)) ? 'reformatted-json' : 'changed';
      r.out.push(this.change(path, kind, before, after, false, fr, inner));
      return;
    }
    const kind: AttrChangeKind = sameWords(b, a) ? 'whitespace' : 'changed';
    this.emitDisplayed(r, f.link, kind, display(this, b, undefined, undefined).value, display(this, a, undefined, undefined).value);
  }

  /** A JSON string as shown: verbatim unless secret-named members inside had to be masked. */
  private jsonText(raw: string, parsed: object): string {
    const d = display(this, parsed, undefined, undefined);
    return d.masked ? stringify(d.value, false) : raw;
  }

  // -------------------------------------------------------------------------------------------
  /**
   * Is the after value under this node unknown everywhere (so it is shown once, not per member)?
   * True for a `true` marker, or a non-empty container mask whose every member position (of the
   * mask and of the after value) is wholly unknown. A known member, even a known null, makes it
   * false. Memoized per (mask, value) and iterative, so nested masks cost linear time.
   */
  private wholly(m: unknown, v: unknown): boolean {
    const d = this.whollyKnown(m, v);
    if (d !== undefined) return d;
    const stack: [object, unknown][] = [[m as object, v]];
    while (stack.length > 0) {
      const [cm, cv] = stack[stack.length - 1] as [object, unknown];
      if (this.whollyKnown(cm, cv) !== undefined) {
        stack.pop();
        continue;
      }
      let result: boolean | undefined = true;
      let any = false;
      for (const [km, kv] of this.members(cm, cv)) {
        any = true;
        const kd = this.whollyKnown(km, kv);
        if (kd === false) {
          result = false;
          break;
        }
        if (kd === undefined) {
          stack.push([km as object, kv]);
          result = undefined;
        }
      }
      if (result !== undefined) {
        this.memoFor(cm).set(isContainer(cv) ? cv : NO_VALUE, result && any);
        stack.pop();
      }
    }
    return this.whollyKnown(m, v) === true;
  }

  private whollyKnown(m: unknown, v: unknown): boolean | undefined {
    if (m === true || v === PULUMI_UNKNOWN_STRING) return true;
    if (!isContainer(m)) return false;
    if (unknownLeaf(this, v, m)) return true;
    if (!this.trues.has(m)) return false;
    return this.wholeMemo.get(m)?.get(isContainer(v) ? v : NO_VALUE);
  }

  private memoFor(m: object): Map<object, boolean> {
    let mm = this.wholeMemo.get(m);
    if (mm === undefined) this.wholeMemo.set(m, (mm = new Map()));
    return mm;
  }

  private *members(m: object, v: unknown): Generator<[unknown, unknown]> {
    if (Array.isArray(m)) {
      const va = Array.isArray(v) ? v : [];
      const len = Math.max(m.length, va.length);
      for (let i = 0; i < len; i++) yield [m[i], va[i]];
      return;
    }
    const mo = m as Obj;
    const vo = isObj(v) ? v : undefined;
    for (const k of Object.keys(mo)) yield [mo[k], vo === undefined ? undefined : own(vo, k)];
    if (vo !== undefined) for (const k of Object.keys(vo)) if (!Object.hasOwn(mo, k)) yield [undefined, vo[k]];
  }

  // -------------------------------------------------------------------------------------------
  private path(link: Link | null): Step[] {
    const p: Step[] = [];
    for (let l = link; l !== null; l = l.up) p.push(l.step);
    return p.reverse();
  }

  /** A path forces replacement when it is a prefix of, or lies under, a replace path. */
  private forces(replace: Replace, path: Step[]): boolean {
    if ('fixed' in replace) return replace.fixed;
    outer: for (const rp of replace.paths) {
      const len = Math.min(rp.length, path.length);
      for (let i = 0; i < len; i++) if (String(rp[i]) !== String(path[i])) continue outer;
      return true;
    }
    return false;
  }

  private change(
    path: Step[],
    kind: AttrChangeKind,
    before: DisplayValue | undefined,
    after: DisplayValue | undefined,
    sensitive: boolean,
    forcesReplacement: boolean,
    jsonDiff?: AttrChange[],
  ): AttrChange {
    // Absent sides are left out (not set to undefined), so the result is plain JSON.
    let c: AttrChange;
    if (before === undefined) c = after === undefined ? { path, kind, sensitive, forcesReplacement } : { path, kind, after, sensitive, forcesReplacement };
    else if (after === undefined) c = { path, kind, before, sensitive, forcesReplacement };
    else c = { path, kind, before, after, sensitive, forcesReplacement };
    if (jsonDiff !== undefined) c.jsonDiff = jsonDiff;
    return c;
  }

  private emit(r: Run, link: Link | null, kind: AttrChangeKind, before: DisplayValue | undefined, after: DisplayValue | undefined, sensitive: boolean): void {
    const path = this.path(link);
    r.out.push(this.change(path, kind, before, after, sensitive, this.forces(r.replace, path)));
  }

  private emitDisplayed(r: Run, link: Link | null, kind: AttrChangeKind, before: DisplayValue | undefined, after: DisplayValue | undefined): void {
    this.emit(r, link, kind, before, after, false);
  }
}

const NO_VALUE: object = Object.freeze({});

function sameList(x: readonly string[], y: readonly string[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** In the order Array.prototype.sort gives strings (UTF-16 code units). */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

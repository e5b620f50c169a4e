/**
 * Turning a raw plan value into a DisplayValue: every sensitive part replaced by SENSITIVE,
 * every unknown part (after side only) by UNKNOWN. Iterative, so deep values are safe.
 */
import { isPulumiSecret, pairedSecretValueKeys, PULUMI_UNKNOWN_STRING } from './secrets.js';
import type { DisplayValue } from './types.js';
import { SENSITIVE, UNKNOWN } from './types.js';
import { childAt, isContainer, isObj, own, setOwn, stringify, type Obj, type TrueFinder } from './values.js';

export interface MaskEnv {
  readonly trues: TrueFinder;
  /** isSecretAttributeName with the caller's extra patterns. */
  readonly isSecretName: (name: string) => boolean;
}

/** A mask holding `true` somewhere, whose shape does not fit the value: mask it all. */
export function misfit(env: MaskEnv, mask: unknown, v: unknown): boolean {
  if (!isContainer(mask)) return false;
  if (Array.isArray(mask) ? Array.isArray(v) : isObj(v)) return false;
  return env.trues.has(mask);
}

/** The value at this node is sensitive by marker, by misfitting marker, or as a Pulumi secret. */
export function sensitiveHere(env: MaskEnv, v: unknown, mask: unknown): boolean {
  return mask === true || isPulumiSecret(v) || misfit(env, mask, v);
}

/** The after value at this node is unknown as a whole (marker, Pulumi sentinel, misfit mask). */
export function unknownLeaf(env: MaskEnv, a: unknown, u: unknown): boolean {
  if (u === true || a === PULUMI_UNKNOWN_STRING) return true;
  if (!isContainer(u)) return false;
  // An object mask over a missing/null value still describes its (unknown) members.
  if (isObj(u) && (a === null || a === undefined)) return false;
  return misfit(env, u, a);
}

export interface Displayed {
  value: DisplayValue;
  /** Something was replaced by SENSITIVE. */
  masked: boolean;
}

interface Task {
  v: unknown;
  s: unknown;
  u: unknown;
  force: boolean;
  parent: DisplayValue[] | Obj | null;
  key: string | number;
}

/**
 * Mask a value for display. `u` is the afterUnknown mask (pass undefined for before values).
 * Strings holding JSON containers are parsed and masked by attribute name inside; when
 * something inside is masked they are re-serialized (compact), otherwise kept verbatim.
 */
export function display(env: MaskEnv, v: unknown, s: unknown, u: unknown): Displayed {
  // Fast path for the common case: a plain scalar with no marker.
  if (!isContainer(v) && s === undefined && u === undefined && v !== PULUMI_UNKNOWN_STRING && !isPulumiSecret(v)) {
    if (typeof v === 'string') {
      const r = maskJsonString(env, v);
      return { value: r, masked: r !== v };
    }
    if (typeof v === 'number' || typeof v === 'boolean') return { value: Number.isNaN(v) ? null : v, masked: false };
  }
  let masked = false;
  let root: DisplayValue = null;
  const st: Task[] = [{ v, s, u, force: false, parent: null, key: 0 }];
  while (st.length > 0) {
    const t = st.pop() as Task;
    let out: DisplayValue;
    let children: Task[] | null = null;
    if (unknownLeaf(env, t.v, t.u)) out = UNKNOWN;
    else if (t.force || sensitiveHere(env, t.v, t.s)) {
      out = SENSITIVE;
      masked = true;
    } else if (typeof t.v === 'string') {
      const r = maskJsonString(env, t.v);
      if (r !== t.v) masked = true;
      out = r;
    } else if (typeof t.v === 'number' || typeof t.v === 'boolean') out = Number.isNaN(t.v) ? null : t.v;
    else if (typeof t.v === 'bigint') out = String(t.v);
    else if (!isContainer(t.v)) out = null;
    else if (Array.isArray(t.v)) {
      const arr: DisplayValue[] = new Array<DisplayValue>(t.v.length).fill(null);
      out = arr;
      children = [];
      for (let i = 0; i < t.v.length; i++) {
        children.push({ v: t.v[i], s: childAt(t.s, i), u: childAt(t.u, i), force: false, parent: arr, key: i });
      }
    } else {
      const src = t.v as Obj;
      const obj: Obj = {};
      out = obj as { [k: string]: DisplayValue };
      const paired = pairedSecretValueKeys(src, env.isSecretName);
      children = [];
      const keys = Object.keys(src);
      // Members known only after apply are absent from `after`: show them as UNKNOWN.
      if (isObj(t.u)) {
        for (const k of Object.keys(t.u)) if (!Object.hasOwn(src, k) && env.trues.has(own(t.u, k))) keys.push(k);
      }
      for (const k of keys) {
        setOwn(obj, k, null);
        children.push({
          v: own(src, k),
          s: childAt(t.s, k),
          u: childAt(t.u, k),
          force: (paired !== null && paired.includes(k)) || env.isSecretName(k),
          parent: obj,
          key: k,
        });
      }
    }
    if (t.parent === null) root = out;
    else if (Array.isArray(t.parent)) t.parent[t.key as number] = out;
    else setOwn(t.parent, t.key as string, out);
    if (children !== null) for (let i = children.length - 1; i >= 0; i--) st.push(children[i] as Task);
  }
  return { value: root, masked };
}

/** Parse a string that holds a JSON object or array; undefined when it does not. */
export function parseJsonContainer(s: string): object | undefined {
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  if (s[i] !== '{' && s[i] !== '[') return undefined;
  try {
    const v: unknown = JSON.parse(s);
    return isContainer(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A string as it may be shown: verbatim, unless it holds JSON with secret-named members
 * (`{"password": ...}`, `{"name": "DB_PASSWORD", "value": ...}`), which are masked.
 */
export function maskJsonString(env: MaskEnv, s: string): string {
  const parsed = parseJsonContainer(s);
  if (parsed === undefined) return s;
  const d = display(env, parsed, undefined, undefined);
  return d.masked ? stringify(d.value, false) : s;
}

/**
 * JSON helpers for the fuzzer, independent of planguard's own readers (they are the reference the
 * fuzzer judges planguard by). Everything that walks a value is iterative: mutated documents hold
 * 100k-level nesting.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property, also for `__proto__` (plain assignment would set the prototype). */
export function setOwn(o: Obj, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}

export function own(o: Obj, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

export function hasOwn(o: Obj, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** A place in a tree: the container and the key (array index or object key) of a value. */
export interface Slot {
  parent: Obj | unknown[];
  key: string | number;
  /** Path from the root, for choosing "hot" places (resource changes, steps). */
  path: (string | number)[];
}

export function getSlot(s: Slot): unknown {
  return Array.isArray(s.parent) ? s.parent[s.key as number] : own(s.parent, s.key as string);
}

export function putSlot(s: Slot, v: unknown): void {
  if (Array.isArray(s.parent)) s.parent[s.key as number] = v;
  else setOwn(s.parent, s.key as string, v);
}

/** Every slot below `root` (not the root itself), depth-first, iteratively; at most `limit`. */
export function slots(root: unknown, limit = 200_000): Slot[] {
  const out: Slot[] = [];
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: root, path: [] }];
  while (stack.length > 0 && out.length < limit) {
    const { v, path } = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const p = [...path, i];
        out.push({ parent: v, key: i, path: p });
        stack.push({ v: v[i], path: p });
      }
    } else if (isObj(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const p = [...path, k];
        out.push({ parent: v, key: k, path: p });
        stack.push({ v: v[k], path: p });
      }
    }
  }
  return out;
}

/** Deep copy (iterative; keeps own `__proto__` keys as data). */
export function clone<T>(root: T): T {
  const copy = (v: unknown): unknown => (Array.isArray(v) ? new Array(v.length) : isObj(v) ? {} : v);
  const out = copy(root);
  const stack: { src: unknown; dst: unknown }[] = [{ src: root, dst: out }];
  while (stack.length > 0) {
    const { src, dst } = stack.pop()!;
    if (Array.isArray(src)) {
      const d = dst as unknown[];
      for (let i = 0; i < src.length; i++) {
        d[i] = copy(src[i]);
        if (typeof src[i] === 'object' && src[i] !== null) stack.push({ src: src[i], dst: d[i] });
      }
    } else if (isObj(src)) {
      const d = dst as Obj;
      for (const k of Object.keys(src)) {
        const c = copy(src[k]);
        setOwn(d, k, c);
        if (typeof src[k] === 'object' && src[k] !== null) stack.push({ src: src[k], dst: c });
      }
    }
  }
  return out as T;
}

/** JSON.stringify without recursion (for documents with deep nesting). */
export function stringifyDeep(root: unknown): string {
  const parts: string[] = [];
  type Frame = { kind: 'arr'; v: unknown[]; i: number } | { kind: 'obj'; v: Obj; keys: string[]; i: number };
  const stack: Frame[] = [];
  const emit = (v: unknown): void => {
    if (Array.isArray(v)) {
      parts.push('[');
      stack.push({ kind: 'arr', v, i: 0 });
    } else if (isObj(v)) {
      parts.push('{');
      stack.push({ kind: 'obj', v, keys: Object.keys(v).filter((k) => v[k] !== undefined), i: 0 });
    } else {
      parts.push(JSON.stringify(v) ?? 'null');
    }
  };
  emit(root);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.kind === 'arr') {
      if (f.i >= f.v.length) {
        parts.push(']');
        stack.pop();
        continue;
      }
      if (f.i > 0) parts.push(',');
      emit(f.v[f.i++]);
    } else {
      if (f.i >= f.keys.length) {
        parts.push('}');
        stack.pop();
        continue;
      }
      if (f.i > 0) parts.push(',');
      const k = f.keys[f.i++]!;
      parts.push(JSON.stringify(k), ':');
      emit(f.v[k]);
    }
  }
  return parts.join('');
}

/**
 * Where the JSON value starting at `start` (`{` or `[`) ends, just past its closing bracket,
 * or -1. Brackets inside strings do not count.
 */
export function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** A stream of JSON objects/arrays separated by whitespace (JSON Lines, concatenated JSON), or undefined. */
export function splitStream(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    if (c !== 0x7b && c !== 0x5b) return undefined;
    const end = valueEnd(text, i);
    if (end < 0) return undefined;
    try {
      out.push(JSON.parse(text.slice(i, end)));
    } catch {
      return undefined;
    }
    i = end;
  }
  return out;
}

export type Parsed = { ok: true; whole: true; doc: unknown } | { ok: true; whole: false; events: unknown[] } | { ok: false };

/**
 * The reference reading of a plan's bytes: UTF-8 (invalid sequences replaced, a leading BOM
 * dropped), then one JSON document, or else a stream of JSON values. Anything else is unreadable.
 */
export function referenceParse(bytes: Uint8Array): Parsed {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  try {
    return { ok: true, whole: true, doc: JSON.parse(text) as unknown };
  } catch {
    const events = splitStream(text);
    if (events && events.length > 0) return { ok: true, whole: false, events };
    return { ok: false };
  }
}

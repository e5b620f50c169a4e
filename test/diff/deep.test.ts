/**
 * 100,000 levels of nesting: traversal, equality, hashing, display, masks and shapeKey must not
 * use the call stack (a recursive implementation overflows at ~10k levels).
 */
import { describe, expect, it } from 'vitest';
import { diffChange, SENSITIVE, shapeKey, UNKNOWN, type AttrChange } from '../../src/diff/index.js';
import { rc } from './helpers.js';

const DEPTH = 100_000;

/** [[[ ... leaf ... ]]], built without recursion. */
function nestArrays(depth: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function nestObjects(depth: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Depth of nested single-element arrays / `a` objects, and the leaf. */
function unwrap(v: unknown): { depth: number; leaf: unknown } {
  let depth = 0;
  let cur = v;
  for (;;) {
    if (Array.isArray(cur) && cur.length === 1) cur = cur[0] as unknown;
    else if (typeof cur === 'object' && cur !== null && !Array.isArray(cur) && 'a' in cur) cur = (cur as { a: unknown }).a;
    else return { depth, leaf: cur };
    depth++;
  }
}

const only = (changes: AttrChange[]): AttrChange => {
  expect(changes).toHaveLength(1);
  return changes[0] as AttrChange;
};

describe(`${DEPTH} levels of nesting`, () => {
  it('arrays: the one changed leaf, at its full path', () => {
    const change = rc({ before: { deep: nestArrays(DEPTH, 1) }, after: { deep: nestArrays(DEPTH, 2) } });
    const r = diffChange(change);
    const c = only(r.changes);
    expect(c.kind).toBe('changed');
    expect(c.before).toBe(1);
    expect(c.after).toBe(2);
    expect(c.path).toHaveLength(DEPTH + 1);
    expect(c.path[0]).toBe('deep');
    expect(c.path.slice(1).every((s) => s === 0)).toBe(true);
    const key = shapeKey(r, change);
    expect(key.length).toBeGreaterThan(DEPTH);
  });

  it('arrays: equal values are no change (deep equality and hashing)', () => {
    const r = diffChange(rc({ before: { deep: nestArrays(DEPTH, 'x') }, after: { deep: nestArrays(DEPTH, 'x') } }));
    expect(r.changes).toEqual([]);
  });

  it('objects: the one changed leaf', () => {
    const c = only(diffChange(rc({ before: { deep: nestObjects(DEPTH, 'a') }, after: { deep: nestObjects(DEPTH, 'b') } })).changes);
    expect(c.path).toHaveLength(DEPTH + 1);
    expect([c.before, c.after]).toEqual(['a', 'b']);
  });

  it('create: the deep value is displayed whole', () => {
    const change = rc({ action: 'create', before: null, after: { deep: nestArrays(DEPTH, 'leaf') } });
    const r = diffChange(change);
    const c = only(r.changes);
    expect(c.kind).toBe('added');
    expect(unwrap(c.after)).toEqual({ depth: DEPTH, leaf: 'leaf' });
    expect(shapeKey(r, change)).toContain('"leaf"');
  });

  it('a removed list element holding a deep value, shown whole', () => {
    const r = diffChange(rc({ before: { l: ['keep', nestObjects(DEPTH, 'gone')] }, after: { l: ['keep'] } }));
    const c = only(r.changes);
    expect(c.path).toEqual(['l', 1]);
    expect(unwrap(c.before)).toEqual({ depth: DEPTH, leaf: 'gone' });
  });

  it('a deep sensitive marker masks the deep leaf', () => {
    const change = rc({
      before: { deep: nestArrays(DEPTH, 'old-secret') },
      after: { deep: nestArrays(DEPTH, 'new-secret') },
      beforeSensitive: { deep: nestArrays(DEPTH, true) },
      afterSensitive: { deep: nestArrays(DEPTH, true) },
    });
    const r = diffChange(change);
    const c = only(r.changes);
    expect(c).toMatchObject({ kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true });
    expect(shapeKey(r, change)).not.toContain('secret"');
  });

  it('a deep sensitive leaf inside a displayed value', () => {
    const r = diffChange(rc({ action: 'create', before: null, after: { deep: nestArrays(DEPTH, 'pw') }, afterSensitive: { deep: nestArrays(DEPTH, true) } }));
    expect(unwrap(only(r.changes).after)).toEqual({ depth: DEPTH, leaf: SENSITIVE });
  });

  it('a deep wholly unknown value collapses to one line', () => {
    const r = diffChange(rc({ before: { deep: nestArrays(DEPTH, 'v') }, after: { deep: nestArrays(DEPTH, null) }, afterUnknown: { deep: nestArrays(DEPTH, true) } }));
    const c = only(r.changes);
    expect(c.path).toEqual(['deep']);
    expect(c.kind).toBe('unknown');
    expect(c.after).toBe(UNKNOWN);
    expect(unwrap(c.before)).toEqual({ depth: DEPTH, leaf: 'v' });
    expect(r.folded.unknown).toBe(1);
  });

  it('a deep unknown leaf next to known members is shown at its own path', () => {
    let after: unknown = [null, 'known'];
    let mask: unknown = [true, false];
    let before: unknown = ['x', 'known'];
    for (let i = 0; i < DEPTH; i++) {
      after = [after];
      mask = [mask];
      before = [before];
    }
    const c = only(diffChange(rc({ before: { d: before }, after: { d: after }, afterUnknown: { d: mask } })).changes);
    expect(c.path).toHaveLength(DEPTH + 2);
    expect(c).toMatchObject({ kind: 'unknown', before: 'x', after: UNKNOWN });
  });

  it('a string holding deeply nested JSON', () => {
    const json = (leaf: number): string => `${'['.repeat(DEPTH)}${leaf}${']'.repeat(DEPTH)}`;
    const r = diffChange(rc({ before: { doc: json(1) }, after: { doc: json(2) } }));
    const c = only(r.changes);
    expect(c.kind).toBe('changed');
    const inner = only(c.jsonDiff ?? []);
    expect(inner.path).toHaveLength(DEPTH);
    expect([inner.before, inner.after]).toEqual([1, 2]);
    // Re-serialized with other spacing: reformatted, folded.
    const same = diffChange(rc({ before: { doc: json(1) }, after: { doc: ` ${json(1)}\n` } }));
    expect(same.changes).toEqual([]);
    expect(same.folded.reformattedJson).toBe(1);
  });

  it('a deep list that only reorders at the top', () => {
    const a = nestArrays(DEPTH, 'a');
    const b = nestArrays(DEPTH, 'b');
    const r = diffChange(rc({ before: { l: [a, b] }, after: { l: [nestArrays(DEPTH, 'b'), nestArrays(DEPTH, 'a')] } }));
    expect(r.changes).toEqual([]);
    expect(r.folded.reordered).toBe(1);
  });
});

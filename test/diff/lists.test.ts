/**
 * List alignment: element-wise where positions line up, added/removed otherwise, and large
 * lists (correctness only; the lead benchmarks timing separately).
 */
import { describe, expect, it } from 'vitest';
import { diffChange, UNKNOWN, type AttrChange } from '../../src/diff/index.js';
import { rc } from './helpers.js';

const kinds = (changes: AttrChange[]): [string, string][] => changes.map((c) => [c.path.join('.'), c.kind]);

describe('list alignment', () => {
  it('same length, one element changed: element-wise at its index', () => {
    const r = diffChange(rc({ before: { l: ['a', 'b', 'c'] }, after: { l: ['a', 'x', 'c'] } }));
    expect(r.changes).toEqual([{ path: ['l', 1], kind: 'changed', before: 'b', after: 'x', sensitive: false, forcesReplacement: false }]);
  });

  it('a changed block among blocks diffs member by member', () => {
    const before = { ingress: [{ from: 80, cidr: ['0.0.0.0/0'] }, { from: 443, cidr: ['10.0.0.0/8'] }] };
    const after = { ingress: [{ from: 80, cidr: ['0.0.0.0/0'] }, { from: 443, cidr: ['10.0.0.0/8', '192.168.0.0/16'] }] };
    expect(diffChange(rc({ before, after })).changes).toEqual([
      { path: ['ingress', 1, 'cidr', 1], kind: 'added', after: '192.168.0.0/16', sensitive: false, forcesReplacement: false },
    ]);
  });

  it('an element inserted in front while another changes: the changed one still lines up', () => {
    const A = { name: 'a', port: 1 };
    const B = { name: 'b', port: 2 };
    const C = { name: 'c', port: 3 };
    const r = diffChange(rc({ before: { l: [A, B, C] }, after: { l: [{ name: 'new', port: 9 }, A, { ...B, port: 22 }, C] } }));
    expect(r.changes).toEqual([
      { path: ['l', 0], kind: 'added', after: { name: 'new', port: 9 }, sensitive: false, forcesReplacement: false },
      { path: ['l', 2, 'port'], kind: 'changed', before: 2, after: 22, sensitive: false, forcesReplacement: false },
    ]);
  });

  it('removed elements use their before index, added ones their after index', () => {
    const r = diffChange(rc({ before: { l: ['a', 'b', 'c', 'd'] }, after: { l: ['a', 'c', 'd', 'e', 'f'] } }));
    expect(r.changes).toEqual([
      { path: ['l', 1], kind: 'removed', before: 'b', sensitive: false, forcesReplacement: false },
      { path: ['l', 3], kind: 'added', after: 'e', sensitive: false, forcesReplacement: false },
      { path: ['l', 4], kind: 'added', after: 'f', sensitive: false, forcesReplacement: false },
    ]);
  });

  it('a removed block is shown whole, once', () => {
    const r = diffChange(rc({ before: { rule: [{ a: 1, b: { c: 2 } }, { a: 3 }] }, after: { rule: [{ a: 3 }] } }));
    expect(r.changes).toEqual([{ path: ['rule', 0], kind: 'removed', before: { a: 1, b: { c: 2 } }, sensitive: false, forcesReplacement: false }]);
  });

  it('null, empty and missing lists', () => {
    expect(kinds(diffChange(rc({ before: { l: null }, after: { l: [] } })).changes)).toEqual([['l', 'added']]);
    expect(kinds(diffChange(rc({ before: { l: ['x'] }, after: {} })).changes)).toEqual([['l', 'removed']]);
    expect(kinds(diffChange(rc({ before: { l: [] }, after: { l: [] } })).changes)).toEqual([]);
  });

  it('elements with unknown parts never match; they line up with the element they replace', () => {
    const r = diffChange(rc({ before: { l: [{ id: 'i-1', ip: '10.0.0.1' }] }, after: { l: [{ id: 'i-1' }] }, afterUnknown: { l: [{ ip: true }] } }));
    expect(r.changes).toEqual([{ path: ['l', 0, 'ip'], kind: 'unknown', before: '10.0.0.1', after: UNKNOWN, sensitive: false, forcesReplacement: false }]);
  });

  it('null elements are values: removing, adding or replacing one is a change', () => {
    expect(diffChange(rc({ before: { l: ['a', null, null] }, after: { l: [null, 'a'] } })).changes).toEqual([
      { path: ['l', 2], kind: 'removed', before: null, sensitive: false, forcesReplacement: false },
    ]);
    expect(diffChange(rc({ before: { l: ['a'] }, after: { l: ['a', null] } })).changes).toEqual([
      { path: ['l', 1], kind: 'added', after: null, sensitive: false, forcesReplacement: false },
    ]);
    expect(diffChange(rc({ before: { l: [{}] }, after: { l: [null] } })).changes).toEqual([
      { path: ['l', 0], kind: 'changed', before: {}, after: null, sensitive: false, forcesReplacement: false },
    ]);
  });

  it('duplicates are matched one to one', () => {
    const r = diffChange(rc({ before: { l: ['a', 'a', 'a'] }, after: { l: ['a', 'a'] } }));
    expect(r.changes).toEqual([{ path: ['l', 2], kind: 'removed', before: 'a', sensitive: false, forcesReplacement: false }]);
  });
});

describe('large lists', () => {
  const N = 200_000;
  const ids = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `${tag}-${i.toString(36)}-${((i * 2654435761) >>> 0).toString(16)}`);

  it('200k elements reversed: one reordered', () => {
    const before = ids(N, 'sg');
    const r = diffChange(rc({ before: { l: before }, after: { l: [...before].reverse() } }));
    expect(r.changes).toEqual([]);
    expect(r.folded.reordered).toBe(1);
  });

  it('200k elements, a few removed, inserted and changed', () => {
    const before = ids(N, 'x');
    const after = [...before];
    after.splice(150_000, 1); // remove one
    after.splice(100_000, 0, 'inserted'); // insert one
    after[5] = 'changed-5'; // change one
    const r = diffChange(rc({ before: { l: before }, after: { l: after } }));
    expect(r.changes).toEqual([
      { path: ['l', 5], kind: 'changed', before: before[5], after: 'changed-5', sensitive: false, forcesReplacement: false },
      { path: ['l', 100_000], kind: 'added', after: 'inserted', sensitive: false, forcesReplacement: false },
      { path: ['l', 150_000], kind: 'removed', before: before[150_000], sensitive: false, forcesReplacement: false },
    ]);
  });

  it('two unrelated 200k lists', () => {
    const r = diffChange(rc({ before: { l: ids(N, 'a') }, after: { l: ids(N, 'b') } }));
    expect(r.changes).toHaveLength(N);
    expect(r.changes.every((c) => c.kind === 'changed')).toBe(true);
  });
});

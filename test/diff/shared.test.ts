/**
 * The reader shares an unchanged attribute of `after` with `before` (one object on both sides),
 * and the diff stops at such an attribute (src/diff/engine.ts, step 0). The result must be the
 * one a copy of it gives: whatever the masks, the Pulumi unknown sentinel anywhere inside, and
 * noise folding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffChange, UNKNOWN } from '../../src/diff/index.js';
import { PULUMI_UNKNOWN_STRING } from '../../src/diff/secrets.js';
import { rc } from './helpers.js';

/** Leaves, sometimes the unknown sentinel or a secret-looking string. */
const leaf = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 0 }) },
  { weight: 1, arbitrary: fc.constant(PULUMI_UNKNOWN_STRING) },
  { weight: 1, arbitrary: fc.constant('{"password":"hunter22"}') },
);
const { tree } = fc.letrec<{ tree: unknown }>((t) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(t('tree'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'name', 'value', 'password', 'tags', 'key'), t('tree'), { maxKeys: 4 }),
  ),
}));
const mask = fc.oneof(fc.constant(false), fc.constant(true), fc.constant({}), fc.dictionary(fc.constantFrom('a', 'b', 'x'), fc.oneof(fc.boolean(), fc.constant({}), fc.constant([true])), { maxKeys: 3 }));

describe('an attribute shared by before and after', () => {
  it('gives the diff a copy of it gives, whatever the masks', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'name', 'value', 'x'), tree, { minKeys: 1, maxKeys: 5 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tree, { maxKeys: 3 }),
        fc.record({ bs: mask, as: mask, u: mask }),
        fc.boolean(),
        (shared, changed, m, fold) => {
          const before: Record<string, unknown> = { ...shared };
          const after: Record<string, unknown> = { ...shared, ...changed };
          const copy: Record<string, unknown> = structuredClone(after);
          const opts = { foldNoise: fold };
          const masks = { beforeSensitive: m.bs, afterSensitive: m.as, afterUnknown: m.u };
          const got = diffChange(rc({ before, after, ...masks }), opts);
          const want = diffChange(rc({ before, after: copy, ...masks }), opts);
          expect(got).toEqual(want);
          // The whole resource shared as well (a declared move, an import).
          expect(diffChange(rc({ before, after: before, ...masks }), opts)).toEqual(diffChange(rc({ before, after: structuredClone(before), ...masks }), opts));
        },
      ),
      { numRuns: 2000, seed: 1612 },
    );
  });

  it('lists a leaf equal on both sides only when after marks it unknown or it is the unknown sentinel', () => {
    const leaves = diffChange(rc({ before: { s: PULUMI_UNKNOWN_STRING, n: 1, t: 'same', m: 2 }, after: { s: PULUMI_UNKNOWN_STRING, n: 1, t: 'same', m: 2 }, afterUnknown: { m: true } }));
    expect(leaves.changes.map((c) => [c.path, c.kind])).toEqual([
      [['m'], 'unknown'],
      [['s'], 'unknown'],
    ]);
  });

  it('still lists the unknown sentinel and unknown marks inside it', () => {
    const shared = { inner: { deep: [1, PULUMI_UNKNOWN_STRING] }, other: { x: 1, y: 2 } };
    const got = diffChange(rc({ before: { attr: shared }, after: { attr: shared } }));
    expect(got.changes.map((c) => [c.path, c.after])).toEqual([[['attr', 'inner', 'deep', 1], UNKNOWN]]);
    const marked = diffChange(rc({ before: { attr: shared.other }, after: { attr: shared.other }, afterUnknown: { attr: { x: true } } }));
    expect(marked.changes.map((c) => [c.path, c.kind])).toEqual([[['attr', 'x'], 'unknown']]);
  });
});

/**
 * Properties over random JSON values and random (also ill-shaped) masks:
 * - no string under a sensitive marker appears anywhere in the result or in shapeKey;
 * - identical before/after give no change; a real difference is never silently dropped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffChange, shapeKey } from '../../src/diff/index.js';
import { rc } from './helpers.js';

/** mulberry32: a small deterministic PRNG driven by a fast-check seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const GARBAGE: unknown[] = [false, null, 0, 'x', [true], {}, [], { '0': true }, 'true', 1];

/** A mask shaped like `v` (mostly), with `true` here and there, and sometimes garbage. */
function maskFor(v: unknown, rnd: () => number, pTrue: number): unknown {
  const r = rnd();
  if (r < pTrue) return true;
  if (r < pTrue + 0.05) return GARBAGE[Math.floor(rnd() * GARBAGE.length)];
  if (Array.isArray(v)) return v.map((x) => maskFor(x, rnd, pTrue));
  if (isObj(v)) {
    const m: Record<string, unknown> = {};
    for (const k of Object.keys(v)) if (rnd() < 0.9) Object.defineProperty(m, k, { value: maskFor(v[k], rnd, pTrue), enumerable: true, writable: true, configurable: true });
    return m;
  }
  return false;
}

/** A copy of `v` with random edits: changed leaves, dropped and added members, reordered lists. */
function mutate(v: unknown, rnd: () => number): unknown {
  const r = rnd();
  if (r < 0.08) return rnd() < 0.5 ? null : `m${Math.floor(rnd() * 5)}`;
  if (Array.isArray(v)) {
    const out = v.map((x) => mutate(x, rnd));
    if (rnd() < 0.2) out.reverse();
    if (rnd() < 0.15) out.push(`n${Math.floor(rnd() * 5)}`);
    if (rnd() < 0.15 && out.length > 0) out.splice(Math.floor(rnd() * out.length), 1);
    return out;
  }
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (rnd() < 0.1) continue;
      Object.defineProperty(out, k, { value: mutate(v[k], rnd), enumerable: true, writable: true, configurable: true });
    }
    if (rnd() < 0.15) out[`k${Math.floor(rnd() * 5)}`] = 'added';
    return out;
  }
  if (typeof v === 'string' && r < 0.2) return `${v} `; // whitespace-only edit
  return v;
}

const TOKEN = 'S3CR3T\u00a7';

/**
 * Replace every string (and key) under a `true` marker with a unique token, so a leak is
 * recognisable. Top-level attribute names stay: a whole-resource marker keeps them visible.
 */
function secretize(v: unknown, m: unknown, marked: boolean, root: boolean, tokens: Map<string, string>): unknown {
  const mk = marked || m === true;
  const tok = (s: string): string => {
    let t = tokens.get(s);
    if (t === undefined) tokens.set(s, (t = `${TOKEN}${tokens.size}\u00a7`));
    return t;
  };
  if (typeof v === 'string') return mk ? tok(v) : v;
  if (Array.isArray(v)) return v.map((x, i) => secretize(x, Array.isArray(m) ? (m[i] as unknown) : undefined, mk, false, tokens));
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const child = isObj(m) && Object.hasOwn(m, k) ? m[k] : undefined;
      const key = mk && !root ? tok(k) : k;
      Object.defineProperty(out, key, { value: secretize(v[k], child, mk, false, tokens), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

const resourceArb = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 });
const valueArb = fc.oneof({ weight: 4, arbitrary: resourceArb }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

describe('properties', () => {
  it('no string marked sensitive appears in the result or its shapeKey', () => {
    fc.assert(
      fc.property(valueArb, fc.option(valueArb, { freq: 3 }), fc.integer(), fc.boolean(), (base, other, seed, fold) => {
        const rnd = prng(seed);
        const rawBefore = base;
        const rawAfter = other ?? mutate(base, rnd);
        const bs = rnd() < 0.05 ? true : maskFor(rawBefore, rnd, 0.15);
        const as = rnd() < 0.05 ? true : maskFor(rawAfter, rnd, 0.15);
        const au = maskFor(rawAfter, rnd, 0.05);
        const tokens = new Map<string, string>();
        const before = secretize(rawBefore, bs, false, true, tokens);
        const after = secretize(rawAfter, as, false, true, tokens);
        const change = rc({ before, after, beforeSensitive: bs, afterSensitive: as, afterUnknown: au });
        const result = diffChange(change, { foldNoise: fold });
        const text = JSON.stringify(result) + shapeKey(result, change);
        expect(text).not.toContain(TOKEN);
      }),
      { numRuns: 1500 },
    );
  });

  it('identical before and after give no change, whatever the sensitive masks', () => {
    fc.assert(
      fc.property(valueArb, fc.integer(), (v, seed) => {
        const rnd = prng(seed);
        const change = rc({ before: v, after: structuredClone(v), beforeSensitive: maskFor(v, rnd, 0.2), afterSensitive: maskFor(v, rnd, 0.2), afterUnknown: {} });
        expect(diffChange(change, { foldNoise: false }).changes).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('a real difference is never dropped silently: something is listed or counted', () => {
    /** Null members and members that are empty objects mean "no value", as in the diff. */
    const normalize = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(normalize);
      if (!isObj(v)) return v;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const n = normalize(v[k]);
        if (n === null || (isObj(n) && Object.keys(n).length === 0)) continue;
        Object.defineProperty(out, k, { value: n, enumerable: true, writable: true, configurable: true });
      }
      return out;
    };
    const same = (a: unknown, b: unknown): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sortKeys) : isObj(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v;
    fc.assert(
      fc.property(resourceArb, fc.integer(), (base, seed) => {
        const after = mutate(base, prng(seed));
        const r = diffChange(rc({ before: base, after }));
        const listed = r.changes.length + r.folded.reordered + r.folded.reformattedJson + r.folded.whitespace + r.folded.tagsAllMirror;
        const nb = normalize(base);
        const na = normalize(after);
        if (same(nb, na) || ((nb === null || (isObj(nb) && Object.keys(nb).length === 0)) && (na === null || (isObj(na) && Object.keys(na).length === 0)))) {
          expect(r.changes).toEqual([]);
        } else {
          expect(listed).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

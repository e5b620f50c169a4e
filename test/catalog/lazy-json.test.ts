/**
 * The bundle's catalog files (scripts/lazy-json.mjs): each member parsed when first read. The
 * object must be indistinguishable from the parsed file for everything the loader does with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/plans.js';

type LazyMembers = (doc: unknown) => string;

async function moduleOf(source: string): Promise<Record<string, unknown>> {
  const m = (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as { default: Record<string, unknown> };
  return m.default;
}

describe('catalog files in the bundle, parsed member by member', () => {
  const dir = join(ROOT, 'rules', 'catalog');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('give the same keys, in order, and the same values, read once each', async () => {
    const { lazyMembers } = (await import(join(ROOT, 'scripts', 'lazy-json.mjs'))) as { lazyMembers: LazyMembers };
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      const lazy = await moduleOf(lazyMembers(doc));
      expect(Object.keys(lazy), f).toEqual(Object.keys(doc));
      for (const k of Object.keys(doc)) {
        expect(lazy[k], `${f} ${k}`).toEqual(doc[k]);
        // the same object on every read: the loader freezes what it hands out, once
        expect(lazy[k], `${f} ${k}`).toBe(lazy[k]);
      }
      expect(JSON.stringify(lazy)).toBe(JSON.stringify(doc));
    }
  });

  it('hand out the rows of one type, in file order, equal to the rows of the whole member', async () => {
    const { lazyMembers } = (await import(join(ROOT, 'scripts', 'lazy-json.mjs'))) as { lazyMembers: LazyMembers };
    let indexed = 0;
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      const lazy = await moduleOf(lazyMembers(doc));
      const rowsOfType = (lazy as Record<symbol, unknown>)[Symbol.for('planguard.catalog.rowsOfType')] as (m: string, t: string) => unknown[] | undefined;
      expect(typeof rowsOfType, f).toBe('function');
      expect(Object.keys(lazy)).not.toContain('rowsOfType');
      for (const [k, v] of Object.entries(doc)) {
        const typedRows = Array.isArray(v) && v.length > 0 && v.every((r) => typeof (r as { type?: unknown })?.type === 'string');
        if (!typedRows) {
          expect(rowsOfType(k, 'anything'), `${f} ${k}`).toBeUndefined();
          continue;
        }
        indexed++;
        const rows = v as { type: string }[];
        for (const type of new Set(rows.map((r) => r.type))) {
          expect(rowsOfType(k, type), `${f} ${k} ${type}`).toEqual(rows.filter((r) => r.type === type));
        }
        expect(rowsOfType(k, 'no_such_type')).toEqual([]);
        expect(rowsOfType(k, '__proto__')).toEqual([]);
      }
    }
    expect(indexed).toBeGreaterThanOrEqual(9);
  });

  it('falls back to one parse for a document with a __proto__ member', async () => {
    const { lazyMembers } = (await import(join(ROOT, 'scripts', 'lazy-json.mjs'))) as { lazyMembers: LazyMembers };
    const doc = JSON.parse('{"__proto__":{"x":1},"a":[1]}') as Record<string, unknown>;
    const lazy = await moduleOf(lazyMembers(doc));
    expect(Object.keys(lazy)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(doc));
  });
});

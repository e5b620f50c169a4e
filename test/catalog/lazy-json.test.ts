/**
 * The bundle's catalog files (scripts/lazy-json.mjs): each member parsed when first read. The
 * object must be indistinguishable from the parsed file for everything the loader does with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/plans.js';

type Store = { read: string; add(text: string): number };
type LazyMembers = (doc: unknown, store?: Store) => string;

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

  it('with a store, keep no catalog text in the code and read each member and row from the store', async () => {
    const { lazyMembers } = (await import(join(ROOT, 'scripts', 'lazy-json.mjs'))) as { lazyMembers: LazyMembers };
    // The store a test can see into: the texts in one string, read back by offset and length.
    const g = globalThis as { planguardTestStore?: { body: string; reads: number } };
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      const state = { body: '', reads: 0 };
      g.planguardTestStore = state;
      const store: Store = {
        read: '((o, n) => (globalThis.planguardTestStore.reads++, globalThis.planguardTestStore.body.slice(o, n + o)))',
        add(text) {
          const at = state.body.length;
          state.body += text;
          return at;
        },
      };
      const source = lazyMembers(doc, store);
      // no text of the file left in the module: only offsets, lengths and the per-type index
      expect(/[^\x00-\x7f]/.test(state.body), f).toBe(false);
      for (const v of Object.values(doc)) if (typeof v === 'object' && v !== null && JSON.stringify(v).length > 200) expect(source.includes(JSON.stringify(v).slice(1, 100)), f).toBe(false);
      const lazy = await moduleOf(source);
      expect(state.reads).toBe(0);
      const rowsOfType = (lazy as Record<symbol, unknown>)[Symbol.for('planguard.catalog.rowsOfType')] as (m: string, t: string) => unknown[] | undefined;
      for (const [k, v] of Object.entries(doc)) {
        if (Array.isArray(v) && v.length > 0 && v.every((r) => typeof (r as { type?: unknown })?.type === 'string')) {
          const rows = v as { type: string }[];
          for (const type of new Set(rows.map((r) => r.type))) expect(rowsOfType(k, type), `${f} ${k} ${type}`).toEqual(rows.filter((r) => r.type === type));
        }
      }
      expect(JSON.stringify(lazy)).toBe(JSON.stringify(doc));
      expect(state.reads).toBeGreaterThan(0);
    }
    delete g.planguardTestStore;
  });

  it('write non-ASCII text as \\u escapes, so offsets are bytes and the value is unchanged', async () => {
    const { asciiJson } = (await import(join(ROOT, 'scripts', 'lazy-json.mjs'))) as { asciiJson: (v: unknown) => string };
    const v = { note: 'caf\u00e9 \u2014 \u{1f4a5}', list: ['\u00fc', 'plain'] };
    const text = asciiJson(v);
    expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
    expect(JSON.parse(text)).toEqual(v);
  });
});


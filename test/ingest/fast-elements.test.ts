/**
 * The scanner's element fast path (src/ingest/scan.ts, fastElement): an element of
 * `resource_changes` & co. whose end is guessed from the separator `},{"address":` and confirmed
 * by JSON.parse, without walking its bytes. It must give the same plan as the byte scanner and
 * refuse the same documents with the same messages, whatever the chunk boundaries, and it must
 * actually be taken on compact plans (or it is only dead weight).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { terraformScanner } from '../../src/ingest/stream.js';
import { terraformPlanFromObject } from '../../src/ingest/terraform.js';
import type { Plan } from '../../src/model/types.js';
import { ROOT } from '../helpers/plans.js';

type Outcome = { ok: true; plan: Plan; fast: number } | { ok: false; message: string; fast: number };

/** Read `bytes` in chunks of `sizes` (cycled) through the Terraform scanner, fast path on or off. */
function read(bytes: Buffer, fastElements: boolean, sizes: number[] = [bytes.length || 1]): Outcome {
  const { scanner, builder } = terraformScanner('f.json', { fastElements });
  try {
    let off = 0;
    for (let k = 0; off < bytes.length; k++) {
      const n = sizes[k % sizes.length]!;
      scanner.push(bytes.subarray(off, off + n));
      off += n;
    }
    scanner.end();
    return { ok: true, plan: builder.finish(), fast: scanner.fastRead };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { ok: false, message: e.message, fast: scanner.fastRead };
  }
}

/** The same outcome both ways (the fast path's count aside). */
function sameBothWays(bytes: Buffer, sizes?: number[]): Outcome {
  const fast = read(bytes, true, sizes);
  const slow = read(bytes, false, sizes);
  expect(slow.fast).toBe(0);
  const { fast: _f, ...a } = fast;
  const { fast: _s, ...b } = slow;
  expect(a).toEqual(b);
  return fast;
}

const compactFixtures = [
  ...readdirSync(join(ROOT, 'fixtures/corpus/terraform')).map((f) => join(ROOT, 'fixtures/corpus/terraform', f)),
  ...readdirSync(join(ROOT, 'fixtures/terraform'))
    .map((d) => join(ROOT, 'fixtures/terraform', d, 'plan.json'))
    .filter((f) => existsSync(f)),
].filter((f) => readFileSync(f, 'latin1').includes('},{"address":"'));

const change = (address: string, before: unknown, after: unknown, actions = ['update']) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
});

/** A compact plan whose entries hold the separator's text nested inside them and inside strings. */
function trickyPlan(): Record<string, unknown> {
  return {
    format_version: '1.2',
    planned_values: { root_module: { resources: [{ address: 'aws_eip.a' }, { address: 'aws_eip.b' }] } },
    resource_changes: [
      change('aws_eip.a', { addresses: [{ address: '10.0.0.1' }, { address: '10.0.0.2' }] }, { addresses: [{ address: '10.0.0.1' }] }),
      change('aws_eip.b', { note: '},{"address":"x' }, { note: 'a "quoted" \\ string },{\\"address\\":' }),
      change('aws_eip.c', null, { list: [[{ address: 'y' }], { address: 'z' }] }, ['create']),
      change('aws_eip.d', { n: 1 }, null, ['delete']),
    ],
    prior_state: { values: { root_module: { resources: [{ address: 'aws_eip.a' }, { address: 'aws_eip.b' }] } } },
    resource_drift: [change('aws_eip.a', { x: 1 }, { x: 2 }), change('aws_eip.b', { x: 1 }, { x: 3 })],
    errored: false,
  };
}

describe('the element fast path', () => {
  it('is taken on compact plans: all but the last element of each array', () => {
    expect(compactFixtures.length).toBeGreaterThan(50);
    let elements = 0;
    let fast = 0;
    for (const f of compactFixtures) {
      const doc = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
      const got = read(readFileSync(f), true);
      const arrays = ['resource_changes', 'resource_drift', 'deferred_changes'].filter((k) => Array.isArray(doc[k]) && (doc[k] as unknown[]).length > 0);
      elements += arrays.reduce((n, k) => n + (doc[k] as unknown[]).length, 0) - arrays.length;
      fast += got.fast;
    }
    // Some fixtures write entries in another member order; most do not.
    expect(fast).toBeGreaterThan(0.9 * elements);
  });

  it.each(compactFixtures.map((f) => [f.slice(ROOT.length + 1), f]))('gives the plan JSON.parse gives: %s', (_rel, f) => {
    const bytes = readFileSync(f);
    const got = read(bytes, true);
    expect(got.ok).toBe(true);
    if (got.ok) expect(got.plan).toEqual(terraformPlanFromObject('f.json', JSON.parse(bytes.toString('utf8'))));
  });

  it('reads entries with the separator nested or quoted inside them like the byte scanner, in any chunks', () => {
    const bytes = Buffer.from(JSON.stringify(trickyPlan()));
    const whole = sameBothWays(bytes);
    expect(whole.ok).toBe(true);
    expect(whole.fast).toBeGreaterThanOrEqual(3);
    if (whole.ok) expect(whole.plan.changes.map((c) => c.address)).toEqual(['aws_eip.a', 'aws_eip.b', 'aws_eip.c', 'aws_eip.d']);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 6 }), (sizes) => {
        sameBothWays(bytes, sizes);
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('refuses every mutated plan exactly as the byte scanner does (same message), and accepts the same', () => {
    const base = Buffer.from(JSON.stringify(trickyPlan()));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: base.length - 1 }),
        fc.constantFrom('insert', 'replace', 'delete'),
        fc.constantFrom(...[...'{}[]:,"\\ntfu0-.eE+ \t\x01x'].map((c) => c.charCodeAt(0))),
        fc.integer({ min: 16, max: 4096 }),
        (at, kind, byte, size) => {
          const b = Buffer.from([byte]);
          const bytes =
            kind === 'delete'
              ? Buffer.concat([base.subarray(0, at), base.subarray(at + 1)])
              : Buffer.concat([base.subarray(0, at), b, base.subarray(kind === 'insert' ? at : at + 1)]);
          sameBothWays(bytes, [size]);
        },
      ),
      { numRuns: 3000, seed: 1607 },
    );
  });

  it.each([
    ['invalid JSON inside an entry', (t: string) => t.replace('"10.0.0.2"', '"10.0.0.2" x')],
    ['a raw control character inside an entry', (t: string) => t.replace('quoted', 'quo\u0001ted')],
    ['a file cut off inside an entry', (t: string) => t.slice(0, t.indexOf('aws_eip.c') + 40)],
    ['an entry without an address, after a good one', (t: string) => t.replace('{"address":"aws_eip.b",', '{')],
    ['an entry that is not an object', (t: string) => t.replace('{"address":"aws_eip.c"', '7,{"address":"aws_eip.c"')],
    ['two resource_changes', (t: string) => t.replace('"errored":false', '"errored":false,"resource_changes":[]')],
  ])('refuses %s with the byte scanner message', (_what, edit) => {
    const got = sameBothWays(Buffer.from(edit(JSON.stringify(trickyPlan()))));
    expect(got.ok).toBe(false);
  });

  it('gives up on a pretty-printed plan, which it reads like the byte scanner', () => {
    const got = sameBothWays(Buffer.from(JSON.stringify(trickyPlan(), null, 2)));
    expect(got.ok).toBe(true);
    expect(got.fast).toBe(0);
  });
});

/**
 * No value the plan marks sensitive appears in any output, whatever format, including the JSON
 * report and a report re-rendered from it. A property test generates plans with random
 * sensitive markers (leaves, whole subtrees, whole resources), unmarked copies of the secrets
 * elsewhere in the plan (as terraform_data's `output` copies `input`), secrets inside JSON
 * strings and secret-named attributes nobody marked.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SENSITIVE } from '../../src/diff/index.js';
import { planFromJson } from '../helpers/plans.js';
import { everyOutput, reportFor, reportOf } from './helpers.js';
import { readPlan } from '../../src/ingest/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function expectNoLeak(outputs: Record<string, string>, secrets: Iterable<string>, context: string): void {
  for (const [format, text] of Object.entries(outputs)) {
    for (const s of secrets) expect(text.includes(s), `${context}: ${JSON.stringify(s)} leaked in ${format}`).toBe(false);
  }
}

describe('the real sensitive plans', () => {
  it('terraform 1.11.4 sensitive fixture: the new secrets (marked) never appear; the old ones, copied unmarked into output, neither', () => {
    const report = reportFor('fixtures/terraform/sensitive/plan.json', { protect: ['*'] });
    const outputs = everyOutput(report);
    expectNoLeak(outputs, ['hunter2-fixture-secret-new', 'hunter2-fixture-secret-token-new'], 'sensitive');
    // The old values are marked in before.input and copied unmarked to before.output: the
    // report scrubs every copy of a marked value.
    expectNoLeak(outputs, ['hunter2-fixture-secret-old', 'hunter2-fixture-secret-token-old'], 'sensitive (unmarked copies)');
    expect(outputs.text).toContain('~ input.password: (sensitive value changed)');
    expect(outputs.markdown).toContain('~ input: (sensitive value changed)');
    expect(JSON.parse(outputs.json as string).changes.find((c: { address: string }) => c.address === 'terraform_data.db_credentials').diff).toContainEqual({
      path: ['input', 'password'],
      kind: 'changed',
      before: SENSITIVE,
      after: SENSITIVE,
      sensitive: true,
      forcesReplacement: false,
    });
  });

  it('an RDS password, marked or only named "password", and a replaced replica: nothing leaks in any format', () => {
    const report = reportFor('fixtures/terraform/handwritten-sensitive-db-password/plan.json', { protect: ['*'] });
    expect(report.findings.length).toBeGreaterThan(0);
    const outputs = everyOutput(report);
    expectNoLeak(outputs, ['pg-fixture-secret-OLD-7f3a91', 'pg-fixture-secret-NEW-9c1d44', 'pg-unmarked-secret-3b7e02', 'pg-unmarked-secret-5d8f13', 'pg-fixture-secret-REPLICA-1e2f'], 'rds');
    expect(outputs.text).toMatch(/aws_db_instance\.legacy {2}update.*\n {6}~ password: \(sensitive value changed\)/);
    expect(outputs.text).toMatch(/aws_db_instance\.orders {2}update.*\n(.*\n)*? {6}~ password: \(sensitive value changed\)/);
  });

  it('user patterns (secretPatterns) mask more attribute names', () => {
    const report = reportFor('fixtures/terraform/db-node-rename/plan.json', { secretPatterns: [/^hostname$/i] });
    const outputs = everyOutput(report);
    expectNoLeak(outputs, ['db-11.new.example.internal', 'db-11.old.example.internal'], 'secretPatterns');
    expect(outputs.text).toContain('~ triggers_replace.hostname: (sensitive value changed)');
  });

  it('Pulumi secrets, as the preview prints them and as secret sigils with the plaintext inside', () => {
    const file = 'fixtures/pulumi/handwritten-secret-rotation/preview.json';
    const outputs = everyOutput(reportFor(file, { protect: ['*'] }));
    expect(outputs.text).toContain('(sensitive value changed)');
    expect(outputs.text).not.toContain('[secret]');
    // The same preview with the secret values as engine-level sigils holding plaintext.
    const raw = readFileSync(file, 'utf8');
    let n = 0;
    const withSigils = raw.replace(/"\[secret\]"/g, () => JSON.stringify({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', plaintext: JSON.stringify(`pulumi-plain-secret-${n}`), value: `pulumi-plain-secret-${n++}` }));
    expect(n).toBeGreaterThan(1);
    const dir = mkdtempSync(join(tmpdir(), 'pg-pulumi-'));
    writeFileSync(join(dir, 'preview.json'), withSigils);
    const sig = everyOutput(reportOf(readPlan(join(dir, 'preview.json')), { protect: ['*'] }));
    expectNoLeak(sig, Array.from({ length: n }, (_, i) => `pulumi-plain-secret-${i}`), 'pulumi sigils');
  });
});

// ---------------------------------------------------------------------------------------------
// Property test

type V = string | number | boolean | null | V[] | { [k: string]: V };

/** A value tree with placeholders: 'S' a marked secret leaf, 'P' a plain leaf; objects may be marked whole. */
type T = { s: 'S' } | { p: string | number | boolean | null } | { list: T[] } | { obj: [string, T][]; whole: boolean };

const KEYS = ['name', 'description', 'config', 'settings', 'tags', 'value', 'region', 'endpoint_url', 'rules', 'env', 'labels', 'port'];
const PLAIN = ['alpha', 'prod', 'eu-west-1', '10.0.0.0/16', 'true', 'x', 'managed by terraform', 'a b  c'];

const tree: fc.Arbitrary<T> = fc.letrec<{ t: T }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<T>({ s: 'S' }),
    fc.oneof(fc.constantFrom(...PLAIN), fc.integer({ min: -5, max: 5000 }), fc.boolean(), fc.constant(null)).map((p) => ({ p }) as T),
    fc.array(tie('t'), { maxLength: 3 }).map((list) => ({ list }) as T),
    fc
      .tuple(fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 4 }), fc.array(tie('t'), { minLength: 4, maxLength: 4 }), fc.boolean())
      .map(([keys, vals, whole]) => ({ obj: keys.map((k, i) => [k, vals[i] as T] as [string, T]), whole: whole && keys.length > 0 }) as T),
  ),
})).t;

interface Built {
  value: V;
  mask: unknown;
}

/** Materialise a tree: secrets become unique tokens (collected), the mask marks them. */
function build(t: T, fresh: () => string, secrets: string[], forced = false): Built {
  if ('s' in t) {
    const v = fresh();
    secrets.push(v);
    return { value: v, mask: true };
  }
  if ('p' in t) {
    if (forced) {
      // Inside a wholly sensitive subtree every leaf is secret: make it a unique token too.
      const v = fresh();
      secrets.push(v);
      return { value: v, mask: undefined };
    }
    return { value: t.p, mask: undefined };
  }
  if ('list' in t) {
    const items = t.list.map((c) => build(c, fresh, secrets, forced));
    return { value: items.map((i) => i.value), mask: items.map((i) => i.mask ?? false) };
  }
  const value: Record<string, V> = {};
  const mask: Record<string, unknown> = {};
  for (const [k, c] of t.obj) {
    const b = build(c, fresh, secrets, forced || t.whole);
    value[k] = b.value;
    if (b.mask !== undefined) mask[k] = b.mask;
  }
  return { value, mask: t.whole ? true : mask };
}

const ACTIONS = [['create'], ['update'], ['delete'], ['delete', 'create'], ['create', 'delete'], ['no-op']] as const;
const TYPES = ['aws_db_instance', 'aws_s3_bucket', 'terraform_data', 'google_sql_database_instance'];

const resourceArb = fc.record({
  type: fc.constantFrom(...TYPES),
  name: fc.constantFrom('main', 'node', 'replica'),
  index: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  actions: fc.constantFrom(...ACTIONS),
  before: tree,
  after: tree,
  copyToOutput: fc.boolean(),
  jsonCopy: fc.boolean(),
  wholeResource: fc.boolean(),
});

describe('property: no marked secret in any output', () => {
  it('random plans with random sensitive markers', () => {
    fc.assert(
      fc.property(fc.array(resourceArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 1e9 }), (resources, seed) => {
        let counter = 0;
        const fresh = () => `Zk${seed.toString(36)}Q${(counter++).toString(36)}xSECRET`;
        const secrets: string[] = [];
        const seen = new Set<string>();
        const changes = resources.flatMap((r) => {
          const address = `${r.type}.${r.name}${r.index === undefined ? '' : `[${r.index}]`}`;
          if (seen.has(address)) return [];
          seen.add(address);
          const b = build(r.before, fresh, secrets);
          const a = build(r.after, fresh, secrets);
          const hasBefore = r.actions[0] !== 'create' || r.actions.length > 1;
          const hasAfter = r.actions[0] !== 'delete' || r.actions.length > 1;
          const before: Record<string, V> = { input: b.value, id: `id-${address}` };
          const after: Record<string, V> = { input: r.actions[0] === 'no-op' ? b.value : a.value };
          // Unmarked copies, as providers make them: a whole copy, and inside a JSON string.
          if (r.copyToOutput) before.output = b.value;
          if (r.jsonCopy) before.policy = JSON.stringify({ Statement: [{ Sid: 'copy', Data: b.value }] });
          const bs = r.wholeResource ? true : { input: b.mask ?? false };
          const as = r.wholeResource ? true : { input: (r.actions[0] === 'no-op' ? b.mask : a.mask) ?? false };
          const change: Record<string, unknown> = {
            actions: [...r.actions],
            before: hasBefore ? before : null,
            after: hasAfter ? after : null,
            after_unknown: hasAfter ? { output: true } : {},
            before_sensitive: hasBefore ? bs : false,
            after_sensitive: hasAfter ? as : false,
          };
          if (r.actions.length === 2) change.replace_paths = [['input']];
          const rc: Record<string, unknown> = { address, mode: 'managed', type: r.type, name: r.name, provider_name: 'registry.terraform.io/hashicorp/aws', change };
          if (r.index !== undefined) rc.index = r.index;
          return [rc];
        });
        const doc = { format_version: '1.2', terraform_version: '1.11.4', resource_changes: changes, complete: true, errored: false };
        const report = reportOf(planFromJson(doc), { protect: ['*'] });
        expectNoLeak(everyOutput(report), secrets, `seed ${seed}`);
      }),
      { numRuns: 120 },
    );
  });
});

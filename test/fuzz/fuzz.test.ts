/**
 * Fuzzing planguard's CLI with mutated real plans (test/fuzz/run.ts lists the properties).
 * `npm test` runs a few hundred cases from a fixed seed; `npm run fuzz -- --runs N [--seed S]`
 * (scripts/fuzz.mjs) runs this file with FUZZ_* variables: FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH
 * (replay one case), FUZZ_MODE (`collect`: record every failing case; `shrink`: stop at the first
 * and shrink it), FUZZ_SHARD / FUZZ_SHARDS (parallel processes over one sequence of cases),
 * FUZZ_REPORT (write the JSON report there), FUZZ_PROGRESS (write progress there),
 * FUZZ_SAVE_DIR (save the bytes of failing cases there), FUZZ_MAX_FAILURES (failing cases kept).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/plans.js';
import { referenceParse } from './json.js';
import { buildCase, KINDS, type Mutation } from './mutators.js';
import { contains, destroyedAddresses, secretsOf, views, withCanary } from './oracles.js';
import { describeFailure, fuzz, protectGlob, type FuzzOptions } from './run.js';
import { loadSeeds } from './seeds.js';

const env = process.env;
const fromScript = env.FUZZ_RUNS !== undefined || env.FUZZ_PATH !== undefined;
const runs = Number(env.FUZZ_RUNS ?? 200);
const seed = Number(env.FUZZ_SEED ?? 20260601);

function bytesOf(rel: string): Buffer {
  return readFileSync(join(ROOT, rel));
}

describe('the fuzzer itself', () => {
  it('seeds every real plan: Terraform plans, the corpus, Pulumi previews and event logs', () => {
    const seeds = loadSeeds();
    const count = (k: string) => seeds.filter((s) => s.kind === k).length;
    expect(count('terraform')).toBeGreaterThan(150);
    expect(count('pulumi')).toBeGreaterThanOrEqual(8);
    expect(count('pulumi-events')).toBeGreaterThanOrEqual(9);
    expect(seeds.map((s) => s.name)).toContain('fixtures/corpus/pulumi/pulumi__eventlog__up-interrupted.jsonl');
  });

  it('reads deletes and replaces from the document, not from planguard', () => {
    const tf = referenceParse(bytesOf('fixtures/terraform/destroy/plan.json'));
    expect(destroyedAddresses('terraform', tf).sort()).toEqual(['terraform_data.app_server', 'terraform_data.db_node["staging-db-01"]', 'terraform_data.db_node["staging-db-02"]']);
    expect(destroyedAddresses('terraform', referenceParse(bytesOf('fixtures/terraform/noop/plan.json')))).toEqual([]);
    const pulumi = referenceParse(bytesOf('fixtures/pulumi/handwritten-rds-identifier-replace/preview.json'));
    expect(destroyedAddresses('pulumi', pulumi)).toEqual(['urn:pulumi:prod::billing::aws:rds/instance:Instance::ledger-db']);
    // An aliased replacement is named by its new URN (the old one only in delete-replaced).
    const alias = referenceParse(bytesOf('fixtures/corpus/pulumi/pulumi__eventlog__lifecycle-alias-force-new-preview.jsonl'));
    expect(destroyedAddresses('pulumi-events', alias)).toEqual(['urn:pulumi:test::test::pkgA:index:t7::n5']);
  });

  it('collects marked values: sensitive mirrors, sensitive outputs and variables, Pulumi secrets', () => {
    const s = secretsOf(referenceParse(bytesOf('fixtures/terraform/sensitive/plan.json')));
    expect([...s]).toEqual(expect.arrayContaining(['hunter2-fixture-secret-new', 'hunter2-fixture-secret-token-new', 'hunter2-fixture-secret-old']));
    const doc = { steps: [{ op: 'update', urn: 'u', newState: { inputs: { a: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', plaintext: '"plain-secret-1"' }, b: 'plain-secret-1' } } }] };
    const bytes = Buffer.from(JSON.stringify(doc));
    expect([...secretsOf(referenceParse(bytes))]).toEqual(['"plain-secret-1"', 'plain-secret-1']);
    // The canary replaces the marked copy only.
    const canaried = JSON.parse(withCanary(bytes, 'plain-secret-1', 'CnryXXXXXXXXXX')!.toString()) as typeof doc;
    expect(canaried.steps[0]!.newState.inputs.a.plaintext).toBe('"CnryXXXXXXXXXX"');
    expect(canaried.steps[0]!.newState.inputs.b).toBe('plain-secret-1');
  });

  it('finds a value however an output encodes it', () => {
    const secret = 'pass_word*<x>@team`1';
    const encoded = [
      'pass\\_word\\*&lt;x&gt;@&#8203;team\\`1', // Markdown prose
      JSON.stringify({ v: secret }), // JSON
      'pass_word*<x>@team`1', // raw
      'pass_word*<x>@team`1'.replace(/\*/g, '\\u{2a}'), // terminal escapes (any code point)
    ];
    for (const e of encoded) expect(contains(views(`before ${e} after`), secret), e).toBe(true);
    expect(contains(views('pass_word'), secret)).toBe(false);
  });

  it('protect globs: the address itself, or one wildcard for odd ones', () => {
    expect(protectGlob('aws_db_instance.main')).toBe('aws_db_instance.main');
    expect(protectGlob('a*b*c')).toBe('a*c');
    const long = `x${'y'.repeat(500)}z`;
    expect(protectGlob(long)).toBe(`${long.slice(0, 64)}*${long.slice(-64)}`);
  });

  it('every mutation kind changes a real plan, deterministically', () => {
    const seeds = loadSeeds();
    const seedIndex = seeds.findIndex((s) => s.name === 'fixtures/terraform/db-node-rename/plan.json');
    const original = Buffer.from(seeds[seedIndex]!.text);
    for (const kind of KINDS) {
      let changed = 0;
      for (let a = 0; a < 8; a++) {
        const m: Mutation[] = [{ kind, a: a * 7 + 1, b: a, c: a * 13 + 2 }];
        const one = buildCase(seeds[seedIndex]!, m);
        if (!one.bytes.equals(original)) changed++;
        expect(buildCase(seeds[seedIndex]!, m).bytes.equals(one.bytes), kind).toBe(true);
      }
      expect(changed, kind).toBeGreaterThan(4);
    }
  });
});

describe('fuzz: mutated real plans through the CLI', () => {
  it(
    `${runs} cases from seed ${seed}${env.FUZZ_PATH ? ` (replaying path ${env.FUZZ_PATH})` : ''}: exit 0/1/2, no crash, unreadable exits 2, protected destroys never pass, no secret in any output`,
    async () => {
      const opts: FuzzOptions = { runs, seed, mode: env.FUZZ_MODE === 'collect' ? 'collect' : 'shrink' };
      // Within npm test: generation and shrinking stop in time for vitest to print the failure.
      if (!fromScript) opts.timeLimitMs = 40_000;
      if (env.FUZZ_SAVE_DIR) opts.saveDir = env.FUZZ_SAVE_DIR;
      if (env.FUZZ_MAX_FAILURES) opts.maxFailures = Number(env.FUZZ_MAX_FAILURES);
      if (env.FUZZ_PATH) opts.path = env.FUZZ_PATH;
      if (env.FUZZ_SHARDS) {
        opts.shards = Number(env.FUZZ_SHARDS);
        opts.shard = Number(env.FUZZ_SHARD ?? 0);
      }
      if (env.FUZZ_PROGRESS) {
        const file = env.FUZZ_PROGRESS;
        opts.onProgress = (stats) => writeFileSync(file, JSON.stringify(stats));
      }
      const report = await fuzz(opts);
      if (env.FUZZ_REPORT) writeFileSync(env.FUZZ_REPORT, JSON.stringify({ ...report, failures: report.failures.map((f) => ({ ...f, text: describeFailure(f) })) }));
      expect(report.stats.cases).toBeGreaterThan(0);
      if (!fromScript) {
        // Every exit code and every mutation kind showed up: a fuzzer that only ever exits 2 tests nothing.
        for (const code of ['0', '1', '2']) expect(report.stats.exit[code], `exit ${code}`).toBeGreaterThan(0);
        for (const [kind, row] of Object.entries(report.stats.byKind)) expect(Object.values(row).reduce((a, b) => a + b, 0), kind).toBeGreaterThan(0);
        expect(report.stats.protected).toBeGreaterThan(0);
        expect(report.stats.withSecrets).toBeGreaterThan(0);
      }
      expect(report.failures.map(describeFailure).join('\n\n')).toBe('');
    },
    fromScript ? 7 * 24 * 3600_000 : 60_000,
  );
});

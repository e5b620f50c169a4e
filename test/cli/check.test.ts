import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/plans.js';
import { runCli, spawnCli } from '../helpers/cli.js';

const rename = 'fixtures/terraform/foreach-key-rename/plan.json';
const renameMoved = 'fixtures/terraform/foreach-key-rename-moved/plan.json';

describe('planguard check: the gate', () => {
  it('blocks (exit 1) a protected resource renamed by a for_each key change', async () => {
    const r = await runCli(['check', rename, '--protect', 'terraform_data.db_node*']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BLOCKED');
    expect(r.stdout).toContain('terraform_data.db_node["orders-db-04"]');
  });

  it('passes (exit 0) once moved blocks are added', async () => {
    const r = await runCli(['check', renameMoved, '--protect', 'terraform_data.db_node*']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS/);
  });

  it('takes protect globs from the config file and adds --protect to them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-'));
    const protectedAddresses = async (...extra: string[]) => {
      const r = await runCli(['check', fixturePath(rename), '--format', 'json', ...extra], {}, dir);
      const j = JSON.parse(r.stdout) as { findings: { ruleId: string; address: string }[] };
      return j.findings.filter((f) => f.ruleId === 'protected-resource-destroyed').map((f) => f.address);
    };
    writeFileSync(join(dir, '.planguard.yml'), "protect:\n  - 'terraform_data.nothing*'\n");
    expect(await protectedAddresses()).toEqual([]);
    expect(await protectedAddresses('-p', 'terraform_data.db_node["orders-db-05"]')).toEqual(['terraform_data.db_node["orders-db-05"]']);
    writeFileSync(join(dir, '.planguard.yml'), "protect: ['terraform_data.db_node*']\n");
    expect(await protectedAddresses()).toEqual(['terraform_data.db_node["orders-db-04"]', 'terraform_data.db_node["orders-db-05"]']);
  });

  it('--fail-on critical lets lower findings pass, and an invalid value is a usage error', async () => {
    const bad = await runCli(['check', rename, '--fail-on', 'severe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fail-on must be one of critical, high, medium, low, info/);
  });

  it('prints the version-1 JSON contract', async () => {
    const r = await runCli(['check', rename, '--format', 'json', '-p', 'terraform_data.db_node*']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(j.source).toEqual({ kind: 'terraform', file: rename, formatVersion: '1.2', toolVersion: '1.11.4' });
    expect(j.summary).toMatchObject({ create: 2, update: 0, replace: 0, delete: 2, read: 0, noop: 3, move: 0, import: 0 });
    expect(j.gate).toEqual({ failOn: 'high', passed: false, blocking: j.findings.filter((f: { blocking: boolean }) => f.blocking).length });
    expect(j.findings.find((f: { ruleId: string }) => f.ruleId === 'protected-resource-destroyed')).toMatchObject({
      ruleId: 'protected-resource-destroyed',
      severity: 'critical',
      address: 'terraform_data.db_node["orders-db-04"]',
      acknowledged: false,
      incident: '001, 002',
    });
    for (const key of ['message', 'why', 'fix']) expect(typeof j.findings[0][key]).toBe('string');
  });

  it('an errored plan never passes, whatever --fail-on says', async () => {
    const r = await runCli(['check', 'fixtures/terraform/errored/plan.json', '--fail-on', 'critical']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('plan-incomplete');
  });

  it('an unknown action blocks', async () => {
    const r = await runCli(['check', 'fixtures/terraform/handwritten-unknown-action/plan.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('["delete","archive"]');
  });
});

describe('planguard check: bad input and usage exit 2 with one line, no stack trace', () => {
  const cases: [string, string[]][] = [
    ['a missing file', ['check', 'does-not-exist.json']],
    ['a state file', ['check', 'fixtures/terraform/_bad/state.json']],
    ['a text plan', ['check', 'fixtures/terraform/_bad/plan-text.txt']],
    ['a directory', ['check', 'fixtures']],
    ['an unknown format', ['check', rename, '--format', 'yaml']],
    ['an unknown option', ['check', rename, '--frobnicate']],
    ['no plan given', ['check']],
    ['an unknown command', ['frobnicate']],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('the built CLI as a process', () => {
  it('reads a plan from stdin with -', () => {
    const r = spawnCli(['check', '-', '-p', 'terraform_data.db_node*'], { input: readFileSync(fixturePath(rename)) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('stdin');
  });

  it('a truncated plan on stdin exits 2 with one line', () => {
    const r = spawnCli(['check', '-'], { input: readFileSync(fixturePath(rename)).subarray(0, 999) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('planguard: stdin: truncated JSON: the file ends in the middle of the document (was the plan cut off while it was written?)\n');
  });

  it('--help exits 0, --version exits 0', () => {
    expect(spawnCli(['--help']).code).toBe(0);
    const v = spawnCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a binary plan without terraform on PATH: exit 2, says how to make the JSON', () => {
    const r = spawnCli(['check', 'fixtures/terraform/_binary/plan.tfplan'], { env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^planguard: fixtures\/terraform\/_binary\/plan\.tfplan: this is a saved binary plan and reading it needs `terraform`, which is not on PATH .*show -json/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a binary plan is converted by calling `terraform show -json` (a stand-in terraform on PATH)', () => {
    const bin = mkdtempSync(join(tmpdir(), 'pg-bin-'));
    const json = fixturePath('fixtures/terraform/_binary/plan.json');
    for (const tool of ['terraform', 'tofu']) {
      writeFileSync(
        join(bin, tool),
        `#!/bin/sh\n[ "$1" = show ] && [ "$2" = -json ] || { echo "unexpected args $*" >&2; exit 3; }\necho "${tool}" > "${bin}/called"\ncat "${json}"\n`,
      );
      chmodSync(join(bin, tool), 0o755);
    }
    const r = spawnCli(['check', 'fixtures/terraform/_binary/plan.tfplan', '--format', 'json'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.replace).toBe(1);
    expect(readFileSync(join(bin, 'called'), 'utf8').trim()).toBe('terraform');
    const t = spawnCli(['check', 'fixtures/terraform/_binary/plan.tfplan', '--tofu'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(t.code).toBe(0);
    expect(readFileSync(join(bin, 'called'), 'utf8').trim()).toBe('tofu');
  });

  it('a binary plan that terraform cannot read: exit 2 with terraform\'s first line', () => {
    const bin = mkdtempSync(join(tmpdir(), 'pg-bin-'));
    writeFileSync(join(bin, 'terraform'), '#!/bin/sh\necho "Error: Failed to load plugin schemas" >&2\nexit 1\n');
    chmodSync(join(bin, 'terraform'), 0o755);
    const r = spawnCli(['check', 'fixtures/terraform/_binary/plan.tfplan'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not read this plan: Error: Failed to load plugin schemas/);
  });
});

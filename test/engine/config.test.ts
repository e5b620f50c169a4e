import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfigFile, mergeConfig } from '../../src/engine/config.js';
import { runRules } from '../../src/engine/run.js';
import { DEFAULT_CONFIG, defineRule, type EngineConfig } from '../../src/engine/types.js';
import { rules } from '../../rules/index.js';
import { loadPlan } from '../helpers/plans.js';
import { runCli } from '../helpers/cli.js';

const ids = rules.map((r) => r.id);

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pg-cfg-'));
  const f = join(dir, '.planguard.yml');
  writeFileSync(f, text);
  return f;
}

async function configError(text: string): Promise<string> {
  try {
    await loadConfigFile(configFile(text), ids);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('.planguard.yml validation', () => {
  it('accepts every documented key', async () => {
    const cfg = await loadConfigFile(
      configFile(`failOn: medium
protect: ['aws_db_instance.*']
rules:
  protected-resource-destroyed: high
acknowledge:
  - address: 'terraform_data.db_node*'
    action: delete
    rule: protected-resource-destroyed
    reason: decommissioned
    expires: '2027-01-31'
secretPatterns: ['sas_token']
`),
      ids,
    );
    expect(cfg.failOn).toBe('medium');
    expect(cfg.acknowledge?.[0]?.expires).toBe('2027-01-31');
  });

  it.each([
    ['an unknown top-level key', 'failon: high\n', /unknown key `failon`/],
    ['an unknown nested key', "acknowledge:\n  - address: x\n    reason: r\n    until: '2026-01-01'\n", /unknown key `acknowledge\.0\.until`/],
    ['a bad severity', 'failOn: severe\n', /`failOn` must be one of critical, high, medium, low, info/],
    ['a rule id that does not exist', 'rules:\n  no-such-rule: off\n', /`rules\.no-such-rule` is not a rule id/],
    ['an acknowledgment without reason', 'acknowledge:\n  - address: x\n', /must have required property 'reason'/],
    ['a date that is not a date', "acknowledge:\n  - address: x\n    reason: r\n    expires: '2026-13-45'\n", /`acknowledge\.0\.expires` is not a real date/],
    ['invalid YAML', 'protect: [a, b\n', /invalid YAML/],
    ['protect not a list', 'protect: aws_db_instance.x\n', /`protect` must be array/],
    ['an empty protect glob', "protect: ['']\n", /`protect\.0` must NOT have fewer than 1 characters/],
    ['a blank protect glob', "protect: ['aws_db_instance.*', '  ']\n", /`protect\.1` is blank: an empty glob protects nothing/],
    ['a bad regular expression', "secretPatterns: ['(']\n", /`secretPatterns\.0` is not a valid regular expression/],
  ])('rejects %s, naming the key', async (_n, text, re) => {
    const msg = await configError(text);
    expect(msg).toMatch(re);
    expect(msg).toContain('.planguard.yml: ');
    expect(msg).not.toContain('\n');
  });

  it('an invalid config exits 2 with one line', async () => {
    const f = configFile('failOn: severe\n');
    const r = await runCli(['check', 'fixtures/terraform/noop/plan.json', '--config', f]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await runCli(['check', 'fixtures/terraform/noop/plan.json', '--config', '/nonexistent/.planguard.yml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\/nonexistent\/\.planguard\.yml: no such file/);
  });

  it('is found in the working directory, else at the repository root', () => {
    const repo = mkdtempSync(join(tmpdir(), 'pg-repo-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'infra', 'prod'), { recursive: true });
    expect(findConfigFile(join(repo, 'infra', 'prod'))).toBeUndefined();
    writeFileSync(join(repo, '.planguard.yml'), 'failOn: high\n');
    expect(findConfigFile(join(repo, 'infra', 'prod'))).toBe(join(repo, '.planguard.yml'));
    writeFileSync(join(repo, 'infra', 'prod', '.planguard.yml'), 'failOn: low\n');
    expect(findConfigFile(join(repo, 'infra', 'prod'))).toBe(join(repo, 'infra', 'prod', '.planguard.yml'));
  });

  it('command-line --fail-on wins over the file; protect globs add up', () => {
    const m = mergeConfig({ failOn: 'low', protect: ['a*'] }, { failOn: 'critical', protect: ['b*'] });
    expect(m.failOn).toBe('critical');
    expect(m.protect).toEqual(['a*', 'b*']);
  });
});

describe('engine: overrides, acknowledgments, gate', () => {
  const plan = loadPlan('fixtures/terraform/foreach-key-rename/plan.json');
  const base: EngineConfig = { ...DEFAULT_CONFIG, protect: ['terraform_data.db_node*'] };
  // Only the protect rule, so the counts do not move when other rules are added.
  const protectRule = rules.filter((r) => r.id === 'protected-resource-destroyed');
  const run = (cfg: Partial<EngineConfig>, today = '2026-06-01') => runRules(plan, protectRule, { ...base, ...cfg }, { today });

  it('blocks without acknowledgments', () => {
    const r = run({});
    expect(r.gate).toEqual({ failOn: 'high', passed: false, blocking: 2 });
  });

  it('an acknowledgment keeps the finding, marked, and it no longer blocks', () => {
    const r = run({ acknowledge: [{ address: 'terraform_data.db_node["orders-db-0*"]', action: 'delete', reason: 'moving to pg' }] });
    expect(r.gate.passed).toBe(true);
    expect(r.findings).toHaveLength(2);
    expect(r.findings.every((f) => f.acknowledged && f.acknowledgment?.reason === 'moving to pg' && !f.blocking)).toBe(true);
    expect(r.acknowledgments[0]).toMatchObject({ status: 'used', matched: 2 });
  });

  it('an acknowledgment for another action does not match', () => {
    const r = run({ acknowledge: [{ address: 'terraform_data.db_node*', action: 'replace', reason: 'x' }] });
    expect(r.gate.passed).toBe(false);
    expect(r.acknowledgments[0]!.status).toBe('stale');
  });

  it('an expired acknowledgment stops working and says so', () => {
    const r = run({ acknowledge: [{ address: 'terraform_data.db_node*', reason: 'temporary', expires: '2026-05-31' }] });
    expect(r.gate.passed).toBe(false);
    expect(r.acknowledgments[0]).toMatchObject({ status: 'expired', matched: 2 });
    const stillValid = run({ acknowledge: [{ address: 'terraform_data.db_node*', reason: 'temporary', expires: '2026-06-01' }] });
    expect(stillValid.gate.passed).toBe(true);
  });

  it('one that matches nothing is reported as stale', () => {
    const r = run({ acknowledge: [{ address: 'aws_db_instance.gone', reason: 'old' }] });
    expect(r.acknowledgments).toEqual([{ address: 'aws_db_instance.gone', reason: 'old', status: 'stale', matched: 0 }]);
  });

  it('a rule can be lowered below the gate or turned off', () => {
    expect(run({ rules: { 'protected-resource-destroyed': 'medium' } }).gate.passed).toBe(true);
    expect(run({ rules: { 'protected-resource-destroyed': 'medium' } }).findings[0]!.severity).toBe('medium');
    expect(run({ rules: { 'protected-resource-destroyed': 'off' } }).findings).toEqual([]);
  });

  it('fail-closed rules cannot be turned off, lowered or acknowledged', () => {
    const errored = loadPlan('fixtures/terraform/errored/plan.json');
    const r = runRules(
      errored,
      rules,
      { ...DEFAULT_CONFIG, rules: { 'plan-incomplete': 'off' }, acknowledge: [{ address: '*', reason: 'ignore' }] },
      { today: '2026-06-01' },
    );
    expect(r.gate.passed).toBe(false);
    expect(r.findings.some((f) => f.ruleId === 'plan-incomplete' && f.blocking && !f.acknowledged)).toBe(true);
    const lowered = runRules(errored, rules, { ...DEFAULT_CONFIG, rules: { 'plan-incomplete': 'info' } }, { today: '2026-06-01' });
    expect(lowered.gate.passed).toBe(false);
  });

  it('a rule that throws becomes a blocking finding, never a silent pass', () => {
    const broken = defineRule({
      id: 'broken-rule',
      title: 'a rule with a bug',
      severity: 'low',
      incidents: [],
      rationale: 'test',
      fix: 'test',
      examples: { fires: [], silent: [] },
      check() {
        throw new Error('boom');
      },
    });
    const r = runRules(plan, [broken], DEFAULT_CONFIG, { today: '2026-06-01' });
    expect(r.gate.passed).toBe(false);
    expect(r.findings[0]!.message).toMatch(/rule broken-rule failed on this plan \(boom\)/);
  });

  it('blocking findings come first, then by severity', () => {
    const r = run({ failOn: 'critical' });
    expect(r.findings.map((f) => f.blocking)).toEqual([true, true]);
  });
});

describe('planguard rules / explain', () => {
  it('lists every rule', async () => {
    const r = await runCli(['rules']);
    expect(r.code).toBe(0);
    for (const rule of rules) expect(r.stdout).toContain(rule.id);
    const j = await runCli(['rules', '--format', 'json']);
    expect(JSON.parse(j.stdout).map((x: { id: string }) => x.id)).toEqual(ids);
  });
  it('explains one, and an unknown id is a usage error', async () => {
    const r = await runCli(['explain', 'protected-resource-destroyed']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Why: ');
    const bad = await runCli(['explain', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no rule "nope"/);
  });
});

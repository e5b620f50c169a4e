/**
 * Custom rules as a new user meets them: the three example policies
 * (examples/custom-rules/.planguard.yml, and the same as one plugin,
 * examples/custom-rules/policies/our-rules.js) block the plans that break them and pass the
 * others in every format; their findings are acknowledgeable, listed and explained;
 * `planguard test-rules` fails on a wrong fixture; a malformed rule or plugin exits 2 with one line.
 */
import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/plans.js';

const DECLARATIVE = fixturePath('examples/custom-rules/.planguard.yml');
const PLUGIN = fixturePath('examples/custom-rules/plugin.planguard.yml');
const POLICY_IDS = ['no-kms-key-deletion', 'payments-never-replaced', 'storage-encryption-stays-on'];

/** Each policy: the plan that breaks it (and the finding's address) and one that does not. */
const CASES = [
  { id: 'no-kms-key-deletion', breaks: 'handwritten-kms-key-deleted', address: 'aws_kms_key.payments', keeps: 'handwritten-kms-key-retagged' },
  { id: 'payments-never-replaced', breaks: 'payments-module-replace', address: 'module.payments.terraform_data.database', keeps: 'payments-module-update' },
  { id: 'storage-encryption-stays-on', breaks: 'handwritten-rds-encryption-off', address: 'aws_rds_cluster.payments', keeps: 'handwritten-rds-protection-off-replace' },
];

const plan = (name: string) => `fixtures/terraform/${name}/plan.json`;

interface JsonFinding {
  ruleId: string;
  address: string;
  severity: string;
  blocking: boolean;
  acknowledged: boolean;
  message: string;
}

async function policyFindings(config: string, name: string): Promise<{ code: number; findings: JsonFinding[] }> {
  const r = await runCli(['check', plan(name), '--config', config, '--format', 'json']);
  const j = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  return { code: r.code, findings: j.findings.filter((f) => POLICY_IDS.includes(f.ruleId)) };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pg-custom-'));
}

function config(text: string, files: Record<string, string> = {}): string {
  const dir = tempDir();
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  writeFileSync(join(dir, '.planguard.yml'), text);
  return join(dir, '.planguard.yml');
}

describe.each([
  ['declarative rules', DECLARATIVE],
  ['one plugin', PLUGIN],
])('the three example policies as %s', (_kind, cfg) => {
  for (const c of CASES) {
    it(`${c.id} blocks ${c.breaks} in text, JSON, Markdown and SARIF`, async () => {
      const text = await runCli(['check', plan(c.breaks), '--config', cfg]);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(new RegExp(`^(CRITICAL|HIGH) +${c.id} `, 'm'));
      expect(text.stdout).toContain(c.address);
      const { findings } = await policyFindings(cfg, c.breaks);
      expect(findings.map((f) => [f.ruleId, f.address, f.blocking])).toEqual([[c.id, c.address, true]]);
      const md = await runCli(['check', plan(c.breaks), '--config', cfg, '--format', 'markdown']);
      expect(md.code).toBe(1);
      expect(md.stdout).toContain(`\`${c.id}\``);
      const sarif = await runCli(['check', plan(c.breaks), '--config', cfg, '--format', 'sarif']);
      expect(sarif.code).toBe(1);
      const run = JSON.parse(sarif.stdout).runs[0];
      const result = run.results.find((x: { ruleId: string }) => x.ruleId === c.id);
      expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toBe(c.address);
      const descriptor = run.tool.driver.rules[result.ruleIndex];
      expect(descriptor.id).toBe(c.id);
      expect(descriptor.shortDescription.text.length).toBeGreaterThan(10);
      const gh = await runCli(['check', plan(c.breaks), '--config', cfg, '--format', 'github']);
      expect(gh.code).toBe(1);
      expect(gh.stdout).toMatch(new RegExp(`^::error .*${c.id}`, 'm'));
    });

    it(`${c.id} stays silent on ${c.keeps}`, async () => {
      expect((await policyFindings(cfg, c.keeps)).findings).toEqual([]);
    });
  }

  it('passes (exit 0) a plan that breaks none of them', async () => {
    const r = await runCli(['check', plan('handwritten-kms-key-retagged'), '--config', cfg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS/);
  });

  it('test-rules: every case behaves (exit 0)', async () => {
    const r = await runCli(['test-rules', '--config', cfg]);
    expect(r.stdout).toContain('3 custom rules, 6 cases: all behave');
    expect(r.code).toBe(0);
  });
});

describe('the plugin and the declarative rules agree', () => {
  it.each(['handwritten-kms-key-deleted', 'payments-module-replace', 'handwritten-rds-encryption-off', 'handwritten-rds-cluster-rename', 'handwritten-db-host-reimage'])(
    'on %s',
    async (name) => {
      const key = (fs: JsonFinding[]) => fs.map((f) => `${f.ruleId} ${f.address} ${f.severity}`).sort();
      const a = await policyFindings(DECLARATIVE, name);
      const b = await policyFindings(PLUGIN, name);
      expect(key(b.findings)).toEqual(key(a.findings));
      expect(b.code).toBe(a.code);
    },
  );
});

describe('a custom finding is a finding like any other', () => {
  it('is acknowledged by address and rule, and then no longer blocks', async () => {
    const cfg = config(`plugins: [${JSON.stringify(fixturePath('examples/custom-rules/policies/our-rules.js'))}]
acknowledge:
  - address: aws_kms_key.payments
    rule: no-kms-key-deletion
    reason: retired with the old payments stack (JIRA-42)
`);
    const r = await runCli(['check', fixturePath(plan('handwritten-kms-key-deleted')), '--config', cfg, '--format', 'json']);
    const findings = JSON.parse(r.stdout).findings as JsonFinding[];
    expect(findings.find((x) => x.ruleId === 'no-kms-key-deletion')).toMatchObject({ acknowledged: true, blocking: false });
    // the built-in finding on the same delete is not acknowledged by an acknowledgment of the custom rule
    expect(findings.find((x) => x.ruleId === 'data-store-replaced')).toMatchObject({ acknowledged: false, blocking: true });
    expect(r.code).toBe(1);
  });

  it('its severity can be overridden or the rule turned off under rules:', async () => {
    const base = `customRules:
  - id: payments-kept
    severity: critical
    message: "Nothing in payments is replaced."
    match: { address: "module.payments.*", actions: [replace] }
`;
    const p = fixturePath(plan('payments-module-replace'));
    const blocked = await runCli(['check', p, '--config', config(base)]);
    expect(blocked.code).toBe(1);
    const low = await runCli(['check', p, '--config', config(`${base}rules:\n  payments-kept: low\n`), '--format', 'json']);
    expect(low.code).toBe(0);
    expect((JSON.parse(low.stdout).findings as JsonFinding[]).find((x) => x.ruleId === 'payments-kept')?.severity).toBe('low');
    const off = await runCli(['check', p, '--config', config(`${base}rules:\n  payments-kept: off\n`), '--format', 'json']);
    expect(off.code).toBe(0);
    expect((JSON.parse(off.stdout).findings as JsonFinding[]).some((x) => x.ruleId === 'payments-kept')).toBe(false);
  });

  it('planguard rules and explain say where it comes from', async () => {
    const list = await runCli(['rules', '--config', DECLARATIVE]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^no-kms-key-deletion +critical +A KMS key is destroyed +\[from .*examples\/custom-rules\/\.planguard\.yml \(customRules\.0\)\]$/m);
    expect(list.stdout).toMatch(/^data-store-replaced /m);
    const json = JSON.parse((await runCli(['rules', '--config', PLUGIN, '--format', 'json'])).stdout) as { id: string; origin?: { kind: string; file: string } }[];
    expect(json.find((r) => r.id === 'payments-never-replaced')?.origin).toEqual({ kind: 'plugin', file: 'examples/custom-rules/policies/our-rules.js' });
    expect(json.find((r) => r.id === 'data-store-replaced')?.origin).toBeUndefined();
    const ex = await runCli(['explain', 'storage-encryption-stays-on', '--config', DECLARATIVE]);
    expect(ex.code).toBe(0);
    expect(ex.stdout).toMatch(/From: .*\.planguard\.yml \(customRules\.2\)/);
    expect((await runCli(['explain', 'storage-encryption-stays-on'])).code).toBe(2);
  });

  it("quotes the plan's hostile text only escaped, and a plugin's secrets never", async () => {
    const cfg = config('plugins: [./p.js]\n', {
      'p.js': `export default [{ id: 'loud', title: 'A loud plugin rule', severity: 'high', incidents: [], rationale: 'Says what it finds.', fix: 'Nothing to do.', examples: { fires: [], silent: [] },
  check(plan, ctx) { for (const c of plan.changes) if (c.action === 'update') ctx.report({ address: c.address, message: '<img src=x onerror=alert(1)> @octo-org/admins password ' + JSON.stringify(c.after) }); } }];`,
    });
    const md = await runCli(['check', fixturePath(plan('sensitive')), '--config', cfg, '--format', 'markdown']);
    expect(md.code).toBe(1);
    expect(md.stdout).toContain('loud');
    expect(md.stdout).not.toContain('<img');
    expect(md.stdout).not.toMatch(/(^|[^`\\])@octo-org\/admins/);
    for (const format of ['text', 'json', 'markdown', 'sarif', 'github']) {
      const r = await runCli(['check', fixturePath(plan('sensitive')), '--config', cfg, '--format', format]);
      expect(r.stdout, format).not.toContain('hunter2-fixture-secret-new');
    }
  });
});

describe('planguard test-rules', () => {
  it('fails (exit 1) when a fixture is wrong, and says which case and why', async () => {
    const dir = tempDir();
    copyFileSync(fixturePath(plan('handwritten-kms-key-deleted')), join(dir, 'deleted.json'));
    copyFileSync(fixturePath(plan('handwritten-kms-key-retagged')), join(dir, 'retagged.json'));
    writeFileSync(
      join(dir, '.planguard.yml'),
      `customRules:
  - id: no-kms-key-deletion
    severity: critical
    message: "A KMS key is destroyed."
    match: { type: aws_kms_key, actions: [delete, replace] }
    fires: [retagged.json]
    silent: [deleted.json]
`,
    );
    const r = await runCli(['test-rules'], {}, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  no-kms-key-deletion fires on retagged.json: expected at least one finding, got none');
    expect(r.stdout).toContain('FAIL  no-kms-key-deletion stays silent on deleted.json: expected no finding, got 1: aws_kms_key.payments (critical)');
    expect(r.stdout).toContain('1 custom rule, 2 cases: 2 failed');
  });

  it('a missing fixture is bad input (exit 2), as is a config without custom rules', async () => {
    const missing = await runCli(['test-rules', '--config', config('customRules:\n  - id: x-y\n    severity: low\n    message: m\n    match: { type: a }\n    fires: [nope.json]\n')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json/);
    const none = await runCli(['test-rules', '--config', config('failOn: high\n')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no customRules or plugins/);
  });
});

async function badInput(cfg: string): Promise<string> {
  const r = await runCli(['check', 'fixtures/terraform/noop/plan.json', '--config', cfg]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

const RULE = (extra: string) => `customRules:
  - id: ok-rule
    severity: high
    message: "fine"
    match: { type: aws_kms_key }
  - id: second
    severity: high
    message: "m"
${extra}`;

describe('a malformed custom rule exits 2 with one line naming the key and the rule index', () => {
  it.each([
    ['an id that is not kebab-case', '    match: { type: x }\n', 'id: Second', /`customRules\.1\.id` must match pattern/],
    ['a built-in id', '    match: { type: x }\n', 'id: data-store-replaced', /`customRules\.1\.id` `data-store-replaced` is the id of a built-in rule/],
    ['a repeated id', '    match: { type: x }\n', 'id: ok-rule', /`customRules\.1\.id` `ok-rule` is already the id of customRules\.0/],
    ['no match', '', '', /`customRules\.1` must have required property 'match'/],
    ['an empty match', '    match: {}\n', '', /`customRules\.1\.match` must NOT have fewer than 1 properties/],
    ['an unknown action', '    match: { actions: [destroy] }\n', '', /`customRules\.1\.match\.actions\.0` must be one of create, update, delete/],
    ['an unknown key', '    match: { kind: x }\n', '', /unknown key `customRules\.1\.match\.kind`/],
    ['an attribute without a condition', '    match: { attribute: { path: tags } }\n', '', /`customRules\.1\.match\.attribute` needs at least one of changed, from, to, matches/],
    ['changed: false', '    match: { attribute: { path: tags, changed: false } }\n', '', /`customRules\.1\.match\.attribute\.changed` must be true/],
    ['a bad path', '    match: { attribute: { path: "tags[", changed: true } }\n', '', /`customRules\.1\.match\.attribute\.path` `tags\[` unclosed/],
    ['a bad regular expression', '    match: { attribute: { path: name, matches: "(" } }\n', '', /`customRules\.1\.match\.attribute\.matches` is not a valid regular expression/],
    ['a bad severity', '    match: { type: x }\n', 'severity: severe', /`customRules\.1\.severity` must be one of critical/],
  ])('%s', async (_name, match, replace, re) => {
    let text = RULE(match);
    if (replace) text = text.replace(replace.startsWith('id') ? 'id: second' : 'severity: high\n    message: "m"', replace.startsWith('id') ? replace : `${replace}\n    message: "m"`);
    const line = await badInput(config(text));
    expect(line).toMatch(re);
    expect(line).toMatch(/^planguard: .*\.planguard\.yml: /);
  });

  it('a rules: override that names no rule, custom or built-in', async () => {
    expect(await badInput(config(`${RULE('    match: { type: x }\n')}rules:\n  third: off\n`))).toMatch(/`rules\.third` is not a rule id/);
  });
});

const GOOD_RULE = `{ id: 'plug-rule', title: 'A plugin rule title', severity: 'high', incidents: [], rationale: 'Because it matters.', fix: 'Fix it somehow.', examples: { fires: [], silent: [] }`;

describe('a malformed plugin exits 2 with one line naming the plugin, never a pass', () => {
  it.each([
    ['a missing file', 'plugins: [./nope.js]\n', {}, /nope\.js: no such file/],
    ['a syntax error', 'plugins: [./p.js]\n', { 'p.js': 'export default [{ id: ' }, /p\.js: cannot be loaded: /],
    ['a module that throws on load', 'plugins: [./p.js]\n', { 'p.js': 'throw new Error("no config here");' }, /p\.js: cannot be loaded: no config here/],
    ['no rules exported', 'plugins: [./p.js]\n', { 'p.js': 'export const x = 1;' }, /p\.js: exports no rules/],
    ['a rule without check', 'plugins: [./p.js]\n', { 'p.js': `export default [${GOOD_RULE} }];` }, /p\.js: rule 1 \(`plug-rule`\) is not a planguard rule: `check` must be a function/],
    ['a bad severity', 'plugins: [./p.js]\n', { 'p.js': `export default [${GOOD_RULE}, severity: 'severe', check() {} }];` }, /`severity` must be one of/],
    ['a built-in id', 'plugins: [./p.js]\n', { 'p.js': `export default [${GOOD_RULE}, id: 'data-store-replaced', check() {} }];` }, /p\.js: rule id `data-store-replaced` is already taken by a built-in rule/],
    ['a throw in check', 'plugins: [./p.js]\n', { 'p.js': `export default [${GOOD_RULE}, check() { throw new TypeError('cannot read x'); } }];` }, /p\.js: rule `plug-rule` threw on fixtures\/terraform\/noop\/plan\.json: TypeError: cannot read x/],
    ['a write to the plan', 'plugins: [./p.js]\n', { 'p.js': `export default [${GOOD_RULE}, check(plan) { plan.changes[0].action = 'no-op'; } }];` }, /p\.js: rule `plug-rule` threw .*TypeError: the plan is read-only: a rule plugin cannot change it/],
    ['a malformed finding', 'plugins: [./p.js]\n', { 'p.js': `export default [${GOOD_RULE}, check(plan, ctx) { ctx.report({ address: '', message: 'x' }); } }];` }, /p\.js: rule `plug-rule` reported a malformed finding \(`address` must be a non-empty string\)/],
    ['an async check', 'plugins: [./p.js]\n', { 'p.js': `export default [${GOOD_RULE}, async check() {} }];` }, /p\.js: rule `plug-rule` returned a promise/],
  ])('%s', async (_name, text, files, re) => {
    const line = await badInput(config(text, files));
    expect(line).toMatch(re);
  });

  it('a plugin that throws a secret of the plan does not print it', async () => {
    const cfg = config('plugins: [./p.js]\n', {
      'p.js': `export default [${GOOD_RULE}, check(plan) { for (const c of plan.changes) if (c.address === 'terraform_data.db_credentials') throw new Error('bad ' + c.after.input.password); } }];`,
    });
    const r = await runCli(['check', 'fixtures/terraform/sensitive/plan.json', '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/threw .*bad \(sensitive\)/);
    expect(r.stderr).not.toContain('hunter2');
  });
});

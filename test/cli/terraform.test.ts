/**
 * `planguard terraform`: plan, check, review, and apply only what passes. Run against a stand-in
 * terraform (a script that records its calls) always, and against the real terraform binary with
 * the built-in terraform_data resource when terraform is on PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/plans.js';
import { runCli } from '../helpers/cli.js';

/** A stand-in `terraform`: `plan -out=F` writes a zip header to F, `show -json` prints $FAKE_SHOW, `apply` is logged. */
function fakeTerraform(): { bin: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), 'pg-faketf-'));
  const log = join(bin, 'calls.log');
  writeFileSync(
    join(bin, 'terraform'),
    `#!/bin/sh
echo "$*" >> "${log}"
case "$1" in
  plan) for a in "$@"; do case "$a" in -out=*) cp "${fixturePath('fixtures/terraform/_binary/plan.tfplan')}" "\${a#-out=}";; esac; done; echo "Plan: fake" ;;
  show) cat "$FAKE_SHOW" ;;
  apply) echo "Apply complete!" ;;
  *) exit 3 ;;
esac
`,
  );
  chmodSync(join(bin, 'terraform'), 0o755);
  return { bin, log };
}

const blockedPlan = fixturePath('fixtures/terraform/foreach-key-rename/plan.json');
const addsOnly = fixturePath('fixtures/terraform/creates-only/plan.json');

describe('planguard terraform with a stand-in terraform', () => {
  const env = (bin: string, show: string) => ({ PATH: `${bin}:${process.env.PATH}`, FAKE_SHOW: show });

  it('plans, checks and does not apply without --apply', async () => {
    const { bin, log } = fakeTerraform();
    const r = await runCli(['terraform', '--', '-var', 'x=1'], env(bin, addsOnly));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS/);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls[0]).toMatch(/^plan -input=false -out=\S+planguard\.tfplan -var x=1$/);
    expect(calls[1]).toMatch(/^show -json -no-color \S+planguard\.tfplan$/);
    expect(calls).toHaveLength(2);
  });

  it('--apply applies the exact saved plan when the gate passes', async () => {
    const { bin, log } = fakeTerraform();
    const r = await runCli(['terraform', '--apply'], env(bin, addsOnly));
    expect(r.code).toBe(0);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    const planned = /-out=(\S+)/.exec(calls[0]!)![1];
    expect(calls[2]).toBe(`apply -input=false ${planned}`);
  });

  it('--apply refuses a blocked plan when nobody can confirm (CI)', async () => {
    const { bin, log } = fakeTerraform();
    const r = await runCli(['terraform', '--apply', '-p', 'terraform_data.db_node*'], env(bin, blockedPlan));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not applied: the gate blocked this plan/);
    expect(readFileSync(log, 'utf8')).not.toMatch(/^apply/m);
  });

  it('on a terminal, a blocked plan is applied only after the count of blocking findings is typed', async () => {
    const { bin, log } = fakeTerraform();
    const questions: string[] = [];
    const wrong = await runCli(['terraform', '--apply', '-p', 'terraform_data.db_node*'], env(bin, blockedPlan), undefined, {
      prompt: async (q) => (questions.push(q), 'yes'),
    });
    expect(wrong.code).toBe(1);
    expect(readFileSync(log, 'utf8')).not.toMatch(/^apply/m);
    const n = /type (\d+)/.exec(questions[0]!)![1]!;
    const right = await runCli(['terraform', '--apply', '-p', 'terraform_data.db_node*'], env(bin, blockedPlan), undefined, {
      prompt: async () => n,
    });
    expect(right.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toMatch(/^apply /m);
  });

  it('a failing plan is exit 2 with one line; -out is refused', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'pg-faketf-'));
    writeFileSync(join(bin, 'terraform'), '#!/bin/sh\nprintf "\\n\\342\\225\\267\\n\\342\\224\\202 Error: Invalid reference\\n\\342\\224\\202\\n" >&2\nexit 1\n');
    chmodSync(join(bin, 'terraform'), 0o755);
    const r = await runCli(['terraform'], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`terraform plan` failed \(exit 1\); its output is above/);
    // --quiet hid terraform's output: the one line says what failed instead of pointing above.
    const quiet = await runCli(['terraform', '--quiet'], { PATH: `${bin}:${process.env.PATH}` });
    expect(quiet.code).toBe(2);
    expect(quiet.stderr.split('\n').slice(-2)).toEqual(['planguard: `terraform plan` failed (exit 1): Error: Invalid reference (run it without --quiet to see its whole output)', '']);
    expect(quiet.stderr).not.toMatch(/above|│/);
    const out = await runCli(['terraform', '--', '-out=x']);
    expect(out.code).toBe(2);
    const missing = await runCli(['terraform'], { PATH: '/nonexistent' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/`terraform` is not on PATH/);
    expect(missing.stderr).toContain('pass --tofu for OpenTofu');
    // With --tofu the hint does not suggest --tofu again.
    const noTofu = await runCli(['terraform', '--tofu'], { PATH: '/nonexistent' });
    expect(noTofu.code).toBe(2);
    expect(noTofu.stderr).toMatch(/`tofu` is not on PATH \(install OpenTofu, or drop --tofu and set PLANGUARD_TF_BINARY/);
    expect(noTofu.stderr).not.toContain('pass --tofu');
    const badPath = await runCli(['terraform'], { PATH: '/nonexistent', PLANGUARD_TF_BINARY: '/opt/nowhere/terraform' });
    expect(badPath.code).toBe(2);
    expect(badPath.stderr).toMatch(/`\/opt\/nowhere\/terraform` is not on PATH \(PLANGUARD_TF_BINARY names it/);
  });
});

const realTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

describe(`planguard terraform with the real terraform binary (${realTerraform ? 'on PATH' : 'not on PATH: the missing-tool path is checked instead'})`, () => {
  it('refuses to apply a rename of a protected terraform_data resource and applies one that only adds', async () => {
    if (!realTerraform) {
      const r = await runCli(['terraform', '--apply'], { PATH: '/nonexistent' });
      expect(r.code).toBe(2);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'pg-realtf-'));
    const env = { TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', HOME: dir };
    const tf = (...args: string[]) => spawnSync('terraform', args, { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });
    writeFileSync(join(dir, 'main.tf'), 'resource "terraform_data" "db" {\n  for_each = toset(["a", "b"])\n  input    = each.key\n}\n');
    expect(tf('init', '-input=false').status).toBe(0);
    expect(tf('apply', '-auto-approve', '-input=false').status).toBe(0);
    // Rename a key: destroys terraform_data.db["b"].
    writeFileSync(join(dir, 'main.tf'), 'resource "terraform_data" "db" {\n  for_each = toset(["a", "c"])\n  input    = each.key\n}\n');
    const blocked = await runCli(['terraform', '--chdir', dir, '--apply', '-p', 'terraform_data.db*', '-q'], env);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('terraform_data.db["b"]');
    expect(JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')).resources[0].instances.map((i: { index_key: string }) => i.index_key)).toEqual(['a', 'b']);
    // Only add: applied.
    writeFileSync(join(dir, 'main.tf'), 'resource "terraform_data" "db" {\n  for_each = toset(["a", "b", "c"])\n  input    = each.key\n}\n');
    const applied = await runCli(['terraform', '--chdir', dir, '--apply', '-p', 'terraform_data.db*', '-q'], env);
    expect(applied.code).toBe(0);
    expect(existsSync(join(dir, 'terraform.tfstate'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')).resources[0].instances.map((i: { index_key: string }) => i.index_key)).toEqual(['a', 'b', 'c']);
  }, 60_000);
});

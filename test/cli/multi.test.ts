import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/plans.js';

const PASSES = 'fixtures/terraform/creates-only/plan.json';
const BLOCKED = 'fixtures/terraform/handwritten-db-host-reimage/plan.json';

describe('several plans in one run: one report, one gate', () => {
  it('text: a combined verdict, then a section per plan; blocked if any plan is', async () => {
    const r = await runCli(['check', PASSES, BLOCKED]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^BLOCKED {2}1 of 2 plans blocked, \d+ blocking findings$/);
    expect(r.stdout).toContain(`plan 1 of 2: ${PASSES}`);
    expect(r.stdout).toContain(`plan 2 of 2: ${BLOCKED}`);
    const both = await runCli(['check', PASSES, 'fixtures/terraform/noop/plan.json']);
    expect(both.code).toBe(0);
    expect(both.stdout.split('\n')[0]).toBe('PASS  2 plans, none blocked');
  });

  it('json: {version: 1, plans, gate} with the combined gate', async () => {
    const r = await runCli(['check', PASSES, BLOCKED, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(j.plans.map((p: { source: { file: string } }) => p.source.file)).toEqual([PASSES, BLOCKED]);
    expect(j.gate).toEqual({ failOn: 'high', passed: false, blocking: j.plans[1].gate.blocking });
  });

  it('sarif: one run holding the results of every plan', async () => {
    const one = JSON.parse((await runCli(['check', BLOCKED, '--format', 'sarif'])).stdout);
    const two = JSON.parse((await runCli(['check', BLOCKED, 'fixtures/terraform/foreach-key-rename/plan.json', '--format', 'sarif'])).stdout);
    const other = JSON.parse((await runCli(['check', 'fixtures/terraform/foreach-key-rename/plan.json', '--format', 'sarif'])).stdout);
    expect(two.runs).toHaveLength(1);
    expect(two.runs[0].results).toHaveLength(one.runs[0].results.length + other.runs[0].results.length);
  });

  it('github: the annotation caps are shared by all plans', async () => {
    const r = await runCli(['check', BLOCKED, BLOCKED, BLOCKED, '--format', 'github']);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toContain(` in ${BLOCKED}`);
    expect(r.stdout).toMatch(/more findings? at this level not annotated/);
  });

  it('markdown: one comment, a combined verdict and a section per plan', async () => {
    const r = await runCli(['check', PASSES, BLOCKED, '--format', 'markdown']);
    expect(r.stdout.split('\n')[0]).toBe('## 🛑 Blocked: 1 of 2 plans');
    expect(r.stdout).toContain('### `fixtures/terraform/creates-only/plan.json`');
    expect(r.stdout.length).toBeLessThan(60_000);
  });

  it('a directory: every plan file in it, recursively, in name order; other files ignored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-plans-'));
    mkdirSync(join(dir, 'prod'));
    mkdirSync(join(dir, 'staging'));
    mkdirSync(join(dir, '.terraform'));
    copyFileSync(fixturePath(BLOCKED), join(dir, 'prod', 'plan.json'));
    copyFileSync(fixturePath(PASSES), join(dir, 'staging', 'plan.json'));
    writeFileSync(join(dir, 'prod', 'main.tf'), 'resource "x" "y" {}\n');
    writeFileSync(join(dir, '.terraform', 'junk.json'), '{}');
    const r = await runCli(['check', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).plans.map((p: { source: { file: string } }) => p.source.file)).toEqual([join(dir, 'prod', 'plan.json'), join(dir, 'staging', 'plan.json')]);
    const empty = mkdtempSync(join(tmpdir(), 'pg-empty-'));
    const e = await runCli(['check', empty]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/no plan files in this directory/);
  });

  it('one unreadable plan among several: exit 2, nothing passes', async () => {
    const r = await runCli(['check', PASSES, 'fixtures/terraform/_bad/state.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/state\.json: this is a Terraform state file, not a plan/);
  });

  it('comment: several plans make one comment; --from takes the multi-plan JSON', async () => {
    const dry = await runCli(['comment', PASSES, BLOCKED, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('Blocked: 1 of 2 plans');
    const saved = join(mkdtempSync(join(tmpdir(), 'pg-rep-')), 'report.json');
    writeFileSync(saved, (await runCli(['check', PASSES, BLOCKED, '--format', 'json'])).stdout);
    const again = await runCli(['comment', '--from', saved, '--dry-run']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Blocked: 1 of 2 plans');
  });
});

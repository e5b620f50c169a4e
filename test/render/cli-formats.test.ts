/** `planguard check --format text|json|markdown|sarif|github [--output FILE]` through the CLI. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { markdownProblems, parseGithub } from './helpers.js';

const DB = 'fixtures/terraform/db-node-rename/plan.json';

describe('planguard check --format', () => {
  it('markdown: the verdict first, the exit code is the gate', async () => {
    const r = await runCli(['check', DB, '--format', 'markdown', '-p', 'terraform_data.db_node*']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^## 🛑 Blocked: 5 destructive changes/);
    expect(markdownProblems(r.stdout)).toEqual([]);
    const pass = await runCli(['check', 'fixtures/terraform/creates-only/plan.json', '-f', 'markdown']);
    expect(pass.code).toBe(0);
    expect(pass.stdout.split('\n')[0]).toBe('## ✅ No destructive changes');
  });

  it('sarif and github print their formats', async () => {
    const s = await runCli(['check', DB, '--format', 'sarif', '-p', 'terraform_data.db_node*']);
    expect(s.code).toBe(1);
    const log = JSON.parse(s.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(log.runs[0].results.length).toBeGreaterThanOrEqual(5);
    const g = await runCli(['check', DB, '--format', 'github', '-p', 'terraform_data.db_node*']);
    expect(g.code).toBe(1);
    expect(parseGithub(g.stdout).annotations.length).toBeGreaterThanOrEqual(5);
  });

  it('--output FILE writes the format to the file and the text review to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-out-'));
    const file = join(dir, 'planguard.sarif');
    const r = await runCli(['check', DB, '--format', 'sarif', '--output', file, '-p', 'terraform_data.db_node*']);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).runs[0].results.length).toBeGreaterThanOrEqual(5);
    expect(r.stdout).toMatch(/^BLOCKED {2}5 destructive changes/);
    // Colour never goes into a file, even when the terminal has it.
    const md = join(dir, 'review.md');
    await runCli(['check', DB, '-f', 'markdown', '-o', md], { FORCE_COLOR: '1' });
    expect(readFileSync(md, 'utf8')).not.toContain('\u001b[');
  });

  it('--output to a place that cannot be written: exit 2, one line', async () => {
    const r = await runCli(['check', DB, '-f', 'sarif', '-o', '/nonexistent-dir/x.sarif']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^planguard: cannot write --output \/nonexistent-dir\/x\.sarif: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('colours: none when piped or with NO_COLOR, on when forced', async () => {
    expect((await runCli(['check', DB])).stdout).not.toContain('\u001b[');
    expect((await runCli(['check', DB], { FORCE_COLOR: '1' })).stdout).toContain('\u001b[');
    expect((await runCli(['check', DB], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect((await runCli(['check', DB, '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });

  it('an unknown format is a usage error', async () => {
    const r = await runCli(['check', DB, '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

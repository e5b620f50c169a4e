#!/usr/bin/env node
// Start-up (issue 16) in instructions rather than milliseconds: the 10-change check against
// `node -e 0`, counted by valgrind's callgrind, repeatable to the instruction on a loaded
// machine where wall-clock medians move by 20%. Node runs single-threaded with fixed seeds and
// ASLR off (setarch -R), so the count does not depend on thread scheduling or hash layout; the
// code cache is warmed first with the same flags (V8 refuses a cache made under other flags).
//
//   node bench/startup-instructions.mjs [--plan FILE] [--certs set|unset|both]
//
// Needs valgrind (and setarch, from util-linux); prints a Markdown table. Slow: ~30 s per count.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const FLAGS = ['--single-threaded', '--random-seed=1', '--hash-seed=1'];

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const plan = arg('--plan', join(REPO, 'bench', 'out', 'plan-10.json'));
const certs = arg('--certs', 'both');
if (spawnSync('valgrind', ['--version']).status !== 0) {
  process.stderr.write('bench/startup-instructions.mjs: valgrind is not installed (apt-get install valgrind)\n');
  process.exit(2);
}
if (!existsSync(plan) && spawnSync(process.execPath, [join(REPO, 'bench', 'generate-plan.mjs'), '--changes', '10', '--out', plan, '--quiet']).status !== 0) {
  process.stderr.write(`cannot generate ${plan}\n`);
  process.exit(2);
}

function count(argv, env) {
  const dir = mkdtempSync(join(tmpdir(), 'pg-cg-'));
  const log = join(dir, 'log');
  spawnSync('setarch', ['-R', 'valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', `--log-file=${log}`, process.execPath, ...FLAGS, ...argv], { env, stdio: 'ignore' });
  const m = /Collected : (\d+)/.exec(readFileSync(log, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  if (!m) throw new Error(`no count for ${argv.join(' ')}`);
  return Number(m[1]);
}

const check = [join(REPO, 'bin', 'planguard.js'), 'check', plan, '--format', 'text', '--fail-on', 'critical'];
const rows = [];
for (const which of certs === 'both' ? ['set', 'unset'] : [certs]) {
  const env = { ...process.env, PLANGUARD_CACHE_DIR: mkdtempSync(join(tmpdir(), 'pg-cg-cache-')) };
  if (which === 'unset') delete env.NODE_EXTRA_CA_CERTS;
  else if (!env.NODE_EXTRA_CA_CERTS) {
    rows.push([`set (not set in this environment)`, '', '', '']);
    continue;
  }
  for (let i = 0; i < 3; i++) spawnSync(process.execPath, [...FLAGS, ...check], { env, stdio: 'ignore' });
  const node = count(['-e', '0'], env);
  const ours = count(check, env);
  rows.push([which === 'set' ? `set (${env.NODE_EXTRA_CA_CERTS})` : 'unset', `${(node / 1e6).toFixed(1)} M`, `${(ours / 1e6).toFixed(1)} M`, `${(ours / node).toFixed(2)}x`]);
  rmSync(env.PLANGUARD_CACHE_DIR, { recursive: true, force: true });
}
process.stdout.write('| NODE_EXTRA_CA_CERTS | node -e 0 | 10-change check | ratio |\n|---|---:|---:|---:|\n');
for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);

#!/usr/bin/env node
// Start-up (issue 16): the 10-change check against `node -e 0`, measured side by side: the two
// commands alternate, N runs each (default 15), and the medians are compared. Run twice: with
// NODE_EXTRA_CA_CERTS as the environment has it, and without it (Node reads the whole
// certificate file at every start when it is set, which adds the same tens of milliseconds to
// both commands).
//
//   node bench/startup.mjs [--runs N] [--plan FILE] [--json]
//
// A third command loads the bundle through bin/compile-cache.cjs and runs nothing: the part of
// the ratio that is loading our code rather than checking the plan.
//
// The code cache (bin/compile-cache.cjs) is warmed by one untimed run first, as every run of a
// user's pre-apply hook after the first one finds it; `--cold` measures with the cache turned off.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timeOnce(argv, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Interleaved medians of `node -e 0` and the check, under `env`. */
export function startupRatio({ plan, runs = 15, env = process.env, cold = false }) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'pg-bench-cache-'));
  const e = { ...env, PLANGUARD_CACHE_DIR: cacheDir, ...(cold ? { PLANGUARD_COMPILE_CACHE: '0' } : {}) };
  const node = [process.execPath, '-e', '0'];
  const check = [process.execPath, join(REPO, 'bin/planguard.js'), 'check', plan, '--format', 'text', '--fail-on', 'critical'];
  // The bundle loaded as bin/planguard.js loads it (the same code cache) and nothing run: what
  // start-up costs before any argument is parsed or plan read, the floor under the check's work.
  const load = `require(${JSON.stringify(join(REPO, 'bin/compile-cache.cjs'))}).load(${JSON.stringify(join(REPO, 'dist/bundle/planguard.cjs'))})`;
  const version = [process.execPath, '-e', load];
  timeOnce(check, e); // warms the code cache (and the file cache)
  timeOnce(node, e);
  timeOnce(version, e);
  const a = [];
  const b = [];
  const c = [];
  for (let i = 0; i < runs; i++) {
    a.push(timeOnce(node, e));
    b.push(timeOnce(check, e));
    c.push(timeOnce(version, e));
  }
  const nodeMs = median(a);
  const checkMs = median(b);
  const loadMs = median(c);
  return { nodeMs, checkMs, loadMs, ratio: checkMs / nodeMs, runs };
}

export function startupReport({ plan, runs, cold }) {
  const rows = [];
  const withCerts = process.env.NODE_EXTRA_CA_CERTS;
  if (withCerts) rows.push({ certs: `set (${withCerts})`, ...startupRatio({ plan, runs, cold }) });
  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  rows.push({ certs: 'unset', ...startupRatio({ plan, runs, env: without, cold }) });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
  const plan = get('--plan', join(REPO, 'bench/out/plan-10.json'));
  if (!existsSync(plan)) {
    spawnSync(process.execPath, [join(REPO, 'bench/generate-plan.mjs'), '--changes', '10', '--out', plan, '--quiet'], { stdio: 'inherit' });
  }
  const rows = startupReport({ plan, runs: Number(get('--runs', 15)), cold: args.includes('--cold') });
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    console.log(`10-change check vs node -e 0, interleaved, median of ${rows[0].runs} runs each${args.includes('--cold') ? ' (code cache off)' : ''}`);
    console.log('| NODE_EXTRA_CA_CERTS | node -e 0 | bundle loaded, nothing run | check | ratio |');
    console.log('|---|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.certs} | ${r.nodeMs.toFixed(1)} ms | ${r.loadMs.toFixed(1)} ms (${(r.loadMs / r.nodeMs).toFixed(2)}x) | ${r.checkMs.toFixed(1)} ms | ${r.ratio.toFixed(2)}x |`);
  }
}

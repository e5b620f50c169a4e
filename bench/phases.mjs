#!/usr/bin/env node
// Per-phase times of one `planguard check` pipeline, in process, on the generated bench plans.
//
//   npm run bench -- --phases [--sizes 10,10k,20k] [--runs 5]
//   node bench/phases.mjs [--sizes 10,10k,20k] [--runs 5]
//
// Phases (median ms over --runs, each run in this one process after one warm-up run):
//   read    fs.readFileSync of the plan file (bytes only)
//   model   readPlan(): parse + build the plan model (includes its own read of the file)
//   rules   runRules() with the built-in rules and default config
//   diff    buildReport(): attribute diffs, secret pass, report
//   render  render(report, 'text')
// and the same phases of one run in a fresh process, which is what one `planguard check` pays:
// its code runs for the first time (interpreted, then compiled as it warms up), while the
// medians are warm.
// Needs `npm run build` (uses dist/src). Plans come from bench/out/ (bench/run.mjs makes them).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, '..');
const DIST = path.join(REPO, 'dist');
const imp = (p) => import(pathToFileURL(path.join(DIST, p)).href);

function parseArgs(argv) {
  const o = { sizes: ['10', '10k', '20k'], runs: 5, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--phases') continue;
    else if (a === '--sizes') o.sizes = argv[++i].split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else throw new Error(`unknown option ${a} (phases: --sizes, --runs, --seed)`);
  }
  return o;
}
const count = (s) => { const m = /^([\d.]+)([kmg]?)$/i.exec(s); if (!m) throw new Error(`bad size: ${s}`); return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase()]); };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

function planFor(label, seed) {
  const out = path.join(BENCH_DIR, 'out');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `plan-${label}.json`);
  if (!fs.existsSync(file)) {
    const r = spawnSync(process.execPath, [path.join(BENCH_DIR, 'generate-plan.mjs'), '--changes', String(count(label)), '--seed', String(seed), '--out', file, '--quiet'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('generate-plan.mjs failed');
  }
  return file;
}

/** One pipeline run on `file`, phase by phase (ms). */
async function onePipeline(file) {
  const { readPlan } = await imp('src/ingest/index.js');
  const { runRules } = await imp('src/engine/run.js');
  const { buildReport } = await imp('src/engine/report.js');
  const { mergeConfig } = await imp('src/engine/config.js');
  const { render } = await imp('src/render/index.js');
  const { rules } = await imp('rules/index.js');
  const config = mergeConfig({}, {});
  const secretPatterns = config.secretPatterns.map((p) => new RegExp(p, 'i'));
  const t0 = performance.now();
  fs.readFileSync(file);
  const t1 = performance.now();
  const plan = readPlan(file, { env: process.env });
  const t2 = performance.now();
  const result = runRules(plan, rules, config, { today: new Date().toISOString().slice(0, 10) });
  const t3 = performance.now();
  const report = buildReport(plan, result, { secretPatterns });
  const t4 = performance.now();
  render(report, 'text', { color: false, rules, toolVersion: 'bench' });
  const t5 = performance.now();
  return { read: t1 - t0, model: t2 - t1, rules: t3 - t2, diff: t4 - t3, render: t5 - t4 };
}

export async function runPhases(argv) {
  const o = parseArgs(argv);
  if (!fs.existsSync(path.join(DIST, 'src', 'ingest', 'index.js'))) throw new Error('run `npm run build` first');
  const names = ['read', 'model', 'rules', 'diff', 'render'];
  const rows = [];
  for (const label of o.sizes) {
    const file = planFor(label, o.seed);
    const t = Object.fromEntries(names.map((n) => [n, []]));
    for (let run = 0; run <= o.runs; run++) {
      const one = await onePipeline(file);
      if (run === 0) continue; // warm-up
      for (const n of names) t[n].push(one[n]);
    }
    const c = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cold-one', file], { encoding: 'utf8' });
    if (c.status !== 0) throw new Error(`cold run failed: ${c.stderr}`);
    const cold = JSON.parse(c.stdout);
    const med = Object.fromEntries(names.map((n) => [n, median(t[n])]));
    const total = names.reduce((s, n) => s + med[n], 0);
    rows.push({ label, bytes: fs.statSync(file).size, ...med, total, cold: { ...cold, total: names.reduce((s, n) => s + cold[n], 0) } });
  }
  const fmt = (x) => x.toFixed(1).padStart(8);
  console.log(`phase medians (ms, ${o.runs} runs after 1 warm-up, in-process, node ${process.version})`);
  console.log(`${'plan'.padEnd(8)}${'MB'.padStart(8)}${names.map((n) => n.padStart(8)).join('')}${'total'.padStart(8)}`);
  for (const r of rows) console.log(`${r.label.padEnd(8)}${(r.bytes / 1e6).toFixed(1).padStart(8)}${names.map((n) => fmt(r[n])).join('')}${fmt(r.total)}`);
  console.log('one run in a fresh process (cold), as one `planguard check` runs it:');
  for (const r of rows) console.log(`${r.label.padEnd(8)}${(r.bytes / 1e6).toFixed(1).padStart(8)}${names.map((n) => fmt(r.cold[n])).join('')}${fmt(r.cold.total)}`);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === '--cold-one') {
  process.stdout.write(JSON.stringify(await onePipeline(process.argv[3])));
} else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  runPhases(process.argv.slice(2)).catch((e) => { console.error(`bench/phases.mjs: ${e.message}`); process.exit(2); });
}

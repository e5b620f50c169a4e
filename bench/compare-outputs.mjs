#!/usr/bin/env node
// Byte-for-byte guard for performance work: renders every plan fixture (and a few generated
// plans) in every output format and records a SHA-256 of each output (and of the error, for
// plans that cannot be read). Record before a change, compare after it:
//
//   npm run build
//   node bench/compare-outputs.mjs --record /tmp/outputs-before.json
//   ... change things, npm run build ...
//   node bench/compare-outputs.mjs --compare /tmp/outputs-before.json
//
// Two modes:
//   --core DIR (default dist): the pipeline the CLI runs, called module by module from a tsc
//     build (DIR/src/ingest, engine, render and DIR/rules): readPlan, runRules, buildReport,
//     render. Independent of the command-line layer, so CLI changes made at the same time by
//     others do not show up as differences.
//   --main FILE: `main(argv, io)` of a CLI build, e.g. dist/src/cli/main.js (tsc) or
//     dist/bundle/planguard.cjs (the esbuild bundle): compares the two builds of the same sources.
// --generated 10,1k,10k: generated plans from bench/out (made when missing; default 10,1k).
// Exit 1 when anything differs.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function args(argv) {
  const o = { core: 'dist', main: null, generated: ['10', '1k'], record: null, compare: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--main') o.main = v();
    else if (a === '--core') o.core = v();
    else if (a === '--generated') o.generated = v().split(',').filter(Boolean);
    else if (a === '--record') o.record = v();
    else if (a === '--compare') o.compare = v();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.record === !o.compare) throw new Error('give --record FILE or --compare FILE');
  return o;
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(json|jsonl)$/.test(e.name)) out.push(p);
  }
  return out;
}

function generated(label) {
  const n = Math.round(Number(label.replace(/k$/i, '')) * (/k$/i.test(label) ? 1000 : 1));
  const file = path.join(REPO, 'bench', 'out', `plan-${label}.json`);
  if (!fs.existsSync(file)) {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bench', 'generate-plan.mjs'), '--changes', String(n), '--out', file, '--quiet'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`cannot generate ${file}`);
  }
  return file;
}

const sha = (s) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 24);
const imp = (p) => import(pathToFileURL(path.resolve(REPO, p)).href);

// Judging settings: the default, and everything blocking with a protect glob and a secret pattern.
const JUDGINGS = [
  { name: 'default', failOn: 'high', protect: [], secretPatterns: [] },
  { name: 'strict', failOn: 'info', protect: ['*'], secretPatterns: ['^(name|id)$'] },
];
const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github'];

async function coreOutputs(dir, files) {
  const { readPlan } = await imp(`${dir}/src/ingest/index.js`);
  const { runRules } = await imp(`${dir}/src/engine/run.js`);
  const { mergeConfig } = await imp(`${dir}/src/engine/config.js`);
  const { buildReport } = await imp(`${dir}/src/engine/report.js`);
  const { render } = await imp(`${dir}/src/render/index.js`);
  const { rules } = await imp(`${dir}/rules/index.js`);
  const results = {};
  for (const file of files) {
    const rel = path.relative(REPO, file);
    for (const j of JUDGINGS) {
      let report;
      try {
        const plan = readPlan(rel);
        const config = mergeConfig({ secretPatterns: j.secretPatterns }, { failOn: j.failOn, protect: j.protect });
        const result = runRules(plan, rules, config, { today: '2026-06-01' });
        report = buildReport(plan, result, { secretPatterns: config.secretPatterns.map((p) => new RegExp(p, 'i')) });
      } catch (e) {
        results[`${rel} ${j.name} error`] = sha(`${e.constructor.name}: ${e.message}`);
        continue;
      }
      for (const format of FORMATS) {
        const variants = format === 'text' ? [{ color: false }, { color: true, width: 80 }] : [{ color: false }];
        for (const v of variants) {
          const out = render(report, format, { ...v, rules, toolVersion: '0.0.0-compare' });
          results[`${rel} ${j.name} ${format}${v.width ? '-color-80' : ''}`] = `${sha(out)} ${out.length}`;
        }
      }
    }
  }
  return results;
}

async function cliOutputs(mainFile, files) {
  const mod = await imp(mainFile);
  const cli = mod.main ?? mod.default?.main;
  const variants = [
    { name: 'text', args: ['--format', 'text'] },
    { name: 'text-color-80', args: ['--format', 'text'], io: { columns: 80 }, env: { FORCE_COLOR: '1' } },
    { name: 'json', args: ['--format', 'json'] },
    { name: 'markdown', args: ['--format', 'markdown'] },
    { name: 'sarif', args: ['--format', 'sarif'] },
    { name: 'github', args: ['--format', 'github'] },
    { name: 'strict', args: ['--format', 'text', '--fail-on', 'info', '-p', '*'] },
  ];
  const results = {};
  for (const file of files) {
    const rel = path.relative(REPO, file);
    for (const v of variants) {
      let stdout = '';
      let stderr = '';
      const io = {
        stdout: (s) => void (stdout += s),
        stderr: (s) => void (stderr += s),
        env: { ...(v.env ?? {}) },
        cwd: REPO,
        isTTY: false,
        stderrIsTTY: false,
        now: () => 0,
        today: '2026-06-01',
        ...(v.io ?? {}),
      };
      const code = await cli(['node', 'planguard', 'check', rel, ...v.args], io);
      results[`${rel} ${v.name}`] = `${code} ${sha(stdout)} ${sha(stderr)} ${stdout.length}`;
    }
  }
  return results;
}

async function main() {
  const o = args(process.argv.slice(2));
  const files = [...walk(path.join(REPO, 'fixtures')), ...o.generated.map(generated)];
  const results = o.main ? await cliOutputs(o.main, files) : await coreOutputs(o.core, files);
  if (o.record) {
    fs.writeFileSync(o.record, `${JSON.stringify(results, null, 1)}\n`);
    console.log(`recorded ${Object.keys(results).length} outputs of ${files.length} plans to ${o.record}`);
    return;
  }
  const before = JSON.parse(fs.readFileSync(o.compare, 'utf8'));
  let diff = 0;
  for (const k of new Set([...Object.keys(before), ...Object.keys(results)])) {
    if (before[k] !== results[k]) {
      diff++;
      if (diff <= 30) console.log(`DIFFERS ${k}: ${before[k]} -> ${results[k]}`);
    }
  }
  console.log(`${Object.keys(results).length} outputs of ${files.length} plans compared: ${diff === 0 ? 'all identical' : `${diff} differ`}`);
  process.exitCode = diff === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(2);
});

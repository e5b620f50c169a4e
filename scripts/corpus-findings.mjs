#!/usr/bin/env node
/**
 * The findings planguard reports on every real plan of fixtures/corpus/, with the built-in rules
 * and no configuration, against the hand review recorded in fixtures/corpus/FINDINGS.tsv.
 *
 *   node scripts/corpus-findings.mjs            rows whose exit code or findings differ from
 *                                                FINDINGS.tsv, and files without a row (exit 1 if any)
 *   node scripts/corpus-findings.mjs --write    rewrite FINDINGS.tsv: rows whose result is unchanged
 *                                                keep their verdict and note; a new or changed row
 *                                                gets the verdict "unreviewed" until a person reviews it
 *   node scripts/corpus-findings.mjs --show F   the findings on one corpus file, one per line
 *
 * Uses the built code (dist/): run `npm run build` first. test/corpus-findings.test.ts checks the
 * same thing inside `npm test`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSV = join(ROOT, 'fixtures/corpus/FINDINGS.tsv');
const HEADER = 'file\texit\tfindings\tverdict\tnote';
const dist = (p) => pathToFileURL(join(ROOT, 'dist', p)).href;

if (!existsSync(join(ROOT, 'dist/src/ingest/index.js'))) {
  console.error('corpus-findings: dist/ is missing: run `npm run build` first');
  process.exit(2);
}
const { readPlan } = await import(dist('src/ingest/index.js'));
const { runRules } = await import(dist('src/engine/run.js'));
const { mergeConfig } = await import(dist('src/engine/config.js'));
const { rules } = await import(dist('rules/index.js'));

/** Corpus files as SOURCES.tsv names them (terraform/x.json, pulumi/y.jsonl), sorted. */
function corpusFiles() {
  const out = [];
  for (const dir of ['terraform', 'pulumi']) {
    for (const f of readdirSync(join(ROOT, 'fixtures/corpus', dir))) if (/\.jsonl?$/.test(f)) out.push(`${dir}/${f}`);
  }
  return out.sort();
}

/** `exit` as `planguard check FILE` would give it, and `findings` as `rule:count,...` (or `-`). */
function judge(file) {
  let plan;
  try {
    plan = readPlan(join(ROOT, 'fixtures/corpus', file));
  } catch (e) {
    return { exit: 2, findings: '-', detail: [String(e?.message ?? e)] };
  }
  const result = runRules(plan, rules, mergeConfig({}, {}), { today: '2026-01-01' });
  const counts = new Map();
  for (const f of result.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  const findings = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => `${id}:${n}`).join(',') || '-';
  const detail = result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address ?? ''}: ${f.message}`);
  return { exit: result.gate.passed ? 0 : 1, findings, detail };
}

function readRows() {
  const rows = new Map();
  if (!existsSync(TSV)) return rows;
  for (const line of readFileSync(TSV, 'utf8').split('\n').slice(1)) {
    if (!line.trim()) continue;
    const [file, exit, findings, verdict, note] = line.split('\t');
    rows.set(file, { exit: Number(exit), findings, verdict, note });
  }
  return rows;
}

const args = process.argv.slice(2);
if (args[0] === '--show') {
  const r = judge(args[1].replace(/^fixtures\/corpus\//, ''));
  console.log(`exit ${r.exit}  ${r.findings}`);
  for (const d of r.detail) console.log(`  ${d}`);
  process.exit(0);
}
const rows = readRows();
const out = [HEADER];
let differ = 0;
for (const file of corpusFiles()) {
  const r = judge(file);
  const old = rows.get(file);
  const same = old && old.exit === r.exit && old.findings === r.findings;
  if (!same) {
    differ++;
    console.log(`${file}\t${old ? `was exit ${old.exit} ${old.findings}` : 'no row'}\tnow exit ${r.exit} ${r.findings}`);
  }
  out.push([file, r.exit, r.findings, same ? old.verdict : 'unreviewed', same ? old.note : '-'].join('\t'));
}
if (args.includes('--write')) {
  writeFileSync(TSV, `${out.join('\n')}\n`);
  console.log(`wrote ${out.length - 1} rows to fixtures/corpus/FINDINGS.tsv (${differ} new or changed: verdict "unreviewed")`);
} else if (differ) {
  console.log(`${differ} corpus file(s) differ from FINDINGS.tsv`);
  process.exit(1);
}

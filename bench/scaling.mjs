#!/usr/bin/env node
// Does the cost grow linearly? Times the attribute diff of two long lists and of two large JSON
// strings, the secret scrub with many secrets, the whole check of a plan holding one long list
// and of a plan of n instances changed alike (one review group), at n, 2n and 4n; prints the time ratios (linear: about 2 for each doubling; quadratic:
// about 4). Then checks plans nested 100,000 levels deep in every output format (no stack
// overflow) through bin/planguard.js.
//
//   npm run build && node --expose-gc bench/scaling.mjs [--n 50000] [--runs 5] [--depth 100000] [--markdown]
//        [--dist DIR (default dist: the tsc build)] [--bin FILE (default bin/planguard.js)]
//
// Uses the tsc build (DIR/src, DIR/rules) for the in-process parts and the CLI for the deep plans.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OPTS = args(process.argv.slice(2));
const imp = (p) => import(pathToFileURL(path.join(OPTS.dist, p)).href);

function args(argv) {
  const o = { n: 50_000, runs: 5, depth: 100_000, markdown: false, dist: path.join(REPO, 'dist'), bin: path.join(REPO, 'bin', 'planguard.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--n') o.n = Number(argv[++i]);
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--depth') o.depth = Number(argv[++i]);
    else if (a === '--markdown') o.markdown = true;
    else if (a === '--dist') o.dist = path.resolve(argv[++i]);
    else if (a === '--bin') o.bin = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const { diffChange } = await imp('src/diff/index.js');
const { secretScrubber } = await imp('src/engine/redact.js');
const { readPlan } = await imp('src/ingest/index.js');
const { runRules } = await imp('src/engine/run.js');
const { mergeConfig } = await imp('src/engine/config.js');
const { buildReport } = await imp('src/engine/report.js');
const { render } = await imp('src/render/index.js');
const { rules } = await imp('rules/index.js');

/** Minimum wall time of `runs` calls of fn(input), input made once (not timed); a full GC before each call when node runs with --expose-gc. */
function time(make, fn, runs) {
  const input = make();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    globalThis.gc?.();
    const t0 = performance.now();
    fn(input);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function change(before, after, action = 'update') {
  return {
    address: 'aws_thing.x', type: 'aws_thing', canonicalType: 'aws_thing', name: 'x', mode: 'managed', provider: 'registry.terraform.io/hashicorp/aws',
    action, rawActions: [action], replacePaths: [], before, after, afterUnknown: {}, beforeSensitive: {}, afterSensitive: {},
  };
}

/** A list of n rules; the after side has every 10th element changed, every 7th removed, one in 13 added, and the order rotated. */
function lists(n) {
  const el = (i, v = 0) => ({ cidr_blocks: [`10.${(i >> 8) & 255}.${i & 255}.0/24`], from_port: i % 65536, protocol: 'tcp', description: `rule ${i} v${v}` });
  const before = [];
  const after = [];
  for (let i = 0; i < n; i++) {
    before.push(el(i));
    if (i % 7 === 3) continue;
    after.push(el(i, i % 10 === 0 ? 1 : 0));
    if (i % 13 === 5) after.push(el(n + i));
  }
  const k = Math.floor(after.length / 3);
  return change({ ingress: before }, { ingress: [...after.slice(k), ...after.slice(0, k)] });
}

/** A JSON policy string with n statements; after: every 10th statement changed, keys reordered, re-indented. */
function jsonStrings(n) {
  const st = (i, v) => ({ Sid: `S${i}`, Effect: v ? 'Deny' : 'Allow', Action: [`s3:GetObject${i % 50}`, 's3:ListBucket'], Resource: `arn:aws:s3:::bucket-${i}/*` });
  const b = { Version: '2012-10-17', Statement: Array.from({ length: n }, (_, i) => st(i, 0)) };
  const a = { Statement: Array.from({ length: n }, (_, i) => st(i, i % 10 === 0)), Version: '2012-10-17' };
  return change({ policy: JSON.stringify(b) }, { policy: JSON.stringify(a, null, 2) });
}

/** n distinct random secrets (no common prefix, like generated passwords) and 100,000 report-like strings to scrub. */
function secrets(n) {
  const set = new Set();
  let x = 12345;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  while (set.size < n) set.add(`${next().toString(36)}${next().toString(36)}`);
  const strs = Array.from({ length: 100_000 }, (_, i) => `arn:aws:iam::123456789012:role/service-role-${i} (changed) ${i % 100 === 0 ? [...set][i % n] : 'x'}`);
  return { set, strs };
}

/** A whole plan (bytes): n instances of one resource block, each with the same tag updated (one review group of n). */
function instancesBytes(n) {
  const rcs = [];
  for (let i = 0; i < n; i++) {
    const before = { ami: 'ami-123', instance_type: 't3.micro', tags: { env: 'staging', name: `web-${i}` } };
    const after = { ami: 'ami-123', instance_type: 't3.micro', tags: { env: 'production', name: `web-${i}` } };
    rcs.push({ address: `aws_instance.web[${i}]`, mode: 'managed', type: 'aws_instance', name: 'web', index: i, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['update'], before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } });
  }
  return Buffer.from(JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: rcs, complete: true, errored: false }));
}

/** A whole plan (bytes): one resource whose list of n elements changes as in lists(n), through read, rules, report and text. */
function planBytes(n) {
  const c = lists(n);
  const rc = { address: 'aws_security_group.x', mode: 'managed', type: 'aws_security_group', name: 'x', provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['update'], before: c.before, after: c.after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } };
  return Buffer.from(JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [rc], complete: true, errored: false }));
}

function wholeCheck(bytes) {
  const plan = readPlan('scaling.json', { bytes });
  const config = mergeConfig({}, {});
  const report = buildReport(plan, runRules(plan, rules, config, { today: '2026-06-01' }), {});
  render(report, 'text', { color: false, rules, toolVersion: 'bench' });
}

const CASES = [
  { name: 'diff of two lists (n elements)', make: lists, run: (c) => diffChange(c) },
  { name: 'diff of two JSON strings (n statements)', make: jsonStrings, run: (c) => diffChange(c) },
  { name: 'scrub 100k strings with n random secrets', make: secrets, run: ({ set, strs }) => { const s = secretScrubber(set); for (const x of strs) s(x); }, scale: 1 / 5 },
  { name: 'whole check, one list of n elements', make: planBytes, run: wholeCheck },
  { name: 'whole check, n instances updated alike', make: instancesBytes, run: wholeCheck, scale: 1 / 5 },
];

function table(headers, rows, md) {
  if (md) return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  return [headers.map((h, i) => h.padEnd(w[i])).join('  '), ...rows.map((r) => r.map((c, i) => String(c).padEnd(w[i])).join('  '))].join('\n');
}

function deepPlan(depth, file) {
  const nest = (leaf) => '['.repeat(depth) + leaf + ']'.repeat(depth);
  const rc = (i, actions, b, a) =>
    `{"address":"terraform_data.d${i}","mode":"managed","type":"terraform_data","name":"d${i}","provider_name":"terraform.io/builtin/terraform","change":{"actions":${JSON.stringify(actions)},"before":${b},"after":${a},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}`;
  const changes = [
    rc(0, ['update'], `{"input":${nest('1')}}`, `{"input":${nest('2')}}`),
    rc(1, ['create'], 'null', `{"input":${nest('"s"')}}`),
    rc(2, ['delete'], `{"input":${nest('"s"')}}`, 'null'),
    rc(3, ['update'], `{"input":${JSON.stringify(nest('1'))}}`, `{"input":${JSON.stringify(nest('2'))}}`),
  ];
  fs.writeFileSync(file, `{"format_version":"1.2","terraform_version":"1.11.4","prior_state":{"values":${nest('0')}},"resource_changes":[${changes.join(',')}],"complete":true,"errored":false}`);
}

async function main() {
  const o = OPTS;
  const out = [];
  const md = o.markdown;
  out.push(md ? '### Linear growth' : 'Linear growth');
  out.push('');
  out.push(`machine: ${os.cpus()[0]?.model?.trim()} (${os.cpus().length} cores), node ${process.version}; minimum of ${o.runs} runs${globalThis.gc ? ', a full GC before each' : ''}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  out.push('');
  const rows = [];
  for (const c of CASES) {
    const base = Math.max(1, Math.round(o.n * (c.scale ?? 1)));
    const t = [1, 2, 4].map((k) => time(() => c.make(base * k), c.run, o.runs));
    rows.push([c.name, `n = ${base.toLocaleString('en-US')}`, ...t.map((x) => `${x.toFixed(1)} ms`), `${(t[1] / t[0]).toFixed(2)}`, `${(t[2] / t[1]).toFixed(2)}`]);
    process.stderr.write(`${c.name}: ${t.map((x) => x.toFixed(1)).join(' / ')} ms\n`);
  }
  out.push(table(['case', 'n', 'time n', 'time 2n', 'time 4n', '2n / n', '4n / 2n'], rows, md));

  out.push('');
  out.push(md ? `### ${o.depth.toLocaleString('en-US')} levels of nested arrays` : `${o.depth} levels of nested arrays`);
  out.push('');
  const file = path.join(os.tmpdir(), `planguard-deep-${process.pid}.json`);
  deepPlan(o.depth, file);
  const size = fs.statSync(file).size;
  const drows = [];
  for (const format of ['text', 'json', 'markdown', 'sarif', 'github']) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [o.bin, 'check', file, '--format', format], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = performance.now() - t0;
    const err = (r.stderr || '').trim().split('\n')[0] ?? '';
    drows.push([format, `exit ${r.status}`, `${(r.stdout ?? '').length.toLocaleString('en-US')} chars`, `${ms.toFixed(0)} ms`, err.slice(0, 120) || '-']);
    process.stderr.write(`deep ${format}: exit ${r.status} ${ms.toFixed(0)} ms ${err.slice(0, 120)}\n`);
  }
  fs.rmSync(file, { force: true });
  out.push(`plan: ${(size / 1e6).toFixed(1)} MB, an update, a create, a delete and a JSON-string update of values ${o.depth.toLocaleString('en-US')} arrays deep, and prior_state as deep; \`node ${path.relative(REPO, o.bin)} check PLAN --format F\`:`);
  out.push('');
  out.push(table(['format', 'exit', 'stdout', 'wall', 'stderr'], drows, md));
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(2);
});

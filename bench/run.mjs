#!/usr/bin/env node
// Benchmark table for planguard.
//
//   node bench/run.mjs [--sizes 1k,10k,100k] [--runs 5] [--huge] [--markdown] [--json FILE]
//
// For each plan size (generated once by bench/generate-plan.mjs and cached in
// bench/out/), measures the median wall time and peak RSS of:
//   a) JSON.parse baseline:  node -e 'JSON.parse(readFileSync(file, "utf8"))'
//   b) jq baseline:          jq '[.resource_changes[] | select(.change.actions | index("delete"))] | length' file
//   c) planguard:            node bin/planguard.js check FILE --format text --fail-on critical
//   d) floor:                node -e: read the file, JSON.parse only `resource_changes` and
//      `configuration` (the members a check builds a model from; their byte ranges found once by
//      a scan in this process and cached beside the plan), count the deletes. Nothing that reads
//      those members and validates the rest (fail closed) can take less: what planguard takes
//      above this row is its own work (validating the other members, the model, rules, report).
// plus a 10-change plan (planguard wall time, target <= 150 ms) and, with
// --huge, a ~1.2 GB plan (planguard only; peak RSS vs file size, target <= 1.5x).
//
// PLANGUARD_CMD overrides the planguard command, e.g.
//   PLANGUARD_CMD='node my-standin.mjs {file}' node bench/run.mjs
// ({file} is replaced by the plan path; without it the path is appended).
// planguard exit codes 0 and 1 are both fine; 2 (cannot read the plan) and any
// other code are reported as errors.
//
// Peak RSS: GNU time (`/usr/bin/time -f '%e %M %x'`, i.e. ru_maxrss of the
// child from wait4) when it exists; otherwise, for node children, a preload
// (bench/rss-report.mjs) that writes process.resourceUsage().maxRSS on exit.
// Force one with --rss-method time|preload.

import { startupReport } from './startup.mjs';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, '..');
const OUT_DIR = path.join(BENCH_DIR, 'out');
const GENERATOR = path.join(BENCH_DIR, 'generate-plan.mjs');
const PRELOAD = path.join(BENCH_DIR, 'rss-report.mjs');
const NODE = process.execPath;
const JQ_FILTER = '[.resource_changes[] | select(.change.actions | index("delete"))] | length';
const PARSE_SCRIPT = "const p=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));let n=0;for(const r of p.resource_changes||[])if(r.change.actions.includes('delete'))n++;console.log(n)";
// Reads only the two members a check builds from: the least any checker of the plan must parse.
const FLOOR_SCRIPT = "const b=require('fs').readFileSync(process.argv[1]);const r=process.argv.slice(2).map(Number);const rc=JSON.parse(b.toString('utf8',r[0],r[1]));JSON.parse(b.toString('utf8',r[2],r[3]));let n=0;for(const x of rc)if(x.change.actions.includes('delete'))n++;console.log(n)";
const SMALL_TARGET_MS = 150;
// GNU time: elapsed s, max RSS KiB, exit status, user s, system s
const TIME_FMT = '%e %M %x %U %S';
const TIME_RE = /^([\d.]+) (\d+) (\d+) ([\d.]+) ([\d.]+)$/;
const HUGE_RSS_TARGET = 1.5;

// ---------------------------------------------------------------------------
// arguments
// ---------------------------------------------------------------------------

function parseCount(v) {
  const m = /^([\d.]+(?:e\d+)?)([kmg]?)$/i.exec(String(v).trim());
  if (!m) throw new Error(`bad size: ${v}`);
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase()]);
}
function parseArgs(argv) {
  const o = { timeoutSec: 1800, sizes: ['1k', '10k', '20k', '100k'], runs: 5, smallRuns: 20, hugeRuns: 1, huge: false, hugeBytes: 1.2e9, markdown: false, json: null, seed: 1, rssMethod: 'auto', only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--sizes') o.sizes = v().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--runs') o.runs = Number(v());
    else if (a === '--small-runs') o.smallRuns = Number(v());
    else if (a === '--huge') o.huge = true;
    else if (a === '--huge-runs') o.hugeRuns = Number(v());
    else if (a === '--huge-bytes') o.hugeBytes = parseCount(v());
    else if (a === '--markdown') o.markdown = true;
    else if (a === '--json') o.json = v();
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--rss-method') o.rssMethod = v();
    else if (a === '--only') o.only = new Set(v().split(','));
    else if (a === '--timeout') o.timeoutSec = Number(v());
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.runs >= 1)) throw new Error('--runs must be >= 1');
  if (!['auto', 'time', 'preload'].includes(o.rssMethod)) throw new Error('--rss-method must be auto, time or preload');
  return o;
}
const USAGE = `usage: node bench/run.mjs [--sizes 1k,10k,100k] [--runs 5] [--huge] [--markdown] [--json FILE]
       [--small-runs 20] [--huge-runs 1] [--huge-bytes 1.2e9] [--seed 1] [--rss-method auto|time|preload]
       [--only parse,jq,floor,planguard] [--timeout 1800 (seconds per run)]
env:   PLANGUARD_CMD  command to run instead of 'node bin/planguard.js check {file} --format text --fail-on critical'`;

// ---------------------------------------------------------------------------
// plans (generated once, cached in bench/out/)
// ---------------------------------------------------------------------------

const generatorSha = () => crypto.createHash('sha256').update(fs.readFileSync(GENERATOR)).digest('hex');

function ensurePlan(label, genArgs, seed, expectChanges) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `plan-${label}.json`);
  const countsFile = `${file}.counts.json`;
  let counts = null;
  try { counts = JSON.parse(fs.readFileSync(countsFile, 'utf8')); } catch { /* not generated yet */ }
  const fresh = counts && fs.existsSync(file) && fs.statSync(file).size === counts.bytes && counts.seed === seed
    && counts.generator_sha256 === generatorSha() && (expectChanges == null || counts.changes === expectChanges);
  if (!fresh) {
    log(`generating ${path.relative(REPO, file)} ...`);
    const t0 = performance.now();
    const r = spawnSync(NODE, [GENERATOR, ...genArgs, '--seed', String(seed), '--out', file, '--quiet'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`generate-plan.mjs failed (exit ${r.status})`);
    counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
    log(`  ${counts.changes} changes, ${fmtBytes(counts.bytes)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { label, file, counts };
}

// Read the file once so every tool starts from the page cache.
function warm(file) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(16 << 20);
  while (fs.readSync(fd, buf, 0, buf.length, null) > 0) { /* discard */ }
  fs.closeSync(fd);
}

/**
 * Byte ranges [start, end) of the values of the top-level members `names` of a JSON file, by one
 * scan that tracks depth and strings (the bench's own plans: no validation needed). Cached in
 * FILE.members.json, keyed by the file's size and modification time.
 */
function memberRanges(file, names) {
  const st = fs.statSync(file);
  const cacheFile = `${file}.members.json`;
  try {
    const c = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    if (c.bytes === st.size && c.mtimeMs === st.mtimeMs && names.every((n) => c.ranges[n])) return c.ranges;
  } catch { /* not scanned yet */ }
  const ranges = {};
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(16 << 20);
  let pos = 0, depth = 0, inStr = false, esc = false, keyStart = -1, key = null, valueStart = -1, pendingKey = null;
  const keyBytes = [];
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; pos += n) {
    for (let i = 0; i < n; i++) {
      const c = buf[i];
      if (inStr) {
        if (depth === 1 && keyStart >= 0) keyBytes.push(c);
        if (esc) esc = false;
        else if (c === 0x5c) esc = true;
        else if (c === 0x22) { inStr = false; if (keyStart >= 0) { keyBytes.pop(); pendingKey = Buffer.from(keyBytes).toString('utf8'); keyBytes.length = 0; keyStart = -1; } }
        continue;
      }
      if (c === 0x22) { inStr = true; if (depth === 1 && key === null && valueStart < 0) keyStart = pos + i; continue; }
      if (depth === 1 && c === 0x3a && pendingKey !== null) { key = pendingKey; pendingKey = null; valueStart = pos + i + 1; continue; }
      if (c === 0x7b || c === 0x5b) { depth++; continue; }
      if ((c === 0x7d || c === 0x5d) && --depth > 0) continue;
      if (depth <= 1 && (c === 0x2c || depth === 0) && key !== null) {
        if (names.includes(key)) ranges[key] = [valueStart, pos + i];
        key = null; valueStart = -1;
      }
    }
  }
  fs.closeSync(fd);
  for (const n of names) if (!ranges[n]) throw new Error(`${path.relative(REPO, file)}: no top-level member ${n}`);
  fs.writeFileSync(cacheFile, JSON.stringify({ bytes: st.size, mtimeMs: st.mtimeMs, ranges }) + '\n');
  return ranges;
}

// ---------------------------------------------------------------------------
// measuring one child process
// ---------------------------------------------------------------------------

function hasGnuTime() {
  if (!fs.existsSync('/usr/bin/time')) return false;
  const tmp = path.join(os.tmpdir(), `bench-time-probe-${process.pid}`);
  const r = spawnSync('/usr/bin/time', ['-f', TIME_FMT, '-o', tmp, 'true']);
  let ok = false;
  try { ok = r.status === 0 && TIME_RE.test(fs.readFileSync(tmp, 'utf8').trim().split('\n').pop()); } catch { /* no output */ }
  fs.rmSync(tmp, { force: true });
  return ok;
}

const isNode = (cmd) => cmd === 'node' || cmd === NODE || path.basename(cmd) === 'node';

let RSS_METHOD = 'time';
let TIMEOUT_MS = 0;
let seq = 0;

// Runs argv, returns { wallMs, rssKB, cpuMs, code, stdout, stderr }
function measure(argv, opts = {}) {
  return new Promise((resolve, reject) => {
    let [cmd, ...args] = argv;
    if (isNode(cmd)) cmd = NODE;
    const tag = `${process.pid}-${seq++}`;
    const env = { ...process.env, ...opts.env };
    let rssFile = null, spawnCmd = cmd, spawnArgs = args;
    if (RSS_METHOD === 'time') {
      rssFile = path.join(os.tmpdir(), `bench-time-${tag}`);
      spawnCmd = '/usr/bin/time';
      spawnArgs = ['-f', TIME_FMT, '-o', rssFile, cmd, ...args];
    } else if (isNode(cmd)) {
      rssFile = path.join(os.tmpdir(), `bench-rss-${tag}`);
      env.BENCH_RSS_FILE = rssFile;
      spawnArgs = ['--import', PRELOAD, ...args];
    }
    const out = [], err = [];
    let outLen = 0, errLen = 0;
    const t0 = process.hrtime.bigint();
    const child = spawn(spawnCmd, spawnArgs, { cwd: opts.cwd ?? REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let timedOut = false;
    // on timeout, kill the child's process group (time + the measured command)
    const timer = TIMEOUT_MS ? setTimeout(() => { timedOut = true; try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, TIMEOUT_MS) : null;
    // keep only the first 64 KB of output (a checker might print a lot)
    child.stdout.on('data', (d) => { if (outLen < 65536) { out.push(d); outLen += d.length; } });
    child.stderr.on('data', (d) => { if (errLen < 65536) { err.push(d); errLen += d.length; } });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      let rssKB = null, cpuMs = null;
      if (rssFile) {
        try {
          const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
          const last = lines[lines.length - 1].trim();
          if (RSS_METHOD === 'time') {
            const m = TIME_RE.exec(last);
            if (m) { rssKB = Number(m[2]); code = Number(m[3]); cpuMs = (Number(m[4]) + Number(m[5])) * 1000; }
            if (lines.some((l) => /terminated by signal/.test(l))) signal = signal ?? 'signal';
          } else { const j = JSON.parse(last); rssKB = j.maxRSS; cpuMs = (j.userCPUTime + j.systemCPUTime) / 1000; }
        } catch { /* child died before writing */ }
        fs.rmSync(rssFile, { force: true });
      }
      resolve({ wallMs, rssKB, cpuMs, code: timedOut ? `timeout after ${TIMEOUT_MS / 1000} s` : signal ? `signal ${signal}` : code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

// ---------------------------------------------------------------------------
// tools
// ---------------------------------------------------------------------------

function shellSplit(s) {
  const out = [];
  let cur = '', q = null, any = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) { if (c === q) q = null; else if (c === '\\' && q === '"' && i + 1 < s.length) cur += s[++i]; else cur += c; continue; }
    if (c === '"' || c === "'") { q = c; any = true; continue; }
    if (c === '\\' && i + 1 < s.length) { cur += s[++i]; any = true; continue; }
    if (/\s/.test(c)) { if (any || cur) out.push(cur); cur = ''; any = false; continue; }
    cur += c;
  }
  if (q) throw new Error(`unbalanced quote in PLANGUARD_CMD: ${s}`);
  if (any || cur) out.push(cur);
  return out;
}

function planguardArgv(file) {
  const custom = process.env.PLANGUARD_CMD;
  if (!custom) return ['node', path.join('bin', 'planguard.js'), 'check', file, '--format', 'text', '--fail-on', 'critical'];
  const parts = shellSplit(custom);
  return parts.some((p) => p.includes('{file}')) ? parts.map((p) => p.replaceAll('{file}', file)) : [...parts, file];
}

const TOOLS = {
  startup: {
    name: 'node startup (node -e 0)',
    argv: () => ['node', '-e', '0'],
    ok: (r) => r.code === 0,
    answer: () => null,
  },
  parse: {
    name: 'JSON.parse (node)',
    argv: (file) => ['node', '-e', PARSE_SCRIPT, file],
    ok: (r) => r.code === 0,
    answer: (r) => Number(r.stdout.trim()),
  },
  jq: {
    name: 'jq',
    argv: (file) => ['jq', JQ_FILTER, file],
    ok: (r) => r.code === 0,
    answer: (r) => Number(r.stdout.trim()),
  },
  floor: {
    name: 'floor (JSON.parse of resource_changes, configuration)',
    argv: (file) => {
      const r = memberRanges(file, ['resource_changes', 'configuration']);
      return ['node', '-e', FLOOR_SCRIPT, file, ...r.resource_changes, ...r.configuration].map(String);
    },
    ok: (r) => r.code === 0,
    answer: (r) => Number(r.stdout.trim()),
  },
  planguard: {
    name: 'planguard',
    argv: planguardArgv,
    ok: (r) => r.code === 0 || r.code === 1,
    answer: () => null,
  },
};

function onPath(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function runTool(key, plan, runs) {
  const tool = TOOLS[key];
  const argv = tool.argv(plan.file);
  const res = { tool: key, name: tool.name, argv, runs: [], error: null };
  for (let i = 0; i < runs; i++) {
    const r = await measure(argv);
    if (!tool.ok(r)) {
      const why = key === 'planguard' && r.code === 2 ? 'failed to read the plan (exit 2)' : typeof r.code === 'number' ? `exit ${r.code}` : r.code;
      res.error = `${why}${r.stderr.trim() ? ': ' + r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300) : ''}`;
      log(`  ${tool.name}: ERROR ${res.error}`);
      return res;
    }
    const ans = tool.answer(r);
    if (ans !== null && plan.counts && ans !== plan.counts.with_delete) {
      res.error = `wrong answer: ${ans} changes with "delete", expected ${plan.counts.with_delete}`;
      log(`  ${tool.name}: ERROR ${res.error}`);
      return res;
    }
    res.runs.push(r);
    log(`  ${tool.name} run ${i + 1}/${runs}: ${fmtMs(r.wallMs)} (cpu ${r.cpuMs == null ? 'n/a' : fmtMs(r.cpuMs)}), ${r.rssKB == null ? 'RSS n/a' : fmtBytes(r.rssKB * 1024)}${key === 'planguard' ? ` (exit ${r.code})` : ''}`);
  }
  res.wallMs = median(res.runs.map((r) => r.wallMs));
  res.wallMin = Math.min(...res.runs.map((r) => r.wallMs));
  res.wallMax = Math.max(...res.runs.map((r) => r.wallMs));
  const rss = res.runs.map((r) => r.rssKB).filter((x) => x != null);
  res.rssKB = rss.length ? median(rss) : null;
  const cpu = res.runs.map((r) => r.cpuMs).filter((x) => x != null);
  res.cpuMs = cpu.length ? median(cpu) : null;
  res.rssMaxKB = rss.length ? Math.max(...rss) : null;
  res.exitCodes = [...new Set(res.runs.map((r) => r.code))];
  return res;
}

// ---------------------------------------------------------------------------
// formatting
// ---------------------------------------------------------------------------

function median(xs) { const s = xs.slice().sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; }
function fmtMs(ms) { return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`; }
function fmtBytes(b) { return b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(0)} KB` : `${b} B`; }
function fmtRatio(x) { return x == null || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`; }
function log(s) { process.stderr.write(s + '\n'); }

function table(headers, rows, markdown, align) {
  if (markdown) {
    const esc = (c) => String(c).replaceAll('|', '\\|');
    return [`| ${headers.map(esc).join(' | ')} |`, `|${headers.map((_, i) => (align?.[i] === 'r' ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
  }
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const pad = (c, i) => (align?.[i] === 'r' ? String(c).padStart(w[i]) : String(c).padEnd(w[i]));
  return [headers.map(pad).join('  '), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map((r) => r.map(pad).join('  '))].join('\n');
}

function machineInfo() {
  const cpus = os.cpus();
  const jq = onPath('jq') ? spawnSync('jq', ['--version'], { encoding: 'utf8' }).stdout.trim() : 'not on PATH';
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown', cores: cpus.length, node: process.version,
    memory: fmtBytes(os.totalmem()), os: `${os.type()} ${os.release()} ${os.arch()}`, jq,
    rssMethod: RSS_METHOD === 'time' ? "GNU time (`/usr/bin/time -f '%e %M %x %U %S'`: ru_maxrss of the child from wait4)" : 'preload bench/rss-report.mjs (process.resourceUsage().maxRSS on exit; node children only)',
    planguard: process.env.PLANGUARD_CMD ? `PLANGUARD_CMD=${process.env.PLANGUARD_CMD}` : 'node bin/planguard.js check FILE --format text --fail-on critical',
    // Both slow down every node start (NODE_EXTRA_CA_CERTS: the certificates are read and parsed first, ~40 ms on the 2-core machine).
    nodeEnv: ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].map((k) => `${k} ${process.env[k] === undefined ? 'unset' : `set (${process.env[k]})`}`).join(', '),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

function sizeTable(sec, md) {
  const byKey = Object.fromEntries(sec.results.map((r) => [r.tool, r]));
  const pg = byKey.planguard, jp = byKey.parse, jq = byKey.jq;
  const ratio = (a, b, f) => (a && b && !a.error && !b.error && a[f] != null && b[f] != null ? a[f] / b[f] : null);
  const rows = sec.results.map((r) => {
    if (r.error) return [r.name, 'ERROR', '', '', '', '', '', r.error];
    const isPg = r.tool === 'planguard';
    return [
      r.name, fmtMs(r.wallMs), `${fmtMs(r.wallMin)} – ${fmtMs(r.wallMax)}`, r.cpuMs == null ? 'n/a' : fmtMs(r.cpuMs),
      r.rssKB == null ? 'n/a' : fmtBytes(r.rssKB * 1024),
      isPg || r.tool === 'floor' ? `${fmtRatio(ratio(r, jp, 'wallMs'))} / ${fmtRatio(ratio(r, jp, 'rssKB'))}` : '',
      isPg ? `${fmtRatio(ratio(pg, jq, 'wallMs'))} / ${fmtRatio(ratio(pg, jq, 'rssKB'))}` : '',
      isPg ? `exit ${r.exitCodes.join(',')}` : `${sec.plan.counts.with_delete} ✓`,
    ];
  });
  return table(['tool', 'median wall', 'wall min – max', 'median CPU', 'median peak RSS', 'vs JSON.parse (time / RSS)', 'vs jq (time / RSS)', 'result'], rows, md, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l']);
}

function render(report, md) {
  const m = report.machine;
  const L = [];
  const h = (s) => L.push(md ? `### ${s}` : `== ${s} ==`);
  L.push(md ? '## planguard benchmark' : 'planguard benchmark');
  L.push('');
  const la = (x) => x.map((v) => v.toFixed(2)).join(' ');
  const info = [['CPU', `${m.cpu} (${m.cores} cores)`], ['Node', m.node], ['memory', m.memory], ['OS', m.os], ['jq', m.jq], ['peak RSS via', m.rssMethod], ['planguard command', m.planguard], ['node environment', m.nodeEnv], ['runs', `${report.runs} per tool (median)`], ['load average', `${la(report.loadStart)} at start, ${la(report.loadEnd)} at end (1/5/15 min; wall times are only comparable on an idle machine, CPU = user+sys)`], ['date', m.date]];
  L.push(md ? info.map(([k, v]) => `- **${k}**: ${v}`).join('\n') : info.map(([k, v]) => `${k.padEnd(18)} ${v}`).join('\n'));
  for (const sec of report.sizes) {
    L.push('');
    const c = sec.plan.counts;
    h(`${sec.plan.label} plan: ${c.changes} resource changes, ${fmtBytes(c.bytes)}, ${c.with_delete} with "delete"`);
    L.push('');
    L.push(sizeTable(sec, md));
  }
  if (report.small) {
    L.push('');
    const s = report.small, pg = s.results.find((r) => r.tool === 'planguard');
    h(`small plan: ${s.plan.counts.changes} changes, ${fmtBytes(s.plan.counts.bytes)} (target: planguard ≤ ${SMALL_TARGET_MS} ms)`);
    L.push('');
    const rows = s.results.map((r) => (r.error ? [r.name, 'ERROR', '', '', r.error] : [r.name, fmtMs(r.wallMs), r.cpuMs == null ? 'n/a' : fmtMs(r.cpuMs), r.rssKB == null ? 'n/a' : fmtBytes(r.rssKB * 1024), r.tool === 'planguard' ? (r.wallMs <= SMALL_TARGET_MS ? 'PASS' : 'FAIL') : '']));
    L.push(table(['tool', 'median wall', 'median CPU', 'median peak RSS', `≤ ${SMALL_TARGET_MS} ms`], rows, md, ['l', 'r', 'r', 'r', 'l']));
    if (pg && !pg.error) report.targets.small = pg.wallMs <= SMALL_TARGET_MS;
  }
  if (report.startup) {
    L.push('');
    h(`start-up: the 10-change check against node -e 0, interleaved, median of ${report.startup[0].runs} runs each (target: ≤ ${STARTUP_TARGET}×)`);
    L.push('');
    const rows = report.startup.map((r) => [r.certs, fmtMs(r.nodeMs), `${fmtMs(r.loadMs)} (${fmtRatio(r.loadMs / r.nodeMs)})`, fmtMs(r.checkMs), fmtRatio(r.ratio), r.ratio <= STARTUP_TARGET ? 'PASS' : 'FAIL']);
    L.push(table(['NODE_EXTRA_CA_CERTS', 'node -e 0', 'bundle loaded, nothing run', '10-change check', 'ratio', `≤ ${STARTUP_TARGET}×`], rows, md, ['l', 'r', 'r', 'r', 'r', 'l']));
    report.targets.startup = report.startup.every((r) => r.ratio <= STARTUP_TARGET);
  }
  for (const sec of report.sizes) {
    const n = sec.plan.counts.changes;
    if (n < 10_000) continue;
    const by = Object.fromEntries(sec.results.map((r) => [r.tool, r]));
    const pg = by.planguard, jp = by.parse, jq = by.jq;
    if (!pg || pg.error || !jp || jp.error) continue;
    const vsParse = pg.wallMs / jp.wallMs;
    const vsJq = jq && !jq.error ? pg.wallMs / jq.wallMs : null;
    L.push('');
    const fl = by.floor && !by.floor.error ? by.floor.wallMs / jp.wallMs : null;
    L.push(`${sec.plan.label}: full check ${fmtRatio(vsParse)} JSON.parse (target ≤ ${MID_PARSE_TARGET}×: ${vsParse <= MID_PARSE_TARGET ? 'PASS' : 'FAIL'})${vsJq == null ? '' : `, ${fmtRatio(vsJq)} jq (target ≤ ${MID_JQ_TARGET}×: ${vsJq <= MID_JQ_TARGET ? 'PASS' : 'FAIL'})`}${fl == null ? '' : `; the floor (parsing only the members a check builds) ${fmtRatio(fl)} JSON.parse, planguard's own work above it ${fmtMs(pg.wallMs - by.floor.wallMs)}`}`);
  }
  if (report.huge) {
    L.push('');
    const s = report.huge, c = s.plan.counts;
    h(`huge plan: ${c.changes} changes, ${fmtBytes(c.bytes)} (planguard only; target: peak RSS ≤ ${HUGE_RSS_TARGET}× file size)`);
    L.push('');
    const rows = s.results.map((r) => {
      if (r.error) return [r.name, 'ERROR', '', '', '', r.error];
      const ratio = r.rssKB == null ? null : (r.rssKB * 1024) / c.bytes;
      return [r.name, fmtMs(r.wallMs), r.cpuMs == null ? 'n/a' : fmtMs(r.cpuMs), r.rssKB == null ? 'n/a' : fmtBytes(r.rssKB * 1024), fmtRatio(ratio), ratio == null ? '?' : ratio <= HUGE_RSS_TARGET ? 'PASS' : 'FAIL'];
    });
    L.push(table(['tool', 'median wall', 'median CPU', 'median peak RSS', 'RSS / file size', `≤ ${HUGE_RSS_TARGET}×`], rows, md, ['l', 'r', 'r', 'r', 'r', 'l']));
  }
  return L.join('\n');
}

// ---------------------------------------------------------------------------

/** Issue 16: the 10-change check ≤ 1.3× node -e 0; 10k, 20k and 100k ≤ 1.0× JSON.parse and ≤ 0.4× jq. */
const STARTUP_TARGET = 1.3;
const MID_PARSE_TARGET = 1.0;
const MID_JQ_TARGET = 0.4;

async function main() {
  if (process.argv.includes('--phases')) {
    const { runPhases } = await import('./phases.mjs');
    await runPhases(process.argv.slice(2));
    return;
  }
  let opts;
  try { opts = parseArgs(process.argv.slice(2)); } catch (e) { log(e.message); log(USAGE); process.exit(2); }
  if (opts.help) { log(USAGE); return; }

  const gnuTime = hasGnuTime();
  if (opts.rssMethod === 'time' && !gnuTime) { log('--rss-method time: /usr/bin/time (GNU) not usable here'); process.exit(2); }
  TIMEOUT_MS = opts.timeoutSec > 0 ? opts.timeoutSec * 1000 : 0;
  RSS_METHOD = opts.rssMethod === 'auto' ? (gnuTime ? 'time' : 'preload') : opts.rssMethod;

  const jqPath = onPath('jq');
  const tools = ['parse', ...(jqPath ? ['jq'] : []), 'floor', 'planguard'].filter((t) => !opts.only || opts.only.has(t));
  if (!jqPath) log('jq is not on PATH: skipping the jq baseline');
  const planguardArgs = planguardArgv('FILE');
  if (RSS_METHOD === 'preload' && !isNode(planguardArgs[0])) log(`note: peak RSS of "${planguardArgs[0]}" cannot be measured without GNU time`);

  const report = { machine: machineInfo(), runs: opts.runs, sizes: [], small: null, huge: null, targets: {}, loadStart: os.loadavg(), loadEnd: null };

  for (const label of opts.sizes) {
    const n = parseCount(label);
    const plan = ensurePlan(label, ['--changes', String(n)], opts.seed, n);
    warm(plan.file);
    log(`${label}: ${path.relative(REPO, plan.file)} (${fmtBytes(plan.counts.bytes)})`);
    const results = [];
    for (const t of tools) results.push(await runTool(t, plan, opts.runs));
    report.sizes.push({ plan, results });
  }

  // small plan: start-up cost dominates
  {
    const plan = ensurePlan('10', ['--changes', '10'], opts.seed, 10);
    log(`small: ${path.relative(REPO, plan.file)}`);
    const results = [await runTool('startup', plan, opts.smallRuns)];
    for (const t of ['parse', 'planguard']) if (!opts.only || opts.only.has(t)) results.push(await runTool(t, plan, opts.smallRuns));
    report.small = { plan, results };
    if (!opts.only || opts.only.has('planguard')) {
      log('start-up: node -e 0 and the 10-change check, interleaved');
      report.startup = startupReport({ plan: plan.file, runs: Math.max(10, opts.smallRuns) });
    }
  }

  if (opts.huge) {
    const plan = ensurePlan('huge', ['--target-bytes', String(opts.hugeBytes)], opts.seed, null);
    warm(plan.file);
    log(`huge: ${path.relative(REPO, plan.file)} (${fmtBytes(plan.counts.bytes)})`);
    report.huge = { plan, results: [await runTool('planguard', plan, opts.hugeRuns)] };
  }

  report.loadEnd = os.loadavg();
  const text = render(report, opts.markdown);
  process.stdout.write(text + '\n');
  if (opts.json) {
    const strip = (r) => ({ ...r, runs: r.runs.map(({ stdout, stderr, ...x }) => x) });
    const slim = { ...report, sizes: report.sizes.map((s) => ({ plan: s.plan, results: s.results.map(strip) })), small: report.small && { plan: report.small.plan, results: report.small.results.map(strip) }, huge: report.huge && { plan: report.huge.plan, results: report.huge.results.map(strip) } };
    fs.writeFileSync(opts.json, JSON.stringify(slim, null, 2) + '\n');
  }
  const anyError = [...report.sizes, report.small, report.huge].filter(Boolean).some((s) => s.results.some((r) => r.error));
  process.exitCode = anyError ? 1 : 0;
}

main().catch((e) => { log(e.stack || String(e)); process.exit(2); });

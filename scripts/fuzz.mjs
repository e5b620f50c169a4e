#!/usr/bin/env node
/**
 * `npm run fuzz -- [--runs N] [--seed S] [--jobs J]`: fuzz planguard's CLI with mutated real plans
 * (test/fuzz/). Runs the vitest file test/fuzz/fuzz.test.ts in J processes that share one
 * sequence of cases (case i runs in process i mod J), then prints the number of cases, the exit
 * codes per mutation kind and every failing case with the seed and path that replay it:
 *
 *   npm run fuzz -- --seed S --path P     replay one case and shrink it to a minimal one
 *
 * Options: --runs N (default 1000), --seed S (default: random, printed), --jobs J (default: the
 * number of CPUs, at most 4), --max-failures M (failing cases kept per process, default 200),
 * --save DIR (where the bytes of failing cases are written; default a temporary directory).
 * Exits 1 when a case failed or a process crashed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const TEST = 'test/fuzz/fuzz.test.ts';

function usage(msg) {
  process.stderr.write(`fuzz: ${msg}\nusage: npm run fuzz -- [--runs N] [--seed S] [--jobs J] [--max-failures M] [--save DIR] | --seed S --path P\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(runs|seed|path|jobs|max-failures|save)(?:=(.*))?$/.exec(a);
    if (!m) usage(`unknown argument ${JSON.stringify(a)}`);
    const v = m[2] ?? argv[++i];
    if (v === undefined) usage(`--${m[1]} needs a value`);
    o[m[1]] = v;
  }
  const int = (k, min) => {
    if (o[k] === undefined) return undefined;
    if (!/^-?\d+$/.test(o[k]) || Number(o[k]) < min) usage(`--${k} must be an integer >= ${min}`);
    return Number(o[k]);
  };
  if (o.path !== undefined && o.seed === undefined) usage('--path needs the --seed it came from');
  if (o.path !== undefined && !/^\d+(:\d+)*$/.test(o.path)) usage('--path looks like 123 or 123:4:0');
  return {
    runs: int('runs', 1) ?? 1000,
    seed: int('seed', -(2 ** 31)) ?? Math.floor(Math.random() * 2 ** 31),
    path: o.path,
    jobs: int('jobs', 1) ?? Math.max(1, Math.min(4, availableParallelism())),
    maxFailures: int('max-failures', 1) ?? 200,
    save: o.save,
  };
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One vitest process running the fuzz test with FUZZ_* variables; resolves to its report (or undefined) and its log. */
function runJob(env, logFile) {
  return new Promise((resolveJob) => {
    const child = spawn(process.execPath, [VITEST, 'run', TEST, '--reporter=dot', '--testNamePattern', 'fuzz: mutated real plans'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    child.on('close', (code, signal) => {
      const log = Buffer.concat(chunks).toString('utf8');
      writeFileSync(logFile, log);
      let report;
      try {
        report = JSON.parse(readFileSync(env.FUZZ_REPORT, 'utf8'));
      } catch {
        report = undefined;
      }
      resolveJob({ code, signal, log, report });
    });
  });
}

function mergeStats(reports) {
  const out = { cases: 0, exit: {}, byKind: {}, unreadable: 0, protected: 0, withSecrets: 0, failed: 0, failuresByProperty: {} };
  const add = (a, b) => {
    for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
  };
  for (const r of reports) {
    const s = r.stats;
    out.cases += s.cases;
    out.unreadable += s.unreadable;
    out.protected += s.protected;
    out.withSecrets += s.withSecrets;
    out.failed += s.failed;
    add(out.exit, s.exit);
    add(out.failuresByProperty, s.failuresByProperty);
    for (const [kind, row] of Object.entries(s.byKind)) add((out.byKind[kind] ??= {}), row);
  }
  return out;
}

function printStats(stats) {
  const e = (row, k) => String(row[k] ?? 0);
  const lines = [
    `exit codes (text format; every format must agree): 0: ${e(stats.exit, '0')}  1: ${e(stats.exit, '1')}  2: ${e(stats.exit, '2')}${stats.exit.other ? `  other: ${stats.exit.other}` : ''}`,
    `unreadable inputs (must exit 2): ${stats.unreadable}   protected deletes/replaces (must not exit 0): ${stats.protected}   plans with marked values (must not leak): ${stats.withSecrets}`,
    '',
    `${'cases by mutation kind'.padEnd(24)}${'exit 0'.padStart(9)}${'exit 1'.padStart(9)}${'exit 2'.padStart(9)}${'other'.padStart(7)}`,
  ];
  for (const [kind, row] of Object.entries(stats.byKind)) {
    lines.push(`  ${kind.padEnd(22)}${e(row, '0').padStart(9)}${e(row, '1').padStart(9)}${e(row, '2').padStart(9)}${e(row, 'other').padStart(7)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(VITEST)) usage('vitest is not installed (run npm install)');
  const work = mkdtempSync(join(tmpdir(), 'planguard-fuzz-run-'));
  const saveDir = o.save ? resolve(o.save) : join(work, 'failing');
  mkdirSync(saveDir, { recursive: true });

  if (o.path !== undefined) {
    process.stdout.write(`planguard fuzz: replaying seed ${o.seed} path ${o.path}\n`);
    const env = { FUZZ_RUNS: '1', FUZZ_SEED: String(o.seed), FUZZ_PATH: o.path, FUZZ_MODE: 'shrink', FUZZ_REPORT: join(work, 'replay.json'), FUZZ_SAVE_DIR: saveDir };
    const r = await runJob(env, join(work, 'replay.log'));
    if (!r.report) {
      process.stdout.write(`the fuzz process ended without a report (exit ${r.code ?? r.signal}); its output:\n${r.log.slice(-4000)}\n`);
      process.exit(1);
    }
    if (r.report.failures.length === 0) {
      process.stdout.write('the case passes\n');
      return;
    }
    for (const f of r.report.failures) process.stdout.write(`\n${f.text}\n`);
    process.exit(1);
  }

  const started = Date.now();
  process.stdout.write(`planguard fuzz: ${o.runs} cases from seed ${o.seed} in ${o.jobs} process${o.jobs === 1 ? '' : 'es'}\n`);
  const jobs = [];
  const progressFiles = [];
  for (let k = 0; k < o.jobs; k++) {
    const env = {
      FUZZ_RUNS: String(o.runs),
      FUZZ_SEED: String(o.seed),
      FUZZ_MODE: 'collect',
      FUZZ_SHARDS: String(o.jobs),
      FUZZ_SHARD: String(k),
      FUZZ_REPORT: join(work, `report-${k}.json`),
      FUZZ_PROGRESS: join(work, `progress-${k}.json`),
      FUZZ_SAVE_DIR: saveDir,
      FUZZ_MAX_FAILURES: String(o.maxFailures),
    };
    progressFiles.push(env.FUZZ_PROGRESS);
    jobs.push(runJob(env, join(work, `job-${k}.log`)));
  }
  const timer = setInterval(() => {
    let cases = 0;
    let failed = 0;
    for (const f of progressFiles) {
      try {
        const s = JSON.parse(readFileSync(f, 'utf8'));
        cases += s.cases;
        failed += s.failed;
      } catch {
        // not written yet
      }
    }
    const elapsed = Date.now() - started;
    const left = cases > 0 ? ((o.runs - cases) * elapsed) / cases : undefined;
    process.stderr.write(`fuzz: ${cases}/${o.runs} cases, ${failed} failing, ${duration(elapsed)} elapsed${left !== undefined ? `, about ${duration(left)} left` : ''}\n`);
  }, 60_000);
  const results = await Promise.all(jobs);
  clearInterval(timer);

  const reports = results.map((r) => r.report).filter(Boolean);
  const crashed = results.filter((r) => !r.report);
  const stats = mergeStats(reports);
  process.stdout.write(`\n${stats.cases} cases run in ${duration(Date.now() - started)} (seed ${o.seed})\n`);
  printStats(stats);
  const failures = reports.flatMap((r) => r.failures).sort((a, b) => Number(a.path) - Number(b.path));
  process.stdout.write(`\n${stats.failed} failing case${stats.failed === 1 ? '' : 's'}`);
  const byProp = Object.entries(stats.failuresByProperty);
  process.stdout.write(byProp.length ? ` (by property: ${byProp.map(([p, n]) => `${p} ${n}`).join(', ')})\n` : '\n');
  for (const f of failures.slice(0, 25)) process.stdout.write(`\n${f.text}\n`);
  if (failures.length > 25) process.stdout.write(`\n… and ${failures.length - 25} more failing cases (all in ${join(work, 'report-*.json')})\n`);
  if (failures.length > 0) process.stdout.write(`\nbytes of the failing cases: ${saveDir}\n`);
  for (const r of crashed) process.stdout.write(`\na fuzz process ended without a report (exit ${r.code ?? r.signal}); its output:\n${r.log.slice(-4000)}\n`);
  if (stats.failed > 0 || crashed.length > 0) process.exit(1);
}

await main();

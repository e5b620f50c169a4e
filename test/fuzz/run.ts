/**
 * One fuzz case through the real CLI (in-process `main()` with a captured Io, every format), the
 * properties it must hold, and the fast-check driver shared by the vitest file and
 * `npm run fuzz`.
 *
 * Properties, for every format (text, json, markdown, sarif, github):
 * 1. exit-code: the exit code is 0, 1 or 2, and the same in every format;
 * 2. no-crash: stderr never holds a stack trace (`\n    at `) nor an "internal error", and no
 *    rule reports that it failed on the plan;
 * 3. one-line-error: on exit 2, stderr is exactly one line and stdout is empty;
 * 4. unreadable: bytes that do not parse (reference: UTF-8, then JSON.parse of the whole, or a
 *    stream of JSON values) exit 2;
 * 5. protected: when the mutated document itself still deletes or replaces an address
 *    (oracles.ts `destroyedAddresses`), checking it with `--protect <that address>` never
 *    exits 0 (exit 2 is allowed: the document may be invalid in other ways);
 * 6. no-leak: no string the document marks secret (oracles.ts `markedStrings`, 6 characters or
 *    more) appears in stdout or stderr of any format, raw or decoded (Markdown escapes, HTML
 *    entities, terminal and JSON escapes, percent-encoding). What is fair: a value that also sits
 *    unmarked somewhere (terraform_data copies `input` into `output`; variables hold sensitive
 *    values in the clear), or that planguard prints on its own (a marked "planguard" or
 *    "critical"), may appear for those reasons. So a hit is confirmed by a canary: the run is
 *    repeated with only the marked occurrences replaced by a unique string of the same length;
 *    it is a leak when the canary shows up, or when the value disappears (its presence came from
 *    the marked occurrence). A value still printed while the canary is not comes from elsewhere.
 * 7. no-pollution: nothing is added to Object.prototype or Array.prototype.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { referenceParse } from './json.js';
import { buildCase, caseArb, KINDS, prng, type FuzzCase, type Kind } from './mutators.js';
import { contains, destroyedAddresses, secretsOf, views, withCanary } from './oracles.js';
import { loadSeeds, type Seed } from './seeds.js';

export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github'] as const;

export interface Failure {
  property: 'exit-code' | 'no-crash' | 'one-line-error' | 'unreadable' | 'protected' | 'no-leak' | 'no-pollution' | 'harness';
  format?: string;
  detail: string;
}

export interface CaseResult {
  seed: string;
  applied: string[];
  /** Exit code of the text format. */
  exit: number;
  unreadable: boolean;
  protect?: string;
  secrets: number;
  failures: Failure[];
  bytes: Buffer;
}

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).join(',');
const ARRAY_PROTO_NAMES = Object.getOwnPropertyNames(Array.prototype).join(',');

function clip(s: string, n = 300): string {
  const j = JSON.stringify(s);
  return j.length > n ? `${j.slice(0, n)}…` : j;
}

function canaryFor(secret: string, salt: number): string {
  const r = prng(salt ^ secret.length);
  const abc = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  let s = 'Cnry';
  while (s.length < secret.length) s += abc[Math.floor(r() * abc.length)];
  return s.slice(0, Math.max(secret.length, 6));
}

/**
 * The `--protect` glob for an address, as a user would write it: the address itself; when it
 * holds a `*` (a wildcard in planguard's globs, which have no escape) or is longer than 200
 * characters, its start and end around one `*` (a glob with hundreds of wildcards, or a
 * megabyte long, is nothing a user writes, and regular expressions built from them blow up).
 */
export function protectGlob(address: string): string {
  if (!address.includes('*') && address.length <= 200) return address;
  const first = address.indexOf('*');
  const last = address.lastIndexOf('*');
  const head = address.slice(0, Math.min(first < 0 ? address.length : first, 64));
  const tail = address.slice(Math.max(last + 1, address.length - 64, head.length));
  return `${head}*${tail}`;
}

export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'planguard-fuzz-'));
  readonly seeds: Seed[] = loadSeeds();
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function runFormat(ws: Workspace, file: string, format: string, glob: string | undefined): Promise<CliResult> {
  const args = ['check', file, '--format', format, '--no-color'];
  if (glob !== undefined) args.push(`--protect=${glob}`);
  return runCli(args, {}, ws.dir);
}

/** Build a case, run it in every format and check every property. */
export async function runCase(ws: Workspace, c: FuzzCase): Promise<CaseResult> {
  const seed = ws.seeds[c.seed % ws.seeds.length]!;
  const built = buildCase(seed, c.mutations);
  const file = join(ws.dir, 'plan.json');
  writeFileSync(file, built.bytes);
  const parsed = referenceParse(built.bytes);
  const destroyed = destroyedAddresses(seed.kind, parsed);
  const glob = destroyed.length > 0 ? protectGlob(destroyed[c.pick % destroyed.length]!) : undefined;
  const secrets = secretsOf(parsed);
  const failures: Failure[] = [];
  const results = new Map<string, CliResult>();

  for (const format of FORMATS) {
    let r: CliResult;
    try {
      r = await runFormat(ws, file, format, glob);
    } catch (e) {
      failures.push({ property: 'no-crash', format, detail: `main() threw: ${(e as Error)?.stack ?? String(e)}` });
      continue;
    }
    results.set(format, r);
    if (r.code !== 0 && r.code !== 1 && r.code !== 2) failures.push({ property: 'exit-code', format, detail: `exit ${r.code}` });
    if (/\n {4}at |^ {4}at /m.test(r.stderr)) failures.push({ property: 'no-crash', format, detail: `stack trace on stderr: ${clip(r.stderr)}` });
    if (/internal error/i.test(r.stderr)) failures.push({ property: 'no-crash', format, detail: `internal error: ${clip(r.stderr)}` });
    if (r.code === 2) {
      if (!/^[^\n\r]*\n$/.test(r.stderr)) failures.push({ property: 'one-line-error', format, detail: `stderr is not one line: ${clip(r.stderr)}` });
      if (r.stdout !== '') failures.push({ property: 'one-line-error', format, detail: `exit 2 with output on stdout: ${clip(r.stdout, 120)}` });
    }
    if (format === 'json' && r.code !== 2) {
      try {
        const report = JSON.parse(r.stdout) as { findings?: { ruleId?: string; message?: string }[] };
        for (const f of report.findings ?? []) {
          if (typeof f.message === 'string' && /^rule \S+ failed on this plan/.test(f.message)) {
            failures.push({ property: 'no-crash', format, detail: `rule crashed: ${clip(f.message)}` });
          }
        }
      } catch {
        failures.push({ property: 'exit-code', format, detail: `--format json printed something that is not JSON: ${clip(r.stdout, 120)}` });
      }
    }
    if (!parsed.ok && r.code !== 2) failures.push({ property: 'unreadable', format, detail: `unparseable bytes exited ${r.code}` });
    if (parsed.ok && glob !== undefined && r.code === 0) failures.push({ property: 'protected', format, detail: `exit 0 although the plan deletes or replaces the protected ${clip(glob)}` });
  }

  const codes = new Set([...results.values()].map((r) => r.code));
  if (codes.size > 1) failures.push({ property: 'exit-code', detail: `exit codes differ between formats: ${[...results].map(([f, r]) => `${f}=${r.code}`).join(' ')}` });

  // Leaks, confirmed by a canary run.
  const candidates = new Map<string, string[]>();
  for (const [format, r] of secrets.size > 0 ? results : []) {
    const v = [...views(r.stdout), ...views(r.stderr)];
    for (const s of secrets) {
      if (contains(v, s)) candidates.set(s, [...(candidates.get(s) ?? []), format]);
    }
  }
  let k = 0;
  for (const [secret, formats] of candidates) {
    const canary = canaryFor(secret, ++k);
    const bytes = withCanary(built.bytes, secret, canary);
    if (!bytes) continue;
    const cfile = join(ws.dir, 'canary.json');
    writeFileSync(cfile, bytes);
    for (const format of formats) {
      const r = await runFormat(ws, cfile, format, glob);
      const v = [...views(r.stdout), ...views(r.stderr)];
      if (contains(v, canary) || !contains(v, secret)) {
        failures.push({ property: 'no-leak', format, detail: `the marked value ${clip(secret, 120)} appears in the output` });
      }
    }
  }

  if (Object.getOwnPropertyNames(Object.prototype).join(',') !== PROTO_NAMES || Object.getOwnPropertyNames(Array.prototype).join(',') !== ARRAY_PROTO_NAMES) {
    failures.push({ property: 'no-pollution', detail: 'Object.prototype or Array.prototype gained a property' });
  }
  if (({} as Record<string, unknown>).polluted !== undefined) failures.push({ property: 'no-pollution', detail: 'every object has `polluted`' });

  const res: CaseResult = {
    seed: seed.name,
    applied: built.applied,
    exit: results.get('text')?.code ?? -1,
    unreadable: !parsed.ok,
    secrets: secrets.size,
    failures,
    bytes: built.bytes,
  };
  if (glob !== undefined) res.protect = glob;
  return res;
}

// ---------------------------------------------------------------------------------------------
// The driver

export interface Stats {
  cases: number;
  exit: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  unreadable: number;
  protected: number;
  withSecrets: number;
  failed: number;
  failuresByProperty: Record<string, number>;
  ms: number;
}

export interface FailedCase {
  /** fast-check replay: `--seed S --path P`. */
  seed: number;
  path: string;
  case: FuzzCase;
  seedFile: string;
  applied: string[];
  protect?: string;
  failures: Failure[];
  /** The failing bytes, saved for a reproducer. */
  savedAs?: string;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  stats: Stats;
  failures: FailedCase[];
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Replay one case (fast-check path) and shrink it. */
  path?: string;
  /** Only run the cases whose index ≡ shard (mod shards): parallel processes share one seed. */
  shard?: number;
  shards?: number;
  /**
   * `collect`: record every failing case and go on (each replays with its own path);
   * `shrink`: stop at the first failure and let fast-check shrink it.
   */
  mode: 'collect' | 'shrink';
  /** Keep at most this many failing cases in the report (counts go on). */
  maxFailures?: number;
  /** Stop generating (and shrinking) after this long; a failure found so far is still reported. */
  timeLimitMs?: number;
  /** Where to save failing bytes (default: none). */
  saveDir?: string;
  onProgress?: (stats: Stats) => void;
}

function emptyStats(): Stats {
  const byKind: Stats['byKind'] = {};
  for (const k of KINDS) byKind[k] = { '0': 0, '1': 0, '2': 0, other: 0 };
  return { cases: 0, exit: { '0': 0, '1': 0, '2': 0, other: 0 }, byKind, unreadable: 0, protected: 0, withSecrets: 0, failed: 0, failuresByProperty: {}, ms: 0 };
}

function record(stats: Stats, c: FuzzCase, r: CaseResult): void {
  const e = r.exit === 0 || r.exit === 1 || r.exit === 2 ? String(r.exit) : 'other';
  stats.cases++;
  stats.exit[e] = (stats.exit[e] ?? 0) + 1;
  for (const k of new Set<Kind>(c.mutations.map((m) => m.kind))) {
    const row = stats.byKind[k]!;
    row[e] = (row[e] ?? 0) + 1;
  }
  if (r.unreadable) stats.unreadable++;
  if (r.protect !== undefined) stats.protected++;
  if (r.secrets > 0) stats.withSecrets++;
  if (r.failures.length > 0) {
    stats.failed++;
    for (const p of new Set(r.failures.map((f) => f.property))) stats.failuresByProperty[p] = (stats.failuresByProperty[p] ?? 0) + 1;
  }
}

export function describeFailure(f: FailedCase): string {
  const lines = [
    `seed ${f.seed} path ${f.path}: ${f.seedFile}`,
    ...f.applied.map((a) => `  mutation: ${a}`),
    ...(f.protect !== undefined ? [`  --protect ${clip(f.protect, 160)}`] : []),
    ...f.failures.map((x) => `  FAIL ${x.property}${x.format ? ` [${x.format}]` : ''}: ${x.detail}`),
    ...(f.savedAs ? [`  bytes: ${f.savedAs}`] : []),
    `  replay: npm run fuzz -- --seed ${f.seed} --path ${f.path}`,
  ];
  return lines.join('\n');
}

export async function fuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const ws = new Workspace();
  const stats = emptyStats();
  const failures: FailedCase[] = [];
  const shards = opts.shards ?? 1;
  const shard = opts.shard ?? 0;
  const started = Date.now();
  let index = -1;
  let shrinking = false;
  let last: { c: FuzzCase; r: CaseResult } | undefined;
  const save = (f: FailedCase, bytes: Buffer) => {
    if (!opts.saveDir) return;
    const p = join(opts.saveDir, `planguard-fuzz-${f.seed}-${f.path.replace(/:/g, '_')}.bin`);
    writeFileSync(p, bytes);
    f.savedAs = p;
  };
  try {
    const prop = fc.asyncProperty(caseArb(ws.seeds.length), async (c) => {
      index++;
      if (opts.path === undefined && index % shards !== shard) return true;
      let r: CaseResult;
      try {
        r = await runCase(ws, c);
      } catch (e) {
        if (opts.mode !== 'collect') throw e;
        r = { seed: ws.seeds[c.seed]?.name ?? '?', applied: [], exit: -1, unreadable: false, secrets: 0, bytes: Buffer.alloc(0), failures: [{ property: 'harness', detail: `the fuzzer itself threw: ${(e as Error)?.stack ?? String(e)}` }] };
      }
      last = { c, r };
      if (opts.mode === 'collect') {
        record(stats, c, r);
        if (r.failures.length > 0 && failures.length < (opts.maxFailures ?? 200)) {
          const f: FailedCase = { seed: opts.seed, path: String(index), case: c, seedFile: r.seed, applied: r.applied, failures: r.failures };
          if (r.protect !== undefined) f.protect = r.protect;
          save(f, r.bytes);
          failures.push(f);
        }
        if (stats.cases % 250 === 0) {
          stats.ms = Date.now() - started;
          opts.onProgress?.(stats);
        }
        return true;
      }
      if (!shrinking) record(stats, c, r);
      if (r.failures.length > 0) shrinking = true;
      return r.failures.length === 0;
    });
    const params: fc.Parameters<[FuzzCase]> = { seed: opts.seed, numRuns: opts.runs };
    if (opts.path !== undefined) params.path = opts.path;
    if (opts.timeLimitMs !== undefined) params.interruptAfterTimeLimit = opts.timeLimitMs;
    const details = await fc.check(prop, params);
    if (details.failed && opts.mode === 'shrink' && details.counterexample) {
      // Run the minimal case once more to report it.
      const c = details.counterexample[0];
      const r = await runCase(ws, c);
      last = { c, r };
      const f: FailedCase = { seed: details.seed, path: details.counterexamplePath ?? '', case: c, seedFile: r.seed, applied: r.applied, failures: r.failures };
      if (f.failures.length === 0) f.failures.push({ property: 'harness', detail: `the shrunk case passed on a second run (${String(details.errorInstance)})` });
      if (r.protect !== undefined) f.protect = r.protect;
      save(f, r.bytes);
      failures.push(f);
    } else if (details.failed && !details.counterexample) {
      failures.push({ seed: opts.seed, path: '', case: last?.c ?? { seed: 0, mutations: [], pick: 0 }, seedFile: last?.r.seed ?? '', applied: [], failures: [{ property: 'harness', detail: `fast-check stopped: ${String(details.errorInstance ?? (details.interrupted ? 'interrupted' : 'failed'))}` }] });
    }
  } finally {
    ws.dispose();
  }
  stats.ms = Date.now() - started;
  return { seed: opts.seed, runs: opts.runs, stats, failures };
}

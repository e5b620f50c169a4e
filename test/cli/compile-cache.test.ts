/**
 * The V8 code cache of the bundled CLI (bin/compile-cache.cjs, issue 16): it never changes a
 * result, works with no writable cache directory, and is rebuilt when the bundle changes or the
 * cache is corrupt. Runs the built CLI as a process (npm test builds it first).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/plans.js';

const require = createRequire(import.meta.url);
const PLANS = ['fixtures/terraform/db-node-rename/plan.json', 'fixtures/terraform/handwritten-sensitive-db-password/plan.json', 'fixtures/terraform/creates-only/plan.json'];
const dirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function run(bin: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const caches = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

/** A copy of the installed CLI (bin and the bundle), so a test can change its bundle. */
function install(): { bin: string; bundle: string } {
  const root = tmp('pg-install-');
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'dist/bundle'), join(root, 'dist/bundle'), { recursive: true });
  return { bin: join(root, 'bin/planguard.js'), bundle: join(root, 'dist/bundle/planguard.cjs') };
}

describe('the compile cache', () => {
  const BIN = join(ROOT, 'bin/planguard.js');

  it('never changes a result: cold, warm and off give the same bytes and exit codes, in every format', () => {
    const cache = join(tmp('pg-cache-'), 'c');
    for (const plan of PLANS) {
      for (const format of ['text', 'json', 'markdown', 'sarif']) {
        const args = ['check', plan, '--format', format];
        const off = run(BIN, args, { PLANGUARD_COMPILE_CACHE: '0' });
        const cold = run(BIN, args, { PLANGUARD_CACHE_DIR: cache });
        const warm = run(BIN, args, { PLANGUARD_CACHE_DIR: cache });
        expect(off.code === 0 || off.code === 1).toBe(true);
        expect(cold).toEqual(off);
        expect(warm).toEqual(off);
      }
    }
    expect(caches(cache)).toHaveLength(1);
  }, 120_000);

  it('import() works from cached code: a YAML config (yaml, ajv) and a rule plugin, cold and warm', () => {
    const cache = join(tmp('pg-cache-'), 'c');
    const args = ['check', 'fixtures/terraform/payments-module-replace/plan.json', '--config', 'examples/custom-rules/plugin.planguard.yml', '--format', 'json'];
    const off = run(BIN, args, { PLANGUARD_COMPILE_CACHE: '0' });
    expect(off.code).toBe(1);
    expect(off.stdout).toContain('payments-never-replaced');
    expect(run(BIN, args, { PLANGUARD_CACHE_DIR: cache })).toEqual(off);
    expect(caches(cache)).toHaveLength(1);
    expect(run(BIN, args, { PLANGUARD_CACHE_DIR: cache })).toEqual(off);
  }, 60_000);

  it('is written once, then read without being written again', () => {
    const cache = join(tmp('pg-cache-'), 'c');
    run(BIN, ['check', PLANS[0]!], { PLANGUARD_CACHE_DIR: cache });
    const [file] = caches(cache);
    expect(file).toMatch(/^planguard-.*\.v8cache$/);
    const before = statSync(join(cache, file!)).mtimeMs;
    const load = require(join(ROOT, 'bin/compile-cache.cjs')).load as (f: string, env: NodeJS.ProcessEnv) => { cache?: { accepted: boolean } };
    expect(load(join(ROOT, 'dist/bundle/planguard.cjs'), { PLANGUARD_CACHE_DIR: cache }).cache?.accepted).toBe(true);
    run(BIN, ['check', PLANS[0]!], { PLANGUARD_CACHE_DIR: cache });
    expect(statSync(join(cache, file!)).mtimeMs).toBe(before);
  }, 60_000);

  it('works when no cache can be written (a read-only home, a path under a file)', () => {
    const file = join(tmp('pg-ro-'), 'a-file');
    writeFileSync(file, 'not a directory');
    const off = run(BIN, ['check', PLANS[0]!], { PLANGUARD_COMPILE_CACHE: '0' });
    const r = run(BIN, ['check', PLANS[0]!], { PLANGUARD_CACHE_DIR: join(file, 'cache') });
    expect(r).toEqual(off);
  }, 60_000);

  it('a changed bundle (rebuilt, reinstalled) gets a new cache; the stale one is removed', () => {
    const { bin, bundle } = install();
    const cache = join(tmp('pg-cache-'), 'c');
    const first = run(bin, ['check', PLANS[0]!], { PLANGUARD_CACHE_DIR: cache });
    const [old] = caches(cache);
    // Same size, other content, the same inode: V8's own check (it compares the source length)
    // would take the stale cache, and its bytecode holds the old strings. The key must not.
    const src = readFileSync(bundle, 'utf8');
    expect(src).toContain('no destructive changes');
    writeFileSync(bundle, src.replaceAll('no destructive changes', 'NO DESTRUCTIVE CHANGES'));
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    expect(statSync(bundle).size).toBe(src.length === Buffer.byteLength(src) ? src.length : statSync(bundle).size);
    const second = run(bin, ['check', 'fixtures/terraform/creates-only/plan.json'], { PLANGUARD_CACHE_DIR: cache });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/NO DESTRUCTIVE CHANGES/);
    expect(caches(cache)).toHaveLength(1);
    expect(caches(cache)[0]).not.toBe(old);
    expect(first.code).toBe(1);
  }, 60_000);

  it('a corrupt cache is refused by V8, ignored, and written again', () => {
    const cache = join(tmp('pg-cache-'), 'c');
    const off = run(BIN, ['check', PLANS[1]!, '--format', 'json'], { PLANGUARD_COMPILE_CACHE: '0' });
    run(BIN, ['check', PLANS[1]!], { PLANGUARD_CACHE_DIR: cache });
    const [file] = caches(cache);
    const path = join(cache, file!);
    const good = readFileSync(path);
    writeFileSync(path, Buffer.alloc(good.length, 0x5a));
    expect(run(BIN, ['check', PLANS[1]!, '--format', 'json'], { PLANGUARD_CACHE_DIR: cache })).toEqual(off);
    const load = require(join(ROOT, 'bin/compile-cache.cjs')).load as (f: string, env: NodeJS.ProcessEnv) => { cache?: { accepted: boolean } };
    expect(readFileSync(path).equals(Buffer.alloc(good.length, 0x5a))).toBe(false);
    expect(load(join(ROOT, 'dist/bundle/planguard.cjs'), { PLANGUARD_CACHE_DIR: cache }).cache?.accepted).toBe(true);
  }, 60_000);
});

describe('the compile cache is never read from a place others can write', () => {
  it('a group- or world-writable cache directory is not read, and no cache is written into it', () => {
    const BIN = join(ROOT, 'bin/planguard.js');
    const cache = join(tmp('pg-cache-'), 'shared');
    mkdirSync(cache, { mode: 0o777 });
    chmodSync(cache, 0o777);
    const off = run(BIN, ['check', PLANS[0]!], { PLANGUARD_COMPILE_CACHE: '0' });
    expect(run(BIN, ['check', PLANS[0]!], { PLANGUARD_CACHE_DIR: cache })).toEqual(off);
    expect(caches(cache)).toHaveLength(0);
  }, 60_000);
});

describe('bin/planguard.js without a build', () => {
  it('says to build, in one line, exit 2, with the cache on and off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-nobuild-'));
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    for (const env of [{}, { PLANGUARD_COMPILE_CACHE: '0' }]) {
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'planguard.js'), 'check', 'plan.json'], { encoding: 'utf8', env: { PATH: process.env.PATH, PLANGUARD_CACHE_DIR: join(dir, 'cache'), ...env } });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('planguard: cannot load the built CLI (run `npm run build` first); exit 2\n');
    }
    rmSync(dir, { recursive: true, force: true });
  });
});

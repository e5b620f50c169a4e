/**
 * The bundle's catalog texts live beside it in dist/bundle/catalog/*.txt (scripts/lazy-json.mjs),
 * read a range at a time. A data file from another build, cut short or missing is never read as
 * this build's: the rules that needed it fail on the plan, which blocks it (fail closed), and the
 * message names the file. Runs the built CLI as a process (npm test builds it first).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/plans.js';

const PLAN = 'fixtures/terraform/handwritten-db-host-reimage/plan.json';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the installed CLI (bin and the bundle with its data files). */
function install(): { bin: string; catalog: string } {
  const root = mkdtempSync(join(tmpdir(), 'pg-data-'));
  dirs.push(root);
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'dist/bundle'), join(root, 'dist/bundle'), { recursive: true });
  return { bin: join(root, 'bin/planguard.js'), catalog: join(root, 'dist/bundle/catalog') };
}

function check(bin: string) {
  const r = spawnSync(process.execPath, [bin, 'check', PLAN, '--format', 'text'], { cwd: ROOT, env: { PATH: process.env.PATH, PLANGUARD_COMPILE_CACHE: '0' }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('the catalog data files of the bundle', () => {
  it('are one per catalog file, ASCII, each opening with the digest of its body', () => {
    const dir = join(ROOT, 'dist/bundle/catalog');
    const names = readdirSync(dir);
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const n of names) {
      const bytes = readFileSync(join(dir, n));
      expect(bytes.every((b) => b < 0x80), n).toBe(true);
      expect(/^planguard catalog [0-9a-f]{64}\n/.test(bytes.toString('latin1', 0, 100)), n).toBe(true);
    }
  });

  it('an intact copy gives the review of the installed CLI', () => {
    const { bin } = install();
    const mine = check(bin);
    expect(mine.code).toBe(1);
    expect(mine.out).toContain('data-store-replaced');
    expect(mine).toEqual(check(join(ROOT, 'bin/planguard.js')));
  });

  for (const [what, damage, message] of [
    ['from another build (its digest differs)', (f: string) => writeFileSync(f, readFileSync(f, 'latin1').replace(/^planguard catalog ./, (h) => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0'))), 'does not belong to this build of planguard'],
    ['cut short', (f: string) => truncateSync(f, 2000), 'ends early'],
    ['missing', (f: string) => rmSync(f), 'no such file'],
  ] as const) {
    it(`a data file ${what} is never read as this build's: the plan is blocked and the file named`, () => {
      const { bin, catalog } = install();
      const file = join(catalog, 'safeguards.txt');
      damage(file);
      const r = check(bin);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/BLOCKED/);
      expect(r.out).toContain('rule safeguard-disabled failed on this plan');
      expect(r.out.toLowerCase()).toContain(message);
      expect(r.out).toContain('safeguards.txt');
    });
  }
});

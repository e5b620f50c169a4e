/**
 * The typed `planguard` export for plugin authors: the typed plugin of docs/custom-rules.md
 * compiles with a real `tsc` against the package (`exports`/`types` → dist/src/api.d.ts, made by
 * `npm run build`), a wrongly typed one does not, examples/custom-rules/policies/our-rules.js
 * type-checks with checkJs, and the compiled plugin runs as a plugin.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../../src/cli/custom-rules.js';
import { caseFailure, findingsOf } from '../../src/engine/rule-kit.js';
import { loadPlan, ROOT } from '../helpers/plans.js';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** The ```ts block of docs/custom-rules.md that imports from 'planguard'. */
function docsExample(): string {
  const md = readFileSync(join(ROOT, 'docs/custom-rules.md'), 'utf8');
  const block = [...md.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes("from 'planguard'"));
  if (!block) throw new Error('docs/custom-rules.md has no typed plugin example');
  return block;
}

/** A project outside the repository with planguard installed (linked) in its node_modules. */
function project(files: Record<string, string>, compilerOptions: Record<string, unknown>): string {
  if (!existsSync(join(ROOT, 'dist/src/api.d.ts'))) throw new Error('dist/src/api.d.ts is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'pg-plugin-types-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'planguard'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  const options = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, types: [], ...compilerOptions };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, include: Object.keys(files) }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function tsc(dir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [TSC, '-p', dir], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('import type { Rule } from "planguard"', () => {
  it('the typed plugin of docs/custom-rules.md compiles and runs as a plugin; examples/custom-rules/policies/our-rules.js type-checks (checkJs)', async () => {
    const ours = readFileSync(join(ROOT, 'examples/custom-rules/policies/our-rules.js'), 'utf8');
    const dir = project({ 'blast-radius.ts': docsExample(), 'our-rules.js': ours }, { outDir: 'out', allowJs: true, checkJs: true });
    const r = tsc(dir);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
    const [rule] = await loadPlugin(join(dir, 'out/blast-radius.js'), 'out/blast-radius.js');
    expect(rule!.origin).toEqual({ kind: 'plugin', file: 'out/blast-radius.js' });
    expect(caseFailure(findingsOf(rule!, loadPlan('fixtures/terraform/db-node-rename/plan.json')), [{ address: 'terraform_data.db_node["db-11"]', severity: 'high' }])).toBeUndefined();
    expect(caseFailure(findingsOf(rule!, loadPlan('fixtures/terraform/triggers-replace/plan.json')), 'silent')).toBeUndefined();
  });

  it('a plugin of the wrong shape does not compile', () => {
    const bad = docsExample().replace("severity: 'high'", "severity: 'severe'").replace('address: destroyed[0]!,', '');
    const r = tsc(project({ 'bad.ts': bad }, { noEmit: true }));
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/Type '"severe"' is not assignable to type/);
    expect(r.out).toMatch(/is not assignable to parameter of type 'FindingInput'/);
  });
});

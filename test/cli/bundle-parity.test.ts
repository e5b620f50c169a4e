/**
 * The bundle (dist/bundle/planguard.cjs, what bin/planguard.js runs) and the sources give the same
 * review of every plan fixture. The bundle is not the sources compiled one to one: its catalog
 * files are read a type at a time (scripts/lazy-json.mjs) and it loads modules lazily, so this is
 * the test that those differences never change a finding, a severity or an exit code.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { captureIo } from '../helpers/cli.js';
import { ROOT } from '../helpers/plans.js';

type Main = (argv: string[], io: Io) => Promise<number>;

function plans(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) plans(p, out);
    else if (/\.(json|jsonl)$/.test(e.name) && !e.name.endsWith('.counts.json')) out.push(p);
  }
  return out;
}

async function review(cli: Main, file: string, args: string[]): Promise<string> {
  const { io, out } = captureIo({}, ROOT, { now: () => 0 });
  const code = await cli(['node', 'planguard', 'check', relative(ROOT, file), ...args], io);
  return `${code}\n${out.stdout}\n${out.stderr}`;
}

describe('the bundle and the sources', () => {
  const bundle = join(ROOT, 'dist', 'bundle', 'planguard.cjs');

  it('give the same JSON review and exit code for every plan fixture', { timeout: 240_000 }, async () => {
    expect(existsSync(bundle), 'dist/bundle/planguard.cjs is missing: npm test builds it first (npm run build)').toBe(true);
    const bundled = (createRequire(import.meta.url)(bundle) as { main: Main }).main;
    const files = [...plans(join(ROOT, 'fixtures', 'terraform')), ...plans(join(ROOT, 'fixtures', 'pulumi')), ...plans(join(ROOT, 'fixtures', 'corpus'))];
    expect(files.length).toBeGreaterThan(300);
    for (const f of files) {
      for (const args of [['--format', 'json'], ['--format', 'json', '--fail-on', 'info', '-p', '*']]) {
        expect(await review(bundled, f, args), `${relative(ROOT, f)} ${args.join(' ')}`).toBe(await review(main, f, args));
      }
    }
  });
});

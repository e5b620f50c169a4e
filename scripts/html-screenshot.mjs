#!/usr/bin/env node
// Renders the bundled example plan with --format html and keeps a screenshot of it in
// docs/html-report.png (the README shows it). Needs chromium (Debian: apt-get install chromium)
// and a build (npm run build). Usage: node scripts/html-screenshot.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'pg-shot-'));
try {
  const page = join(dir, 'review.html');
  spawnSync(process.execPath, [join(root, 'bin/planguard.js'), 'check', 'fixtures/terraform/handwritten-db-host-reimage/plan.json', '--format', 'html', '--output', page], { cwd: root, stdio: 'ignore' });
  const r = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1280,1900', `--screenshot=${join(root, 'docs/html-report.png')}`, `file://${page}`], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`chromium failed (${r.error?.message ?? r.status}): is it installed?\n`);
    process.exitCode = 1;
  } else process.stdout.write('wrote docs/html-report.png\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

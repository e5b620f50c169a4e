/**
 * `--format html` (src/render/html.ts): one self-contained page. Unit checks on the page, and a
 * real browser (Debian's chromium, headless) that loads it: the graph has a node per destroyed
 * or replaced resource and an edge per reference, filtering hides rows, and no request leaves
 * the page, even for a plan whose text tries to load one. The browser test is skipped, with a
 * message saying why, where no chromium is installed (.ci/run installs it on Debian).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, graphModel, renderHtml } from '../../src/render/html.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { runCli } from '../helpers/cli.js';
import { reportFor, reportOf } from './helpers.js';

const EXAMPLE = 'fixtures/terraform/handwritten-db-host-reimage/plan.json';
const SECRET_PLAN = 'fixtures/terraform/handwritten-sensitive-db-password/plan.json';
const SECRETS = ['pg-fixture-secret-OLD-7f3a91', 'pg-fixture-secret-NEW-9c1d44', 'pg-unmarked-secret-3b7e02', 'pg-unmarked-secret-5d8f13', 'pg-fixture-secret-REPLICA-1e2f'];
const html = (rel: string, protect: string[] = []) => renderHtml(reportFor(rel, { protect }), { toolVersion: '0.1.0' });

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pg-html-'));
  dirs.push(d);
  return d;
};

describe('the HTML page', () => {
  it('opens with the verdict and the findings; the 5 re-imaged database hosts are drawn with their dependents', () => {
    const page = html(EXAMPLE);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page.indexOf('Blocked: 5 destructive changes')).toBeLessThan(page.indexOf('id="findings-0"'));
    expect(page.indexOf('id="findings-0"')).toBeLessThan(page.indexOf('id="graph-0"'));
    expect(page.indexOf('id="graph-0"')).toBeLessThan(page.indexOf('id="diff-0"'));
    const g = graphModel(reportFor(EXAMPLE));
    expect(g.targets.map((t) => t.address)).toEqual([11, 12, 13, 14, 15].map((n) => `aws_instance.db_node["db-${n}"]`));
    expect(g.targets.every((t) => t.action === 'replace' && t.severity === 'critical')).toBe(true);
    expect(g.dependents.map((d) => d.address)).toEqual(['aws_cloudwatch_metric_alarm.db_disk']);
    expect(g.edges).toHaveLength(5);
    expect(page.match(/<g class="node target"/g)).toHaveLength(5);
    expect(page.match(/<g class="node dependent"/g)).toHaveLength(1);
    expect(page.match(/<path class="edge"/g)).toHaveLength(5);
  });

  it('a Content-Security-Policy that allows nothing remote and only its own script and style, by hash', () => {
    const page = html(EXAMPLE);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1];
    expect(csp).toBe(contentSecurityPolicy());
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'$/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(page.match(/<script/g)).toHaveLength(1);
    // No URL the browser would fetch: no src or href at all, no url() in the style sheet.
    expect(page).not.toMatch(/\s(?:src|href|action|formaction|srcset|poster|background)=/i);
    expect(style).not.toMatch(/url\(/i);
    expect(page).not.toMatch(/\son[a-z]+=/i);
  });

  it('never shows a value the plan marks sensitive, or one only named like a secret', () => {
    const page = html(SECRET_PLAN, ['*']);
    for (const s of SECRETS) expect(page).not.toContain(s);
    expect(page).toContain('password');
  });

  it('several plans: one page, a section each', () => {
    const a = reportFor(EXAMPLE);
    const b = reportFor('fixtures/terraform/creates-only/plan.json');
    const page = renderHtml([a, b], { toolVersion: '0.1.0' });
    expect(page).toContain('(2 plans)');
    expect(page).toContain('id="graph-1"');
    expect(page).toContain('Nothing is destroyed or replaced.');
  });

  it('planguard check --format html --output writes the page and prints the text review; the exit code is the gate', async () => {
    const out = join(tmp(), 'review.html');
    const r = await runCli(['check', EXAMPLE, '--format', 'html', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BLOCKED/);
    expect(readFileSync(out, 'utf8')).toContain('<g class="node target"');
    const stdout = await runCli(['check', 'fixtures/terraform/creates-only/plan.json', '--format', 'html']);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout.startsWith('<!doctype html>')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// In a real browser.

function findChromium(): string | undefined {
  for (const bin of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}
const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn('test/render/html.test.ts: no chromium on PATH: the browser tests are skipped (Debian: apt-get install chromium)');

/** The DOM after the page's script ran, as chromium serialises it. */
function dumpDom(file: string, hash = ''): string {
  const r = spawnSync(
    CHROMIUM as string,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', '--disable-background-networking', `--user-data-dir=${tmp()}`, '--virtual-time-budget=2000', '--dump-dom', `file://${file}${hash}`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(-500)}`);
  return r.stdout;
}

describe('the HTML page in chromium', () => {
  it.skipIf(!CHROMIUM)('draws a node per destroyed resource and an edge per reference, and filters', () => {
    const file = join(tmp(), 'review.html');
    writeFileSync(file, html(EXAMPLE));
    const dom = dumpDom(file);
    expect(dom.match(/<g class="node target"/g)).toHaveLength(5);
    expect(dom.match(/<path class="edge"/g)).toHaveLength(5);
    // The script ran: the counter shows every filterable entry (4 finding blocks, 2 diff entries).
    const shown = Number(/<span id="pg-shown">(\d+)<\/span>/.exec(dom)?.[1]);
    expect(shown).toBeGreaterThan(2);
    // Only updates: the replaced hosts' entries and findings are hidden, the updates are not.
    const filtered = dumpDom(file, '#actions=update');
    expect(filtered).toMatch(/<details class="group replace"[^>]*hidden/);
    expect(filtered).not.toMatch(/<details class="group update"[^>]*hidden/);
    expect(Number(/<span id="pg-shown">(\d+)<\/span>/.exec(filtered)?.[1])).toBeLessThan(shown);
    const searched = dumpDom(file, '#search=db-13');
    expect(Number(/<span id="pg-shown">(\d+)<\/span>/.exec(searched)?.[1])).toBeLessThan(shown);
  }, 120_000);

  it.skipIf(!CHROMIUM)('a plan whose text tries to load images, styles, scripts and frames makes no request', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const evil = [
        `<img src="${origin}/img">`,
        `<script src="${origin}/script"></script>`,
        `<link rel="stylesheet" href="${origin}/css">`,
        `<iframe src="${origin}/frame"></iframe>`,
        `<style>body{background:url(${origin}/bg)}</style>`,
        `" onmouseover="fetch('${origin}/attr')`,
        `</script><script>fetch('${origin}/break')</script>`,
        `<svg><image href="${origin}/svg"/></svg>`,
      ].join(' ');
      const doc = readJson('fixtures/terraform/handwritten-hostile-text/plan.json') as { resource_changes: { address: string; index?: string; change: { after: Record<string, unknown> } }[] };
      const [sg, bucket] = doc.resource_changes;
      sg!.change.after.description = evil;
      sg!.change.after.tags = { Name: evil };
      bucket!.index = evil;
      bucket!.address = `aws_s3_bucket.logs[${JSON.stringify(evil)}]`;
      const file = join(tmp(), 'hostile.html');
      writeFileSync(file, renderHtml(reportOf(planFromJson(doc), { protect: ['*'] }), { toolVersion: '0.1.0' }));
      const dom = dumpDom(file, `#search=${encodeURIComponent(`<img src="${origin}/hash">`)}`);
      expect(dom).toContain('aws_s3_bucket.logs');
      expect(hits).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 120_000);
});

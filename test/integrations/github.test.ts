/**
 * `planguard comment` against a loopback GitHub (fake-github.ts), through the whole CLI.
 * Retries here are made instant by the fake's `retry-after: 0`; the backoff itself (no
 * retry-after) is tested with an injected sleep in comment.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { ROOT } from '../helpers/plans.js';
import { githubEnv, startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { bigPlanFile } from './big-plan.js';

const BLOCKED = 'fixtures/terraform/foreach-key-rename/plan.json';
const PASSES = 'fixtures/terraform/foreach-key-rename-moved/plan.json';
const MARKER = '<!-- planguard-review key=default -->';

let gh: FakeGitHub;
const dirs: string[] = [];
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ours = () => gh.comments.filter((c) => c.body.startsWith('<!-- planguard-review'));
const methods = () => gh.writes().map((r) => `${r.method} ${r.url.split('?')[0]}`);
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pg-comment-'));
  dirs.push(d);
  return d;
};

function seedOthers(n: number): void {
  for (let i = 0; i < n; i++) gh.comments.push({ id: 100 + i, body: `looks good ${i}`, user: `dev${i % 7}` });
}

describe('planguard comment on GitHub: one comment, updated', () => {
  it('two runs leave exactly one comment, updated in place, among 150 earlier comments on two pages', async () => {
    seedOthers(150);
    const first = await runCli(['comment', PASSES], githubEnv(gh));
    expect(first.stderr).toMatch(/^planguard: comment created on github octo\/infra#7 \(key "default"\): https:\/\/github\.example\/\S+#issuecomment-\d+\n$/);
    expect(first.code).toBe(0);
    expect(ours()).toHaveLength(1);
    const id = ours()[0]?.id;
    expect(ours()[0]?.body).toMatch(/No destructive changes/);

    const second = await runCli(['comment', BLOCKED], githubEnv(gh));
    expect(second.stderr).toMatch(/^planguard: comment updated on github octo\/infra#7/);
    expect(second.code).toBe(1);
    expect(gh.comments).toHaveLength(151);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.id).toBe(id);
    expect(ours()[0]?.body).toMatch(/blocked/i);
    expect(methods()).toEqual(['POST /repos/octo/infra/issues/7/comments', `PATCH /repos/octo/infra/issues/comments/${id}`]);
    // Every page was read, following GitHub's Link header (which points at /repositories/{id}/...).
    const gets = gh.requests.filter((r) => r.method === 'GET').map((r) => r.url);
    expect(gets).toContain('/repos/octo/infra/issues/7/comments?per_page=100');
    expect(gets).toContain('/repositories/4242/issues/7/comments?per_page=100&page=2');
  });

  it('writes nothing when the review is unchanged', async () => {
    await runCli(['comment', BLOCKED], githubEnv(gh));
    const again = await runCli(['comment', BLOCKED], githubEnv(gh));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/comment unchanged \(no write\)/);
    expect(methods()).toEqual(['POST /repos/octo/infra/issues/7/comments']);
  });

  it('finds its comment on a later page and ignores a reply that quotes it', async () => {
    seedOthers(120);
    await runCli(['comment', PASSES], githubEnv(gh));
    const id = ours()[0]?.id;
    gh.comments.push({ id: 5, body: `> ${MARKER}\n> ### planguard: PASS\n\nwhy does it pass?`, user: 'dev1' });
    const r = await runCli(['comment', BLOCKED], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(methods().at(-1)).toBe(`PATCH /repos/octo/infra/issues/comments/${id}`);
    expect(gh.comments.find((c) => c.id === 5)?.body).toContain('why does it pass?');
  });

  it('--key keeps one comment per stack', async () => {
    await runCli(['comment', PASSES, '--key', 'stacks/prod'], githubEnv(gh));
    await runCli(['comment', PASSES, '--key', 'stacks/staging'], githubEnv(gh));
    expect(ours()).toHaveLength(2);
    const prod = gh.comments.find((c) => c.body.startsWith('<!-- planguard-review key=stacks%2Fprod -->'));
    const staging = gh.comments.find((c) => c.body.startsWith('<!-- planguard-review key=stacks%2Fstaging -->'));
    expect(prod && staging).toBeTruthy();
    const r = await runCli(['comment', BLOCKED, '-k', 'stacks/prod'], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(ours()).toHaveLength(2);
    expect(prod?.body).toMatch(/blocked/i);
    expect(staging?.body).toMatch(/No destructive changes/);
  });

  it('--behavior new adds a comment on every run', async () => {
    await runCli(['comment', PASSES, '--behavior', 'new'], githubEnv(gh));
    const r = await runCli(['comment', PASSES, '--behavior', 'new'], githubEnv(gh));
    expect(r.code).toBe(0);
    expect(ours()).toHaveLength(2);
    expect(methods()).toEqual(['POST /repos/octo/infra/issues/7/comments', 'POST /repos/octo/infra/issues/7/comments']);
  });

  it('--behavior delete-and-new posts the new comment first, then deletes the earlier ones', async () => {
    seedOthers(3);
    await runCli(['comment', PASSES, '--behavior', 'new'], githubEnv(gh));
    await runCli(['comment', PASSES, '--behavior', 'new'], githubEnv(gh));
    const old = ours().map((c) => c.id);
    const r = await runCli(['comment', BLOCKED, '--behavior', 'delete-and-new'], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/comment created .*; deleted 2 earlier/);
    expect(ours()).toHaveLength(1);
    expect(old).not.toContain(ours()[0]?.id);
    expect(gh.comments).toHaveLength(4);
    expect(methods().slice(2)).toEqual([
      'POST /repos/octo/infra/issues/7/comments',
      `DELETE /repos/octo/infra/issues/comments/${old[0]}`,
      `DELETE /repos/octo/infra/issues/comments/${old[1]}`,
    ]);
  });
});

describe('planguard comment on GitHub: failures', () => {
  it('retries a 502 on the list and on the create, and posts exactly one comment', async () => {
    gh.fail({ method: 'GET', path: /\/issues\/7\/comments$/, status: 502, headers: { 'retry-after': '0' }, body: 'Bad Gateway' });
    gh.fail({ method: 'POST', path: /\/issues\/7\/comments$/, status: 502, headers: { 'retry-after': '0' } });
    const r = await runCli(['comment', BLOCKED], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('planguard: 502 from GET /repos/octo/infra/issues/7/comments; retrying in 0s (attempt 2 of 5)');
    expect(r.stderr).toContain('planguard: 502 from POST /repos/octo/infra/issues/7/comments; retrying');
    expect(ours()).toHaveLength(1);
  });

  it('waits out a rate limit: 403 with x-ratelimit-remaining 0, and 429 with retry-after', async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    gh.fail({ method: 'GET', path: /comments$/, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded' } });
    gh.fail({ method: 'POST', path: /comments$/, status: 429, headers: { 'retry-after': '0' }, body: { message: 'You have exceeded a secondary rate limit' } });
    const r = await runCli(['comment', PASSES], githubEnv(gh));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/403 from GET .*retrying/);
    expect(r.stderr).toMatch(/429 from POST .*retrying/);
    expect(ours()).toHaveLength(1);
  });

  it('an API failure after every retry: exit 2, one line naming the status and the endpoint; the review is still printed', async () => {
    gh.fail({ method: 'GET', path: /comments$/, status: 502, headers: { 'retry-after': '0' }, times: 99 });
    const r = await runCli(['comment', PASSES], githubEnv(gh));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^PASS/);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/^planguard: GitHub API: HTTP 502 from GET \/repos\/octo\/infra\/issues\/7\/comments: injected 502 \(after 5 attempts\) \(the review above is the gate's verdict: pass\)$/);
    expect(gh.comments).toHaveLength(0);
  });

  it('a permission error is not retried and says what to check', async () => {
    gh.fail({ method: 'POST', path: /comments$/, status: 403, body: { message: 'Resource not accessible by integration' }, times: 9 });
    const r = await runCli(['comment', BLOCKED], githubEnv(gh));
    expect(r.code).toBe(2);
    expect(gh.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(r.stderr).toContain('GitHub API: HTTP 403 from POST /repos/octo/infra/issues/7/comments: Resource not accessible by integration');
    expect(r.stderr).toContain('pull-requests: write');
    expect(r.stderr).toContain('verdict: blocked');
  });

  it('a 2 MB plan still posts: the 422 "body is too long" answer makes it post the short review', async () => {
    const plan = bigPlanFile(tmp());
    const r = await runCli(['comment', plan, '--protect', 'terraform_data.*'], githubEnv(gh));
    expect(r.code).toBe(1);
    // Today's review of this plan is far over the limit, so the first POST is refused (422) and the
    // short version follows. (A renderer that trims the full review under 65,536 posts it at once.)
    const posts = gh.requests.filter((q) => q.method === 'POST').map((q) => JSON.parse(q.body ?? '{}') as { body: string });
    expect(posts.slice(0, -1).every((p) => p.body.length > 65_536)).toBe(true);
    expect(posts.at(-1)?.body.length).toBeLessThanOrEqual(65_536);
    if (posts.length > 1) expect(r.stderr).toMatch(/comment created .*the full review is too long for a comment: posted the short version/);
    expect(ours()).toHaveLength(1);
    const body = ours()[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/blocked/i);
    // The next run finds the short version already there: one refused PATCH, nothing written.
    const again = await runCli(['comment', plan, '--protect', 'terraform_data.*'], githubEnv(gh));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/comment unchanged/);
    expect(ours()[0]?.body).toBe(body);
  });

  it('missing GITHUB_TOKEN, GITHUB_REPOSITORY or PR number: exit 2 naming it, the review still printed, no request', async () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ GITHUB_TOKEN: '' }, /^planguard: GITHUB_TOKEN is not set/m],
      [{ GITHUB_REPOSITORY: '' }, /^planguard: GITHUB_REPOSITORY is not set/m],
      [{ GITHUB_REPOSITORY: 'no-slash' }, /^planguard: GITHUB_REPOSITORY must be owner\/repo/m],
      [{ GITHUB_REF: 'refs/heads/main' }, /^planguard: no pull request number: pass --pr N, or run on a pull_request event/m],
    ];
    for (const [env, message] of cases) {
      const r = await runCli(['comment', BLOCKED], githubEnv(gh, env));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toMatch(/^BLOCKED/);
    }
    expect(gh.requests).toHaveLength(0);
  });

  it('no platform in the environment and no --platform: exit 2', async () => {
    const r = await runCli(['comment', PASSES], githubEnv(gh, { GITHUB_ACTIONS: '' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot tell GitHub from GitLab: pass --platform github/);
    const ok = await runCli(['comment', PASSES, '--platform', 'github'], githubEnv(gh, { GITHUB_ACTIONS: '' }));
    expect(ok.code).toBe(0);
    expect(ours()).toHaveLength(1);
  });

  it('never prints the token', async () => {
    gh.fail({ method: 'GET', path: /comments$/, status: 401, body: { message: 'Bad credentials' } });
    const r = await runCli(['comment', PASSES, '--debug'], githubEnv(gh));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the token was refused');
    expect(`${r.stdout}${r.stderr}`).not.toContain('test-token');
  });
});

describe('planguard comment on GitHub: configuration', () => {
  it('takes the PR number from GITHUB_EVENT_PATH, and --pr over it', async () => {
    const dir = tmp();
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }));
    const r = await runCli(['comment', PASSES], githubEnv(gh, { GITHUB_REF: '', GITHUB_EVENT_PATH: event }));
    expect(r.code).toBe(0);
    writeFileSync(event, JSON.stringify({ action: 'created', issue: { number: 8, pull_request: { url: 'x' } }, comment: {} }));
    const other = await runCli(['comment', PASSES], githubEnv(gh, { GITHUB_REF: '', GITHUB_EVENT_PATH: event }));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('HTTP 404 from GET /repos/octo/infra/issues/8/comments');
    const flag = await runCli(['comment', BLOCKED, '--pr', '7'], githubEnv(gh, { GITHUB_REF: '', GITHUB_EVENT_PATH: event }));
    expect(flag.code).toBe(1);
    expect(ours()).toHaveLength(1);
    expect((await runCli(['comment', PASSES, '--pr', 'seven'], githubEnv(gh))).stderr).toMatch(/--pr must be a positive integer/);
  });

  it('honours GITHUB_API_URL with a path, as on GitHub Enterprise Server', async () => {
    const ghe = await startFakeGitHub({ prefix: '/api/v3' });
    try {
      expect(ghe.apiUrl).toMatch(/\/api\/v3$/);
      const r = await runCli(['comment', BLOCKED], githubEnv(ghe));
      expect(r.code).toBe(1);
      expect(ghe.comments).toHaveLength(1);
      expect(ghe.requests.every((q) => q.url.startsWith('/api/v3/'))).toBe(true);
    } finally {
      await ghe.close();
    }
  });

  it('--dry-run prints the comment it would post and makes no request', async () => {
    const r = await runCli(['comment', BLOCKED, '--dry-run'], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith(`${MARKER}\n`)).toBe(true);
    expect(r.stdout).toMatch(/blocked/i);
    expect(r.stderr).toBe('planguard: dry run: would post the comment above to github octo/infra#7, key "default", behavior update; no request made\n');
    expect(gh.requests).toHaveLength(0);
    const bare = await runCli(['comment', PASSES, '--dry-run']);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toMatch(/platform unknown/);
    const noToken = await runCli(['comment', PASSES, '--dry-run'], githubEnv(gh, { GITHUB_TOKEN: '' }));
    expect(noToken.stderr).toMatch(/posting would fail now: GITHUB_TOKEN is not set/);
    expect(gh.requests).toHaveLength(0);
  });

  it('writes the review to GITHUB_STEP_SUMMARY, also when posting then fails', async () => {
    const summary = join(tmp(), 'summary.md');
    writeFileSync(summary, '## earlier step\n');
    const r = await runCli(['comment', BLOCKED], githubEnv(gh, { GITHUB_STEP_SUMMARY: summary }));
    expect(r.code).toBe(1);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('## earlier step\n')).toBe(true);
    expect(text).toMatch(/blocked/i);
    expect(text).not.toContain('<!-- planguard-review');
    const failing = await runCli(['comment', PASSES], githubEnv(gh, { GITHUB_STEP_SUMMARY: summary, GITHUB_TOKEN: '' }));
    expect(failing.code).toBe(2);
    expect(readFileSync(summary, 'utf8').slice(text.length)).toMatch(/No destructive changes/);
  });

  it('exits with the gate code of planguard check for the same plan and options', async () => {
    for (const args of [[PASSES], [BLOCKED], [PASSES, '--protect', 'terraform_data.*'], [BLOCKED, '--fail-on', 'critical']]) {
      const check = await runCli(['check', ...args]);
      const comment = await runCli(['comment', ...args], githubEnv(gh));
      expect(comment.code).toBe(check.code);
      expect(comment.stdout).toBe(check.stdout);
    }
  });

  it('--from re-renders a saved JSON report without judging the plan again', async () => {
    const dir = tmp();
    const report = join(dir, 'report.json');
    const check = await runCli(['check', BLOCKED, '--format', 'json']);
    writeFileSync(report, check.stdout);
    const r = await runCli(['comment', '--from', report], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(ours()[0]?.body).toMatch(/blocked/i);
    const both = await runCli(['comment', BLOCKED, '--from', report], githubEnv(gh));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give a plan or --from REPORT, not both/);
    const judged = await runCli(['comment', '--from', report, '--protect', 'x*'], githubEnv(gh));
    expect(judged.code).toBe(2);
    expect(judged.stderr).toMatch(/--from re-renders a judged report: --protect cannot change it/);
    const notReport = await runCli(['comment', '--from', BLOCKED], githubEnv(gh));
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toMatch(/plan\.json: not a planguard JSON report of version 1/);
    const none = await runCli(['comment'], githubEnv(gh));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing the plan/);
    expect(ours()).toHaveLength(1);
  });
});

/** The built CLI as a real process (async: the fake server answers from this process meanwhile). */
function spawnBuilt(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/planguard.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('planguard comment as a process (bin/planguard.js, built by npm test)', () => {
  it('posts, then updates, and exits with the gate code', async () => {
    const first = await spawnBuilt(['comment', PASSES], githubEnv(gh));
    expect(first.stderr).toMatch(/^planguard: comment created on github octo\/infra#7/);
    expect(first.code).toBe(0);
    const second = await spawnBuilt(['comment', BLOCKED], githubEnv(gh));
    expect(second.stderr).toMatch(/^planguard: comment updated on github octo\/infra#7/);
    expect(second.code).toBe(1);
    expect(gh.comments).toHaveLength(1);
  });
});

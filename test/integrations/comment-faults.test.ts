/**
 * `planguard comment` under faults, against loopback fakes of GitHub and GitLab that hang, lose
 * the answer to a create, or list slowly while two runs post at once. Every test is bounded: a
 * small `--timeout`, and vitest's own timeout above it. Real waits are short (about a second of
 * backoff per retry); nothing here measures speed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { githubEnv, startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { gitlabEnv, startFakeGitLab, type FakeGitLab } from './fake-gitlab.js';
import { gitHubThread, resolveGitHubTarget } from '../../src/integrations/github.js';
import { gitLabThread } from '../../src/integrations/gitlab.js';
import { ApiError, Deadline, isOurs, marker, upsertComment, withMarker } from '../../src/integrations/comment.js';
import { requestTimeoutMs } from '../../src/cli/comment.js';

const BLOCKED = 'fixtures/terraform/foreach-key-rename/plan.json';
const PASSES = 'fixtures/terraform/foreach-key-rename-moved/plan.json';
const TOKEN = 'test-token';
const MARKER = marker('default');

const noToken = (r: CliResult) => {
  expect(r.stdout).not.toContain(TOKEN);
  expect(r.stderr).not.toContain(TOKEN);
};
const lastLine = (r: CliResult) => r.stderr.trim().split('\n').at(-1) ?? '';

/** The comment body each plan's run posts (its dry run prints it). */
async function bodyOf(plan: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runCli(['comment', plan, '--dry-run'], env);
  return r.stdout.trimEnd();
}

describe('the per-request timeout and the deadline', () => {
  it('a third of --timeout per request, at most 20 s', () => {
    expect(requestTimeoutMs(60_000)).toBe(20_000);
    expect(requestTimeoutMs(3_000)).toBe(1_000);
    expect(requestTimeoutMs(120_000)).toBe(20_000);
    expect(requestTimeoutMs(150)).toBe(100);
  });

  it('--timeout must be a positive number of seconds', async () => {
    const r = await runCli(['comment', PASSES, '--timeout', 'soon', '--platform', 'github']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout must be a number of seconds/);
  });
});

describe('GitHub under faults', () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await startFakeGitHub();
  });
  afterEach(async () => {
    await gh.close();
  });
  const ours = () => gh.comments.filter((c) => c.body.startsWith(MARKER));

  it('the per-request timeout really fires through octokit: a request left unanswered is retried and the listing succeeds', async () => {
    gh.fault({ method: 'GET', path: /comments$/, kind: 'hang' });
    gh.comments.push({ id: 1, body: 'hello', user: 'dev' });
    const retried: string[] = [];
    const thread = await gitHubThread(resolveGitHubTarget({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'octo/infra', GITHUB_API_URL: gh.apiUrl }, { pr: 7 }), {
      timeoutMs: 200,
      retry: { sleep: async () => {}, onRetry: ({ error }) => void retried.push(error.message) },
    });
    expect((await thread.list()).map((c) => c.id)).toEqual([1]);
    expect(gh.hung()).toBe(1);
    expect(retried).toEqual(['no answer from GET /repos/octo/infra/issues/7/comments: timed out after 0.2 s']);
  });

  it('a server that never answers: exit 2 within the deadline, one line naming the host, the request and the wait; the review was printed first', async () => {
    gh.fault({ method: 'GET', path: /comments$/, kind: 'hang', times: 99 });
    const started = Date.now();
    const r = await runCli(['comment', BLOCKED, '--timeout', '3'], githubEnv(gh));
    const took = Date.now() - started;
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^BLOCKED/);
    // Bounded: the deadline plus the time to judge the plan, never the old forever.
    expect(took).toBeLessThan(3000 + 5000);
    const host = new URL(gh.apiUrl).host;
    expect(lastLine(r)).toMatch(
      new RegExp(
        `^planguard: GitHub API at ${host.replace(/\./g, '\\.')}: no answer from GET /repos/octo/infra/issues/7/comments: timed out after [01]\\.\\d s \\(after 2 attempts\\); gave up at the 3\\.0 s deadline \\(--timeout\\) \\(the review above is the gate's verdict: blocked\\)$`,
      ),
    );
    expect(r.stderr.trim().split('\n').filter((l) => !l.includes('retrying'))).toHaveLength(1);
    expect(gh.comments).toHaveLength(0);
    noToken(r);
  });

  it('a POST that hangs is not sent twice past the deadline', async () => {
    gh.fault({ method: 'POST', path: /comments$/, kind: 'hang', times: 99 });
    const r = await runCli(['comment', PASSES, '--timeout', '1.5'], githubEnv(gh));
    expect(r.code).toBe(2);
    expect(lastLine(r)).toMatch(/no answer from POST \/repos\/octo\/infra\/issues\/7\/comments: timed out after 0\.\d s.*gave up at the 1\.5 s deadline/);
    expect(gh.hung()).toBeLessThanOrEqual(3);
  });

  it('a create that was done but whose answer was lost is adopted, never posted twice', async () => {
    gh.fault({ method: 'POST', path: /comments$/, kind: 'lose-answer' });
    const r = await runCli(['comment', BLOCKED, '--timeout', '4'], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(gh.hung()).toBe(1);
    expect(ours()).toHaveLength(1);
    expect(gh.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(lastLine(r)).toMatch(/^planguard: comment created on github octo\/infra#7 \(key "default"\): \S+; the create got no clear answer: the comment it made was found and kept$/);
    noToken(r);
  });

  it('a lost create whose comment did not land is sent again: one comment', async () => {
    gh.fault({ method: 'POST', path: /comments$/, kind: 'hang' });
    const r = await runCli(['comment', BLOCKED, '--timeout', '4'], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(ours()).toHaveLength(1);
    expect(r.stderr).toMatch(/no answer from POST .*; retrying/);
  });

  it('under faults nothing sent or printed holds a sensitive value or the token', async () => {
    const SECRETS = ['pg-fixture-secret-OLD-7f3a91', 'pg-fixture-secret-NEW-9c1d44', 'pg-unmarked-secret-3b7e02', 'pg-unmarked-secret-5d8f13', 'pg-fixture-secret-REPLICA-1e2f'];
    gh.fault({ method: 'POST', path: /comments$/, kind: 'lose-answer' });
    gh.fault({ method: 'GET', path: /comments$/, kind: 'delay', ms: 50 });
    const plan = 'fixtures/terraform/handwritten-sensitive-db-password/plan.json';
    const [a, b] = await Promise.all([runCli(['comment', plan, '--timeout', '4'], githubEnv(gh)), runCli(['comment', plan, '--timeout', '4'], githubEnv(gh))]);
    expect(ours()).toHaveLength(1);
    const everything = [a.stdout, a.stderr, b.stdout, b.stderr, ...gh.requests.map((q) => `${q.url} ${q.body ?? ''}`)].join('\n');
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    expect(everything).not.toContain(TOKEN);
    expect(everything).toMatch(/password/);
  }, 30_000);

  it('20 pairs of runs at once against a slow listing leave exactly one comment each time, holding a whole review', async () => {
    gh.fault({ method: 'GET', path: /comments$/, kind: 'delay', ms: 150 });
    const env = githubEnv(gh);
    const bodies = [await bodyOf(BLOCKED, env), await bodyOf(PASSES, env)];
    gh.comments.push({ id: 1, body: 'a reviewer', user: 'dev' }, { id: 2, body: withMarker('another stack', 'infra/prod'), user: 'github-actions[bot]' });
    for (let pair = 0; pair < 20; pair++) {
      gh.comments.splice(2);
      const [a, b] = await Promise.all([runCli(['comment', BLOCKED], env), runCli(['comment', PASSES], env)]);
      expect([a.code, b.code]).toEqual([1, 0]);
      expect(ours()).toHaveLength(1);
      expect(bodies).toContain(ours()[0]?.body.trimEnd());
      // Never a comment without the marker, never another key's.
      expect(gh.comments.slice(0, 2).map((c) => c.id)).toEqual([1, 2]);
    }
  }, 120_000);

  it('the stale duplicates an earlier version left: update keeps the oldest, writes the newest review into it, deletes the rest', async () => {
    gh.comments.push(
      { id: 10, body: withMarker('stale review', 'default'), user: 'github-actions[bot]' },
      { id: 11, body: `> ${MARKER}\n> quoted`, user: 'dev' },
      { id: 12, body: withMarker('the newer duplicate', 'default'), user: 'github-actions[bot]' },
    );
    const r = await runCli(['comment', BLOCKED], githubEnv(gh));
    expect(r.code).toBe(1);
    expect(gh.comments.map((c) => c.id)).toEqual([10, 11]);
    expect(ours()[0]?.body).toMatch(/blocked/i);
    expect(lastLine(r)).toMatch(/comment updated on github octo\/infra#7 .*deleted 1 duplicate of this key$/);
  });
});

describe('GitLab under faults', () => {
  let gl: FakeGitLab;
  beforeEach(async () => {
    gl = await startFakeGitLab();
  });
  afterEach(async () => {
    await gl.close();
  });
  const ours = () => gl.notes.filter((n) => n.body.startsWith(MARKER));

  it('a request left unanswered times out and is retried', async () => {
    gl.fault({ method: 'GET', path: /notes$/, kind: 'hang' });
    const thread = gitLabThread({ apiUrl: gl.apiUrl, token: 'gl-token', projectId: '55', iid: 3 }, { timeoutMs: 200, retry: { sleep: async () => {} } });
    expect(await thread.list()).toEqual([]);
    expect(gl.hung()).toBe(1);
  });

  it('a server that never answers: exit 2 within the deadline, one line', async () => {
    gl.fault({ method: 'GET', path: /notes$/, kind: 'hang', times: 99 });
    const r = await runCli(['comment', PASSES, '--timeout', '3'], gitlabEnv(gl));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^PASS/);
    expect(lastLine(r)).toMatch(/^planguard: GitLab API at 127\.0\.0\.1:\d+: no answer from GET \/api\/v4\/projects\/55\/merge_requests\/3\/notes: timed out after [01]\.\d s \(after 2 attempts\); gave up at the 3\.0 s deadline \(--timeout\)/);
    expect(r.stderr).not.toContain('gl-token');
  });

  it('a create whose answer was lost is adopted', async () => {
    gl.fault({ method: 'POST', path: /notes$/, kind: 'lose-answer' });
    const r = await runCli(['comment', BLOCKED, '--timeout', '4'], gitlabEnv(gl));
    expect(r.code).toBe(1);
    expect(ours()).toHaveLength(1);
    expect(gl.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(lastLine(r)).toMatch(/the comment it made was found and kept$/);
  });

  it('20 pairs of runs at once against a slow listing leave exactly one note each time', async () => {
    gl.fault({ method: 'GET', path: /notes$/, kind: 'delay', ms: 150 });
    const env = gitlabEnv(gl);
    const bodies = [await bodyOf(BLOCKED, env), await bodyOf(PASSES, env)];
    gl.notes.push({ id: 1, body: withMarker('another stack', 'infra/prod'), system: false });
    for (let pair = 0; pair < 20; pair++) {
      gl.notes.splice(1);
      const [a, b] = await Promise.all([runCli(['comment', PASSES], env), runCli(['comment', BLOCKED], env)]);
      expect([a.code, b.code]).toEqual([0, 1]);
      expect(ours()).toHaveLength(1);
      expect(bodies).toContain(ours()[0]?.body.trimEnd());
      expect(gl.notes[0]?.id).toBe(1);
    }
  }, 120_000);
});

describe('upsert convergence, two threads interleaved by hand', () => {
  it('delete-and-new: two runs at once keep the newest, never zero', async () => {
    const gh = await startFakeGitHub();
    try {
      gh.fault({ method: 'GET', path: /comments$/, kind: 'delay', ms: 100 });
      gh.comments.push({ id: 5, body: withMarker('old', 'default'), user: 'github-actions[bot]' });
      const target = resolveGitHubTarget({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'octo/infra', GITHUB_API_URL: gh.apiUrl }, { pr: 7 });
      const run = async (text: string) => upsertComment(await gitHubThread(target), { full: text, fallback: text }, { key: 'default', behavior: 'delete-and-new' });
      await Promise.all([run('A'), run('B')]);
      const left = gh.comments.filter((c) => isOurs(c.body, 'default'));
      expect(left).toHaveLength(1);
      expect(left[0]?.id).toBeGreaterThan(5);
    } finally {
      await gh.close();
    }
  });

  it('a deadline already passed sends nothing', async () => {
    const gh = await startFakeGitHub();
    try {
      const deadline = new Deadline(0);
      const thread = await gitHubThread(resolveGitHubTarget({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'octo/infra', GITHUB_API_URL: gh.apiUrl }, { pr: 7 }), { retry: { deadline } });
      const e = await thread.list().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).deadlineMs).toBe(0);
      expect(gh.requests).toHaveLength(0);
    } finally {
      await gh.close();
    }
  });
});

describe('--report-url: the comment links to the HTML review', () => {
  it('an http(s) address, every character that could end the Markdown link encoded', async () => {
    const { reportLink } = await import('../../src/cli/comment.js');
    expect(reportLink('https://ci.example/jobs/7/artifacts/file/review.html')).toBe('**The full review as a page, with the blast radius drawn:** [review.html](<https://ci.example/jobs/7/artifacts/file/review.html>)');
    const tricky = reportLink('https://ci.example/a)b>(c]<x> @team #12');
    expect(tricky).not.toMatch(/<https:[^>]*[()[\]<\s]/);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'https://user:pw@ci.example/x', 'not a url']) {
      expect(() => reportLink(bad), bad).toThrow(/--report-url must be an http\(s\) address/);
    }
  });

  it('the dry run shows the link at the end of the comment', async () => {
    const r = await runCli(['comment', PASSES, '--dry-run', '--platform', 'github', '--report-url', 'https://ci.example/run/1']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd()).toMatch(/\[review\.html\]\(<https:\/\/ci\.example\/run\/1>\)$/);
  });
});

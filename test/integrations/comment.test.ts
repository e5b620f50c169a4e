/**
 * The shared comment logic: retry and backoff (with an injected sleep: nothing waits), the marker,
 * the upsert's fallback chain, and the escaping of the stand-in Markdown bodies.
 */
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  LAST_RESORT_CHARS,
  isOurs,
  marker,
  retryDelay,
  truncateBody,
  upsertComment,
  withMarker,
  withRetry,
  type CommentThread,
  type RemoteComment,
} from '../../src/integrations/comment.js';
import { gitHubThread, prFromEvent, resolveGitHubTarget } from '../../src/integrations/github.js';
import { gitLabThread } from '../../src/integrations/gitlab.js';
import { startFakeGitHub } from './fake-github.js';
import { startFakeGitLab } from './fake-gitlab.js';

const NOW = 1_800_000_000_000;
const err = (status: number | undefined, headers: Record<string, string> = {}, detail = '') => new ApiError(status, 'GET /x', headers, detail);

describe('retryDelay', () => {
  const cases: [string, ApiError, number, number | undefined][] = [
    ['no answer backs off', err(undefined), 0, 1000],
    ['502 backs off, doubling', err(502), 2, 4000],
    ['503 honours retry-after seconds', err(503, { 'retry-after': '7' }), 0, 7000],
    ['500', err(500), 1, 2000],
    ['429 with retry-after', err(429, { 'retry-after': '3' }), 0, 3000],
    ['429 with an HTTP-date retry-after', err(429, { 'retry-after': new Date(NOW + 5000).toUTCString() }), 0, 5000],
    ['403 primary rate limit waits for x-ratelimit-reset', err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 42) }), 0, 42_000],
    ['403 secondary rate limit with retry-after', err(403, { 'retry-after': '60' }), 0, 60_000],
    ['429 with GitLab ratelimit-reset', err(429, { 'ratelimit-reset': String(NOW / 1000 + 9) }), 0, 9000],
    ['a reset too far away is not waited for', err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3600) }), 0, undefined],
    ['403 without rate-limit headers is a permission error', err(403, { 'x-ratelimit-remaining': '4000' }), 0, undefined],
    ['401', err(401), 0, undefined],
    ['404', err(404), 0, undefined],
    ['422', err(422, {}, 'body is too long'), 0, undefined],
  ];
  for (const [name, e, retry, expected] of cases) {
    it(name, () => expect(retryDelay(e, retry, { now: () => NOW })).toBe(expected));
  }
});

describe('withRetry', () => {
  it('backs off 1 s, 2 s, 4 s, 8 s and gives up after five attempts, saying how many', async () => {
    const slept: number[] = [];
    let calls = 0;
    const p = withRetry(
      async () => {
        calls++;
        throw err(502);
      },
      { sleep: async (ms) => void slept.push(ms) },
    );
    await expect(p).rejects.toMatchObject({ status: 502, attempts: 5 });
    expect(calls).toBe(5);
    expect(slept).toEqual([1000, 2000, 4000, 8000]);
  });

  it('returns the first success and does not retry what cannot succeed', async () => {
    const slept: number[] = [];
    const answers: (ApiError | string)[] = [err(503), err(undefined), 'ok'];
    await expect(
      withRetry(
        async () => {
          const a = answers.shift();
          if (a instanceof ApiError) throw a;
          return a;
        },
        { sleep: async (ms) => void slept.push(ms) },
      ),
    ).resolves.toBe('ok');
    expect(slept).toEqual([1000, 2000]);
    let calls = 0;
    await expect(withRetry(async () => (calls++, Promise.reject(err(404))), { sleep: async () => {} })).rejects.toMatchObject({ status: 404, attempts: 1 });
    expect(calls).toBe(1);
  });
});

describe('the GitHub client retries every request, pages included, with backoff', () => {
  it('a 502 without retry-after, then success: one backoff of 1 s; a primary rate limit waits for its reset', async () => {
    const gh = await startFakeGitHub();
    try {
      for (let i = 0; i < 230; i++) gh.comments.push({ id: i + 1, body: `c${i}`, user: 'u' });
      gh.fail({ method: 'GET', path: /^\/repositories\/4242\/issues\/7\/comments$/, status: 502 });
      gh.fail({ method: 'GET', path: /^\/repositories\/4242\/issues\/7\/comments$/, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 30) } });
      const slept: number[] = [];
      const target = resolveGitHubTarget({ GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: 'octo/infra', GITHUB_API_URL: gh.apiUrl }, { pr: 7 });
      const thread = await gitHubThread(target, { retry: { sleep: async (ms) => void slept.push(ms), now: () => NOW } });
      const all = await thread.list();
      expect(all.map((c) => c.id)).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
      expect(slept).toEqual([1000, 30_000]);
      expect(gh.requests.map((r) => r.url)).toEqual([
        '/repos/octo/infra/issues/7/comments?per_page=100',
        '/repositories/4242/issues/7/comments?per_page=100&page=2',
        '/repositories/4242/issues/7/comments?per_page=100&page=2',
        '/repositories/4242/issues/7/comments?per_page=100&page=2',
        '/repositories/4242/issues/7/comments?per_page=100&page=3',
      ]);
    } finally {
      await gh.close();
    }
  });

  it('a server that does not answer is "no answer", retried, then named in the error', async () => {
    const gh = await startFakeGitHub();
    const url = gh.apiUrl;
    await gh.close();
    const slept: number[] = [];
    const thread = await gitHubThread(resolveGitHubTarget({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: url }, { pr: 1 }), {
      retry: { retries: 2, sleep: async (ms) => void slept.push(ms) },
    });
    const e = await thread.create('x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBeUndefined();
    expect((e as ApiError).endpoint).toBe('POST /repos/o/r/issues/1/comments');
    expect((e as ApiError).attempts).toBe(3);
    expect(slept).toEqual([1000, 2000]);
  });

  it('a 2 MB review against the 65,536 limit posts the fallback', async () => {
    const gh = await startFakeGitHub();
    try {
      const thread = await gitHubThread(resolveGitHubTarget({ GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: 'octo/infra', GITHUB_API_URL: gh.apiUrl }, { pr: 7 }));
      const full = `### planguard: BLOCKED\n${'- a line of the diff\n'.repeat(100_000)}`;
      expect(full.length).toBeGreaterThan(2_000_000);
      const r = await upsertComment(thread, { full, fallback: '### planguard: BLOCKED\n- the findings' }, { key: 'default', behavior: 'update' });
      expect(r).toMatchObject({ action: 'created', body: 'fallback' });
      expect(gh.comments.map((c) => c.body)).toEqual([withMarker('### planguard: BLOCKED\n- the findings', 'default')]);
    } finally {
      await gh.close();
    }
  });

  it('the GitLab client backs off the same way and skips system notes', async () => {
    const gl = await startFakeGitLab();
    try {
      gl.notes.push({ id: 1, body: 'merged', system: true }, { id: 2, body: withMarker('old', 'default'), system: false });
      gl.fail({ method: 'GET', path: /notes$/, status: 503 });
      const slept: number[] = [];
      const thread = gitLabThread({ apiUrl: gl.apiUrl, token: 'gl-token', projectId: '55', iid: 3 }, { retry: { sleep: async (ms) => void slept.push(ms) } });
      expect((await thread.list()).map((n) => n.id)).toEqual([2]);
      expect(slept).toEqual([1000]);
    } finally {
      await gl.close();
    }
  });
});

describe('the marker', () => {
  it('no key can end the hidden comment early or reach the page', () => {
    const m = marker('evil --> <img src=x onerror=alert(1)> @team');
    expect(m.match(/-->/g)).toHaveLength(1);
    expect(m.startsWith('<!-- planguard-review key=')).toBe(true);
    expect(m.endsWith(' -->')).toBe(true);
    expect(m.slice('<!-- planguard-review key='.length, -' -->'.length)).toMatch(/^[A-Za-z0-9%._~!*'()-]+$/);
  });

  it('is ours only at the start of the body, and only for the same key', () => {
    expect(isOurs(withMarker('x', 'prod'), 'prod')).toBe(true);
    expect(isOurs(`\r\n${withMarker('x', 'prod')}`, 'prod')).toBe(true);
    expect(isOurs(withMarker('x', 'prod'), 'prod2')).toBe(false);
    expect(isOurs(withMarker('x', 'prod2'), 'prod')).toBe(false);
    expect(isOurs(`> ${withMarker('x', 'prod')}`, 'prod')).toBe(false);
    expect(isOurs('<!-- planguard-review key=a%20b -->', 'a b')).toBe(true);
  });
});

describe('upsertComment', () => {
  /** An in-memory thread whose platform refuses bodies over `limit`. */
  function memoryThread(limit: number, initial: RemoteComment[] = []) {
    const comments = [...initial];
    const log: string[] = [];
    let next = 100;
    const tooLong = (endpoint: string) => new ApiError(422, endpoint, {}, 'Validation Failed; body is too long (maximum is 65536 characters)');
    const thread: CommentThread = {
      where: 'memory',
      list: async () => comments.map((c) => ({ ...c })),
      create: async (body) => {
        log.push(`create ${body.length}`);
        if (body.length > limit) throw tooLong('POST /c');
        const c = { id: next++, body };
        comments.push(c);
        return c;
      },
      update: async (id, body) => {
        log.push(`update ${id} ${body.length}`);
        if (body.length > limit) throw tooLong(`PATCH /c/${id}`);
        const c = comments.find((x) => x.id === id);
        if (!c) throw new ApiError(404, `PATCH /c/${id}`, {}, 'Not Found');
        c.body = body;
        return { ...c };
      },
      remove: async (id) => {
        log.push(`remove ${id}`);
        comments.splice(
          comments.findIndex((x) => x.id === id),
          1,
        );
      },
    };
    return { thread, comments, log };
  }

  it('full, else fallback, else the fallback truncated: never nothing', async () => {
    const full = 'F'.repeat(200_000);
    const fallback = 'S'.repeat(90_000);
    const m = memoryThread(65_536);
    const r = await upsertComment(m.thread, { full, fallback }, { key: 'k', behavior: 'update' });
    expect(r).toMatchObject({ action: 'created', body: 'truncated' });
    expect(m.comments).toHaveLength(1);
    const body = m.comments[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(LAST_RESORT_CHARS);
    expect(isOurs(body, 'k')).toBe(true);
    expect(body).toMatch(/truncated: the review is too long for a comment/);
    expect(m.log.map((l) => l.split(' ')[0])).toEqual(['create', 'create', 'create']);
  });

  it('throws the platform error when even the truncated body is refused', async () => {
    const m = memoryThread(10);
    await expect(upsertComment(m.thread, { full: 'a'.repeat(100), fallback: 'b'.repeat(50) }, { key: 'k', behavior: 'update' })).rejects.toMatchObject({ status: 422 });
    expect(m.comments).toHaveLength(0);
  });

  it('updates the oldest of its comments, deletes the other ones of its key, and leaves an unchanged one alone', async () => {
    const m = memoryThread(1000, [
      { id: 1, body: withMarker('old', 'k') },
      { id: 2, body: 'someone else' },
      { id: 3, body: withMarker('a duplicate left by two runs at once', 'k') },
      { id: 4, body: withMarker('other stack', 'j') },
    ]);
    const r = await upsertComment(m.thread, { full: 'new', fallback: 'n' }, { key: 'k', behavior: 'update' });
    expect(r).toMatchObject({ action: 'updated', body: 'full', scanned: 4, duplicates: 1 });
    expect(m.log).toEqual(['remove 3', `update 1 ${withMarker('new', 'k').length}`]);
    expect(m.comments.map((c) => c.id)).toEqual([1, 2, 4]);
    const again = await upsertComment(m.thread, { full: 'new\r\n', fallback: 'n' }, { key: 'k', behavior: 'update' });
    expect(again.action).toBe('unchanged');
    expect(m.log).toHaveLength(2);
  });

  it('delete-and-new deletes only its own earlier comments of the same key, after creating', async () => {
    const m = memoryThread(1000, [
      { id: 1, body: withMarker('a', 'k') },
      { id: 2, body: withMarker('b', 'j') },
      { id: 3, body: withMarker('c', 'k') },
    ]);
    const r = await upsertComment(m.thread, { full: 'd', fallback: 'd' }, { key: 'k', behavior: 'delete-and-new' });
    expect(r).toMatchObject({ action: 'created', deleted: 2 });
    expect(m.log).toEqual([`create ${withMarker('d', 'k').length}`, 'remove 1', 'remove 3']);
    expect(m.comments.map((c) => c.id)).toEqual([2, 100]);
  });
});

describe('truncateBody', () => {
  it('cuts at a line end, under the cap, never inside a surrogate pair', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} 😀😀`).join('\n');
    const t = truncateBody(lines, 20_000);
    expect(t.length).toBeLessThanOrEqual(20_000);
    expect(t).toMatch(/😀\n\n_\(truncated/);
    const emoji = '😀'.repeat(40_000);
    const u = truncateBody(emoji, 1001);
    expect(u.length).toBeLessThanOrEqual(1001);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(u)).toBe(false);
    expect(truncateBody('short', 100)).toBe('short');
  });
});

describe('the pull request number from a GitHub event', () => {
  it('reads pull_request.number, or issue.number when the issue is a PR', () => {
    expect(prFromEvent({ pull_request: { number: 12 } })).toBe(12);
    expect(prFromEvent({ issue: { number: 13, pull_request: { url: 'u' } } })).toBe(13);
    expect(prFromEvent({ issue: { number: 14 } })).toBeUndefined();
    expect(prFromEvent({ ref: 'refs/heads/main' })).toBeUndefined();
    expect(prFromEvent(null)).toBeUndefined();
  });

  it('an unreadable event file is an error naming GITHUB_EVENT_PATH', () => {
    expect(() =>
      resolveGitHubTarget(
        { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'o/r', GITHUB_EVENT_PATH: '/nonexistent/event.json' },
        {
          readFile: () => {
            throw new Error('ENOENT: no such file');
          },
        },
      ),
    ).toThrow(/^GITHUB_EVENT_PATH \/nonexistent\/event\.json: cannot read the event: ENOENT/);
  });
});

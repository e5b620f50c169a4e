/**
 * A loopback stand-in for the subset of GitHub's REST API that `planguard comment` uses: issue
 * comments of one pull request (list with `per_page`/`page` and a `Link` header, create, update,
 * delete), token auth, the 65,536-character body limit (422), and injected failures.
 * Started on 127.0.0.1 port 0 by each test and closed after it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults, type Fault } from './faults.js';

export interface FakeComment {
  id: number;
  body: string;
  user: string;
}

export interface LoggedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  body?: string;
}

export interface Failure {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface FakeGitHub {
  /** GITHUB_API_URL */
  apiUrl: string;
  comments: FakeComment[];
  requests: LoggedRequest[];
  /** Requests that changed something (POST, PATCH, DELETE). */
  writes(): LoggedRequest[];
  fail(f: Failure): void;
  /** A request that is never answered, answered slowly, or done and never answered. */
  fault(f: Fault): void;
  /** Requests left unanswered by `fault`. */
  hung(): number;
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  pr?: number;
  token?: string;
  /** Path prefix, as GitHub Enterprise Server's `/api/v3`. */
  prefix?: string;
  bodyLimit?: number;
}

const REPO_ID = 4242;

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const owner = opts.owner ?? 'octo';
  const repo = opts.repo ?? 'infra';
  const pr = opts.pr ?? 7;
  const token = opts.token ?? 'test-token';
  const prefix = opts.prefix ?? '';
  const bodyLimit = opts.bodyLimit ?? 65_536;
  const comments: FakeComment[] = [];
  const requests: LoggedRequest[] = [];
  const failures: (Failure & { left: number })[] = [];
  const faults = new Faults();
  let nextId = 900_001;
  let origin = '';

  const json = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) => {
    const text = data === undefined ? '' : JSON.stringify(data);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  };
  const view = (c: FakeComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${origin}${prefix}/repos/${owner}/${repo}/issues/comments/${c.id}`,
    html_url: `https://github.example/${owner}/${repo}/pull/${pr}#issuecomment-${c.id}`,
    body: c.body,
    user: { login: c.user, type: c.user.endsWith('[bot]') ? 'Bot' : 'User' },
    created_at: '2026-06-01T00:00:00Z',
    updated_at: '2026-06-01T00:00:00Z',
  });
  const tooLong = (res: ServerResponse) =>
    json(res, 422, {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${bodyLimit} characters)` }],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '422',
    });

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', origin);
    requests.push(raw ? { method, url: req.url ?? '', body: raw } : { method, url: req.url ?? '' });

    const f = failures.find((x) => x.left > 0 && x.method === method && x.path.test(url.pathname));
    if (f) {
      f.left--;
      return json(res, f.status, f.body ?? { message: `injected ${f.status}` }, f.headers);
    }
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) return json(res, 401, { message: 'Bad credentials' });
    if (!url.pathname.startsWith(prefix)) return json(res, 404, { message: 'Not Found' });
    const path = url.pathname.slice(prefix.length);

    const list = new RegExp(`^(?:/repos/${owner}/${repo}|/repositories/${REPO_ID})/issues/${pr}/comments$`);
    const one = new RegExp(`^/repos/${owner}/${repo}/issues/comments/(\\d+)$`);
    const body = (): string | undefined => {
      try {
        const b = (JSON.parse(raw) as { body?: unknown }).body;
        return typeof b === 'string' ? b : undefined;
      } catch {
        return undefined;
      }
    };

    if (list.test(path) && method === 'GET') {
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30);
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      const last = Math.max(1, Math.ceil(comments.length / perPage));
      // Like GitHub: the Link header points at /repositories/{id}/..., not the path that was asked.
      const link = (p: number) => `<${origin}${prefix}/repositories/${REPO_ID}/issues/${pr}/comments?per_page=${perPage}&page=${p}>`;
      const rels: string[] = [];
      if (page > 1) rels.push(`${link(page - 1)}; rel="prev"`);
      if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
      if (page > 1) rels.push(`${link(1)}; rel="first"`);
      const slice = comments.slice((page - 1) * perPage, page * perPage).map(view);
      return json(res, 200, slice, rels.length ? { link: rels.join(', ') } : {});
    }
    if (list.test(path) && method === 'POST') {
      const b = body();
      if (b === undefined) return json(res, 422, { message: 'Invalid request.' });
      if (b.length > bodyLimit) return tooLong(res);
      const c = { id: nextId++, body: b, user: 'github-actions[bot]' };
      comments.push(c);
      return json(res, 201, view(c));
    }
    const m = one.exec(path);
    if (m) {
      const id = Number(m[1]);
      const i = comments.findIndex((c) => c.id === id);
      if (i < 0) return json(res, 404, { message: 'Not Found' });
      if (method === 'PATCH') {
        const b = body();
        if (b === undefined) return json(res, 422, { message: 'Invalid request.' });
        if (b.length > bodyLimit) return tooLong(res);
        (comments[i] as FakeComment).body = b;
        return json(res, 200, view(comments[i] as FakeComment));
      }
      if (method === 'DELETE') {
        comments.splice(i, 1);
        res.writeHead(204).end();
        return;
      }
    }
    return json(res, 404, { message: 'Not Found' });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => faults.run(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname, res, (r) => handle(req, r, Buffer.concat(chunks).toString('utf8'))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${origin}${prefix}`,
    comments,
    requests,
    writes: () => requests.filter((r) => r.method !== 'GET'),
    fail: (f) => failures.push({ ...f, left: f.times ?? 1 }),
    fault: (f) => faults.add(f),
    hung: () => faults.hung,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** The environment of a GitHub Actions pull_request run against the fake. */
export function githubEnv(gh: FakeGitHub, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_TOKEN: 'test-token',
    GITHUB_REPOSITORY: 'octo/infra',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_API_URL: gh.apiUrl,
    ...extra,
  };
}

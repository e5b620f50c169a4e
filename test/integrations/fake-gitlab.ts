/**
 * A loopback stand-in for the subset of GitLab's REST API v4 that `planguard comment` uses: the
 * notes of one merge request (list with `page`/`per_page` and `X-Next-Page`, create, update,
 * delete), PRIVATE-TOKEN auth, system notes in the list, the note length limit (400 "is too
 * long"), and injected failures.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults, type Fault } from './faults.js';
import type { Failure, LoggedRequest } from './fake-github.js';

export interface FakeNote {
  id: number;
  body: string;
  system: boolean;
}

export interface FakeGitLab {
  /** CI_API_V4_URL */
  apiUrl: string;
  notes: FakeNote[];
  requests: LoggedRequest[];
  writes(): LoggedRequest[];
  fail(f: Failure): void;
  /** A request that is never answered, answered slowly, or done and never answered. */
  fault(f: Fault): void;
  /** Requests left unanswered by `fault`. */
  hung(): number;
  close(): Promise<void>;
}

export interface FakeGitLabOptions {
  /** As it appears in the URL: `55` or `group%2Finfra`. */
  project?: string;
  iid?: number;
  token?: string;
  bodyLimit?: number;
}

export async function startFakeGitLab(opts: FakeGitLabOptions = {}): Promise<FakeGitLab> {
  const project = opts.project ?? '55';
  const iid = opts.iid ?? 3;
  const token = opts.token ?? 'gl-token';
  const bodyLimit = opts.bodyLimit ?? 1_000_000;
  const notes: FakeNote[] = [];
  const requests: LoggedRequest[] = [];
  const failures: (Failure & { left: number })[] = [];
  const faults = new Faults();
  let nextId = 7001;
  let origin = '';

  const json = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(data === undefined ? '' : JSON.stringify(data));
  };
  const view = (n: FakeNote) => ({ id: n.id, type: null, body: n.body, system: n.system, noteable_iid: iid, author: { username: 'planguard-bot' } });
  const tooLong = (res: ServerResponse) => json(res, 400, { message: `Note {:note=>["is too long (maximum is ${bodyLimit} characters)"]}` });

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    requests.push(raw ? { method, url: rawUrl, body: raw } : { method, url: rawUrl });
    const path = rawUrl.split('?')[0] ?? '';
    const query = new URLSearchParams(rawUrl.split('?')[1] ?? '');

    const f = failures.find((x) => x.left > 0 && x.method === method && x.path.test(path));
    if (f) {
      f.left--;
      return json(res, f.status, f.body ?? { message: `${f.status} injected` }, f.headers);
    }
    if (req.headers['private-token'] !== token) return json(res, 401, { message: '401 Unauthorized' });
    const base = `/api/v4/projects/${project}/merge_requests/${iid}/notes`;
    const body = (): string | undefined => {
      try {
        const b = (JSON.parse(raw) as { body?: unknown }).body;
        return typeof b === 'string' ? b : undefined;
      } catch {
        return undefined;
      }
    };
    if (path === base && method === 'GET') {
      const perPage = Math.min(100, Number(query.get('per_page') ?? 20) || 20);
      const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
      const total = Math.max(1, Math.ceil(notes.length / perPage));
      const sorted = query.get('sort') === 'asc' ? notes : [...notes].reverse();
      return json(res, 200, sorted.slice((page - 1) * perPage, page * perPage).map(view), {
        'x-page': String(page),
        'x-per-page': String(perPage),
        'x-total': String(notes.length),
        'x-total-pages': String(total),
        'x-next-page': page < total ? String(page + 1) : '',
      });
    }
    if (path === base && method === 'POST') {
      const b = body();
      if (b === undefined) return json(res, 400, { error: 'body is missing' });
      if (b.length > bodyLimit) return tooLong(res);
      const n = { id: nextId++, body: b, system: false };
      notes.push(n);
      return json(res, 201, view(n));
    }
    const m = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(\\d+)$`).exec(path);
    if (m) {
      const i = notes.findIndex((n) => n.id === Number(m[1]));
      if (i < 0) return json(res, 404, { message: '404 Not found' });
      if (method === 'PUT') {
        const b = body();
        if (b === undefined) return json(res, 400, { error: 'body is missing' });
        if (b.length > bodyLimit) return tooLong(res);
        (notes[i] as FakeNote).body = b;
        return json(res, 200, view(notes[i] as FakeNote));
      }
      if (method === 'DELETE') {
        notes.splice(i, 1);
        res.writeHead(204).end();
        return;
      }
    }
    return json(res, 404, { message: '404 Not Found' });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => faults.run(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname, res, (r) => handle(req, r, Buffer.concat(chunks).toString('utf8'))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${origin}/api/v4`,
    notes,
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

export function gitlabEnv(gl: FakeGitLab, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    GITLAB_CI: 'true',
    PLANGUARD_GITLAB_TOKEN: 'gl-token',
    CI_API_V4_URL: gl.apiUrl,
    CI_PROJECT_ID: '55',
    CI_MERGE_REQUEST_IID: '3',
    ...extra,
  };
}

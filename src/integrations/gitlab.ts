/**
 * GitLab: one merge request's notes through the REST API v4, with Node's own fetch (no SDK).
 * Configured as in GitLab CI: CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID (set in merge
 * request pipelines; or --pr), and a token with the `api` scope in PLANGUARD_GITLAB_TOKEN or
 * GITLAB_TOKEN (CI_JOB_TOKEN cannot write notes). Pages follow `X-Next-Page`.
 */
import { IntegrationError } from '../errors.js';
import { ApiError, endpointName, errorDetail, RequestTimeout, timedFetch, withRetry, type CommentThread, type RemoteComment, type RetryOptions } from './comment.js';

export const GITLAB_API_DEFAULT = 'https://gitlab.com/api/v4';

export interface GitLabTarget {
  apiUrl: string;
  token: string;
  /** Numeric id or `group/project` path. */
  projectId: string;
  /** Merge request IID (the number in its URL). */
  iid: number;
  /** CI_PROJECT_URL, to give each note's web address. */
  projectUrl?: string;
}

export function resolveGitLabTarget(env: NodeJS.ProcessEnv, opts: { pr?: number } = {}): GitLabTarget {
  const token = env.PLANGUARD_GITLAB_TOKEN || env.GITLAB_TOKEN;
  if (!token) {
    throw new IntegrationError(
      'PLANGUARD_GITLAB_TOKEN (or GITLAB_TOKEN) is not set',
      'a project or personal access token with the api scope, as a masked CI/CD variable; CI_JOB_TOKEN cannot write notes',
    );
  }
  const projectId = env.CI_PROJECT_ID;
  if (!projectId) throw new IntegrationError('CI_PROJECT_ID is not set', 'GitLab CI sets it; elsewhere set it to the project id or group/project');
  let iid = opts.pr;
  if (iid === undefined && env.CI_MERGE_REQUEST_IID) {
    const n = Number(env.CI_MERGE_REQUEST_IID);
    if (!Number.isInteger(n) || n <= 0) throw new IntegrationError(`CI_MERGE_REQUEST_IID must be a positive integer (got ${JSON.stringify(env.CI_MERGE_REQUEST_IID)})`);
    iid = n;
  }
  if (iid === undefined) {
    throw new IntegrationError(
      'CI_MERGE_REQUEST_IID is not set: pass --pr N, or run in a merge request pipeline',
      'rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
    );
  }
  const t: GitLabTarget = { apiUrl: (env.CI_API_V4_URL || GITLAB_API_DEFAULT).replace(/\/+$/, ''), token, projectId, iid };
  if (env.CI_PROJECT_URL) t.projectUrl = env.CI_PROJECT_URL.replace(/\/+$/, '');
  return t;
}

export interface ThreadOptions {
  /** Retries, and the total deadline (`retry.deadline`) every request and wait must end within. */
  retry?: RetryOptions;
  /** Per request, body included (default 20 s, cut to what is left of the deadline); a timeout counts as "no answer" and is retried. */
  timeoutMs?: number;
  userAgent?: string;
  fetch?: typeof fetch;
}

const MAX_PAGES = 1000;

interface GitLabNote {
  id: number;
  body?: string | null;
  system?: boolean;
}

export function gitLabThread(target: GitLabTarget, opts: ThreadOptions = {}): CommentThread {
  const doFetch = timedFetch(opts.timeoutMs ?? 20_000, opts.retry?.deadline, opts.fetch ?? fetch);
  const base = `${target.apiUrl}/projects/${encodeURIComponent(target.projectId)}/merge_requests/${target.iid}/notes`;

  async function call(
    method: string,
    url: string,
    body?: unknown,
    beforeRetry?: () => Promise<{ data: unknown; headers: Headers } | undefined>,
  ): Promise<{ data: unknown; headers: Headers }> {
    const name = endpointName(method, url);
    return withRetry(async () => {
      let res: Response;
      try {
        const init: RequestInit = {
          method,
          headers: {
            'PRIVATE-TOKEN': target.token,
            accept: 'application/json',
            'user-agent': opts.userAgent ?? 'planguard',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
        };
        if (body !== undefined) init.body = JSON.stringify(body);
        res = await doFetch(url, init);
      } catch (e) {
        if (e instanceof RequestTimeout) {
          const a = new ApiError(undefined, name, {}, e.message);
          a.timedOutMs = e.ms;
          throw a;
        }
        const err = e as Error & { cause?: unknown };
        const cause = err.cause instanceof Error ? err.cause.message : '';
        throw new ApiError(undefined, name, {}, cause || err.message);
      }
      const text = await res.text().catch(() => '');
      let data: unknown = text;
      if (text && (res.headers.get('content-type') ?? '').includes('json')) {
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
      }
      if (!res.ok) {
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
        throw new ApiError(res.status, name, headers, errorDetail(data));
      }
      return { data, headers: res.headers };
    }, opts.retry, beforeRetry ? { endpoint: name, beforeRetry } : { endpoint: name });
  }

  const toRemote = (n: GitLabNote): RemoteComment => {
    const r: RemoteComment = { id: n.id, body: n.body ?? '' };
    if (target.projectUrl) r.url = `${target.projectUrl}/-/merge_requests/${target.iid}#note_${n.id}`;
    return r;
  };
  const asNote = (data: unknown, endpoint: string): GitLabNote => {
    const n = data as GitLabNote | null;
    if (!n || typeof n !== 'object' || typeof n.id !== 'number') throw new ApiError(200, endpoint, {}, 'the answer is not a note');
    return n;
  };

  return {
    where: `gitlab ${target.projectId}!${target.iid}`,
    async list() {
      const out: RemoteComment[] = [];
      let page = '1';
      for (let n = 0; page && n < MAX_PAGES; n++) {
        const url = `${base}?sort=asc&order_by=created_at&per_page=100&page=${encodeURIComponent(page)}`;
        const { data, headers } = await call('GET', url);
        if (!Array.isArray(data)) throw new ApiError(200, endpointName('GET', url), {}, 'the answer is not a list of notes');
        for (const note of data as GitLabNote[]) if (!note.system && typeof note.id === 'number') out.push(toRemote(note));
        page = (headers.get('x-next-page') ?? '').trim();
      }
      return out;
    },
    async create(body, createOpts) {
      const lost = createOpts?.beforeRetry;
      // A create that may have been done: the note found is returned as if POST had answered.
      const beforeRetry = lost
        ? async () => {
            const found = await lost();
            return found === undefined ? undefined : { data: { id: Number(found.id), body: found.body }, headers: new Headers() };
          }
        : undefined;
      return toRemote(asNote((await call('POST', base, { body }, beforeRetry)).data, endpointName('POST', base)));
    },
    async update(id, body) {
      return toRemote(asNote((await call('PUT', `${base}/${id}`, { body })).data, endpointName('PUT', `${base}/${id}`)));
    },
    async remove(id) {
      await call('DELETE', `${base}/${id}`);
    },
  };
}

/**
 * GitHub: one pull request's issue comments through the REST API, with octokit (`@octokit/core`
 * and `@octokit/plugin-paginate-rest`, loaded only when a comment is posted). Configured as in
 * GitHub Actions: GITHUB_TOKEN, GITHUB_REPOSITORY, the PR number from GITHUB_EVENT_PATH (or
 * GITHUB_REF `refs/pull/N/merge`, or --pr), GITHUB_API_URL (GitHub Enterprise Server, tests).
 * Every request, each page included, goes through `withRetry`.
 */
import { readFileSync } from 'node:fs';
import { IntegrationError } from '../errors.js';
import { ApiError, endpointName, errorDetail, RequestTimeout, timedFetch, withRetry, type CommentThread, type RemoteComment, type RetryOptions } from './comment.js';
import { importModule } from '../dynamic-import.js';

export const GITHUB_API_DEFAULT = 'https://api.github.com';

export interface GitHubTarget {
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  /** Pull request number. */
  number: number;
}

export interface ResolveOptions {
  /** --pr */
  pr?: number;
  readFile?: (path: string) => string;
}

/**
 * The target from the environment, or an IntegrationError that names the missing variable.
 * GH_TOKEN is accepted when GITHUB_TOKEN is not set (the gh CLI's name).
 */
export function resolveGitHubTarget(env: NodeJS.ProcessEnv, opts: ResolveOptions = {}): GitHubTarget {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) {
    throw new IntegrationError('GITHUB_TOKEN is not set', 'in GitHub Actions: env: { GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} } and permissions: { pull-requests: write }');
  }
  const repository = env.GITHUB_REPOSITORY;
  if (!repository) throw new IntegrationError('GITHUB_REPOSITORY is not set', 'set it to owner/repo (GitHub Actions sets it)');
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(repository);
  if (!m) throw new IntegrationError(`GITHUB_REPOSITORY must be owner/repo (got ${JSON.stringify(repository)})`);
  const number = opts.pr ?? prFromEnv(env, opts.readFile ?? ((p) => readFileSync(p, 'utf8')));
  if (number === undefined) {
    throw new IntegrationError(
      'no pull request number: pass --pr N, or run on a pull_request event (GITHUB_EVENT_PATH has none)',
      env.GITHUB_EVENT_NAME ? `this run's event is ${env.GITHUB_EVENT_NAME}` : undefined,
    );
  }
  const apiUrl = (env.GITHUB_API_URL || GITHUB_API_DEFAULT).replace(/\/+$/, '');
  return { apiUrl, token, owner: m[1] as string, repo: m[2] as string, number };
}

/** The PR number of this run: the event payload first, then GITHUB_REF. */
export function prFromEnv(env: NodeJS.ProcessEnv, readFile: (path: string) => string): number | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (path) {
    let event: unknown;
    try {
      event = JSON.parse(readFile(path));
    } catch (e) {
      throw new IntegrationError(`GITHUB_EVENT_PATH ${path}: cannot read the event: ${(e as Error).message.split('\n')[0]}`);
    }
    const n = prFromEvent(event);
    if (n !== undefined) return n;
  }
  const ref = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(env.GITHUB_REF ?? '');
  return ref ? Number(ref[1]) : undefined;
}

/** pull_request / pull_request_target / pull_request_review: `pull_request.number`; issue_comment on a PR: `issue.number`. */
export function prFromEvent(event: unknown): number | undefined {
  if (!event || typeof event !== 'object') return undefined;
  const e = event as { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } };
  const n = e.pull_request?.number ?? (e.issue?.pull_request ? e.issue.number : undefined);
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

export interface ThreadOptions {
  /** Retries, and the total deadline (`retry.deadline`) every request and wait must end within. */
  retry?: RetryOptions;
  /** Per request, body included (default 20 s, cut to what is left of the deadline); a request that times out counts as "no answer" and is retried. */
  timeoutMs?: number;
  /** The fetch under the timeout (tests). */
  fetch?: typeof fetch;
  /** Warnings octokit would print to the console (API deprecations). */
  warn?: (message: string) => void;
  userAgent?: string;
}

/** Pages read at most: 100 comments each. A server whose `Link` never ends cannot loop forever. */
const MAX_PAGES = 1000;

interface OctokitErrorLike {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  response?: { status?: number; headers?: Record<string, string | number | undefined>; data?: unknown };
}

function toApiError(e: unknown, fallbackEndpoint: string): ApiError {
  if (e instanceof ApiError) return e;
  const err = (e ?? {}) as OctokitErrorLike & { cause?: unknown };
  const endpoint = err.request?.method && err.request.url ? endpointName(err.request.method, err.request.url) : fallbackEndpoint;
  if (!err.response) {
    // No answer: octokit reports a refused or reset connection, or a timeout, as a 500 without a response.
    const timeout = e instanceof RequestTimeout ? e : err.cause instanceof RequestTimeout ? err.cause : undefined;
    const a = new ApiError(undefined, endpoint, {}, (timeout?.message ?? err.message ?? String(e)).split('\n')[0] ?? '');
    if (timeout) a.timedOutMs = timeout.ms;
    return a;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(err.response.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = String(v);
  return new ApiError(err.response.status ?? err.status, endpoint, headers, errorDetail(err.response.data));
}

interface GitHubComment {
  id: number | bigint;
  body?: string | null;
  html_url?: string;
}

function toRemote(c: GitHubComment): RemoteComment {
  const r: RemoteComment = { id: c.id, body: c.body ?? '' };
  if (c.html_url) r.url = c.html_url;
  return r;
}

export async function gitHubThread(target: GitHubTarget, opts: ThreadOptions = {}): Promise<CommentThread> {
  const [{ Octokit }, { paginateRest }] = await Promise.all([
    importModule<typeof import('@octokit/core')>('@octokit/core'),
    importModule<typeof import('@octokit/plugin-paginate-rest')>('@octokit/plugin-paginate-rest'),
  ]);
  const GitHub = Octokit.plugin(paginateRest);
  const warn = opts.warn ?? (() => {});
  const octokit = new GitHub({
    auth: target.token,
    baseUrl: target.apiUrl,
    userAgent: opts.userAgent ?? 'planguard',
    log: { debug: () => {}, info: () => {}, warn, error: warn },
    // The timeout lives in the fetch: see timedFetch for why not in the hook below.
    request: { fetch: timedFetch(opts.timeoutMs ?? 20_000, opts.retry?.deadline, opts.fetch) },
  });
  octokit.hook.wrap('request', async (request, options) => {
    const fallback = endpointName(String(options.method ?? 'GET'), String(options.url ?? ''));
    // `request` is bound to `options` (before-after-hook): it is called again as it is.
    const beforeRetry = (options.request as { beforeRetry?: () => Promise<RemoteComment | undefined> } | undefined)?.beforeRetry;
    return withRetry(
      async () => {
        try {
          return await request(options);
        } catch (e) {
          throw toApiError(e, fallback);
        }
      },
      opts.retry,
      {
        endpoint: fallback,
        ...(beforeRetry
          ? {
              // A create that may have been done: the comment found is returned as if POST had answered.
              beforeRetry: async () => {
                const found = await beforeRetry();
                return found === undefined ? undefined : ({ status: 201, url: '', headers: {}, data: { id: found.id, body: found.body, html_url: found.url } } as never);
              },
            }
          : {}),
      },
    );
  });

  const { owner, repo, number } = target;
  return {
    where: `github ${owner}/${repo}#${number}`,
    async list() {
      const out: RemoteComment[] = [];
      let pages = 0;
      for await (const page of octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner,
        repo,
        issue_number: number,
        per_page: 100,
      })) {
        for (const c of page.data) out.push(toRemote(c));
        if (++pages >= MAX_PAGES) break;
      }
      return out;
    },
    async create(body, createOpts) {
      const r = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner,
        repo,
        issue_number: number,
        body,
        ...(createOpts?.beforeRetry ? { request: { beforeRetry: createOpts.beforeRetry } } : {}),
      });
      return toRemote(r.data);
    },
    async update(id, body) {
      const r = await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo, comment_id: id as number, body });
      return toRemote(r.data);
    },
    async remove(id) {
      // A bigint id expands exactly in the URL template.
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo, comment_id: id as number });
    },
  };
}

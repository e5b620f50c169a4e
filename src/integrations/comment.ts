/**
 * The platform-neutral half of `planguard comment`: the hidden marker that names "our" comment,
 * the find / create / update / delete logic and its behaviors, the fallback to a shorter body
 * when the platform answers "too long", and retry with backoff for 5xx and rate limits.
 *
 * github.ts and gitlab.ts each implement a `CommentThread` (list every comment of one pull or
 * merge request, create, update, remove) and run every HTTP request through `withRetry`.
 * Nothing here touches the process; sleeping and the clock are injectable so tests never wait.
 */

/** What the CLI hands over: the review, and a shorter one for when the platform refuses the first. */
export interface CommentBodies {
  full: string;
  fallback: string;
}

export const BEHAVIORS = ['update', 'new', 'delete-and-new'] as const;
/**
 * update: edit our previous comment in place (create it the first time); no write when unchanged.
 * new: always add a new comment; earlier ones stay.
 * delete-and-new: add a new comment, then delete our earlier ones (the review moves to the bottom).
 */
export type Behavior = (typeof BEHAVIORS)[number];

export const PLATFORMS = ['github', 'gitlab'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** GitHub's client parses ids past 2^53 as bigint; none is that large today. */
export type CommentId = number | bigint;

export interface RemoteComment {
  id: CommentId;
  body: string;
  /** Web address of the comment, when the platform gives one. */
  url?: string;
}

/** One pull request's (or merge request's) comments, through one platform's API. */
export interface CommentThread {
  /** For messages: `github octo/repo#12`. */
  readonly where: string;
  /** Every comment of the thread, oldest first, through every page. */
  list(): Promise<RemoteComment[]>;
  /**
   * A create that failed without a clear answer may have been done: before each retry the thread
   * calls `beforeRetry`, and returns what it finds instead of creating a second comment.
   */
  create(body: string, opts?: { beforeRetry?: () => Promise<RemoteComment | undefined> }): Promise<RemoteComment>;
  update(id: CommentId, body: string): Promise<RemoteComment>;
  remove(id: CommentId): Promise<void>;
}

/** A failed HTTP request, after retries when it was retryable. */
export class ApiError extends Error {
  /** HTTP status; undefined when no answer came (connection refused, reset, timed out). */
  readonly status: number | undefined;
  /** `PATCH /repos/o/r/issues/comments/5`: method and path, never the host's query or a token. */
  readonly endpoint: string;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;
  /** The platform's error text (message and validation errors), short. */
  readonly detail: string;
  attempts = 1;
  /** Set when the request got no answer within its per-request timeout (milliseconds waited). */
  timedOutMs: number | undefined;
  /** Set when the total deadline (`--timeout`) ended the retries: its length in milliseconds. */
  deadlineMs: number | undefined;
  constructor(status: number | undefined, endpoint: string, headers: Record<string, string>, detail: string) {
    super(`${status === undefined ? 'no answer' : `HTTP ${status}`} from ${endpoint}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
    this.status = status;
    this.endpoint = endpoint;
    this.headers = headers;
    this.detail = detail;
  }

  /** GitHub: 422 "body is too long (maximum is 65536 characters)"; GitLab: 400 "is too long (maximum is 1000000 characters)". */
  get bodyTooLong(): boolean {
    if (this.status === 413) return true;
    return (this.status === 422 || this.status === 400) && /too long|too large/i.test(this.detail);
  }
}

/** `2.0 s`, `45 s`: a duration for messages. */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * The total time every request of one `planguard comment` run may take, retries and waits
 * included (`--timeout`). Each request's own timeout is cut to what is left of it.
 */
export class Deadline {
  readonly at: number;
  constructor(
    readonly totalMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.at = clock() + totalMs;
  }
  remaining(): number {
    return Math.max(0, this.at - this.clock());
  }
}

/** What a request that got no answer in time is rejected with (the abort reason). */
export class RequestTimeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${seconds(ms)}`);
    this.name = 'RequestTimeout';
  }
}

/** Statuses whose response has no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch that really ends: the request AND the reading of its body are aborted after
 * `perRequestMs`, or what is left of `deadline` if less, and reject with RequestTimeout. The
 * answer comes back as a Response whose body is already in memory, so a caller (octokit) that
 * reads it later cannot hang on a server that sent the headers and then stalled.
 *
 * Why it exists: a timeout signal put on the request options inside an octokit `request` hook
 * never reached fetch (before-after-hook hands each wrap hook a method already bound to the
 * original options, so the options passed on are dropped), and a server that accepted the
 * connection and never answered hung `planguard comment` forever. A fetch given to octokit's
 * constructor (`request.fetch`) is what octokit calls for every request, pages included.
 */
export function timedFetch(perRequestMs: number, deadline?: Deadline, doFetch: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const ms = Math.max(1, Math.min(perRequestMs, deadline ? deadline.remaining() : Infinity));
    const ctl = new AbortController();
    const timeout = new RequestTimeout(ms);
    const timer = setTimeout(() => ctl.abort(timeout), ms);
    const outer = init?.signal;
    const forward = () => ctl.abort(outer?.reason);
    if (outer) {
      if (outer.aborted) forward();
      else outer.addEventListener('abort', forward, { once: true });
    }
    try {
      const res = await doFetch(input, { ...init, signal: ctl.signal });
      const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (e) {
      if (ctl.signal.reason === timeout) throw timeout;
      throw e;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  };
}

/** `METHOD /path` of a URL, for messages: no host, no query string. */
export function endpointName(method: string, url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0] ?? url;
  }
  return `${method.toUpperCase()} ${path}`;
}

/** The platform's error text from a JSON (or text) error body, one line, at most 300 characters. */
export function errorDetail(data: unknown): string {
  let s = '';
  if (typeof data === 'string') s = data;
  else if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    const parts: string[] = [];
    if (o.message !== undefined) parts.push(typeof o.message === 'string' ? o.message : JSON.stringify(o.message));
    if (typeof o.error === 'string') parts.push(o.error);
    if (Array.isArray(o.errors)) {
      for (const e of o.errors) {
        if (typeof e === 'string') parts.push(e);
        else if (e && typeof e === 'object' && typeof (e as Record<string, unknown>).message === 'string') parts.push((e as Record<string, string>).message as string);
      }
    }
    s = parts.join('; ');
  }
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}

// ---------------------------------------------------------------------------------------------
// Retry

export interface RetryOptions {
  /** Retries after the first attempt (default 4: five attempts in all). */
  retries?: number;
  /** First backoff; doubles on each retry (default 1000 ms: 1, 2, 4, 8 s). */
  baseDelayMs?: number;
  /** A rate limit that resets later than this is not waited for: the request fails (default 120 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Epoch milliseconds (for `x-ratelimit-reset`). */
  now?: () => number;
  /** Told before each wait, for a log line. */
  onRetry?: (info: { error: ApiError; attempt: number; attempts: number; delayMs: number }) => void;
  /** The run's total deadline: no retry starts, and no wait is begun, that would end after it. */
  deadline?: Deadline;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How long to wait before retrying a failed request, or undefined when it must not be retried.
 * Retried: no answer at all, 500/502/503/504, 429, and a 403 that is a rate limit (it carries
 * `retry-after` or `x-ratelimit-remaining: 0`). A rate limit waits for `retry-after`, else for
 * `x-ratelimit-reset` / `ratelimit-reset` (epoch seconds), else backs off; a wait longer than
 * `maxDelayMs` is not retried. Anything else (401, a permission 403, 404, 422...) fails at once.
 */
export function retryDelay(err: ApiError, retry: number, opts: RetryOptions = {}): number | undefined {
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 120_000;
  const now = opts.now ?? Date.now;
  const backoff = base * 2 ** retry;
  const h = err.headers;
  const status = err.status;
  const rateLimited = status === 429 || (status === 403 && (h['retry-after'] !== undefined || h['x-ratelimit-remaining'] === '0'));
  const transient = status === undefined || status === 500 || status === 502 || status === 503 || status === 504;
  if (!rateLimited && !transient) return undefined;
  let wait: number | undefined;
  const retryAfter = h['retry-after'];
  if (retryAfter !== undefined) {
    const secs = Number(retryAfter);
    if (Number.isFinite(secs) && secs >= 0) wait = secs * 1000;
    else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) wait = Math.max(0, at - now());
    }
  }
  if (wait === undefined && rateLimited) {
    const reset = h['x-ratelimit-reset'] ?? h['ratelimit-reset'];
    const secs = reset === undefined ? NaN : Number(reset);
    if (Number.isFinite(secs)) wait = Math.max(0, secs * 1000 - now());
  }
  if (wait === undefined) wait = backoff;
  return wait > max ? undefined : wait;
}

export interface AttemptOptions<T> {
  /** For the error when the deadline has passed before the first attempt. */
  endpoint?: string;
  /**
   * Called after the wait and before each retry. A write that failed without a clear answer (no
   * answer, a 5xx) may have been done: this looks for it (e.g. lists the comments again) and
   * returns it to stop retrying, or undefined to send the request again.
   */
  beforeRetry?: () => Promise<T | undefined>;
}

/** Run one HTTP request, retrying it as `retryDelay` says, within the deadline. `attempt` must throw ApiError. */
export async function withRetry<T>(attempt: () => Promise<T>, opts: RetryOptions = {}, each: AttemptOptions<T> = {}): Promise<T> {
  const retries = opts.retries ?? 4;
  const sleep = opts.sleep ?? realSleep;
  const deadline = opts.deadline;
  if (deadline && deadline.remaining() <= 0) {
    const e = new ApiError(undefined, each.endpoint ?? 'a request', {}, 'not sent: the deadline had passed');
    e.deadlineMs = deadline.totalMs;
    throw e;
  }
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      e.attempts = n + 1;
      const delay = n < retries ? retryDelay(e, n, opts) : undefined;
      if (delay === undefined) throw e;
      if (deadline && delay >= deadline.remaining()) {
        e.deadlineMs = deadline.totalMs;
        throw e;
      }
      opts.onRetry?.({ error: e, attempt: n + 1, attempts: retries + 1, delayMs: delay });
      await sleep(delay);
      if (each.beforeRetry) {
        const found = await each.beforeRetry();
        if (found !== undefined) return found;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The marker and the upsert

/**
 * The hidden first line of every comment planguard posts. The key is URI-encoded, so no key can
 * end the HTML comment early; `--key` tells apart the comments of several stacks on one PR.
 */
export function marker(key: string): string {
  return `<!-- planguard-review key=${encodeURIComponent(key)} -->`;
}

export function withMarker(body: string, key: string): string {
  return `${marker(key)}\n${body}`;
}

function normalize(body: string): string {
  return body.replace(/\r\n/g, '\n').trimEnd();
}

/**
 * True when a comment is ours for this key: the marker must open the body (a quote of our comment
 * in someone's reply starts with `> ` and does not count).
 */
export function isOurs(body: string, key: string): boolean {
  return normalize(body).trimStart().startsWith(marker(key));
}

/** Hard cap for the last resort when even the fallback is refused: below GitHub's 65,536. */
export const LAST_RESORT_CHARS = 60_000;

/** Cut a body to `max` UTF-16 units at a line end, never inside a surrogate pair, with a note. */
export function truncateBody(body: string, max = LAST_RESORT_CHARS): string {
  const note = '\n\n_(truncated: the review is too long for a comment; the CI log has all of it)_\n';
  if (body.length <= max) return body;
  let cut = max - note.length;
  const nl = body.lastIndexOf('\n', cut);
  if (nl > cut / 2) cut = nl;
  const code = body.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return body.slice(0, cut) + note;
}

export interface UpsertOptions {
  key: string;
  behavior: Behavior;
}

export interface UpsertResult {
  /** created: a new comment; updated: ours edited; unchanged: ours already said this (no write). */
  action: 'created' | 'updated' | 'unchanged';
  comment: RemoteComment;
  /** Which body the comment now holds. */
  body: 'full' | 'fallback' | 'truncated';
  /** Earlier comments of ours that were deleted (delete-and-new). */
  deleted: number;
  /** Other comments of this key deleted so that one remains (runs at once, or an older bug). */
  duplicates: number;
  /** True when a create got no clear answer and the comment it had made was found and kept. */
  adopted: boolean;
  /** Comments read to find ours. */
  scanned: number;
}

/**
 * Find our comment (one that opens with the marker) among every comment of the thread, then
 * create, update or leave it as the behavior says. A "too long" answer makes it post the
 * fallback, and if even that is refused, the fallback cut to LAST_RESORT_CHARS: a run never
 * leaves the PR without a review because the review was long.
 *
 * Runs at once on one PR (GitHub has no conditional create, GitLab neither) converge instead of
 * racing: `update` keeps the OLDEST comment of this key, writes this run's review into it when it
 * differs, and deletes the other comments of this key, both when it finds them and right after it
 * created one (a concurrent run may have created one too). Every run that creates lists again
 * after its create, so the later of two runs sees both comments and both agree on the oldest.
 * `delete-and-new` keeps the NEWEST and deletes the rest. A comment without our marker, or with
 * another key's, is never touched. A create that got no clear answer (timed out, 5xx) is not
 * simply sent again: the thread lists first and adopts the comment if the server made it.
 */
export async function upsertComment(thread: CommentThread, bodies: CommentBodies, opts: UpsertOptions): Promise<UpsertResult> {
  const candidates: { body: string; kind: UpsertResult['body'] }[] = [];
  for (const c of [
    { body: withMarker(bodies.full, opts.key), kind: 'full' as const },
    { body: withMarker(bodies.fallback, opts.key), kind: 'fallback' as const },
    { body: truncateBody(withMarker(bodies.fallback, opts.key)), kind: 'truncated' as const },
  ]) {
    if (!candidates.some((d) => d.body === c.body)) candidates.push(c);
  }
  const mine = (list: RemoteComment[]) => list.filter((c) => isOurs(c.body, opts.key));
  const all = await thread.list();
  const ours = mine(all);
  const base = { deleted: 0, duplicates: 0, adopted: false, scanned: all.length };

  if (opts.behavior === 'update' && ours.length > 0) {
    const target = ours[0] as RemoteComment;
    const duplicates = await removeAll(thread, ours.slice(1));
    const r = await writeFirstAccepted(candidates, target.body, (body) => thread.update(target.id, body));
    if (r === 'unchanged') return { ...base, action: 'unchanged', comment: target, body: bodyKind(candidates, target.body), duplicates };
    return { ...base, action: 'updated', comment: withUrl(r.comment, target), body: r.kind, duplicates };
  }

  // The create, and what to look for when it got no clear answer: a comment of this key that
  // was not there before (for `new` and `delete-and-new`, one holding the body that was sent).
  const before = new Set(all.map((c) => String(c.id)));
  let sent = '';
  let adopted = false;
  const findLost = async (): Promise<RemoteComment | undefined> => {
    const fresh = mine(await thread.list()).filter((c) => !before.has(String(c.id)));
    const found = opts.behavior === 'update' ? fresh[0] : fresh.filter((c) => normalize(c.body) === normalize(sent)).at(-1);
    if (found) adopted = true;
    return found;
  };
  const r = await writeFirstAccepted(candidates, undefined, (body) => {
    sent = body;
    return thread.create(body, { beforeRetry: findLost });
  });
  if (r === 'unchanged') throw new Error('unreachable: nothing to compare a new comment with');
  const created = { ...base, action: 'created' as const, comment: r.comment, body: r.kind, adopted };
  if (opts.behavior === 'new') return created;

  // Converge: list again, after the create.
  const now = mine(await thread.list());
  if (!now.some((c) => c.id === r.comment.id)) now.push(r.comment);
  if (opts.behavior === 'delete-and-new') {
    const keep = now.at(-1) as RemoteComment;
    const gone = await removeAll(thread, now.filter((c) => c.id !== keep.id));
    const earlier = ours.length;
    return { ...created, comment: keep, deleted: Math.min(gone, earlier), duplicates: Math.max(0, gone - earlier) };
  }
  const keep = now[0] as RemoteComment;
  const duplicates = await removeAll(thread, now.slice(1));
  if (keep.id === r.comment.id) return { ...created, duplicates };
  // A concurrent run's comment is older: it stays, with this run's review (the newest) in it.
  const w = await writeFirstAccepted(candidates, keep.body, (body) => thread.update(keep.id, body));
  if (w === 'unchanged') return { ...created, action: 'unchanged', comment: keep, body: bodyKind(candidates, keep.body), duplicates };
  return { ...created, action: 'updated', comment: withUrl(w.comment, keep), body: w.kind, duplicates };
}

/** Delete these comments; one already gone (404: a concurrent run deleted it) counts as deleted. */
async function removeAll(thread: CommentThread, comments: RemoteComment[]): Promise<number> {
  let n = 0;
  for (const c of comments) {
    try {
      await thread.remove(c.id);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
    n++;
  }
  return n;
}

function bodyKind(candidates: { body: string; kind: UpsertResult['body'] }[], body: string): UpsertResult['body'] {
  return candidates.find((c) => normalize(c.body) === normalize(body))?.kind ?? 'full';
}

function withUrl(c: RemoteComment, previous: RemoteComment): RemoteComment {
  return c.url || !previous.url ? c : { ...c, url: previous.url };
}

async function writeFirstAccepted(
  candidates: { body: string; kind: UpsertResult['body'] }[],
  current: string | undefined,
  write: (body: string) => Promise<RemoteComment>,
): Promise<{ comment: RemoteComment; kind: UpsertResult['body'] } | 'unchanged'> {
  let lastError: unknown;
  for (const c of candidates) {
    // The same body again (e.g. the fallback, already posted last time because the full review
    // is still too long): no write.
    if (current !== undefined && normalize(current) === normalize(c.body)) return 'unchanged';
    try {
      return { comment: await write(c.body), kind: c.kind };
    } catch (e) {
      if (e instanceof ApiError && e.bodyTooLong) {
        lastError = e;
        continue;
      }
      throw e;
    }
  }
  throw lastError;
}

/**
 * Faults a loopback fake API injects beside the HTTP errors of `fail()`: a server that accepts a
 * request and never answers (`hang`), one that does the write and then never answers
 * (`lose-answer`: the POST was received but its answer never arrives), and a slow one (`delay`).
 * Shared by fake-github.ts and fake-gitlab.ts; a hung request stays open until the client gives
 * up or the fake is closed (closeAllConnections).
 */
import type { ServerResponse } from 'node:http';

export interface Fault {
  method: string;
  path: RegExp;
  kind: 'hang' | 'lose-answer' | 'delay';
  /** delay: milliseconds before the request is handled. */
  ms?: number;
  /** How many matching requests (default: 1 for hang and lose-answer, every one for delay). */
  times?: number;
}

/** A response that goes nowhere: the request is handled, the client never hears. */
const sink = { writeHead: () => sink, setHeader: () => sink, end: () => sink } as unknown as ServerResponse;

export class Faults {
  private readonly list: (Fault & { left: number })[] = [];
  /** Requests left unanswered so far. */
  hung = 0;

  add(f: Fault): void {
    this.list.push({ ...f, left: f.times ?? (f.kind === 'delay' ? Infinity : 1) });
  }

  /** Handle one request through the first matching fault, or at once. */
  run(method: string, path: string, res: ServerResponse, handle: (res: ServerResponse) => void): void {
    const f = this.list.find((x) => x.left > 0 && x.method === method && x.path.test(path));
    if (!f) return handle(res);
    f.left--;
    if (f.kind === 'delay') {
      setTimeout(() => handle(res), f.ms ?? 0);
      return;
    }
    this.hung++;
    if (f.kind === 'lose-answer') handle(sink);
  }
}

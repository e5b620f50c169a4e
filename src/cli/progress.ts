/**
 * A progress line on stderr while a large plan is read: only on a terminal, only once reading has
 * taken more than a second, never on stdout, never with --quiet. Cleared when reading ends.
 */
import type { Progress } from '../ingest/index.js';
import type { Io } from './io.js';

export interface ProgressLine {
  onProgress: (p: Progress) => void;
  done: () => void;
}

function size(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  return `${(n / 1024 ** 2).toFixed(0)} MB`;
}

export function progressLine(io: Io, file: string, quiet: boolean): ProgressLine | undefined {
  if (quiet || !io.stderrIsTTY) return undefined;
  const start = io.now();
  let last = 0;
  let shown = false;
  return {
    onProgress(p) {
      const t = io.now();
      if (t - start < 1000 || t - last < 250) return;
      last = t;
      shown = true;
      const of = p.totalBytes ? ` of ${size(p.totalBytes)} (${Math.floor((100 * p.bytesRead) / p.totalBytes)}%)` : '';
      io.stderr(`\r\x1b[2Kplanguard: reading ${file}: ${size(p.bytesRead)}${of}, ${p.changes.toLocaleString('en-US')} changes`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}

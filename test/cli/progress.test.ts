import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';
import type { Io } from '../../src/cli/io.js';

function fakeIo(stderrIsTTY: boolean) {
  let t = 0;
  let err = '';
  let out = '';
  const io: Io = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    env: {},
    cwd: '/',
    isTTY: false,
    stderrIsTTY,
    now: () => t,
    today: '2026-06-01',
  };
  return { io, tick: (ms: number) => (t += ms), err: () => err, out: () => out };
}

describe('progress line', () => {
  it('appears on a terminal only after a second, on stderr, and is cleared at the end', () => {
    const f = fakeIo(true);
    const p = progressLine(f.io, 'big.json', false)!;
    p.onProgress({ bytesRead: 4 * 1024 ** 2, totalBytes: 1.2 * 1024 ** 3, changes: 900 });
    expect(f.err()).toBe('');
    f.tick(1500);
    p.onProgress({ bytesRead: 600 * 1024 ** 2, totalBytes: 1.2 * 1024 ** 3, changes: 52_000 });
    expect(f.err()).toContain('planguard: reading big.json: 600 MB of 1.20 GB (48%), 52,000 changes');
    p.done();
    expect(f.err().endsWith('\r\x1b[2K')).toBe(true);
    expect(f.out()).toBe('');
  });

  it('never when stderr is piped, and never with --quiet', () => {
    expect(progressLine(fakeIo(false).io, 'big.json', false)).toBeUndefined();
    expect(progressLine(fakeIo(true).io, 'big.json', true)).toBeUndefined();
  });

  it('a fast read shows nothing and clears nothing', () => {
    const f = fakeIo(true);
    const p = progressLine(f.io, 'small.json', false)!;
    p.onProgress({ bytesRead: 10, totalBytes: 10, changes: 1 });
    p.done();
    expect(f.err()).toBe('');
  });
});

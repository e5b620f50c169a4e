import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stdoutKind, stdoutWriter } from '../../src/cli/io.js';

const REPO = join(import.meta.dirname, '..', '..');
const BIN = join(REPO, 'bin', 'planguard.js');
const EXAMPLE = join(REPO, 'fixtures', 'terraform', 'handwritten-db-host-reimage', 'plan.json');

describe('stdout written directly (start-up, issue 16)', () => {
  it('tells a file, /dev/null and a pipe apart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-io-'));
    const fd = openSync(join(dir, 'out.txt'), 'w');
    const nul = openSync('/dev/null', 'w');
    try {
      expect(stdoutKind(fd)).toBe('file');
      expect(stdoutKind(nul)).toBe('null');
      expect(stdoutKind(987654)).toBe('unknown');
    } finally {
      closeSync(fd);
      closeSync(nul);
    }
  });

  it('writes every byte of multi-byte text to a file, in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-io-'));
    const file = join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    const w = stdoutWriter(fd, 'file', () => {
      throw new Error('no fallback expected');
    });
    expect(w.terminal).toBe(false);
    w.write('première ligne — ');
    w.write('');
    w.write('✓ done\n');
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('première ligne — ✓ done\n');
  });

  it('hands a terminal (or a descriptor it cannot describe) to the stream', () => {
    const seen: Array<string | Uint8Array> = [];
    const w = stdoutWriter(1, 'terminal', (s) => seen.push(s));
    w.write('x');
    expect(w.terminal).toBe(true);
    expect(seen).toEqual(['x']);
    expect(stdoutWriter(1, 'unknown', () => undefined).terminal).toBe(true);
  });

  it('gives the same bytes through a pipe and a file as through the stream, with the same exit code', () => {
    const args = [BIN, 'check', EXAMPLE, '--format', 'markdown'];
    const piped = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const dir = mkdtempSync(join(tmpdir(), 'pg-io-'));
    const file = join(dir, 'review.md');
    const fd = openSync(file, 'w');
    const toFile = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    // A non-blocking pipe is the stream's case: spawn() (async) gives the child a socket pair.
    expect(piped.status).toBe(1);
    expect(toFile.status).toBe(1);
    expect(piped.stdout).toContain('Blocked: 5 destructive changes');
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
  });

  it('stops quietly when the reader goes away (| head)', async () => {
    const big = join(REPO, 'fixtures', 'terraform', 'handwritten-db-host-reimage', 'plan.json');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" check "${big}" --format text | head -c 10`], { encoding: 'utf8' });
    expect(r.stdout.length).toBe(10);
    expect(r.stderr).toBe('');
    // and the same through an async spawn's socket, read to the end
    const child = spawn(process.execPath, [BIN, 'check', big, '--format', 'text']);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(out).toBe(spawnSync(process.execPath, [BIN, 'check', big, '--format', 'text'], { encoding: 'utf8' }).stdout);
  });
});

/**
 * The plans named on the command line: files as given, `-` for stdin, and directories searched
 * (recursively, in name order) for plan files: `*.json` (Terraform plan JSON, Pulumi previews),
 * `*.jsonl` (Pulumi event logs) and `*.tfplan` (saved plans). Hidden folders and node_modules are
 * skipped; anything that is not a plan fails the run (exit 2), it is never skipped silently.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

const PLAN_FILE = /\.(json|jsonl|tfplan)$/i;

export function expandPlanArgs(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (a === '-') {
      out.push(a);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(resolve(cwd, a)).isDirectory();
    } catch {
      /* a missing file: the reader names it */
    }
    if (!isDir) {
      out.push(a);
      continue;
    }
    const found = walk(resolve(cwd, a)).map((f) => join(a, f.slice(resolve(cwd, a).length + 1)));
    if (found.length === 0) throw new UsageError(`${a}: no plan files in this directory (*.json, *.jsonl, *.tfplan)`);
    for (const f of found) out.push(f);
  }
  if (out.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    const entries = readdirSync(d, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1));
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) subdirs.push(p);
      else if (e.isFile() && PLAN_FILE.test(e.name) && !e.name.endsWith('.counts.json')) out.push(p);
    }
    for (const s of subdirs.reverse()) stack.push(s);
  }
  return out.sort();
}

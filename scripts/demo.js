#!/usr/bin/env node
// `npm start`: check the bundled example (incident 001: a server rename that destroys and
// re-creates 5 database nodes among 40 harmless updates) and explain the exit code.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plan = 'fixtures/terraform/db-node-rename/plan.json';
const args = ['bin/planguard.js', 'check', plan, '--config', 'examples/db-node-rename/.planguard.yml', ...process.argv.slice(2)];
process.stdout.write(`$ planguard ${args.slice(1).join(' ')}\n\n`);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
const code = r.status ?? 2;
const meaning = { 0: 'the gate passes', 1: 'the gate blocks this plan', 2: 'bad input or usage' }[code] ?? 'unexpected';
process.stdout.write(`\nexit code ${code}: ${meaning}. In CI this exit code is what stops the apply.\n`);
process.exitCode = code === 2 ? 2 : 0;

#!/usr/bin/env node
// `npm start`: check the bundled example (incident 001: a DNS rework renames 5 of 15 database
// hosts, which re-images them; the safeguard is off on exactly those 5; 15 harmless tag updates
// around them) and explain the exit code. Extra arguments go to `planguard check`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plan = 'fixtures/terraform/handwritten-db-host-reimage/plan.json';
const args = ['bin/planguard.js', 'check', plan, ...process.argv.slice(2)];
process.stdout.write(`$ planguard ${args.slice(1).join(' ')}\n\n`);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
const code = r.status ?? 2;
const meaning = { 0: 'the gate passes', 1: 'the gate blocks this plan', 2: 'bad input or usage' }[code] ?? 'unexpected';
process.stdout.write(`\nexit code ${code}: ${meaning}. In CI this exit code is what stops the apply.\n`);
process.exitCode = code === 2 ? 2 : 0;

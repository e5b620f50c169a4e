#!/usr/bin/env node
// `npm run docs`: write docs/rules/<id>.md and the README rule table from rule metadata.
// Runs on the built output (npm run build first; the npm script does it).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { rules } = await import(join(root, 'dist/rules/index.js'));
const { ruleDocPage, withRuleTable } = await import(join(root, 'dist/src/render/rule-doc.js'));

const dir = join(root, 'docs/rules');
mkdirSync(dir, { recursive: true });
const keep = new Set(rules.map((r) => `${r.id}.md`));
for (const f of readdirSync(dir)) if (f.endsWith('.md') && !keep.has(f)) rmSync(join(dir, f));
for (const r of rules) writeFileSync(join(dir, `${r.id}.md`), ruleDocPage(r));
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, withRuleTable(readFileSync(readmePath, 'utf8'), rules));
console.log(`wrote ${rules.length} rule pages and the README table`);

/**
 * Rules, registry, tests and docs must not drift: every rule file is registered, has a test
 * file named after its id, its example fixtures really fire / stay silent, and ids are unique.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { ROOT } from './helpers/plans.js';
import { runRule } from './helpers/rule-tester.js';
import { caseFailure } from '../src/engine/rule-kit.js';
import { ruleDocPage, withRuleTable } from '../src/render/rule-doc.js';

const ruleFiles = readdirSync(join(ROOT, 'rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('rule registry', () => {
  it('lists every rule file exactly once, in id order', () => {
    expect(rules.map((r) => r.id)).toEqual(ruleFiles);
  });

  it('ids are kebab-case and unique', () => {
    for (const r of rules) expect(r.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  for (const r of rules) {
    describe(r.id, () => {
      it('has a test file named after it', () => {
        expect(existsSync(join(ROOT, 'test/rules', `${r.id}.test.ts`))).toBe(true);
      });
      it('has metadata a reviewer can read', () => {
        expect(r.title.length).toBeGreaterThan(10);
        expect(r.rationale.length).toBeGreaterThan(30);
        expect(r.fix.length).toBeGreaterThan(20);
        expect(r.examples.fires.length).toBeGreaterThan(0);
        expect(r.examples.silent.length).toBeGreaterThan(0);
      });
      // Example fixtures are checked with the protect globs a user would give for them.
      const config = { protect: ['terraform_data.db_node*', 'module.analytics_db*'] };
      for (const f of r.examples.fires) {
        it(`fires on ${f}`, () => {
          expect(caseFailure(runRule(r, { plan: f, config }), 'fires')).toBeUndefined();
        });
      }
      for (const f of r.examples.silent) {
        it(`stays silent on ${f}`, () => {
          expect(caseFailure(runRule(r, { plan: f, config }), 'silent')).toBeUndefined();
        });
      }
    });
  }
});

describe('generated docs are up to date (run `npm run docs` when this fails)', () => {
  it('README rule table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withRuleTable(readme, rules));
  });
  it('one page per rule, and no page without a rule', () => {
    const pages = readdirSync(join(ROOT, 'docs/rules')).filter((f) => f.endsWith('.md')).sort();
    expect(pages).toEqual(rules.map((r) => `${r.id}.md`).sort());
  });
  for (const r of rules) {
    it(`docs/rules/${r.id}.md`, () => {
      expect(readFileSync(join(ROOT, 'docs/rules', `${r.id}.md`), 'utf8')).toBe(ruleDocPage(r));
    });
  }
});

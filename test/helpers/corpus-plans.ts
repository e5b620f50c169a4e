/**
 * The real public plans of fixtures/corpus/ (Terraform and Pulumi), for checks every rule must
 * pass on real-world input: e.g. "nothing at high or above where the plan destroys nothing".
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rule, Severity } from '../../src/engine/types.js';
import type { Plan } from '../../src/model/types.js';
import { loadPlan, ROOT } from './plans.js';
import { runRule } from './rule-tester.js';

/** Corpus plan paths relative to the repository root, sorted. */
export function corpusPlanPaths(): string[] {
  const out: string[] = [];
  for (const dir of ['fixtures/corpus/terraform', 'fixtures/corpus/pulumi']) {
    for (const f of readdirSync(join(ROOT, dir))) if (/\.jsonl?$/.test(f)) out.push(`${dir}/${f}`);
  }
  return out.sort();
}

/** Does the plan delete or replace anything (the only changes that may block outright)? */
export function isDestructive(plan: Plan): boolean {
  return plan.changes.some((c) => c.action === 'delete' || c.action === 'replace');
}

const BLOCKING: readonly Severity[] = ['critical', 'high'];

/**
 * One test per corpus plan that destroys nothing: the rule reports nothing at high or above on
 * it (an in-place update may warn, never block by default).
 */
export function corpusStaysBelowHigh(rule: Rule): void {
  describe(`${rule.id} on the real corpus`, () => {
    const plans = corpusPlanPaths().map((path) => ({ path, plan: loadPlan(path) }));
    const quiet = plans.filter((p) => !isDestructive(p.plan));
    it('holds the corpus, most of it without destructive changes', () => {
      expect(plans.length).toBeGreaterThan(100);
      expect(quiet.length).toBeGreaterThan(80);
    });
    for (const { path, plan } of quiet) {
      it(`nothing at high or above on ${path} (destroys nothing)`, () => {
        const blocking = runRule(rule, { plan }).filter((f) => BLOCKING.includes(f.severity));
        expect(blocking.map((f) => `${f.severity} ${f.address}: ${f.message}`)).toEqual([]);
      });
    }
  });
}

/** Every finding of the rule on its example fixtures is one sentence on one line, ending with a period. */
export function messagesAreOneSentence(rule: Rule): void {
  describe(`${rule.id} messages`, () => {
    for (const path of rule.examples.fires) {
      it(`one line, one sentence, on ${path}`, () => {
        const findings = runRule(rule, { plan: path });
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) {
          expect(f.message).not.toMatch(/[\r\n]/);
          expect(f.message).toMatch(/[^.]\.$/);
          expect(f.message.split(/\.\s+[A-Z]/).length, f.message).toBe(1);
        }
      });
    }
  });
}

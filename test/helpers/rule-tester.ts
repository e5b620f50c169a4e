/**
 * One strict helper for rule tests, in the spirit of ESLint's RuleTester: `valid` cases must
 * produce no finding of the rule, `invalid` cases exactly the listed findings (rule, address,
 * severity; compared as a sorted list, not by message text). Each case names a fixture or
 * passes a plan built in the test. Running and judging a case is the rule kit's
 * (src/engine/rule-kit.ts), the same code `planguard test-rules` runs on custom rules.
 */
import { describe, expect, it } from 'vitest';
import { caseFailure, findingsOf } from '../../src/engine/rule-kit.js';
import type { EngineConfig, Finding, Rule, Severity } from '../../src/engine/types.js';
import type { Plan } from '../../src/model/types.js';
import { loadPlan } from './plans.js';

export interface Case {
  name?: string;
  /** Fixture path relative to the repository root, or a plan. */
  plan: string | Plan;
  config?: Partial<EngineConfig>;
}

export interface InvalidCase extends Case {
  findings: { address: string; severity: Severity }[];
  /** Extra checks on the findings (messages, data), beyond the exact list. */
  check?: (findings: Finding[]) => void;
}

export function runRule(rule: Rule, c: Case): Finding[] {
  return findingsOf(rule, typeof c.plan === 'string' ? loadPlan(c.plan) : c.plan, c.config);
}

function caseName(c: Case, i: number): string {
  return c.name ?? (typeof c.plan === 'string' ? c.plan : `case ${i + 1}`);
}

export function ruleTester(rule: Rule, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  if (cases.valid.length === 0 || cases.invalid.length === 0) {
    throw new Error(`${rule.id}: a rule test needs at least one valid and one invalid case`);
  }
  describe(rule.id, () => {
    describe('stays silent', () => {
      cases.valid.forEach((c, i) => {
        it(caseName(c, i), () => {
          expect(caseFailure(runRule(rule, c), 'silent')).toBeUndefined();
        });
      });
    });
    describe('fires', () => {
      cases.invalid.forEach((c, i) => {
        it(caseName(c, i), () => {
          const findings = runRule(rule, c);
          expect(caseFailure(findings, c.findings)).toBeUndefined();
          for (const f of findings) {
            expect(f.message.length).toBeGreaterThan(10);
            expect(f.fix.length).toBeGreaterThan(10);
          }
          c.check?.(findings);
        });
      });
    });
  });
}

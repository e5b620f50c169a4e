/**
 * One strict helper for rule tests, in the spirit of ESLint's RuleTester: `valid` cases must
 * produce no finding of the rule, `invalid` cases exactly the listed findings (rule, address,
 * severity; compared as a sorted list, not by message text). Each case names a fixture or
 * passes a plan built in the test.
 */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { DEFAULT_CONFIG, type EngineConfig, type Rule, type Severity } from '../../src/engine/types.js';
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
  check?: (findings: ReturnType<typeof runRules>['findings']) => void;
}

export function runRule(rule: Rule, c: Case) {
  const plan = typeof c.plan === 'string' ? loadPlan(c.plan) : c.plan;
  const config: EngineConfig = { ...DEFAULT_CONFIG, ...c.config };
  return runRules(plan, [rule], config, { today: '2026-01-01' }).findings.filter((f) => f.ruleId === rule.id);
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
          const found = runRule(rule, c).map((f) => ({ address: f.address, severity: f.severity, message: f.message }));
          expect(found).toEqual([]);
        });
      });
    });
    describe('fires', () => {
      cases.invalid.forEach((c, i) => {
        it(caseName(c, i), () => {
          const findings = runRule(rule, c);
          const got = findings.map((f) => ({ address: f.address, severity: f.severity })).sort(byAddress);
          expect(got).toEqual([...c.findings].sort(byAddress));
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

function byAddress(a: { address: string; severity: string }, b: { address: string; severity: string }): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : a.severity < b.severity ? -1 : a.severity > b.severity ? 1 : 0;
}

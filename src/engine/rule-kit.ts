/**
 * The rule test kit, in the spirit of ESLint's RuleTester: run one rule alone on a plan and say
 * whether it behaved (fired, stayed silent, or gave exactly the expected findings). One piece of
 * code for the built-in rules' tests (test/helpers/rule-tester.ts, test/meta.test.ts) and for
 * `planguard test-rules` (custom rules and plugins). Pure: the plan comes in already read.
 */
import { runRules } from './run.js';
import { DEFAULT_CONFIG, type EngineConfig, type Finding, type Plan, type Rule, type Severity } from './types.js';

export interface ExpectedFinding {
  address: string;
  severity: Severity;
}

/** `fires`: at least one finding; `silent`: none; a list: exactly these (address, severity), in any order. */
export type Expectation = 'fires' | 'silent' | readonly ExpectedFinding[];

/** The findings of one rule run alone on a plan (severity overrides and acknowledgments as `config` says). */
export function findingsOf(rule: Rule, plan: Plan, config: Partial<EngineConfig> = {}, today = '2026-01-01'): Finding[] {
  return runRules(plan, [rule], { ...DEFAULT_CONFIG, ...config }, { today }).findings.filter((f) => f.ruleId === rule.id);
}

function listed(fs: readonly { address: string; severity: string }[]): string {
  const shown = fs.slice(0, 5).map((f) => `${f.address} (${f.severity})`);
  return `${shown.join(', ')}${fs.length > 5 ? `, and ${fs.length - 5} more` : ''}`;
}

function byAddress(a: ExpectedFinding, b: ExpectedFinding): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : a.severity < b.severity ? -1 : a.severity > b.severity ? 1 : 0;
}

/** Why the findings do not meet the expectation, in one line, or undefined when they do. */
export function caseFailure(findings: readonly Finding[], expect: Expectation): string | undefined {
  const crashed = findings.find((f) => f.data?.ruleCrashed === true);
  if (crashed) return `the rule crashed: ${crashed.message}`;
  if (expect === 'silent') return findings.length === 0 ? undefined : `expected no finding, got ${findings.length}: ${listed(findings)}`;
  if (expect === 'fires') return findings.length > 0 ? undefined : 'expected at least one finding, got none';
  const got = findings.map((f) => ({ address: f.address, severity: f.severity })).sort(byAddress);
  const want = [...expect].sort(byAddress);
  const same = got.length === want.length && got.every((g, i) => g.address === want[i]!.address && g.severity === want[i]!.severity);
  return same ? undefined : `expected ${want.length ? listed(want) : 'no finding'}, got ${got.length ? listed(got) : 'none'}`;
}

import type { Action, Plan, ResourceChange } from '../model/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/** What a rule hands to `ctx.report`. */
export interface FindingInput {
  /** The resource the finding is about (for Pulumi, the URN). */
  address: string;
  /** When a finding is about several resources: all of them (address is the first). */
  addresses?: string[];
  /** One sentence a reviewer understands, naming the resource and what happens to it. */
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. critical at quorum loss). */
  severity?: Severity;
  /** Overrides the rule's generic fix with a specific one (e.g. the exact `moved` block). */
  fix?: string;
  /** The change's action, for acknowledgments by action. */
  action?: Action;
  /** Attribute paths that force the replacement, as written (`tags.Name`, `identifier`). */
  replacePaths?: string[];
  /** For replaces: `delete-first` (downtime) or `create-first`. */
  replaceOrder?: 'delete-first' | 'create-first';
  /** Machine-readable extras (a ready-to-paste `moved` block, counts, ...). */
  data?: Record<string, unknown>;
}

export interface RuleExamples {
  /** Fixture paths (relative to the repository root) on which the rule must fire. */
  fires: string[];
  /** Fixture paths on which it must stay silent. */
  silent: string[];
}

export interface RuleOptions {
  /** Address globs: any delete or replace of a match is critical (`--protect`, `protect:`). */
  protect: readonly string[];
  /** Extra attribute-name patterns whose values are secret (`secretPatterns:`): never quote them. */
  secretPatterns?: readonly string[];
}

/** Where a rule that is not built in comes from (`planguard rules`, `planguard explain`). */
export type RuleOrigin =
  | { kind: 'config'; file: string; index: number }
  | { kind: 'plugin'; file: string };

export interface RuleContext {
  report(finding: FindingInput): void;
  readonly options: RuleOptions;
}

export interface Rule {
  /** kebab-case hazard phrase, equal to the file name; never reused. */
  id: string;
  title: string;
  severity: Severity;
  /** Incident ids from INCIDENTS.md this rule echoes (`001`, ...). */
  incidents: string[];
  /** Why this is dangerous, in plain words. */
  rationale: string;
  /** How to fix it, or acknowledge it when it is intended. */
  fix: string;
  /** Fail-closed rules (unreadable or unknown plan content) cannot be turned off or lowered. */
  core?: boolean;
  examples: RuleExamples;
  /** Set by planguard for custom rules (declarative in .planguard.yml, or from a plugin); absent for built-ins. */
  origin?: RuleOrigin;
  check(plan: Plan, ctx: RuleContext): void;
}

/** The only engine API a rule imports. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export interface Acknowledgment {
  address: string;
  action?: 'delete' | 'replace' | 'any';
  rule?: string;
  reason: string;
  expires?: string;
}

export interface AcknowledgmentStatus extends Acknowledgment {
  status: 'used' | 'expired' | 'stale';
  /** Findings it acknowledged (used) or would have (expired). */
  matched: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  address: string;
  addresses?: string[];
  message: string;
  why: string;
  fix: string;
  incident: string;
  acknowledged: boolean;
  /** The acknowledgment's reason, when acknowledged. */
  acknowledgment?: { reason: string; expires?: string };
  blocking: boolean;
  action?: Action;
  replacePaths?: string[];
  replaceOrder?: 'delete-first' | 'create-first';
  /** Resources whose configuration references the affected one. */
  dependents?: string[];
  data?: Record<string, unknown>;
}

export interface EngineConfig {
  failOn: Severity;
  protect: string[];
  /** Per-rule severity override, or 'off'. */
  rules: Record<string, Severity | 'off'>;
  acknowledge: Acknowledgment[];
  /** Extra attribute-name patterns to treat as secret. */
  secretPatterns: string[];
}

export const DEFAULT_CONFIG: EngineConfig = {
  failOn: 'high',
  protect: [],
  rules: {},
  acknowledge: [],
  secretPatterns: [],
};

export type { Action, Plan, ResourceChange };

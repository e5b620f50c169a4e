/**
 * Run the rules over a plan, apply the configuration (severity overrides, rules turned off,
 * acknowledgments) and decide the gate. Pure: the clock comes in as `today`.
 */
import { PluginError } from '../errors.js';
import { matchesGlob, resourceAddress } from '../model/address.js';
import type { Plan } from '../model/types.js';
import {
  atLeast,
  severityRank,
  type AcknowledgmentStatus,
  type EngineConfig,
  type Finding,
  type FindingInput,
  type Rule,
  type Severity,
} from './types.js';

export interface EngineResult {
  findings: Finding[];
  acknowledgments: AcknowledgmentStatus[];
  gate: { failOn: Severity; passed: boolean; blocking: number };
}

export interface RunOptions {
  /** ISO date (YYYY-MM-DD) acknowledgments' expiry is compared with. */
  today: string;
}

/** Run every rule; a rule that throws becomes a blocking finding rather than a silent pass. */
export function runRules(plan: Plan, rules: readonly Rule[], config: EngineConfig, opts: RunOptions): EngineResult {
  const findings: Finding[] = [];
  // Findings of fail-closed rules, and of rules that crashed, can never be acknowledged.
  const unacknowledgeable = new Set<Finding>();
  for (const rule of rules) {
    const override = config.rules[rule.id];
    if (override === 'off' && !rule.core) continue;
    const ruleSeverity: Severity =
      override && override !== 'off' && !(rule.core && severityRank(override) < severityRank(rule.severity)) ? override : rule.severity;
    const ctx = {
      options: { protect: config.protect, secretPatterns: config.secretPatterns },
      report(input: FindingInput) {
        const f = toFinding(rule, input, ruleSeverity, override !== undefined && override !== 'off');
        if (rule.core) unacknowledgeable.add(f);
        findings.push(f);
      },
    };
    try {
      rule.check(plan, ctx);
    } catch (e) {
      // A plugin that fails is bad input (exit 2, naming the plugin), never a finding that could be acknowledged away.
      if (e instanceof PluginError) throw e;
      const crashed: Finding = {
        ruleId: rule.id,
        severity: 'critical',
        address: plan.file,
        message: `rule ${rule.id} failed on this plan (${e instanceof Error ? e.message : String(e)}); the plan cannot be judged`,
        why: 'A rule that cannot run may be hiding a destructive change, so the gate fails closed.',
        fix: 'Report this as a planguard bug with the plan attached (values redacted).',
        incident: rule.incidents.join(', '),
        acknowledged: false,
        blocking: true,
        data: { ruleCrashed: true },
      };
      unacknowledgeable.add(crashed);
      findings.push(crashed);
    }
  }
  addDependents(plan, findings);
  const acknowledgments = applyAcknowledgments(findings, config, opts.today, unacknowledgeable);
  let blocking = 0;
  for (const f of findings) {
    f.blocking = !f.acknowledged && atLeast(f.severity, config.failOn);
    if (f.blocking) blocking++;
  }
  findings.sort(compareFindings);
  return { findings, acknowledgments, gate: { failOn: config.failOn, passed: blocking === 0, blocking } };
}

function toFinding(rule: Rule, input: FindingInput, ruleSeverity: Severity, overridden: boolean): Finding {
  // A configured override sets the severity of every finding of the rule; otherwise a finding may
  // raise or lower its own severity (e.g. critical once half a cluster is affected).
  const severity = overridden ? ruleSeverity : (input.severity ?? ruleSeverity);
  const f: Finding = {
    ruleId: rule.id,
    severity,
    address: input.address,
    message: input.message,
    why: rule.rationale,
    fix: input.fix ?? rule.fix,
    incident: rule.incidents.join(', '),
    acknowledged: false,
    blocking: false,
  };
  if (input.addresses && input.addresses.length > 0) f.addresses = input.addresses;
  if (input.action) f.action = input.action;
  if (input.replacePaths && input.replacePaths.length > 0) f.replacePaths = input.replacePaths;
  if (input.replaceOrder) f.replaceOrder = input.replaceOrder;
  if (input.data) f.data = input.data;
  return f;
}

function addDependents(plan: Plan, findings: Finding[]): void {
  if (plan.dependents.size === 0) return;
  const byAddress = new Map(plan.changes.map((c) => [c.address, c] as const));
  for (const f of findings) {
    if (f.action !== 'delete' && f.action !== 'replace') continue;
    const deps = new Set<string>();
    for (const a of f.addresses ?? [f.address]) {
      const c = byAddress.get(a);
      if (!c) continue;
      for (const d of plan.dependents.get(c.address) ?? plan.dependents.get(resourceAddress(c)) ?? []) deps.add(d);
    }
    if (deps.size > 0) f.dependents = [...deps].sort();
  }
}

function ackMatches(ack: EngineConfig['acknowledge'][number], f: Finding): boolean {
  if (ack.rule && ack.rule !== f.ruleId) return false;
  const action = ack.action ?? 'any';
  if (action !== 'any' && f.action !== action) return false;
  const addresses = f.addresses ?? [f.address];
  return addresses.every((a) => matchesGlob(a, ack.address));
}

function applyAcknowledgments(
  findings: Finding[],
  config: EngineConfig,
  today: string,
  unacknowledgeable: ReadonlySet<Finding>,
): AcknowledgmentStatus[] {
  return config.acknowledge.map((ack) => {
    const expired = ack.expires !== undefined && ack.expires < today;
    let matched = 0;
    for (const f of findings) {
      if (unacknowledgeable.has(f)) continue;
      if (!ackMatches(ack, f)) continue;
      matched++;
      if (!expired && !f.acknowledged) {
        f.acknowledged = true;
        f.acknowledgment = ack.expires ? { reason: ack.reason, expires: ack.expires } : { reason: ack.reason };
      }
    }
    const status: AcknowledgmentStatus['status'] = expired ? 'expired' : matched > 0 ? 'used' : 'stale';
    return { ...ack, status, matched };
  });
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.blocking !== b.blocking) return a.blocking ? -1 : 1;
  const s = severityRank(b.severity) - severityRank(a.severity);
  if (s !== 0) return s;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/**
 * Declarative custom rules: one `customRules:` entry of .planguard.yml becomes a rule of the
 * built-in shape (`defineRule`), run by the same engine as every built-in rule. See
 * docs/custom-rules.md for the semantics users rely on; in short, every condition given must
 * hold for a change, and each change that matches is one finding.
 */
import { isSecretAttributeName } from '../../src/diff/index.js';
import { deepEqual, stringify } from '../../src/diff/values.js';
import { defineRule, type Rule, type RuleOrigin, type Severity } from '../../src/engine/types.js';
import { matchesGlob } from '../../src/model/address.js';
import type { ResourceChange } from '../../src/model/types.js';
import { catalogTypeOf } from '../catalog/index.js';
import { code, resourceLabel } from '../lib/describe.js';
import { hasWildcard, keyNames, parsePath, readPath, type Entry, type PathStep } from './attribute-path.js';

export const MATCH_ACTIONS = ['create', 'update', 'delete', 'replace', 'read', 'no-op', 'forget', 'move', 'import'] as const;
export type MatchAction = (typeof MATCH_ACTIONS)[number];

export interface AttributeCondition {
  path: string;
  changed?: true;
  from?: unknown;
  to?: unknown;
  matches?: string;
  /** What an after value known only after apply does to `to`, `matches` and `changed`: `fire` (default) or `skip`. */
  whenUnknown?: 'fire' | 'skip';
}

/** One `customRules:` entry, as the schema admits it. */
export interface CustomRuleSpec {
  id: string;
  severity: Severity;
  message: string;
  fix?: string;
  match: { type?: string; address?: string; actions?: MatchAction[]; attribute?: AttributeCondition };
  /** Plans (relative to the config file) on which the rule must fire / stay silent (`planguard test-rules`). */
  fires?: string[];
  silent?: string[];
}

/** A problem with one key of an entry (`match.attribute.path`), for a config error naming it. */
export class SpecError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(problem);
  }
}

export const DEFAULT_FIX =
  'Change the plan so that it no longer does this. If it is intended, acknowledge the finding in .planguard.yml with a reason (and an expiry date).';

type Verdict = 'yes' | 'maybe' | 'no';

interface CompiledAttribute {
  cond: AttributeCondition;
  steps: PathStep[];
  re?: RegExp;
}

function compileAttribute(cond: AttributeCondition): CompiledAttribute {
  let steps: PathStep[];
  try {
    steps = parsePath(cond.path);
  } catch (e) {
    throw new SpecError('match.attribute.path', `\`${cond.path}\` ${(e as Error).message}`);
  }
  const out: CompiledAttribute = { cond, steps };
  if (cond.matches !== undefined) {
    try {
      out.re = new RegExp(cond.matches);
    } catch {
      throw new SpecError('match.attribute.matches', 'is not a valid regular expression');
    }
  }
  return out;
}

/** `null`, an empty list or map: what providers write for "nothing here". */
function isNothing(v: unknown): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v).length === 0);
}

function known(entries: readonly Entry[]): unknown[] {
  return entries.filter((e) => !e.unknown && !isNothing(e.value)).map((e) => e.value);
}

/** Some value equals `want`; `null` stands for "no value" (absent, null, empty). */
function holdsValue(entries: readonly Entry[], want: unknown): boolean {
  if (want === null) return known(entries).length === 0 && !entries.some((e) => e.unknown);
  return entries.some((e) => !e.unknown && deepEqual(e.value, want));
}

/** The values as a multiset (order does not count: a list that only reorders is no change). */
function multiset(values: readonly unknown[]): string[] {
  return values.map((v) => stringify(v, true)).sort();
}

function judgeAttribute(a: CompiledAttribute, c: ResourceChange): { verdict: Verdict; before: Entry[]; after: Entry[] } {
  const before = readPath(a.steps, c.before, undefined, c.beforeSensitive);
  const after = readPath(a.steps, c.after, c.afterUnknown, c.afterSensitive);
  const unknownAfter = after.some((e) => e.unknown);
  const verdicts: Verdict[] = [];
  const { cond } = a;
  if (cond.from !== undefined) verdicts.push(holdsValue(before, cond.from) ? 'yes' : 'no');
  if (cond.to !== undefined) verdicts.push(holdsValue(after, cond.to) ? 'yes' : unknownAfter ? 'maybe' : 'no');
  if (a.re) {
    const re = a.re;
    const hit = after.some((e) => !e.unknown && (typeof e.value === 'string' || typeof e.value === 'number' || typeof e.value === 'boolean') && re.test(String(e.value)));
    verdicts.push(hit ? 'yes' : unknownAfter ? 'maybe' : 'no');
  }
  if (cond.changed) {
    const b = multiset(known(before));
    const k = multiset(known(after));
    const differs = b.length !== k.length || b.some((x, i) => x !== k[i]);
    verdicts.push(differs ? 'yes' : unknownAfter ? 'maybe' : 'no');
  }
  let verdict: Verdict = verdicts.includes('no') ? 'no' : verdicts.includes('maybe') ? 'maybe' : 'yes';
  if (verdict === 'maybe' && cond.whenUnknown === 'skip') verdict = 'no';
  return { verdict, before, after };
}

function actionMatches(c: ResourceChange, actions: readonly MatchAction[] | undefined): boolean {
  if (!actions) {
    // No `actions`: every change the plan makes (not a plain no-op or read).
    return (c.action !== 'no-op' && c.action !== 'read') || Boolean(c.previousAddress) || Boolean(c.importing);
  }
  return actions.some((a) => (a === 'move' ? Boolean(c.previousAddress) : a === 'import' ? c.action === 'import' || Boolean(c.importing) : c.action === a));
}

function typeMatches(c: ResourceChange, glob: string): boolean {
  return matchesGlob(c.type, glob) || matchesGlob(catalogTypeOf(c), glob) || (c.canonicalType !== undefined && matchesGlob(c.canonicalType, glob));
}

const VERB: Record<ResourceChange['action'], string> = {
  create: 'is created',
  update: 'is updated',
  delete: 'is deleted',
  replace: 'is destroyed and re-created',
  read: 'is read',
  'no-op': 'is unchanged',
  forget: 'is removed from the state (not destroyed)',
  import: 'is imported',
  unknown: 'has an action planguard does not know',
};

const MAX_VALUE = 60;

/** One side's value for a message, never a sensitive or secret-named one. */
function shown(entries: readonly Entry[], secretName: boolean): string {
  if (entries.length === 0) return '(none)';
  const e = entries[0]!;
  if (e.sensitive || secretName) return '(sensitive)';
  if (e.unknown) return '(known after apply)';
  const v = e.value;
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v);
  return Array.isArray(v) ? '(a list)' : '(an object)';
}

function detail(a: CompiledAttribute, before: Entry[], after: Entry[], secretPatterns: readonly string[] | undefined): string {
  const extra = secretPatterns?.map((p) => new RegExp(p, 'i'));
  const secretName = keyNames(a.steps).some((n) => isSecretAttributeName(n, extra));
  if (hasWildcard(a.steps) || before.length > 1 || after.length > 1) {
    return ` (${code(a.cond.path)}${after.some((e) => e.unknown) ? ', known only after apply' : ''})`;
  }
  return ` (${code(a.cond.path)} ${shown(before, secretName)} → ${shown(after, secretName)})`;
}

/** `planguard rules` shows the message up to its first colon or full stop (`A KMS key is destroyed`). */
function titleOf(message: string): string {
  const m = /^(.{10,}?)(?::\s|\.\s|\.$)/s.exec(message.trim());
  return m ? m[1]! : message.trim();
}

/** The rule an entry describes. Throws SpecError naming the key of a bad value. */
export function declarativeRule(spec: CustomRuleSpec, origin: RuleOrigin & { kind: 'config' }, examples: { fires: string[]; silent: string[] }): Rule {
  const m = spec.match;
  for (const key of ['type', 'address'] as const) {
    if (m[key] !== undefined && m[key].trim() === '') throw new SpecError(`match.${key}`, 'is blank: an empty glob matches nothing');
  }
  const attribute = m.attribute ? compileAttribute(m.attribute) : undefined;
  return defineRule({
    id: spec.id,
    title: titleOf(spec.message),
    severity: spec.severity,
    incidents: [],
    rationale: spec.message,
    fix: spec.fix ?? DEFAULT_FIX,
    examples,
    origin,
    check(plan, ctx) {
      for (const c of plan.changes) {
        if (!actionMatches(c, m.actions)) continue;
        if (m.type !== undefined && !typeMatches(c, m.type)) continue;
        if (m.address !== undefined && !matchesGlob(c.address, m.address)) continue;
        let what = '.';
        if (attribute) {
          const j = judgeAttribute(attribute, c);
          if (j.verdict === 'no') continue;
          what = detail(attribute, j.before, j.after, ctx.options.secretPatterns);
          // Fail closed: a value known only after apply may break the policy.
          what += j.verdict === 'maybe' ? '; its new value is known only after apply, so this cannot be ruled out:' : '.';
        }
        const moved = c.previousAddress ? ` (moved from ${code(c.previousAddress)})` : '';
        ctx.report({
          address: c.address,
          action: c.action,
          message: `${resourceLabel(c)} ${VERB[c.action]}${moved}${what} ${spec.message}`,
          ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
          replacePaths: c.replacePaths.map((p) => p.join('.')),
        });
      }
    },
  });
}

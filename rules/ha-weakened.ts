import {
  catalogTypeOf,
  dataStore,
  haAttributes,
  isHaUnhealthy,
  isHaWeakened,
  isUnknownAt,
  isValuePredicate,
  readAttributeValues,
  toNumber,
  type HaAttribute,
  type HaKind,
} from './catalog/index.js';
import { defineRule, type ResourceChange, type Severity } from '../src/engine/types.js';

/**
 * Kinds where a value that matches the catalog's "weakened" test means the protection is now
 * off (failover disabled, single AZ, a non-HA tier): high. Other kinds (priorities, placement,
 * update strategies, routing policies ...) are medium unless they reach the catalog's unhealthy
 * value.
 */
const OFF_IS_HIGH: ReadonlySet<HaKind> = new Set<HaKind>([
  'failover',
  'multi-az',
  'zone-redundancy',
  'geo-replication',
  'replicas',
  'tier',
  'quorum',
  'path-redundancy',
  'path-enabled',
  'bgp',
]);

/** Data-store categories whose replacement takes the primary and its replicas down together. */
const REPLICATED_CATEGORIES: ReadonlySet<string> = new Set(['cache', 'database']);

/** What is lost, by the most serious kind weakened (first match in this order wins). */
const CONSEQUENCES: readonly [HaKind, string][] = [
  ['failover', 'a failed primary is no longer replaced automatically'],
  ['replicas', 'fewer copies are left to take over when a node fails'],
  ['tier', 'the new tier has no standby to fail over to'],
  ['multi-az', 'an outage of one availability zone now takes it down'],
  ['zone-redundancy', 'an outage of one zone now takes it down'],
  ['geo-replication', 'fewer regions hold a copy, so a regional outage is covered by less'],
  ['quorum', 'the cluster loses what keeps its quorum'],
  ['path-redundancy', 'traffic loses its redundant path'],
  ['path-enabled', 'the path stops carrying traffic'],
  ['bgp', 'routes no longer move to the surviving path on their own'],
];

const MAX_VALUE_LENGTH = 60;

interface Weakening {
  ha: HaAttribute;
  severity: Severity;
  phrase: string;
  /** Nothing left: no replica, zero capacity, below the healthy minimum. */
  noneLeft: boolean;
}

function rank(s: Severity): number {
  return ['info', 'low', 'medium', 'high', 'critical'].indexOf(s);
}

function maxSeverity(a: Severity, b: Severity): Severity {
  return rank(a) >= rank(b) ? a : b;
}

/** A value for a message: primitives as written, lists by length, anything else as "(object)". */
function show(values: readonly unknown[], sensitive: boolean): string {
  if (sensitive) return '(sensitive)';
  if (values.length === 0) return '(unset)';
  const v = values.length === 1 ? values[0] : values;
  if (v === null) return '(unset)';
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') return '(object)';
  const s = String(v);
  return s.length > MAX_VALUE_LENGTH ? `${s.slice(0, MAX_VALUE_LENGTH)}…` : s;
}

function single(values: readonly unknown[]): unknown {
  return values.length === 1 ? values[0] : values.length === 0 ? null : values;
}

function weakenings(c: ResourceChange, type: string): Weakening[] {
  const out: Weakening[] = [];
  for (const ha of haAttributes(type)) {
    // An after-value Terraform only knows at apply time is not judged.
    if (isUnknownAt(c.afterUnknown, ha.attribute)) continue;
    // A replacement re-creates every attribute: a bare difference says nothing there.
    if (c.action === 'replace' && 'changes' in ha.weakenedWhen) continue;
    if (!isHaWeakened(ha, c.before, c.after)) continue;
    const before = readAttributeValues(c.before, ha.attribute);
    const after = readAttributeValues(c.after, ha.attribute);
    const sensitive = isUnknownAt(c.beforeSensitive, ha.attribute) || isUnknownAt(c.afterSensitive, ha.attribute);
    const reachesUnhealthy = isHaUnhealthy(ha, c.after) && !isHaUnhealthy(ha, c.before);
    const pred = ha.weakenedWhen;
    const afterNumber = toNumber(single(after));
    const noneLeft = reachesUnhealthy || ('decreases' in pred && afterNumber === 0);

    let severity: Severity;
    if ('changes' in pred) severity = 'medium'; // a difference the catalog cannot call better or worse
    else if (isValuePredicate(pred)) severity = OFF_IS_HIGH.has(ha.kind) || reachesUnhealthy ? 'high' : 'medium';
    else severity = ha.kind === 'replicas' || ha.kind === 'geo-replication' || noneLeft ? 'high' : 'medium';

    let phrase = `\`${ha.attribute}\` ${show(before, sensitive)} → ${show(after, sensitive)}`;
    const turnedOff = typeof single(before) === 'boolean' && single(after) === false;
    if (turnedOff) phrase = `\`${ha.attribute}\` turned off`;
    else if (ha.kind === 'replicas' && noneLeft) phrase += ' (no replica left)';
    else if (noneLeft && !isValuePredicate(pred) && ha.healthy) phrase += ` (healthy: ${ha.healthy})`;
    else if ('changes' in pred && ha.healthy && !['None', 'unchanged'].includes(ha.healthy)) phrase += ` (keep: ${ha.healthy})`;
    out.push({ ha, severity, phrase, noneLeft });
  }
  return out;
}

/**
 * A replaced cache or database that was highly available before: the primary and its replicas
 * (or its standby) are destroyed together. Members of a cluster (`clusterOf` set) are left to
 * group-members-destroyed; a type whose catalog entry has an `unhealthy` test counts only when
 * one of those tests passed before the plan.
 */
function replicatedReplace(c: ResourceChange, type: string): boolean {
  if (c.action !== 'replace') return false;
  const store = dataStore(type);
  if (!store || !REPLICATED_CATEGORIES.has(store.category)) return false;
  const has = haAttributes(type);
  if (has.length === 0) return false;
  if (store.clusterOf) {
    const member = readAttributeValues(c.before, store.clusterOf).some((v) => typeof v === 'string' && v !== '');
    if (member) return false;
  }
  const judged = has.filter((ha) => ha.unhealthy !== undefined);
  if (judged.length === 0) return true;
  return judged.some((ha) => !isHaUnhealthy(ha, c.before));
}

function consequence(ws: readonly Weakening[]): string {
  if (ws.some((w) => w.ha.kind === 'replicas' && w.noneLeft)) return 'no replica is left, so nothing takes over when the primary fails';
  for (const [kind, text] of CONSEQUENCES) {
    if (ws.some((x) => x.ha.kind === kind && rank(x.severity) >= rank('high'))) return text;
  }
  return 'it survives fewer failures than before';
}

function replaceClause(c: ResourceChange): string {
  const paths = c.replacePaths.map((p) => `\`${p.join('.')}\``);
  const forced = paths.length > 0 ? `forced by ${paths.join(', ')}` : 'replaced';
  const order = c.replaceOrder === 'delete-first' ? ', deleted before the new one exists' : c.replaceOrder === 'create-first' ? ', new one created first' : '';
  return `${forced}${order}`;
}

export default defineRule({
  id: 'ha-weakened',
  title: 'High availability of a database, cache or network path is weakened',
  severity: 'high',
  incidents: ['003'],
  rationale:
    'Automatic failover, Multi-AZ, replicas and HA tiers are what keeps a database or cache serving when a node or a zone fails. A plan that turns them off, cuts the replicas (worst: to none) or re-creates the whole replication group at once leaves a primary with nothing to fail over to; in incident 003 an in-memory database ended with no primary and failover never fired.',
  fix:
    'Keep failover, Multi-AZ and at least one replica on production data stores; reduce replicas one at a time and never to zero. If the downgrade is intended (a non-production environment, a planned migration), acknowledge it in .planguard.yml with a reason.',
  examples: {
    fires: [
      'fixtures/terraform/handwritten-cache-failover-off/plan.json',
      'fixtures/terraform/handwritten-memorystore-basic/plan.json',
    ],
    silent: [
      'fixtures/terraform/handwritten-availability-harmless/plan.json',
      'fixtures/terraform/handwritten-rds-resize-apply-immediately/plan.json',
    ],
  },
  check(plan, ctx) {
    for (const c of plan.changes) {
      if (c.mode !== 'managed' || c.deposed) continue;
      if (c.action !== 'update' && c.action !== 'replace') continue;
      const type = catalogTypeOf(c);
      const ws = weakenings(c, type);
      const replaced = replicatedReplace(c, type);
      if (ws.length === 0 && !replaced) continue;

      let severity: Severity = replaced ? 'high' : 'info';
      for (const w of ws) severity = maxSeverity(severity, w.severity);
      const list = ws.map((w) => w.phrase).join(', ');
      let message: string;
      if (replaced && ws.length > 0) {
        message = `\`${c.address}\` is destroyed and re-created (${replaceClause(c)}) and comes back less available (${list}): the primary and its replicas go down together and ${consequence(ws)}.`;
      } else if (replaced) {
        message = `\`${c.address}\` is destroyed and re-created (${replaceClause(c)}): the primary and its replicas or standby go down together, so there is nothing to fail over to until it is rebuilt.`;
      } else {
        message = `\`${c.address}\` loses high availability (${list}): ${consequence(ws)}.`;
      }
      ctx.report({
        address: c.address,
        severity,
        action: c.action,
        message,
        ...(c.action === 'replace' ? { replacePaths: c.replacePaths.map((p) => p.join('.')) } : {}),
        ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
        data: {
          weakened: ws.map((w) => ({ attribute: w.ha.attribute, kind: w.ha.kind, severity: w.severity, noneLeft: w.noneLeft })),
          replicationGroupReplaced: replaced,
        },
      });
    }
  },
});

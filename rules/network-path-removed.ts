import {
  catalogTypeOf,
  haAttributes,
  isUnknownAt,
  networkPath,
  readAttributeValues,
  type NetworkCategory,
  type NetworkPath,
} from './catalog/index.js';
import { defineRule, type ResourceChange, type Severity } from '../src/engine/types.js';
import { deepEqual, stringify } from '../src/diff/values.js';

/** How a category is named in a message, and what its removal does. */
const CATEGORY: Record<NetworkCategory, { noun: string; loss: string }> = {
  route: { noun: 'route', loss: 'traffic to its destination loses this route' },
  'route-table': { noun: 'route table', loss: 'the subnets that use it lose their routes' },
  'route-table-association': { noun: 'route table association', loss: 'the subnet falls back to the default routes of its network' },
  'route-propagation': { noun: 'route propagation', loss: 'the routes it propagates are withdrawn' },
  vpn: { noun: 'VPN', loss: 'the VPN path it carries goes down' },
  'transit-gateway': { noun: 'transit attachment', loss: 'traffic through it stops' },
  interconnect: { noun: 'dedicated interconnect', loss: 'the dedicated link goes down' },
  bgp: { noun: 'BGP session', loss: 'the session and the routes learned over it go away' },
  router: { noun: 'router', loss: 'every session and NAT on the router goes with it' },
  nat: { noun: 'NAT gateway', loss: 'private subnets lose their way out' },
  gateway: { noun: 'gateway', loss: 'the network loses this way in or out' },
  peering: { noun: 'peering', loss: 'traffic between the peered networks stops' },
  'load-balancer': { noun: 'load balancer', loss: 'clients lose it, and a new one comes with a new address' },
  cdn: { noun: 'CDN endpoint', loss: 'clients lose it, and a new one comes with a new domain' },
  listener: { noun: 'listener', loss: 'clients on that address and port get no answer' },
  backend: { noun: 'load balancer backend', loss: 'the load balancer loses where it sends traffic' },
  'ip-address': { noun: 'IP address', loss: 'the address is released and a new one will differ, breaking allowlists and DNS' },
  network: { noun: 'network', loss: 'everything in the network loses connectivity' },
  subnet: { noun: 'subnet', loss: 'everything in the subnet loses connectivity' },
  firewall: { noun: 'firewall rule set', loss: 'the traffic it governs is handled differently' },
  endpoint: { noun: 'endpoint', loss: 'clients of the endpoint lose it' },
  service: { noun: 'service', loss: 'clients of the service lose it' },
  ingress: { noun: 'ingress', loss: 'clients of the ingress lose it' },
  'dns-zone': { noun: 'DNS zone', loss: 'its records stop resolving and a new zone gets new name servers' },
  'dns-record': { noun: 'DNS record', loss: 'the name stops resolving' },
};

const ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const rank = (s: Severity): number => ORDER.indexOf(s);
const atLeastHigh = (s: Severity): boolean => rank(s) >= rank('high');
const maxSeverity = (a: Severity, b: Severity): Severity => (rank(a) >= rank(b) ? a : b);

const MAX_VALUE_LENGTH = 60;

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function byAddress(a: ResourceChange, b: ResourceChange): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

const destroyed = (c: ResourceChange): boolean => c.action === 'delete' || c.action === 'replace';
/** Exists before the plan (so it is a member of whatever set its values put it in). */
const existing = (c: ResourceChange): boolean => c.action !== 'create' && c.before !== null && typeof c.before === 'object';

/**
 * The redundancy key of an object: the values of `redundancyKey`, empty counted as null, or
 * undefined when every value is empty (the catalog's rule: at least one non-null).
 */
function keyOf(obj: unknown, np: NetworkPath): string | undefined {
  if (!np.redundancyKey || obj === null || typeof obj !== 'object') return undefined;
  const values = np.redundancyKey.map((attr) => {
    const vs = readAttributeValues(obj, attr).filter((v) => !isEmpty(v));
    return vs.length === 0 ? null : vs.length === 1 ? vs[0] : vs;
  });
  if (values.every((v) => v === null)) return undefined;
  return stringify(values, true);
}

/** `vpn_gateway_id` = vgw-0a1b: the shared key in a message (sensitive values masked). */
function describeKey(c: ResourceChange, np: NetworkPath): string {
  const parts: string[] = [];
  for (const attr of np.redundancyKey ?? []) {
    const vs = readAttributeValues(c.before, attr).filter((v) => !isEmpty(v));
    if (vs.length === 0) continue;
    const sensitive = isUnknownAt(c.beforeSensitive, attr);
    const shown = sensitive ? '(sensitive)' : vs.map((v) => (typeof v === 'object' ? '(object)' : String(v))).join(', ');
    parts.push(`\`${attr}\` = ${shown.length > MAX_VALUE_LENGTH ? `${shown.slice(0, MAX_VALUE_LENGTH)}…` : shown}`);
  }
  return parts.join(', ');
}

/** A DNS record that carries failover or weighted routing, an alias or a health check (the catalog's HA rows). */
function carriesRouting(c: ResourceChange, type: string): boolean {
  return haAttributes(type).some(
    (ha) => (ha.kind === 'routing-policy' || ha.kind === 'health-check') && readAttributeValues(c.before, ha.attribute).some((v) => !isEmpty(v)),
  );
}

/** Severity of losing this one resource, before redundancy is considered. */
function baseSeverity(c: ResourceChange, type: string, np: NetworkPath): Severity {
  let s: Severity = np.outageOnDelete;
  if (np.category === 'dns-record' && carriesRouting(c, type)) s = maxSeverity(s, 'high');
  return s;
}

function replaceClause(c: ResourceChange): string {
  const paths = c.replacePaths.map((p) => `\`${p.join('.')}\``);
  const forced = paths.length > 0 ? `forced by ${paths.join(', ')}` : 'replaced';
  if (c.replaceOrder === 'delete-first') return `${forced}; the old one is deleted before the new one exists`;
  if (c.replaceOrder === 'create-first') return `${forced}; the new one is created first`;
  return forced;
}

function verbOf(c: ResourceChange): string {
  return c.action === 'delete' ? 'deleted' : `destroyed and re-created (${replaceClause(c)})`;
}

function pathsOf(cs: readonly ResourceChange[]): string[] {
  return [...new Set(cs.flatMap((c) => c.replacePaths.map((p) => p.join('.'))))].sort();
}

function orderOf(cs: readonly ResourceChange[]): 'delete-first' | 'create-first' | undefined {
  if (cs.some((c) => c.replaceOrder === 'delete-first')) return 'delete-first';
  if (cs.some((c) => c.replaceOrder === 'create-first')) return 'create-first';
  return undefined;
}

interface RedundantSet {
  type: string;
  np: NetworkPath;
  members: ResourceChange[];
  /** Creates in this plan with the same key: the path re-created under another address. */
  created: ResourceChange[];
}

/** Is any of the values at the path different between before and after (unknown counts as a change)? */
function changedAt(c: ResourceChange, attr: string): 'changed' | 'unknown' | undefined {
  const before = readAttributeValues(c.before, attr);
  if (isUnknownAt(c.afterUnknown, attr)) return before.some((v) => !isEmpty(v)) ? 'unknown' : undefined;
  const after = readAttributeValues(c.after, attr);
  return deepEqual(before, after) ? undefined : 'changed';
}

export default defineRule({
  id: 'network-path-removed',
  title: 'A network path is removed, or both paths of a redundant pair change at once',
  severity: 'high',
  incidents: ['004'],
  rationale:
    'Routes, route tables and their associations, VPN and transit attachments, NAT gateways, peerings, listeners and DNS carry the traffic between services. Deleting one, or replacing it delete-first, cuts that traffic until it is back; removing the backup of a redundant pair leaves a single path, and in incident 004 a single path that a provider took down for maintenance cut application servers off their databases for 77 minutes.',
  fix:
    'Keep a redundant path in place while you change the other one: change the members of a pair in separate plans, add `lifecycle { create_before_destroy = true }` where the provider allows it, and avoid changing an attribute that forces a replacement (see replace_paths). If the path is meant to go, acknowledge it in .planguard.yml with a reason.',
  examples: {
    fires: [
      'fixtures/terraform/handwritten-vpn-backup-removed/plan.json',
      'fixtures/terraform/handwritten-vpn-both-removed/plan.json',
      'fixtures/terraform/handwritten-route-table-association-replaced/plan.json',
    ],
    silent: [
      'fixtures/terraform/handwritten-availability-harmless/plan.json',
      'fixtures/terraform/handwritten-cache-failover-off/plan.json',
    ],
  },
  check(plan, ctx) {
    const candidates: { c: ResourceChange; type: string; np: NetworkPath }[] = [];
    for (const c of plan.changes) {
      if (c.mode !== 'managed' || c.deposed) continue;
      // Pulumi `retainOnDelete`: the delete only forgets the resource, the path stays up.
      if (c.action === 'delete' && c.retainOnDelete) continue;
      const type = catalogTypeOf(c);
      const np = networkPath(type);
      if (np) candidates.push({ c, type, np });
    }

    // Redundant sets: resources of one type sharing the catalog's redundancy key.
    const sets = new Map<string, RedundantSet>();
    const setOf = new Map<ResourceChange, RedundantSet>();
    for (const { c, type, np } of candidates) {
      const isMember = existing(c);
      // A create whose key is known only after apply cannot be placed in a set.
      if (!isMember && (np.redundancyKey ?? []).some((attr) => isUnknownAt(c.afterUnknown, attr))) continue;
      const key = keyOf(isMember ? c.before : c.after, np);
      if (key === undefined) continue;
      const id = `${type}\u0000${key}`;
      let set = sets.get(id);
      if (!set) sets.set(id, (set = { type, np, members: [], created: [] }));
      if (isMember) {
        set.members.push(c);
        setOf.set(c, set);
      } else if (c.action === 'create') set.created.push(c);
    }

    const handled = new Set<ResourceChange>();

    // Several members of one redundant set destroyed in one plan: the backup goes with the primary.
    for (const set of sets.values()) {
      const gone = set.members.filter(destroyed).sort(byAddress);
      if (gone.length < 2) continue;
      for (const c of gone) handled.add(c);
      const n = gone.length;
      const m = set.members.length;
      const base = gone.map((c) => baseSeverity(c, set.type, set.np)).reduce(maxSeverity);
      const severity: Severity = atLeastHigh(base) ? 'critical' : 'high';
      const allDeleted = gone.every((c) => c.action === 'delete');
      const verb = allDeleted ? 'deleted' : gone.every((c) => c.action === 'replace') ? 'destroyed and re-created' : 'deleted or destroyed and re-created';
      const names = gone.map((c) => `\`${c.address}\``).join(', ');
      const left = m - n;
      const outcome =
        left === 0
          ? allDeleted
            ? 'the backup path goes together with the primary and no path is left'
            : 'every path of the set is down at the same time, so nothing carries the traffic while they are rebuilt'
          : `only ${left} of ${m} paths ${left === 1 ? 'is' : 'are'} left to carry the traffic`;
      ctx.report({
        address: gone[0]!.address,
        addresses: gone.map((c) => c.address),
        severity,
        action: gone.every((c) => c.action === 'replace') ? 'replace' : 'delete',
        message: `${n} of ${m} \`${set.type}\` sharing ${describeKey(gone[0]!, set.np)} (${names}) are ${verb} in one plan: ${outcome}.`,
        ...(pathsOf(gone).length > 0 ? { replacePaths: pathsOf(gone) } : {}),
        ...(orderOf(gone) ? { replaceOrder: orderOf(gone)! } : {}),
        data: { category: set.np.category, redundantSet: true, destroyed: n, members: m },
      });
    }

    for (const { c, type, np } of candidates) {
      if (handled.has(c)) continue;
      const { noun, loss } = CATEGORY[np.category];

      if (destroyed(c)) {
        let severity = baseSeverity(c, type, np);
        const deleteFirst = c.action === 'replace' && c.replaceOrder === 'delete-first';
        if (deleteFirst && atLeastHigh(severity)) severity = 'critical';
        let outcome = c.action === 'delete' ? loss : c.replaceOrder === 'create-first' ? `${loss} if the switch to the new one fails` : `${loss} until the new one exists`;

        const set = setOf.get(c);
        let redundancy: string | undefined;
        if (set && c.action === 'delete') {
          const others = set.members.filter((x) => x !== c);
          const again = set.created.filter((x) => x !== c);
          if (again.length > 0) {
            outcome = `it is re-created as \`${again[0]!.address}\` in the same plan, and ${loss} in between`;
            redundancy = 're-created';
          } else if (others.length === 1) {
            outcome = `\`${others[0]!.address}\` is left as the only path sharing ${describeKey(c, np)}: no redundant path is left, so its next failure is an outage`;
            severity = maxSeverity(severity, 'high');
            redundancy = 'no-redundant-path-left';
          } else if (others.length > 1) {
            outcome = `${loss}; ${others.length} other paths sharing ${describeKey(c, np)} remain`;
            redundancy = 'others-remain';
          }
        }
        ctx.report({
          address: c.address,
          severity,
          action: c.action,
          message: `\`${c.address}\` (${noun}) is ${verbOf(c)}: ${outcome}.`,
          ...(c.action === 'replace' ? { replacePaths: c.replacePaths.map((p) => p.join('.')) } : {}),
          ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
          data: { category: np.category, ...(redundancy ? { redundancy } : {}) },
        });
        continue;
      }

      if (c.action === 'update' && np.pathChangeAttributes) {
        const changed: string[] = [];
        let unknown = false;
        for (const pc of np.pathChangeAttributes) {
          const how = changedAt(c, pc.attribute);
          if (!how) continue;
          changed.push(`\`${pc.attribute}\`${how === 'unknown' ? ' (known after apply)' : ''}`);
          if (how === 'unknown') unknown = true;
        }
        if (changed.length === 0) continue;
        ctx.report({
          address: c.address,
          severity: 'medium',
          action: 'update',
          message: `\`${c.address}\` (${noun}) changes ${changed.join(', ')} in place: traffic it carries is re-routed or the path is re-established${unknown ? ' to a target known only after apply' : ''}, so check the new path works before the old one goes.`,
          data: { category: np.category, pathChange: np.pathChangeAttributes.map((p) => p.attribute).filter((a) => changed.some((x) => x.startsWith(`\`${a}\``))) },
        });
      }
    }
  },
});

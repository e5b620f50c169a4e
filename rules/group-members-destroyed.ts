import { formatIndex, groupKey, stripModuleKeys } from '../src/model/address.js';
import { defineRule, type Plan, type ResourceChange, type Severity } from '../src/engine/types.js';
import { catalogTypeOf, dataStore, readAttributeValues } from './catalog/index.js';

/**
 * A set of resources that work together, so that losing several at once is worse than losing
 * them one by one: the instances of one count/for_each block (across module instances too), or
 * the members of one cluster or replication group (the catalog's `clusterOf`).
 */
interface MemberGroup {
  /** Unique within its source. */
  key: string;
  /** The group in a message, after "N of M": "instances of `terraform_data.db_node`". */
  noun: string;
  /** Every member that exists before the plan (creates are not members yet). */
  members: ResourceChange[];
  /** How a member is named in the message: `["db-11"]` for an instance key, else its address. */
  memberLabel(c: ResourceChange): string;
  /** For `data.source`: where the grouping comes from. */
  source: string;
}

type GroupSource = (plan: Plan) => MemberGroup[];

/** The instances of one count/for_each resource, module instance keys folded (`groupKey`). */
const countAndForEachGroups: GroupSource = (plan) => {
  const byKey = new Map<string, ResourceChange[]>();
  for (const c of plan.changes) {
    if (c.mode !== 'managed' || c.deposed || c.action === 'create') continue;
    const key = groupKey(c);
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(c);
  }
  const groups: MemberGroup[] = [];
  for (const [key, members] of byKey) {
    if (members.length < 2) continue;
    groups.push({
      key,
      noun: `instances of \`${key}\``,
      members,
      source: 'count/for_each',
      memberLabel: (c) =>
        c.index !== undefined && (c.module ?? '') === stripModuleKeys(c.module) ? formatIndex(c.index) : `\`${c.address}\``,
    });
  }
  return groups;
};

/**
 * Members of one cluster or replication group: resources of one catalog type whose `clusterOf`
 * attribute (aws_rds_cluster_instance `cluster_identifier`, aws_elasticache_cluster
 * `replication_group_id`, google_sql_database_instance `master_instance_name` ...) holds the same
 * value before the plan, wherever they are declared (separate blocks, modules, count/for_each).
 */
const clusterGroups: GroupSource = (plan) => {
  const byCluster = new Map<string, { type: string; attribute: string; cluster: string; members: ResourceChange[] }>();
  for (const c of plan.changes) {
    if (c.mode !== 'managed' || c.deposed || c.action === 'create') continue;
    const type = catalogTypeOf(c);
    const attribute = dataStore(type)?.clusterOf;
    if (!attribute) continue;
    const values = readAttributeValues(c.before, attribute).filter((v): v is string | number => (typeof v === 'string' && v !== '') || typeof v === 'number');
    if (values.length !== 1) continue;
    const cluster = String(values[0]);
    const key = `${type}\u0000${attribute}\u0000${cluster}`;
    let g = byCluster.get(key);
    if (!g) byCluster.set(key, (g = { type, attribute, cluster, members: [] }));
    g.members.push(c);
  }
  const groups: MemberGroup[] = [];
  for (const g of byCluster.values()) {
    if (g.members.length < 2) continue;
    groups.push({
      key: `${g.type}.${g.attribute}=${g.cluster}`,
      noun: `members of cluster \`${g.cluster}\` (\`${g.type}\` by \`${g.attribute}\`)`,
      members: g.members,
      source: 'catalog clusterOf',
      memberLabel: (c) => `\`${c.address}\``,
    });
  }
  return groups;
};

/**
 * Where groups come from, in order. A group whose destroyed members were all reported already
 * by an earlier group is not reported again, so clusters come first: when the members of a
 * cluster are also the instances of one count/for_each block, the cluster says more.
 */
const GROUP_SOURCES: readonly GroupSource[] = [clusterGroups, countAndForEachGroups];

/** How many member names the message spells out. */
const MESSAGE_MEMBERS = 5;

/** The fix in Pulumi's words (the rule's own names Terraform's tools). */
const PULUMI_FIX =
  'Find out why each member is destroyed (the property in the replace reasons; a rename needs `aliases`) and avoid it; if they really must be rebuilt, roll them fewer than half at a time across separate updates. If the whole group is meant to go, acknowledge it in .planguard.yml with a reason.';

export default defineRule({
  id: 'group-members-destroyed',
  title: 'Several members of one group are destroyed in one plan',
  severity: 'high',
  incidents: ['001', '003'],
  rationale:
    'Destroying several instances of one count/for_each group, or several members of one database or cache cluster, at once (deleted, or replaced with delete and create) removes capacity and replicas together; at half or more a cluster loses quorum and data whose every copy lived on those members is gone.',
  fix:
    'Find out why each member is destroyed (the attribute in replace_paths; a rename needs a `moved` block) and avoid it; if they really must be rebuilt, roll them fewer than half at a time across separate plans. If the whole group is meant to go, acknowledge it in .planguard.yml with a reason.',
  examples: {
    fires: [
      'fixtures/terraform/db-node-rename/plan.json',
      'fixtures/terraform/count-shrink/plan.json',
      'fixtures/terraform/group-majority-replace/plan.json',
      'fixtures/terraform/handwritten-aurora-members-replaced/plan.json',
    ],
    silent: [
      'fixtures/terraform/many-tag-updates/plan.json',
      'fixtures/terraform/creates-only/plan.json',
      'fixtures/terraform/foreach-key-rename-moved/plan.json',
    ],
  },
  check(plan, ctx) {
    const reported = new Set<string>();
    for (const source of GROUP_SOURCES) {
      for (const g of source(plan)) {
        const destroyed = g.members.filter((c) => c.action === 'delete' || c.action === 'replace');
        const n = destroyed.length;
        const m = g.members.length;
        if (n < 2) continue;
        destroyed.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
        const addresses = destroyed.map((c) => c.address);
        if (addresses.every((a) => reported.has(a))) continue;
        for (const a of addresses) reported.add(a);

        const quorum = 2 * n >= m;
        const severity: Severity = quorum ? 'critical' : 'high';
        const deletes = destroyed.filter((c) => c.action === 'delete').length;
        const replaces = n - deletes;
        const verb = replaces === 0 ? 'deleted' : deletes === 0 ? 'destroyed and re-created' : 'deleted or destroyed and re-created';
        const names = destroyed.slice(0, MESSAGE_MEMBERS).map((c) => g.memberLabel(c));
        const more = n > MESSAGE_MEMBERS ? ` and ${n - MESSAGE_MEMBERS} more` : '';
        const consequence = quorum
          ? 'half or more of the group at once, enough to break a quorum or lose every copy of data kept on them'
          : 'several members at once, each one less to carry the load and hold copies of the data';

        const replacePaths = [...new Set(destroyed.flatMap((c) => c.replacePaths.map((p) => p.join('.'))))].sort();
        const replaceOrder = destroyed.some((c) => c.replaceOrder === 'delete-first')
          ? 'delete-first'
          : destroyed.some((c) => c.replaceOrder === 'create-first')
            ? 'create-first'
            : undefined;

        ctx.report({
          address: addresses[0]!,
          addresses,
          severity,
          action: replaces === n ? 'replace' : 'delete',
          message: `${n} of ${m} ${g.noun} are ${verb} in this plan (${names.join(', ')}${more}): ${consequence}.`,
          ...(plan.source === 'pulumi' ? { fix: PULUMI_FIX } : {}),
          ...(replacePaths.length > 0 ? { replacePaths } : {}),
          ...(replaceOrder ? { replaceOrder } : {}),
          data: { group: g.key, source: g.source, destroyed: n, members: m, deleted: deletes, replaced: replaces, quorum },
        });
      }
    }
  },
});

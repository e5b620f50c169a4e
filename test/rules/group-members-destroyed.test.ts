import { expect } from 'vitest';
import rule from '../../rules/group-members-destroyed.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { corpusStaysBelowHigh } from '../helpers/corpus-plans.js';
import { deleted, replaced, terraformPlan, unchanged } from '../helpers/terraform-plan.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

// module-foreach with shards a and b's node deleted: one group across the module instances.
const shardsDeleted = readJson('fixtures/terraform/module-foreach/plan.json');
for (const rc of shardsDeleted.resource_changes as RawChange[]) {
  if (rc.address.endsWith('.terraform_data.node') && /shard-[ab]/.test(rc.address)) {
    rc.change = { ...rc.change, actions: ['delete'], after: null, after_unknown: {}, after_sensitive: false };
    rc.action_reason = 'delete_because_no_resource_config';
  }
}

// count-shrink with the two deleted instances turned into data sources being read: not managed.
const dataSources = readJson('fixtures/terraform/count-shrink/plan.json');
for (const rc of dataSources.resource_changes as RawChange[]) {
  rc.mode = 'data';
  rc.address = `data.${rc.address}`;
}

// Members of one cluster, found through the catalog's clusterOf (cluster_identifier, replication_group_id).
const auroraMember = (id: string, cluster: string): Record<string, unknown> => ({ identifier: id, cluster_identifier: cluster, instance_class: 'db.r6g.large' });
const cacheNode = (id: string): Record<string, unknown> => ({ cluster_id: id, replication_group_id: 'sessions-prod', num_cache_nodes: 1 });
const renamed = (address: string, before: Record<string, unknown>) =>
  replaced(address, before, { ...before, identifier: `${before.identifier as string}-v2` }, [['identifier']]);

ruleTester(rule, {
  valid: [
    { name: '300 in-place updates and 20 creates: nothing destroyed', plan: 'fixtures/terraform/many-tag-updates/plan.json' },
    { name: 'creates only', plan: 'fixtures/terraform/creates-only/plan.json' },
    { name: 'renamed keys with moved blocks: no-ops', plan: 'fixtures/terraform/foreach-key-rename-moved/plan.json' },
    { name: 'one instance of each module group removed (1 of 2 is not several)', plan: 'fixtures/terraform/module-removed/plan.json' },
    { name: 'a single resource replaced', plan: 'fixtures/terraform/triggers-replace/plan.json' },
    { name: 'data sources are not members', plan: planFromJson(dataSources) },
    {
      // resB is replaced, and its old object left pending deletion by an earlier replace is deleted:
      // one resource, not two members of a group (a false alarm before the reader marked it deposed).
      name: 'corpus: a Pulumi replace and the delete of its pending-delete left-over are one resource',
      plan: 'fixtures/corpus/pulumi/pulumi__eventlog__lc-TestPendingDeleteReplacement.jsonl',
    },
    {
      name: 'one member destroyed in each of two clusters is not several of one cluster',
      plan: terraformPlan([
        renamed('aws_rds_cluster_instance.orders_reader', auroraMember('orders-2', 'orders')),
        unchanged('aws_rds_cluster_instance.orders_writer', auroraMember('orders-1', 'orders')),
        renamed('aws_rds_cluster_instance.billing_reader', auroraMember('billing-2', 'billing')),
        unchanged('aws_rds_cluster_instance.billing_writer', auroraMember('billing-1', 'billing')),
      ]),
    },
    {
      name: 'standalone cache clusters (no replication group) are not members of anything',
      plan: terraformPlan([
        deleted('aws_elasticache_cluster.a', { ...cacheNode('memcached-a'), replication_group_id: '' }),
        deleted('aws_elasticache_cluster.b', { ...cacheNode('memcached-b'), replication_group_id: '' }),
      ]),
    },
  ],
  invalid: [
    {
      name: 'incident 001: 5 of 15 db nodes replaced (below half: high)',
      plan: 'fixtures/terraform/db-node-rename/plan.json',
      findings: [{ address: 'terraform_data.db_node["db-11"]', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '5 of 15 instances of `terraform_data.db_node` are destroyed and re-created in this plan (["db-11"], ["db-12"], ["db-13"], ["db-14"], ["db-15"]): several members at once, each one less to carry the load and hold copies of the data.',
        );
        expect(f!.addresses).toEqual(['db-11', 'db-12', 'db-13', 'db-14', 'db-15'].map((k) => `terraform_data.db_node["${k}"]`));
        expect(f!.action).toBe('replace');
        expect(f!.replaceOrder).toBe('delete-first');
        expect(f!.replacePaths).toEqual(['triggers_replace']);
        expect(f!.data).toMatchObject({ group: 'terraform_data.db_node', destroyed: 5, members: 15, quorum: false });
      },
    },
    {
      name: 'count 5 -> 3: 2 of 5 deleted (high)',
      plan: 'fixtures/terraform/count-shrink/plan.json',
      findings: [{ address: 'terraform_data.cache_node[3]', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toMatch(/^2 of 5 instances of `terraform_data\.cache_node` are deleted in this plan \(\[3\], \[4\]\)/);
        expect(f!.action).toBe('delete');
        expect(f!.replaceOrder).toBeUndefined();
      },
    },
    {
      name: '3 of 5 cache nodes replaced: half or more is critical',
      plan: 'fixtures/terraform/group-majority-replace/plan.json',
      findings: [{ address: 'terraform_data.cache_node["cache-01"]', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toContain('3 of 5 instances of `terraform_data.cache_node` are destroyed and re-created');
        expect(f!.data).toMatchObject({ destroyed: 3, members: 5, quorum: true });
      },
    },
    {
      name: 'a -destroy plan deleting the whole group (2 of 2) is critical',
      plan: 'fixtures/terraform/destroy/plan.json',
      findings: [{ address: 'terraform_data.db_node["staging-db-01"]', severity: 'critical' }],
    },
    {
      name: 'renamed for_each keys: the 2 old instances deleted out of 5 existing (creates are not counted)',
      plan: 'fixtures/terraform/foreach-key-rename/plan.json',
      findings: [{ address: 'terraform_data.db_node["orders-db-04"]', severity: 'high' }],
      check: ([f]) => expect(f!.message).toMatch(/^2 of 5 instances/),
    },
    {
      name: 'count index shift: 2 replaced and 1 deleted of 5 db replicas; the dns records are only updated',
      plan: 'fixtures/terraform/count-index-shift/plan.json',
      findings: [{ address: 'terraform_data.db_replica[2]', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toContain('3 of 5 instances of `terraform_data.db_replica` are deleted or destroyed and re-created');
        expect(f!.action).toBe('delete');
        expect(f!.replaceOrder).toBe('delete-first');
        expect(f!.data).toMatchObject({ deleted: 1, replaced: 2 });
      },
    },
    {
      name: 'module for_each: 2 of 4 shards lose their node (one group across module instances)',
      plan: planFromJson(shardsDeleted),
      findings: [{ address: 'module.cache_shard["shard-a"].terraform_data.node', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toContain(
          '2 of 4 instances of `module.cache_shard.terraform_data.node` are deleted in this plan (`module.cache_shard["shard-a"].terraform_data.node`, `module.cache_shard["shard-b"].terraform_data.node`)',
        );
      },
    },
    {
      name: 'incident 001/003 on Aurora: 3 of 4 members of one cluster replaced, declared as separate blocks',
      plan: 'fixtures/terraform/handwritten-aurora-members-replaced/plan.json',
      findings: [{ address: 'aws_rds_cluster_instance.reader_a', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '3 of 4 members of cluster `orders-aurora` (`aws_rds_cluster_instance` by `cluster_identifier`) are destroyed and re-created in this plan (`aws_rds_cluster_instance.reader_a`, `aws_rds_cluster_instance.reader_b`, `aws_rds_cluster_instance.reader_c`): half or more of the group at once, enough to break a quorum or lose every copy of data kept on them.',
        );
        expect(f!.replacePaths).toEqual(['identifier']);
        expect(f!.replaceOrder).toBe('delete-first');
        expect(f!.data).toMatchObject({ group: 'aws_rds_cluster_instance.cluster_identifier=orders-aurora', source: 'catalog clusterOf', destroyed: 3, members: 4, quorum: true });
      },
    },
    {
      name: 'ElastiCache: 2 of 5 cache clusters of one replication group deleted (below half: high)',
      plan: terraformPlan([
        ...['001', '002', '003'].map((n) => unchanged(`aws_elasticache_cluster.node_${n}`, cacheNode(`sessions-${n}`))),
        ...['004', '005'].map((n) => deleted(`aws_elasticache_cluster.node_${n}`, cacheNode(`sessions-${n}`))),
      ]),
      findings: [{ address: 'aws_elasticache_cluster.node_004', severity: 'high' }],
      check: ([f]) => expect(f!.message).toMatch(/^2 of 5 members of cluster `sessions-prod` \(`aws_elasticache_cluster` by `replication_group_id`\) are deleted in this plan/),
    },
    {
      name: 'a count group that is also one cluster is reported once, as the cluster',
      plan: terraformPlan([
        unchanged('aws_rds_cluster_instance.writer', auroraMember('orders-1', 'orders')),
        ...[0, 1].map((i) => renamed(`aws_rds_cluster_instance.reader[${i}]`, auroraMember(`orders-r${i}`, 'orders'))),
      ]),
      findings: [{ address: 'aws_rds_cluster_instance.reader[0]', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toMatch(/^2 of 3 members of cluster `orders`/),
    },
  ],
});

corpusStaysBelowHigh(rule);

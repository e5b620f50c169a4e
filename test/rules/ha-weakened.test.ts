import { expect } from 'vitest';
import rule from '../../rules/ha-weakened.js';
import type { Plan } from '../../src/model/types.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { corpusStaysBelowHigh, messagesAreOneSentence } from '../helpers/corpus-plans.js';
import { created, replaced, terraformPlan, updated } from '../helpers/terraform-plan.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

const FAILOVER_OFF = 'fixtures/terraform/handwritten-cache-failover-off/plan.json';

/** The failover-off fixture with the group's changes replaced. */
function sessionsWith(after: Json, afterUnknown: Json = {}): Plan {
  const doc = readJson(FAILOVER_OFF);
  for (const rc of doc.resource_changes as RawChange[]) {
    if (rc.address !== 'aws_elasticache_replication_group.sessions') continue;
    const before = rc.change.before as Json;
    rc.change = { ...rc.change, after: { ...before, ...after }, after_unknown: afterUnknown };
  }
  return planFromJson(doc);
}

const sqlBefore = {
  name: 'billing-pg',
  database_version: 'POSTGRES_16',
  region: 'europe-west1',
  settings: [{ tier: 'db-custom-4-16384', availability_type: 'REGIONAL', backup_configuration: [{ enabled: true, point_in_time_recovery_enabled: true }] }],
};

const rdsBefore = { identifier: 'ledger', instance_class: 'db.r6g.large', multi_az: true, replicate_source_db: '', engine: 'postgres' };

const PULUMI_URN = 'urn:pulumi:prod::cache::aws:elasticache/replicationGroup:ReplicationGroup::sessions';

/** A model-level change as the Pulumi ingest produces it (token type, canonical Terraform type, snake_case inputs). */
function pulumiFailoverOff(): Plan {
  const plan = terraformPlan([
    updated('aws_elasticache_replication_group.sessions', { automatic_failover_enabled: true, num_cache_clusters: 2 }, { automatic_failover_enabled: false }),
  ]);
  const c = plan.changes[0]!;
  return {
    ...plan,
    source: 'pulumi',
    changes: [{ ...c, address: PULUMI_URN, type: 'aws:elasticache/replicationGroup:ReplicationGroup', canonicalType: 'aws_elasticache_replication_group', name: 'sessions', provider: 'pulumi:providers:aws' }],
  };
}

ruleTester(rule, {
  valid: [
    { name: 'harmless: failover switched on, replicas added, tags and storage changed', plan: 'fixtures/terraform/handwritten-availability-harmless/plan.json' },
    { name: 'a resize with apply_immediately touches no HA attribute', plan: 'fixtures/terraform/handwritten-rds-resize-apply-immediately/plan.json' },
    { name: 'a VPN connection removed is a network path, not an HA attribute', plan: 'fixtures/terraform/handwritten-vpn-backup-removed/plan.json' },
    { name: 'a real RDS plan from the corpus (security groups updated)', plan: 'fixtures/corpus/terraform/infracost__terraform-v0.12-plan-rds.json' },
    { name: '55 creates from the corpus: creates are not judged', plan: 'fixtures/corpus/terraform/checkov__plan-aws-55-resources.json' },
    {
      name: 'unknown after-values are not judged (replica count known only after apply)',
      plan: sessionsWith({ num_cache_clusters: undefined }, { num_cache_clusters: true, member_clusters: true }),
    },
    {
      name: 'a single-AZ database replaced is not an HA loss (data-store rules cover the data)',
      plan: terraformPlan([
        replaced('aws_db_instance.scratch', { ...rdsBefore, multi_az: false }, { ...rdsBefore, multi_az: false, identifier: 'scratch-2' }, [['identifier']]),
      ]),
    },
    {
      name: 'a replaced member of a replication group is left to group-members-destroyed',
      plan: terraformPlan([
        replaced(
          'aws_elasticache_cluster.member',
          { cluster_id: 'sessions-003', replication_group_id: 'sessions-prod', num_cache_nodes: 1 },
          { cluster_id: 'sessions-004', replication_group_id: 'sessions-prod', num_cache_nodes: 1 },
          [['cluster_id']],
        ),
      ]),
    },
    {
      name: 'a create with failover off is not a weakening of anything',
      plan: terraformPlan([created('aws_elasticache_replication_group.new', { automatic_failover_enabled: false, num_cache_clusters: 1 })]),
    },
  ],
  invalid: [
    {
      name: 'incident 003: failover and Multi-AZ off, 3 cache clusters down to 1',
      plan: FAILOVER_OFF,
      findings: [{ address: 'aws_elasticache_replication_group.sessions', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`aws_elasticache_replication_group.sessions` loses high availability (`automatic_failover_enabled` turned off, `multi_az_enabled` turned off, `num_cache_clusters` 3 → 1 (no replica left)): no replica is left, so nothing takes over when the primary fails.',
        );
        expect(f!.incident).toBe('003');
        expect(f!.blocking).toBe(true);
        expect(f!.action).toBe('update');
        // replicas_per_node_group is unknown after apply in this plan: not judged
        expect((f!.data!.weakened as { attribute: string }[]).map((w) => w.attribute)).toEqual([
          'automatic_failover_enabled',
          'multi_az_enabled',
          'num_cache_clusters',
        ]);
      },
    },
    {
      name: 'failover off alone',
      plan: sessionsWith({ automatic_failover_enabled: false, multi_az_enabled: false }),
      findings: [{ address: 'aws_elasticache_replication_group.sessions', severity: 'high' }],
      check: ([f]) => expect(f!.message).toMatch(/: a failed primary is no longer replaced automatically\.$/),
    },
    {
      name: 'replicas reduced but one left (3 -> 2): high, without "no replica left"',
      plan: sessionsWith({ num_cache_clusters: 2 }),
      findings: [{ address: 'aws_elasticache_replication_group.sessions', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toContain('`num_cache_clusters` 3 → 2');
        expect(f!.message).not.toContain('no replica left');
      },
    },
    {
      name: 'Memorystore STANDARD_HA -> BASIC: replaced delete-first, forced by tier',
      plan: 'fixtures/terraform/handwritten-memorystore-basic/plan.json',
      findings: [{ address: 'google_redis_instance.flags', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toContain('`tier` STANDARD_HA → BASIC');
        expect(f!.message).toContain('forced by `tier`');
        expect(f!.replacePaths).toEqual(['tier']);
        expect(f!.replaceOrder).toBe('delete-first');
        expect(f!.data).toMatchObject({ replicationGroupReplaced: true });
        // the instance's AUTH string is sensitive and never quoted
        expect(JSON.stringify(f)).not.toContain('q4Wm9Zt2Lx7Rb1Nc8Vd3Kp6Hs0Jy5Fa');
      },
    },
    {
      name: 'Cloud SQL REGIONAL -> ZONAL',
      plan: terraformPlan([
        updated('google_sql_database_instance.billing', sqlBefore, {
          settings: [{ ...sqlBefore.settings[0], availability_type: 'ZONAL' }],
        }),
      ]),
      findings: [{ address: 'google_sql_database_instance.billing', severity: 'high' }],
      check: ([f]) => expect(f!.message).toContain('`settings[].availability_type` REGIONAL → ZONAL'),
    },
    {
      name: 'RDS Multi-AZ switched off',
      plan: terraformPlan([updated('aws_db_instance.ledger', rdsBefore, { multi_az: false })]),
      findings: [{ address: 'aws_db_instance.ledger', severity: 'high' }],
      check: ([f]) => expect(f!.message).toMatch(/`multi_az` turned off\): an outage of one availability zone now takes it down\.$/),
    },
    {
      name: 'a Multi-AZ database replaced: primary and standby go together',
      plan: terraformPlan([replaced('aws_db_instance.ledger', rdsBefore, { ...rdsBefore, identifier: 'ledger-v2' }, [['identifier']])]),
      findings: [{ address: 'aws_db_instance.ledger', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toContain('forced by `identifier`, deleted before the new one exists');
        expect(f!.replacePaths).toEqual(['identifier']);
      },
    },
    {
      name: 'a whole Aurora cluster replaced (no unhealthy test in the catalog: always HA-bearing)',
      plan: 'fixtures/terraform/handwritten-rds-cluster-rename/plan.json',
      findings: [{ address: 'aws_rds_cluster.orders', severity: 'high' }],
    },
    {
      name: 'a failover priority changed: medium (the catalog cannot call it better or worse)',
      plan: terraformPlan([
        updated('aws_rds_cluster_instance.reader', { identifier: 'orders-2', cluster_identifier: 'orders', promotion_tier: 1 }, { promotion_tier: 15 }),
      ]),
      findings: [{ address: 'aws_rds_cluster_instance.reader', severity: 'medium' }],
    },
    {
      name: 'capacity reduced but healthy (6 -> 4 tasks): medium; to a single task: high',
      plan: terraformPlan([
        updated('aws_ecs_service.api', { name: 'api', desired_count: 6 }, { desired_count: 4 }),
        updated('aws_ecs_service.worker', { name: 'worker', desired_count: 3 }, { desired_count: 1 }),
      ]),
      findings: [
        { address: 'aws_ecs_service.api', severity: 'medium' },
        { address: 'aws_ecs_service.worker', severity: 'high' },
      ],
      check: (fs) => expect(fs.find((f) => f.address === 'aws_ecs_service.worker')!.message).toContain('`desired_count` 3 → 1 (healthy: >=2)'),
    },
    {
      name: 'a DynamoDB global table loses a region replica: high (geo-replication reduced)',
      plan: terraformPlan([
        updated('aws_dynamodb_table.orders', { name: 'orders', replica: [{ region_name: 'eu-central-1' }, { region_name: 'us-east-1' }] }, {
          replica: [{ region_name: 'eu-central-1' }],
        }),
      ]),
      findings: [{ address: 'aws_dynamodb_table.orders', severity: 'high' }],
      check: ([f]) => expect(f!.message).toContain('`replica` 2 items → 1 item'),
    },
    {
      name: 'a Pulumi change is judged through its canonical Terraform type',
      plan: pulumiFailoverOff(),
      findings: [{ address: PULUMI_URN, severity: 'high' }],
    },
    {
      name: 'a value the plan marks sensitive is never quoted',
      plan: terraformPlan([
        updated('aws_elasticache_replication_group.secretive', { num_cache_clusters: 4, automatic_failover_enabled: true }, { num_cache_clusters: 2 }, {
          beforeSensitive: { num_cache_clusters: true },
          afterSensitive: { num_cache_clusters: true },
        }),
      ]),
      findings: [{ address: 'aws_elasticache_replication_group.secretive', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toContain('`num_cache_clusters` (sensitive) → (sensitive)');
        expect(f!.message).not.toMatch(/4 → 2/);
      },
    },
  ],
});

corpusStaysBelowHigh(rule);
messagesAreOneSentence(rule);

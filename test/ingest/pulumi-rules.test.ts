/**
 * Pulumi previews go through the same rules as Terraform plans: every rule that applies to
 * Pulumi is tested here on a Pulumi preview, and a preview is judged with the same words as the
 * Terraform plan of the same change. (count-index-shift judges count/for_each instances, which
 * Pulumi does not have; group-members-destroyed judges those and the members of one cluster, which
 * Pulumi has.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import driftOnChangedResource from '../../rules/drift-on-changed-resource.js';
import groupMembersDestroyed from '../../rules/group-members-destroyed.js';
import { rules } from '../../rules/index.js';
import planIncomplete from '../../rules/plan-incomplete.js';
import protectedResourceDestroyed from '../../rules/protected-resource-destroyed.js';
import renameWithoutMoved from '../../rules/rename-without-moved.js';
import unknownAction from '../../rules/unknown-action.js';
import { runRules } from '../../src/engine/run.js';
import { DEFAULT_CONFIG, type EngineConfig, type Finding } from '../../src/engine/types.js';
import type { Plan } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { fixturePath, loadPlan, planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';

type Json = Record<string, unknown>;

const RDS = 'fixtures/pulumi/handwritten-rds-identifier-replace/preview.json';
const BUCKET = 'fixtures/pulumi/handwritten-bucket-tag-update/preview.json';
const PROTECTED = 'fixtures/pulumi/handwritten-protected-delete/preview.json';
const RENAME = 'fixtures/pulumi/handwritten-rename-without-aliases/preview.json';
const RDS_URN = 'urn:pulumi:prod::billing::aws:rds/instance:Instance::ledger-db';
const REPORTS_URN = 'urn:pulumi:prod::billing::aws:rds/instance:Instance::reports-db';
const BUCKET_URN = 'urn:pulumi:prod::billing::aws:s3/bucketV2:BucketV2::assets';

function steps(doc: Json): Json[] {
  return doc.steps as Json[];
}

/** The bucket preview with one more step of an op planguard does not know. */
function unknownOp(): Plan {
  const doc = readJson(BUCKET);
  doc.steps = [...steps(doc), { ...steps(doc)[1]!, op: 'teleport' }];
  return planFromJson(doc, 'teleport.json');
}

/** The rename, done with `aliases`: one `same` step whose old state has the old URN. */
function renameWithAliases(): Plan {
  const doc = readJson(RENAME);
  const [stack, create, del] = steps(doc);
  const oldState = del!.oldState as Json;
  const newState = { ...(create!.newState as Json), inputs: oldState.inputs, aliases: [oldState.urn] };
  doc.steps = [stack, { ...create!, op: 'same', oldState, newState }];
  doc.changeSummary = { same: 2 };
  return planFromJson(doc, 'aliased.json');
}

/** `pulumi preview --refresh`: the bucket's tags were changed outside Pulumi, and the program changes them too. */
function refreshedBucket(): Plan {
  const doc = readJson(BUCKET);
  const step = steps(doc)[1]!;
  const refreshed = structuredClone(step.oldState) as Json;
  (refreshed.outputs as Json).tags = { CostCenter: 'cc-150', Team: 'web' };
  (refreshed.outputs as Json).tagsAll = { CostCenter: 'cc-150', Team: 'web' };
  doc.steps = [steps(doc)[0], { op: 'refresh', urn: step.urn, provider: step.provider, oldState: step.oldState, newState: refreshed, detailedDiff: null }, step];
  return planFromJson(doc, 'refreshed.json');
}

ruleTester(planIncomplete, {
  valid: [{ plan: BUCKET }, { plan: RDS }],
  invalid: [
    { plan: PROTECTED, findings: [{ address: REPORTS_URN, severity: 'critical' }] },
    {
      name: 'an event log that ends before its summary',
      plan: (() => {
        const doc = readJson(PROTECTED);
        doc.steps = steps(doc).slice(0, 1);
        doc.diagnostics = [];
        return planFromJson(doc, 'short.json');
      })(),
      findings: [{ address: 'short.json', severity: 'critical' }],
    },
  ],
});

ruleTester(protectedResourceDestroyed, {
  valid: [
    { plan: BUCKET, config: { protect: ['*'] } },
    { plan: RDS, config: { protect: ['*::reports-db'] } },
  ],
  invalid: [
    {
      plan: RDS,
      config: { protect: ['urn:pulumi:prod::billing::aws:rds/instance:Instance::*'] },
      findings: [{ address: RDS_URN, severity: 'critical' }],
      check: ([f]) => {
        expect(f!.replaceOrder).toBe('delete-first');
        expect(f!.replacePaths).toEqual(['identifier']);
      },
    },
    { plan: PROTECTED, config: { protect: ['*rds*'] }, findings: [{ address: REPORTS_URN, severity: 'critical' }] },
  ],
});

ruleTester(unknownAction, {
  valid: [{ plan: RDS }, { plan: PROTECTED }],
  invalid: [{ name: 'an op planguard does not know', plan: unknownOp(), findings: [{ address: BUCKET_URN, severity: 'critical' }] }],
});

ruleTester(renameWithoutMoved, {
  valid: [{ name: 'the same rename with aliases', plan: renameWithAliases() }, { plan: BUCKET }, { plan: PROTECTED }],
  invalid: [
    {
      plan: RENAME,
      findings: [{ address: 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.addresses).toEqual(['urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders', 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders-table']);
        // The ready-to-paste resource option, as a `moved` block is given for Terraform.
        expect(f!.fix).toContain('aliases: ["urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders"]');
        expect(f!.fix).not.toContain('moved {');
      },
    },
  ],
});

ruleTester(driftOnChangedResource, {
  valid: [{ plan: BUCKET }, { plan: RDS }],
  invalid: [{ name: 'a refresh that found drift on an updated bucket', plan: refreshedBucket(), findings: [{ address: BUCKET_URN, severity: 'low' }] }],
});

/**
 * An Aurora cluster `orders-aurora` as four `aws:rds/clusterInstance:ClusterInstance` resources
 * (a writer and three readers, tied together only by `clusterIdentifier`), made from the RDS
 * preview's steps; the readers named in `replaced` get a new `identifier`, so each is replaced
 * delete-first (`delete-replaced`, `replace`, `create-replacement`), the others stay `same`.
 */
const AURORA_TOKEN = 'aws:rds/clusterInstance:ClusterInstance';
const auroraUrn = (name: string) => `urn:pulumi:prod::billing::${AURORA_TOKEN}::${name}`;
function auroraMembers(replaced: readonly string[]): Plan {
  const doc = readJson(RDS);
  const [stack, del, rep, cre] = steps(doc);
  const member = (name: string, state: unknown, identifier: string): Json => {
    if (!state) return state as Json;
    const s = structuredClone(state) as Json;
    s.urn = auroraUrn(name);
    s.type = AURORA_TOKEN;
    for (const side of ['inputs', 'outputs'] as const) {
      const props = s[side] as Json | undefined;
      if (!props) continue;
      props.identifier = identifier;
      props.clusterIdentifier = 'orders-aurora';
      props.engine = 'aurora-postgresql';
      delete props.finalSnapshotIdentifier;
    }
    if (s.id !== undefined) s.id = `${name}-old`;
    return s;
  };
  const out: Json[] = [stack!];
  for (const name of ['orders-writer', 'orders-reader-1', 'orders-reader-2', 'orders-reader-3']) {
    const urn = auroraUrn(name);
    if (!replaced.includes(name)) {
      const state = member(name, del!.oldState, `${name}-old`);
      out.push({ op: 'same', urn, provider: del!.provider, oldState: state, newState: structuredClone(state), detailedDiff: null });
      continue;
    }
    const diff = { diffReasons: ['identifier'], replaceReasons: ['identifier'], detailedDiff: { identifier: { kind: 'update-replace', inputDiff: true } } };
    out.push({ ...del!, urn, oldState: member(name, del!.oldState, `${name}-old`) });
    out.push({ ...rep!, ...diff, urn, oldState: member(name, rep!.oldState, `${name}-old`), newState: member(name, rep!.newState, `${name}-new`) });
    out.push({ ...cre!, ...diff, urn, oldState: member(name, cre!.oldState, `${name}-old`), newState: member(name, cre!.newState, `${name}-new`) });
  }
  doc.steps = out;
  doc.changeSummary = { replace: replaced.length, same: 5 - replaced.length };
  return planFromJson(doc, 'aurora.json');
}

ruleTester(groupMembersDestroyed, {
  valid: [
    { plan: BUCKET },
    { plan: RDS },
    { name: 'one member of the cluster replaced', plan: auroraMembers(['orders-reader-1']) },
  ],
  invalid: [
    {
      name: '3 of 4 members of an Aurora cluster replaced (tied only by clusterIdentifier)',
      plan: auroraMembers(['orders-reader-1', 'orders-reader-2', 'orders-reader-3']),
      findings: [{ address: auroraUrn('orders-reader-1'), severity: 'critical' }],
      check: ([f]) => {
        expect(f!.addresses).toEqual(['orders-reader-1', 'orders-reader-2', 'orders-reader-3'].map(auroraUrn));
        expect(f!.message).toContain('3 of 4 members of cluster `orders-aurora` (`aws_rds_cluster_instance` by `cluster_identifier`)');
        expect(f!.replaceOrder).toBe('delete-first');
        expect(f!.replacePaths).toEqual(['identifier']);
      },
    },
    {
      name: '2 of 4 members replaced: half, still critical',
      plan: auroraMembers(['orders-reader-2', 'orders-reader-3']),
      findings: [{ address: auroraUrn('orders-reader-2'), severity: 'critical' }],
    },
  ],
});

// ------------------------------------------------------------------------------------------
// The same change as a Terraform plan (terraform show -json of aws_db_instance.ledger whose
// identifier changes under the AWS provider 4.x: ["delete","create"], replace_paths identifier).

const TF_ADDRESS = 'aws_db_instance.ledger';

function terraformTwin(): Json {
  const before: Json = {
    address: 'ledger-prod.c9akciq32.eu-west-1.rds.amazonaws.com',
    allocated_storage: 100,
    apply_immediately: false,
    arn: 'arn:aws:rds:eu-west-1:123456789012:db:ledger-prod',
    auto_minor_version_upgrade: true,
    backup_retention_period: 7,
    copy_tags_to_snapshot: false,
    db_name: 'ledger',
    db_subnet_group_name: 'ledger-subnets-3a8f1c2',
    delete_automated_backups: true,
    deletion_protection: false,
    endpoint: 'ledger-prod.c9akciq32.eu-west-1.rds.amazonaws.com:5432',
    engine: 'postgres',
    engine_version: '14.7',
    final_snapshot_identifier: 'ledger-prod-final',
    id: 'ledger-prod',
    identifier: 'ledger-prod',
    instance_class: 'db.r6g.large',
    monitoring_interval: 0,
    multi_az: true,
    password: 'not-the-real-one',
    performance_insights_enabled: false,
    port: 5432,
    publicly_accessible: false,
    skip_final_snapshot: false,
    storage_encrypted: true,
    storage_type: 'gp3',
    tags: { Team: 'payments' },
    tags_all: { Team: 'payments' },
    username: 'ledger_admin',
    vpc_security_group_ids: ['sg-0a1b2c3d4e5f60718'],
  };
  const after: Json = { ...before, identifier: 'ledger-main', final_snapshot_identifier: 'ledger-main-final' };
  for (const k of ['address', 'arn', 'endpoint', 'id', 'port']) delete after[k];
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: { resources: [{ address: TF_ADDRESS, mode: 'managed', type: 'aws_db_instance', name: 'ledger', values: after }] } },
    resource_changes: [
      {
        address: TF_ADDRESS,
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'ledger',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['delete', 'create'],
          before,
          after,
          after_unknown: { address: true, arn: true, endpoint: true, id: true, port: true, tags: {}, tags_all: {}, vpc_security_group_ids: [false] },
          before_sensitive: { password: true, tags: {}, tags_all: {}, vpc_security_group_ids: [false] },
          after_sensitive: { password: true, tags: {}, tags_all: {}, vpc_security_group_ids: [false] },
          replace_paths: [['identifier']],
        },
        action_reason: 'replace_because_cannot_update',
      },
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' } },
      root_module: {
        resources: [
          {
            address: TF_ADDRESS,
            mode: 'managed',
            type: 'aws_db_instance',
            name: 'ledger',
            provider_config_key: 'aws',
            expressions: {
              db_subnet_group_name: { references: ['aws_db_subnet_group.ledger.name', 'aws_db_subnet_group.ledger'] },
              vpc_security_group_ids: { references: ['aws_security_group.ledger_db.id', 'aws_security_group.ledger_db'] },
              identifier: { constant_value: 'ledger-main' },
            },
            schema_version: 1,
          },
        ],
      },
    },
  };
}

/**
 * A finding as a reviewer reads it, with the resource's own name replaced by `<db>`: a rule may
 * name a Pulumi resource by its URN, or by its name and token (`ledger-db` (database,
 * `aws:rds/instance:Instance`)) where it names a Terraform one by its address. The fix is not
 * compared: it may rightly give Pulumi's remedy (`aliases`, `protect`) instead of Terraform's.
 */
function words(f: Finding, names: readonly string[]): Json {
  const sub = (s: string) => {
    let out = s;
    for (const n of names) out = out.split(n).join('<db>');
    return out
      .replace(/`<db>`/g, '<db>')
      .replace(/, <db>\)/g, ')')
      .replace(/ \(<db>\)/g, '');
  };
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    address: sub(f.address),
    addresses: f.addresses?.map(sub),
    message: sub(f.message),
    why: f.why,
    blocking: f.blocking,
    action: f.action,
    replaceOrder: f.replaceOrder,
    replacePaths: f.replacePaths,
    dependents: f.dependents,
  };
}

function judge(plan: Plan, config: Partial<EngineConfig>) {
  return runRules(plan, rules, { ...DEFAULT_CONFIG, ...config }, { today: '2026-01-01' });
}

describe('a Pulumi preview is judged with the same words as the Terraform plan of the same change', () => {
  const pulumi = loadPlan(RDS);
  const terraform = planFromJson(terraformTwin(), 'plan.json');

  it('the two read alike: replace, delete-first, forced by identifier, the same attributes', () => {
    const p = pulumi.changes.find((c) => c.address === RDS_URN)!;
    const t = terraform.changes[0]!;
    for (const k of ['action', 'replaceOrder', 'reason', 'replacePaths', 'canonicalType'] as const) expect([k, p[k]]).toEqual([k, t[k]]);
    for (const k of ['identifier', 'deletion_protection', 'skip_final_snapshot', 'backup_retention_period', 'multi_az', 'tags']) {
      expect([k, (p.before as Json)[k], (p.after as Json)[k]]).toEqual([k, (t.before as Json)[k], (t.after as Json)[k]]);
    }
  });

  it.each<[string, Partial<EngineConfig>]>([
    ['by every rule', {}],
    ['by every rule, the database protected', { protect: ['*ledger*'] }],
  ])('%s', (_name, config) => {
    const p = judge(pulumi, config);
    const t = judge(terraform, config);
    expect(p.findings.map((f) => words(f, [RDS_URN, 'aws:rds/instance:Instance', 'ledger-db']))).toEqual(t.findings.map((f) => words(f, [TF_ADDRESS])));
    expect(p.gate).toEqual(t.gate);
  });

  it("the fix speaks each tool's language: ignoreChanges and aliases for Pulumi, ignore_changes and moved for Terraform", () => {
    const fixOf = (plan: Plan) => judge(plan, {}).findings.find((f) => f.ruleId === 'data-store-replaced')!.fix;
    expect(fixOf(pulumi)).toMatch(/`ignoreChanges`.*`aliases`/);
    expect(fixOf(pulumi)).not.toMatch(/ignore_changes|moved/);
    expect(fixOf(terraform)).toMatch(/`ignore_changes`.*`moved` block/);
    const members = judge(auroraMembers(['orders-reader-1', 'orders-reader-2', 'orders-reader-3']), {}).findings.find((f) => f.ruleId === 'group-members-destroyed')!;
    expect(members.fix).toMatch(/needs `aliases`/);
    expect(members.fix).not.toMatch(/moved/);
  });

  it('the protected database blocks, through the CLI as well', async () => {
    expect(judge(pulumi, { protect: ['*ledger*'] }).gate.passed).toBe(false);
    const r = await runCli(['check', RDS, '--protect', '*ledger*']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(RDS_URN);
  });

  it('a tag update on a bucket passes', async () => {
    const result = judge(loadPlan(BUCKET), {});
    expect(result.gate.passed).toBe(true);
    expect(result.findings.filter((f) => f.blocking)).toEqual([]);
    const r = await runCli(['check', BUCKET]);
    expect(r.code).toBe(0);
  });

  it('a protected resource deleted blocks on Pulumi\'s own error', async () => {
    const r = await runCli(['check', PROTECTED, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { source: { kind: string }; findings: { ruleId: string; address: string }[] };
    expect(report.source.kind).toBe('pulumi');
    expect(report.findings.map((f) => [f.ruleId, f.address])).toContainEqual(['plan-incomplete', REPORTS_URN]);
  });

  it('bad Pulumi input exits 2 with one line naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-pulumi-'));
    const noOp = readJson(BUCKET);
    delete steps(noOp)[1]!.op;
    writeFileSync(join(dir, 'preview.json'), JSON.stringify(noOp));
    const log = readFileSync(fixturePath('fixtures/corpus/pulumi/pulumi__eventlog__destroy-deep-hierarchy.jsonl'), 'utf8');
    const lines = log.split('\n');
    writeFileSync(join(dir, 'events.jsonl'), `${lines.slice(0, 3).join('\n')}\n${lines[3]!.slice(0, 60)}`);
    try {
      for (const [file, reason] of [
        ['preview.json', 'steps[1] has no "op"'],
        ['events.jsonl', 'line 4: the event log ends in the middle of an event (truncated)'],
      ] as const) {
        const r = await runCli(['check', join(dir, file)]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const first = r.stderr.split('\n')[0]!;
        expect(first).toContain(`${join(dir, file)}: ${reason}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ------------------------------------------------------------------------------------------
// More twins: one change written both ways, judged by every rule with the same words.

/** A resource name that occurs in no message word. */
const TWIN_NAME = 'qz7';

interface Twin {
  name: string;
  tfType: string;
  token: string;
  /** Terraform action list, and the Pulumi op of the same change. */
  actions: string[];
  op: 'update' | 'delete';
  before: Json;
  after: Json | null;
}

/** Terraform attribute names → Pulumi property names (map keys such as tags kept). */
function camel(v: unknown, inMap = false): unknown {
  if (Array.isArray(v)) return v.map((x) => camel(x, inMap));
  if (typeof v !== 'object' || v === null) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) out[inMap ? k : k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())] = camel(x, inMap || k === 'tags' || k === 'tags_all');
  return out;
}

function twinPlans(t: Twin): { pulumi: Plan; terraform: Plan; urn: string; address: string } {
  const address = `${t.tfType}.${TWIN_NAME}`;
  const urn = `urn:pulumi:prod::billing::${t.token}::${TWIN_NAME}`;
  const provider = 'urn:pulumi:prod::billing::pulumi:providers:aws::default_6_83_2::c41f7e2a-5d3b-4a86-9e10-7b2c8d4f6a15';
  const state = (attrs: Json, withOutputs: boolean): Json => ({
    urn,
    custom: true,
    ...(withOutputs ? { id: 'main-1a2b3c4' } : {}),
    type: t.token,
    inputs: { __defaults: [], ...(camel(attrs) as Json) },
    ...(withOutputs ? { outputs: { id: 'main-1a2b3c4', ...(camel(attrs) as Json) } } : {}),
    parent: 'urn:pulumi:prod::billing::pulumi:pulumi:Stack::billing-prod',
    provider,
  });
  const changed = t.after ? Object.keys(camel(t.after) as Json).filter((k) => JSON.stringify((camel(t.before) as Json)[k]) !== JSON.stringify((camel(t.after) as Json)[k])) : [];
  const pulumi = planFromJson(
    {
      steps: [
        {
          op: t.op,
          urn,
          provider,
          oldState: state(t.before, true),
          ...(t.after ? { newState: state(t.after, false), diffReasons: changed } : {}),
          detailedDiff: t.after ? Object.fromEntries(changed.map((k) => [k, { kind: 'update', inputDiff: true }])) : null,
        },
      ],
      duration: 1000,
      changeSummary: { [t.op]: 1 },
    },
    'preview.json',
  );
  const terraform = planFromJson(
    {
      format_version: '1.2',
      terraform_version: '1.11.4',
      resource_changes: [
        {
          address,
          mode: 'managed',
          type: t.tfType,
          name: TWIN_NAME,
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: { actions: t.actions, before: { id: 'main-1a2b3c4', ...t.before }, after: t.after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
          ...(t.op === 'delete' ? { action_reason: 'delete_because_no_resource_config' } : {}),
        },
      ],
    },
    'plan.json',
  );
  return { pulumi, terraform, urn, address };
}

const TWINS: Twin[] = [
  {
    name: 'a NAT gateway removed from the program',
    tfType: 'aws_nat_gateway',
    token: 'aws:ec2/natGateway:NatGateway',
    actions: ['delete'],
    op: 'delete',
    before: { allocation_id: 'eipalloc-0a1b2c3d', connectivity_type: 'public', subnet_id: 'subnet-0a1b2c3d', tags: { Name: 'nat-a' } },
    after: null,
  },
  {
    name: 'deletion protection turned off on a database',
    tfType: 'aws_db_instance',
    token: 'aws:rds/instance:Instance',
    actions: ['update'],
    op: 'update',
    before: { identifier: 'ledger-prod', engine: 'postgres', instance_class: 'db.r6g.large', deletion_protection: true, skip_final_snapshot: false, backup_retention_period: 7 },
    after: { identifier: 'ledger-prod', engine: 'postgres', instance_class: 'db.r6g.large', deletion_protection: false, skip_final_snapshot: false, backup_retention_period: 7 },
  },
  {
    name: 'automatic failover turned off on a cache',
    tfType: 'aws_elasticache_replication_group',
    token: 'aws:elasticache/replicationGroup:ReplicationGroup',
    actions: ['update'],
    op: 'update',
    before: { replication_group_id: 'sessions', automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 3, node_type: 'cache.r6g.large' },
    after: { replication_group_id: 'sessions', automatic_failover_enabled: false, multi_az_enabled: false, num_cache_clusters: 3, node_type: 'cache.r6g.large' },
  },
  {
    name: 'a database instance class changed, applied immediately',
    tfType: 'aws_db_instance',
    token: 'aws:rds/instance:Instance',
    actions: ['update'],
    op: 'update',
    before: { identifier: 'ledger-prod', engine: 'postgres', instance_class: 'db.r6g.large', apply_immediately: true, deletion_protection: true },
    after: { identifier: 'ledger-prod', engine: 'postgres', instance_class: 'db.r6g.xlarge', apply_immediately: true, deletion_protection: true },
  },
];

describe('the same change written as a Pulumi preview and as a Terraform plan gets the same findings', () => {
  it.each(TWINS.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    const { pulumi, terraform, urn, address } = twinPlans(t);
    const p = judge(pulumi, {});
    const tf = judge(terraform, {});
    expect(tf.findings.length, 'the Terraform plan of the change has findings').toBeGreaterThan(0);
    expect(p.findings.map((f) => words(f, [urn, t.token, TWIN_NAME]))).toEqual(tf.findings.map((f) => words(f, [address])));
    expect(p.gate).toEqual(tf.gate);
  });
});

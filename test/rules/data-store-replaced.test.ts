import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import rule from '../../rules/data-store-replaced.js';
import { ROOT, planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { deleted, replaced, terraformPlan } from '../helpers/terraform-plan.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;
type Step = { op: string; urn: string; oldState?: Json; newState?: Json } & Json;

const changesOf = (doc: Json) => doc.resource_changes as RawChange[];
const stepsOf = (doc: Json) => doc.steps as Step[];

/** Corpus plans where the hand review (fixtures/corpus/FINDINGS.tsv) agrees the rule fires: checked as invalid cases. */
const CORPUS_FIRES: { plan: string; address: string; severity: 'critical' | 'high' }[] = [
  { plan: 'fixtures/corpus/terraform/checkov__plan-with-deleted-resources.json', address: 'aws_secretsmanager_secret.default', severity: 'critical' },
  { plan: 'fixtures/corpus/terraform/snyk-policy-engine__tfplan-resource-changes.json', address: 'aws_s3_bucket.delete_bucket', severity: 'critical' },
  { plan: 'fixtures/corpus/pulumi/pulumi__eventlog__display-destroy-with-custom-resource-parent.jsonl', address: 'urn:pulumi:dev::myproject::aws:s3/bucket:Bucket::mybucket', severity: 'critical' },
  { plan: 'fixtures/corpus/pulumi/pulumi__eventlog__display-webserver-userdata.jsonl', address: 'urn:pulumi:dev::aws-ts-webserver::aws:ec2/instance:Instance::web-server-www', severity: 'critical' },
];

/** Every real plan of the public corpus but CORPUS_FIRES: none deletes or replaces a data store. */
function corpusPlans(): string[] {
  const out: string[] = [];
  for (const kind of ['terraform', 'pulumi']) {
    const dir = join(ROOT, 'fixtures/corpus', kind);
    for (const f of readdirSync(dir).sort()) if (/\.jsonl?$/.test(f)) out.push(`fixtures/corpus/${kind}/${f}`);
  }
  return out.filter((p) => !CORPUS_FIRES.some((c) => c.plan === p));
}

const RDS_RENAME = 'fixtures/terraform/handwritten-rds-identifier-rename/plan.json';

// The in-place identifier rename turned into a `-destroy` plan: a delete without a reason.
const destroyed = readJson(RDS_RENAME);
for (const rc of changesOf(destroyed)) rc.change = { ...rc.change, actions: ['delete'], after: null, after_unknown: {}, after_sensitive: false };

// The same instance without deletion protection and with skip_final_snapshot: nothing saves the data.
const destroyedUnprotected = structuredClone(destroyed);
for (const rc of changesOf(destroyedUnprotected)) {
  rc.change.before = { ...(rc.change.before as Json), deletion_protection: false, skip_final_snapshot: true, final_snapshot_identifier: null };
}

// The old object of a create_before_destroy replacement left behind by a failed apply (deposed).
const deposed = structuredClone(destroyedUnprotected);
for (const rc of changesOf(deposed)) rc.deposed = '6b1d9c2e';

// The cluster rename plan, tainted instead: no attribute forces it.
const tainted = readJson('fixtures/terraform/handwritten-rds-cluster-rename/plan.json');
tainted.resource_changes = changesOf(tainted).filter((rc) => rc.address === 'aws_rds_cluster.orders');
for (const rc of changesOf(tainted)) {
  delete rc.change.replace_paths;
  rc.action_reason = 'replace_because_tainted';
}

// `removed { lifecycle { destroy = false } }`: the bucket leaves the state but is not deleted.
const forgotten = readJson('fixtures/terraform/handwritten-s3-bucket-rename/plan.json');
for (const rc of changesOf(forgotten)) {
  rc.change = { ...rc.change, actions: ['forget'], after: null, after_unknown: {}, after_sensitive: false };
  delete rc.change.replace_paths;
  rc.action_reason = 'delete_because_no_resource_config';
}

// The S3 rename planned with create_before_destroy, and once more as `-replace` with no path.
const createFirst = readJson('fixtures/terraform/handwritten-s3-bucket-rename/plan.json');
for (const rc of changesOf(createFirst)) rc.change.actions = ['create', 'delete'];
const byRequest = readJson('fixtures/terraform/handwritten-s3-bucket-rename/plan.json');
for (const rc of changesOf(byRequest)) {
  delete rc.change.replace_paths;
  rc.action_reason = 'replace_by_request';
}

// The Pulumi replacement of ledger-db with retainOnDelete: the old instance stays in the cloud.
const retained = readJson('fixtures/pulumi/handwritten-rds-identifier-replace/preview.json');
for (const s of stepsOf(retained)) if (s.oldState && s.urn.includes('ledger-db')) s.oldState.retainOnDelete = true;

// The Pulumi delete of the renamed table with retainOnDelete: Pulumi only forgets it.
const retainedDelete = readJson('fixtures/pulumi/handwritten-rename-without-aliases/preview.json');
for (const s of stepsOf(retainedDelete)) if (s.op === 'delete' && s.oldState) s.oldState.retainOnDelete = true;

const zone = { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com', force_destroy: false, comment: 'Managed by Terraform' };
const volume = { id: 'vol-0a1b2c3d4e5f60718', availability_zone: 'eu-west-1a', size: 500, type: 'gp3', encrypted: true };
const attachment = { id: 'vai-1234567890', device_name: '/dev/sdf', instance_id: 'i-0123456789abcdef0', volume_id: 'vol-0a1b2c3d4e5f60718', force_detach: null };

ruleTester(rule, {
  valid: [
    { name: 'tag-only updates, a declared move and a create', plan: 'fixtures/terraform/handwritten-tag-only-update/plan.json' },
    { name: 'an in-place rename (update) is not a destroy', plan: RDS_RENAME },
    { name: 'a Pulumi tag update', plan: 'fixtures/pulumi/handwritten-bucket-tag-update/preview.json' },
    { name: 'forget is not a delete', plan: planFromJson(forgotten) },
    { name: 'a Pulumi delete with retainOnDelete only forgets', plan: planFromJson(retainedDelete) },
    { name: 'creates only', plan: 'fixtures/terraform/creates-only/plan.json' },
    { name: 'renamed with moved blocks', plan: 'fixtures/terraform/foreach-key-rename-moved/plan.json' },
    { name: 'no-ops', plan: 'fixtures/terraform/noop/plan.json' },
    {
      name: 'a DNS zone replaced is left to the network-path rule',
      plan: terraformPlan([replaced('aws_route53_zone.main', zone, { ...zone, name: 'example.org' }, [['name']])]),
    },
    {
      name: 'types that hold no data (terraform_data, versioning config) are not reported',
      plan: 'fixtures/terraform/db-node-rename/plan.json',
    },
    ...corpusPlans().map((plan) => ({ name: `corpus: ${plan}`, plan })),
  ],
  invalid: [
    ...CORPUS_FIRES.map((c) => ({ name: `corpus (reviewed: fires): ${c.plan}`, plan: c.plan, findings: [{ address: c.address, severity: c.severity }] })),
    {
      name: 'incident 001: 5 of 15 database hosts re-imaged because user_data changed',
      plan: 'fixtures/terraform/handwritten-db-host-reimage/plan.json',
      findings: ['db-11', 'db-12', 'db-13', 'db-14', 'db-15'].map((k) => ({ address: `aws_instance.db_node["${k}"]`, severity: 'critical' as const })),
      check: (fs) => {
        expect(fs[0]!.message).toBe(
          '`aws_instance.db_node["db-11"]` (server) is destroyed and re-created because a change to `user_data` forces a new one, and deleted before its replacement exists: the data on its disks is lost; the new one starts empty.',
        );
        for (const f of fs) {
          expect(f.replacePaths).toEqual(['user_data']);
          expect(f.replaceOrder).toBe('delete-first');
          expect(f.action).toBe('replace');
          // the disk alarms reference the hosts in configuration
          expect(f.dependents).toEqual(['aws_cloudwatch_metric_alarm.db_disk']);
          expect(f.data).toMatchObject({ category: 'server', reason: 'replace_because_cannot_update' });
        }
      },
    },
    {
      name: 'a cluster identifier changed: the cluster and both members are replaced, the final snapshot noted',
      plan: 'fixtures/terraform/handwritten-rds-cluster-rename/plan.json',
      findings: [
        { address: 'aws_rds_cluster.orders', severity: 'critical' },
        { address: 'aws_rds_cluster_instance.orders[0]', severity: 'critical' },
        { address: 'aws_rds_cluster_instance.orders[1]', severity: 'critical' },
      ],
      check: (fs) => {
        const cluster = fs.find((f) => f.address === 'aws_rds_cluster.orders')!;
        expect(cluster.message).toBe(
          '`aws_rds_cluster.orders` (database) is destroyed and re-created because a change to `cluster_identifier` forces a new one, and deleted before its replacement exists: its data survives only in the final snapshot; the new one starts empty.',
        );
        expect(cluster.dependents).toEqual(['aws_rds_cluster_instance.orders']);
        const member = fs.find((f) => f.address === 'aws_rds_cluster_instance.orders[0]')!;
        expect(member.message).toContain('the cluster runs without this member until the new one has caught up');
        // a sensitive value of the plan never reaches a message
        for (const f of fs) expect(JSON.stringify(f)).not.toContain('hunter2');
      },
    },
    {
      name: 'a bucket renamed in code: the bucket only, not its versioning or access-block settings',
      plan: 'fixtures/terraform/handwritten-s3-bucket-rename/plan.json',
      findings: [{ address: 'aws_s3_bucket.assets', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`aws_s3_bucket.assets` (storage bucket) is destroyed and re-created because a change to `bucket` forces a new one, and deleted before its replacement exists: the objects it holds are lost; the new one starts empty.',
        );
        expect(f!.dependents).toEqual(['aws_s3_bucket_public_access_block.assets', 'aws_s3_bucket_versioning.assets']);
      },
    },
    {
      name: 'deletion protection on: reported, and the reader is told the delete should fail',
      plan: 'fixtures/terraform/handwritten-rds-protection-off-replace/plan.json',
      findings: [{ address: 'aws_db_instance.ledger', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toContain(': `deletion_protection` is true, so the delete should fail until someone changes that.'),
    },
    {
      name: 'create_before_destroy: the order is named',
      plan: planFromJson(createFirst),
      findings: [{ address: 'aws_s3_bucket.assets', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.replaceOrder).toBe('create-first');
        expect(f!.message).toContain(', its replacement created first:');
      },
    },
    {
      name: '-replace: the reason in words when no attribute forces it',
      plan: planFromJson(byRequest),
      findings: [{ address: 'aws_s3_bucket.assets', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toContain('because the plan was asked to replace it (`-replace`)');
        expect(f!.replacePaths).toBeUndefined();
      },
    },
    {
      name: 'a -destroy plan deleting a protected database',
      plan: planFromJson(destroyed),
      findings: [{ address: 'aws_db_instance.orders', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`aws_db_instance.orders` (database) is deleted: `deletion_protection` is true, so the delete should fail until someone changes that.',
        );
        expect(f!.action).toBe('delete');
      },
    },
    {
      name: 'a -destroy plan deleting an unprotected database without a final snapshot',
      plan: planFromJson(destroyedUnprotected),
      findings: [{ address: 'aws_db_instance.orders', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toBe('`aws_db_instance.orders` (database) is deleted: the data it holds is lost.'),
    },
    {
      name: 'Pulumi: an RDS identifier replacement (replaceReasons), named by resource name and token',
      plan: 'fixtures/pulumi/handwritten-rds-identifier-replace/preview.json',
      findings: [{ address: 'urn:pulumi:prod::billing::aws:rds/instance:Instance::ledger-db', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toMatch(/^`ledger-db` \(database, `aws:rds\/instance:Instance`\) is destroyed and re-created because a change to `identifier` forces a new one/);
        expect(f!.replacePaths).toEqual(['identifier']);
      },
    },
    {
      name: 'Pulumi: retainOnDelete keeps the old instance, so medium',
      plan: planFromJson(retained),
      findings: [{ address: 'urn:pulumi:prod::billing::aws:rds/instance:Instance::ledger-db', severity: 'medium' }],
      check: ([f]) => {
        expect(f!.message).toContain('Pulumi `retainOnDelete` is set, so the old one stays in the cloud with its data');
        expect(f!.data).toMatchObject({ retainOnDelete: true });
      },
    },
    {
      name: 'Pulumi: a table dropped from the program',
      plan: 'fixtures/pulumi/handwritten-rename-without-aliases/preview.json',
      findings: [{ address: 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toBe('`orders` (database, `aws:dynamodb/table:Table`) is deleted because it is no longer in the program: the data it holds is lost.'),
    },
    {
      name: 'Pulumi: a protected delete says Pulumi refuses it',
      plan: 'fixtures/pulumi/handwritten-protected-delete/preview.json',
      findings: [{ address: 'urn:pulumi:prod::billing::aws:rds/instance:Instance::reports-db', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toContain('Pulumi `protect` is on, so Pulumi refuses the delete'),
    },
    {
      name: 'a deposed object is named as such',
      plan: planFromJson(deposed),
      findings: [{ address: 'aws_db_instance.orders', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toBe('A deposed (left-over) object `6b1d9c2e` of `aws_db_instance.orders` (database) is deleted: the data it holds is lost.'),
    },
    {
      name: 'a tainted cluster',
      plan: planFromJson(tainted),
      findings: [{ address: 'aws_rds_cluster.orders', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toContain('is destroyed and re-created because it is tainted (an earlier apply did not finish it), and deleted before'),
    },
    {
      name: 'a bucket without force_destroy: the delete fails while it holds objects',
      plan: terraformPlan([deleted('aws_s3_bucket.exports', { id: 'acme-exports', bucket: 'acme-exports', force_destroy: false })]),
      findings: [{ address: 'aws_s3_bucket.exports', severity: 'critical' }],
      check: ([f]) =>
        expect(f!.message).toBe(
          '`aws_s3_bucket.exports` (storage bucket) is deleted because its block is no longer in the configuration: `force_destroy` is false, so the delete should fail while it still holds data.',
        ),
    },
    {
      name: 'a detached disk keeps its data: a disk attachment is high, the volume critical',
      plan: terraformPlan([deleted('aws_volume_attachment.data', attachment), deleted('aws_ebs_volume.data', volume)]),
      findings: [
        { address: 'aws_ebs_volume.data', severity: 'critical' },
        { address: 'aws_volume_attachment.data', severity: 'high' },
      ],
      check: (fs) => {
        expect(fs.find((f) => f.address === 'aws_ebs_volume.data')!.message).toBe(
          '`aws_ebs_volume.data` (disk) is deleted because its block is no longer in the configuration: the data on it is lost.',
        );
      },
    },
  ],
});

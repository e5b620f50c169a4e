import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import rule from '../../rules/rename-forces-replacement.js';
import { ROOT, planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { replaced, terraformPlan } from '../helpers/terraform-plan.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

const changesOf = (doc: Json) => doc.resource_changes as RawChange[];

/** Corpus plans where the hand review (fixtures/corpus/FINDINGS.tsv) agrees the rule fires: checked as invalid cases. */
const CORPUS_FIRES: { plan: string; address: string; severity: 'critical' | 'high' }[] = [
  { plan: 'fixtures/corpus/terraform/checkov__plan-with-deleted-resources.json', address: 'aws_secretsmanager_secret.default', severity: 'critical' },
  { plan: 'fixtures/corpus/pulumi/pulumi__eventlog__display-webserver-userdata.jsonl', address: 'urn:pulumi:dev::aws-ts-webserver::aws:ec2/instance:Instance::web-server-www', severity: 'critical' },
];

function corpusPlans(): string[] {
  const out: string[] = [];
  for (const kind of ['terraform', 'pulumi']) {
    const dir = join(ROOT, 'fixtures/corpus', kind);
    for (const f of readdirSync(dir).sort()) if (/\.jsonl?$/.test(f)) out.push(`fixtures/corpus/${kind}/${f}`);
  }
  return out.filter((p) => !CORPUS_FIRES.some((c) => c.plan === p));
}

const CLUSTER = 'fixtures/terraform/handwritten-rds-cluster-rename/plan.json';
const RDS_RENAME = 'fixtures/terraform/handwritten-rds-identifier-rename/plan.json';

// An older plan without replace_paths: the changed, always-forcing name attribute is taken as the cause.
const noPaths = readJson(CLUSTER);
for (const rc of changesOf(noPaths)) delete rc.change.replace_paths;

// `-replace=aws_rds_cluster.orders` with the name unchanged: not a rename.
const byRequest = readJson(CLUSTER);
for (const rc of changesOf(byRequest)) {
  delete rc.change.replace_paths;
  rc.action_reason = 'replace_by_request';
  if (rc.address === 'aws_rds_cluster.orders') rc.change.after = { ...(rc.change.after as Json), cluster_identifier: 'orders-aurora' };
}

// The in-place rename, with the new identifier only known after apply: nothing to judge.
const unknownName = readJson(RDS_RENAME);
for (const rc of changesOf(unknownName)) {
  const after = { ...(rc.change.after as Json) };
  delete after.identifier;
  rc.change.after = after;
  rc.change.after_unknown = { ...(rc.change.after_unknown as Json), identifier: true };
}

// The in-place rename with the identifier marked sensitive: reported without its values.
const sensitiveName = readJson(RDS_RENAME);
for (const rc of changesOf(sensitiveName)) {
  rc.change.before_sensitive = { ...(rc.change.before_sensitive as Json), identifier: true };
  rc.change.after_sensitive = { ...(rc.change.after_sensitive as Json), identifier: true };
}

const gce = (name: string, image: string) => ({
  name,
  hostname: `${name}.example.internal`,
  zone: 'europe-west1-b',
  machine_type: 'n2-highmem-8',
  deletion_protection: false,
  boot_disk: [{ auto_delete: true, device_name: 'persistent-disk-0', initialize_params: [{ image, size: 200, type: 'pd-ssd' }] }],
});
const imageChanged = terraformPlan([
  replaced('google_compute_instance.db', gce('db-1', 'debian-cloud/debian-11'), gce('db-1', 'debian-cloud/debian-12'), [
    ['boot_disk', 0, 'initialize_params', 0, 'image'],
  ]),
]);
const renamedAndImaged = terraformPlan([
  replaced('google_compute_instance.db', gce('db-1', 'debian-cloud/debian-11'), gce('db-01', 'debian-cloud/debian-12'), [
    ['name'],
    ['hostname'],
    ['boot_disk', 0, 'initialize_params', 0, 'image'],
  ]),
]);
const zone = { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com', force_destroy: false };

ruleTester(rule, {
  valid: [
    { name: 'tag-only updates, a declared move and a create', plan: 'fixtures/terraform/handwritten-tag-only-update/plan.json' },
    { name: 'a replacement forced by storage_encrypted is not a rename', plan: 'fixtures/terraform/handwritten-rds-protection-off-replace/plan.json' },
    { name: 'a Pulumi tag update', plan: 'fixtures/pulumi/handwritten-bucket-tag-update/preview.json' },
    { name: '-replace without a name change', plan: planFromJson(byRequest) },
    { name: 'an in-place rename to a name known only after apply', plan: planFromJson(unknownName) },
    { name: 'a DNS zone renamed is left to the network-path rule', plan: terraformPlan([replaced('aws_route53_zone.main', zone, { ...zone, name: 'example.org' }, [['name']])]) },
    { name: 'incident 001 shape on terraform_data (not a data store)', plan: 'fixtures/terraform/db-node-rename/plan.json' },
    ...corpusPlans().map((plan) => ({ name: `corpus: ${plan}`, plan })),
  ],
  invalid: [
    ...CORPUS_FIRES.map((c) => ({ name: `corpus (reviewed: fires): ${c.plan}`, plan: c.plan, findings: [{ address: c.address, severity: c.severity }] })),
    {
      name: 'a cluster identifier changed: the cluster is renamed by replacement (its members follow, not renamed)',
      plan: CLUSTER,
      findings: [{ address: 'aws_rds_cluster.orders', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`aws_rds_cluster.orders` is renamed (`cluster_identifier` "orders-aurora" → "orders-aurora-eu"), which the provider cannot do in place: renaming this destroys and re-creates it, as a new, empty database.',
        );
        expect(f!.replacePaths).toEqual(['cluster_identifier']);
        expect(f!.data).toMatchObject({ kind: 'rename', names: ['cluster_identifier'] });
      },
    },
    {
      name: 'without replace_paths the changed name is inferred',
      plan: planFromJson(noPaths),
      findings: [{ address: 'aws_rds_cluster.orders', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toContain('renaming this destroys and re-creates it');
        expect(f!.data).toMatchObject({ inferred: true });
      },
    },
    {
      name: 'a bucket renamed in code',
      plan: 'fixtures/terraform/handwritten-s3-bucket-rename/plan.json',
      findings: [{ address: 'aws_s3_bucket.assets', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toContain('`bucket` "acme-assets-prod" → "acme-prod-assets"'),
    },
    {
      name: 'incident 001: hostnames changed in user_data re-image 5 database hosts',
      plan: 'fixtures/terraform/handwritten-db-host-reimage/plan.json',
      findings: ['db-11', 'db-12', 'db-13', 'db-14', 'db-15'].map((k) => ({ address: `aws_instance.db_node["${k}"]`, severity: 'critical' as const })),
      check: (fs) => {
        expect(fs[0]!.message).toBe(
          '`aws_instance.db_node["db-11"]` is re-imaged because `user_data` changed: re-imaging this destroys its disks and builds the server again from nothing.',
        );
        expect(fs[0]!.data).toMatchObject({ kind: 'reimage', reimageTriggers: ['user_data'] });
      },
    },
    {
      name: 'a boot image change re-images a GCE instance (the most specific trigger is named)',
      plan: imageChanged,
      findings: [{ address: 'google_compute_instance.db', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toContain('is re-imaged because `boot_disk.initialize_params.image` changed: re-imaging this destroys its disks'),
    },
    {
      name: 'renamed and re-imaged at once: one finding saying both',
      plan: renamedAndImaged,
      findings: [{ address: 'google_compute_instance.db', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`google_compute_instance.db` is renamed (`name` "db-1" → "db-01", `hostname` "db-1.example.internal" → "db-01.example.internal") and re-imaged (`boot_disk.initialize_params.image` changed): renaming this destroys and re-creates it, and re-imaging this destroys its disks.',
        );
      },
    },
    {
      name: 'aws_db_instance identifier renamed in place (provider >= 5): medium, endpoint warning',
      plan: RDS_RENAME,
      findings: [{ address: 'aws_db_instance.orders', severity: 'medium' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`aws_db_instance.orders` is renamed in place (`identifier` "orders-db" → "orders-db-eu"): its endpoint changes with the name, so clients still using the old endpoint break.',
        );
        expect(f!.action).toBe('update');
        expect(f!.fix).toContain('point every client');
      },
    },
    {
      name: 'a sensitive name is never printed',
      plan: planFromJson(sensitiveName),
      findings: [{ address: 'aws_db_instance.orders', severity: 'medium' }],
      check: ([f]) => {
        expect(f!.message).toBe('`aws_db_instance.orders` is renamed in place (`identifier`): its endpoint changes with the name, so clients still using the old endpoint break.');
        expect(JSON.stringify(f)).not.toContain('orders-db-eu');
      },
    },
    {
      name: 'Pulumi (pulumi-aws 5.x, before in-place renames): the identifier forces a replacement',
      plan: 'fixtures/pulumi/handwritten-rds-identifier-replace/preview.json',
      findings: [{ address: 'urn:pulumi:prod::billing::aws:rds/instance:Instance::ledger-db', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`ledger-db` (`aws:rds/instance:Instance`) is renamed (`identifier` "ledger-prod" → "ledger-main"), which the provider cannot do in place: renaming this destroys and re-creates it, as a new, empty database.',
        );
      },
    },
  ],
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import rule from '../../rules/safeguard-disabled.js';
import { ROOT, planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { created, deleted, replaced, terraformPlan, unchanged, updated } from '../helpers/terraform-plan.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

const changesOf = (doc: Json) => doc.resource_changes as RawChange[];

function corpusPlans(): string[] {
  const out: string[] = [];
  for (const kind of ['terraform', 'pulumi']) {
    const dir = join(ROOT, 'fixtures/corpus', kind);
    for (const f of readdirSync(dir).sort()) if (/\.jsonl?$/.test(f)) out.push(`fixtures/corpus/${kind}/${f}`);
  }
  return out;
}

const PROTECTION_OFF = 'fixtures/terraform/handwritten-rds-protection-off-replace/plan.json';

// The reporting instance's deletion_protection known only after apply (e.g. from a module
// output): not judged; the backups going to 0 still is.
const unknownProtection = readJson(PROTECTION_OFF);
for (const rc of changesOf(unknownProtection)) {
  if (rc.address !== 'aws_db_instance.reporting') continue;
  const after = { ...(rc.change.after as Json) };
  delete after.deletion_protection;
  rc.change.after = after;
  rc.change.after_unknown = { ...(rc.change.after_unknown as Json), deletion_protection: true };
}

// The reporting instance's update read the other way round: safeguards switched on.
const switchedOn = readJson(PROTECTION_OFF);
switchedOn.resource_changes = changesOf(switchedOn).filter((rc) => rc.address === 'aws_db_instance.reporting');
for (const rc of changesOf(switchedOn)) {
  const { before, after } = rc.change;
  rc.change.before = after;
  rc.change.after = before;
}

const bucket = { id: 'acme-exports', bucket: 'acme-exports', force_destroy: false, object_lock_enabled: false, tags: { Team: 'data' } };
const server = { id: 'i-0123456789abcdef0', ami: 'ami-0c1a7f89451184c8b', disable_api_termination: true, disable_api_stop: false, instance_initiated_shutdown_behavior: 'stop' };
const db = { id: 'db-ABC', identifier: 'orders', deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: 'orders-final', backup_retention_period: 7 };
const sqlInstance = { id: 'orders', name: 'orders', deletion_protection: true, settings: [{ tier: 'db-custom-4-16384', deletion_protection_enabled: true }], deletion_policy: 'PREVENT' };
const RG = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/orders-prod';
const lock = { id: `${RG}/providers/Microsoft.Authorization/locks/no-delete`, name: 'no-delete', scope: RG, lock_level: 'CanNotDelete', notes: '' };
const group = { id: RG, name: 'orders-prod', location: 'westeurope' };

ruleTester(rule, {
  valid: [
    { name: 'tag-only updates, a declared move and a create', plan: 'fixtures/terraform/handwritten-tag-only-update/plan.json' },
    { name: 'a cluster replaced with its safeguards unchanged', plan: 'fixtures/terraform/handwritten-rds-cluster-rename/plan.json' },
    { name: 'a Pulumi tag update', plan: 'fixtures/pulumi/handwritten-bucket-tag-update/preview.json' },
    { name: 'safeguards switched on, not off', plan: planFromJson(switchedOn) },
    {
      name: 'a create with a safeguard off from the start is left to safeguard-inconsistent',
      plan: terraformPlan([created('aws_db_instance.new', { ...db, deletion_protection: false, skip_final_snapshot: true })]),
    },
    { name: 'a delete is not a safeguard switched off', plan: terraformPlan([deleted('aws_db_instance.old', { ...db, deletion_protection: false })]) },
    { name: 'unchanged', plan: terraformPlan([unchanged('aws_db_instance.orders', { ...db, deletion_protection: false })]) },
    { name: 'a lock whose level never blocked deletes', plan: terraformPlan([deleted('azurerm_management_lock.x', { ...lock, lock_level: 'None' })]) },
    ...corpusPlans().map((plan) => ({ name: `corpus: ${plan}`, plan })),
  ],
  invalid: [
    {
      name: 'deletion protection and the final snapshot switched off on the instance this plan replaces; protection and backups off on another',
      plan: PROTECTION_OFF,
      findings: [
        { address: 'aws_db_instance.ledger', severity: 'critical' },
        { address: 'aws_db_instance.reporting', severity: 'high' },
      ],
      check: (fs) => {
        const ledger = fs.find((f) => f.address === 'aws_db_instance.ledger')!;
        expect(ledger.message).toBe(
          '`aws_db_instance.ledger` is destroyed and re-created in this plan, and its replacement comes with `deletion_protection` switched off (true → false), `skip_final_snapshot` switched off (false → true): switching a safeguard off in the same plan as a destroy is how protected data gets lost.',
        );
        expect(ledger.action).toBe('replace');
        const reporting = fs.find((f) => f.address === 'aws_db_instance.reporting')!;
        expect(reporting.message).toBe(
          '`aws_db_instance.reporting` has `deletion_protection` switched off (true → false): the cloud API no longer refuses to delete it; and `backup_retention_period` switched off (7 → 0): its automated backups (and point-in-time recovery) are cut back or stopped.',
        );
        expect(reporting.data).toEqual({
          safeguards: [
            { attribute: 'deletion_protection', kind: 'deletion-protection', effect: 'api-blocks-delete', off: true },
            { attribute: 'backup_retention_period', kind: 'backups', effect: 'retains-data', off: true },
          ],
        });
        for (const f of fs) expect(JSON.stringify(f)).not.toContain('hunter2');
      },
    },
    {
      name: 'an unknown after-value is not judged; the known one is',
      plan: planFromJson(unknownProtection),
      findings: [
        { address: 'aws_db_instance.ledger', severity: 'critical' },
        { address: 'aws_db_instance.reporting', severity: 'high' },
      ],
      check: (fs) => {
        const reporting = fs.find((f) => f.address === 'aws_db_instance.reporting')!;
        expect(reporting.message).not.toContain('deletion_protection');
        expect(reporting.message).toContain('`backup_retention_period` switched off (7 → 0)');
      },
    },
    {
      name: 'force_destroy switched on for a bucket',
      plan: terraformPlan([updated('aws_s3_bucket.exports', bucket, { force_destroy: true })]),
      findings: [{ address: 'aws_s3_bucket.exports', severity: 'high' }],
      check: ([f]) => expect(f!.message).toBe('`aws_s3_bucket.exports` has `force_destroy` switched off (false → true): destroying it also deletes everything in it.'),
    },
    {
      name: 'a backup retention shortened but not off is weakened',
      plan: terraformPlan([updated('azurerm_postgresql_flexible_server.orders', { id: 'pg', name: 'orders', backup_retention_days: 35 }, { backup_retention_days: 14 })]),
      findings: [{ address: 'azurerm_postgresql_flexible_server.orders', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toContain('`backup_retention_days` weakened (35 → 14)');
        expect(f!.data).toMatchObject({ safeguards: [{ attribute: 'backup_retention_days', off: false }] });
      },
    },
    {
      name: 'GCP: Terraform-side and API-side deletion protection off, deletion policy back to DELETE',
      plan: terraformPlan([
        updated('google_sql_database_instance.orders', sqlInstance, { deletion_protection: false, settings: [{ tier: 'db-custom-4-16384', deletion_protection_enabled: false }], deletion_policy: 'DELETE' }),
      ]),
      findings: [{ address: 'google_sql_database_instance.orders', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toContain('`deletion_protection` switched off (true → false): the provider no longer refuses to destroy it');
        expect(f!.message).toContain('`deletion_policy` switched off ("PREVENT" → "DELETE")');
        // the API-side flag is an argument of the settings block
        expect(f!.message).toContain('`settings.deletion_protection_enabled` switched off (true → false): the cloud API no longer refuses to delete it');
      },
    },
    {
      name: 'termination protection off on a server: Terraform ignores it, so only medium',
      plan: terraformPlan([updated('aws_instance.db', server, { disable_api_termination: false })]),
      findings: [{ address: 'aws_instance.db', severity: 'medium' }],
      check: ([f]) => expect(f!.message).toContain('(Terraform ignores this setting)'),
    },
    {
      name: 'a safeguard switched off on a replacement is critical even without other changes',
      plan: terraformPlan([replaced('aws_db_instance.orders', db, { ...db, deletion_protection: false }, [['identifier']])]),
      findings: [{ address: 'aws_db_instance.orders', severity: 'critical' }],
    },
    {
      name: 'a CanNotDelete management lock deleted',
      plan: terraformPlan([deleted('azurerm_management_lock.no_delete', lock)]),
      findings: [{ address: 'azurerm_management_lock.no_delete', severity: 'high' }],
      check: ([f]) => expect(f!.message).toBe('`azurerm_management_lock.no_delete` (a lock) is deleted: nothing stops the resources in its scope from being deleted any more.'),
    },
    {
      name: 'the lock and the resource group it protects deleted in one plan: critical',
      plan: terraformPlan([deleted('azurerm_management_lock.no_delete', lock), deleted('azurerm_resource_group.orders', group)]),
      findings: [{ address: 'azurerm_management_lock.no_delete', severity: 'critical' }],
      check: ([f]) => expect(f!.message).toContain('and this plan also destroys something in its scope'),
    },
  ],
});

describe('Pulumi resource options', () => {
  ruleTester(rule, {
    valid: [{ name: 'a tag update keeps protect as it was', plan: 'fixtures/pulumi/handwritten-bucket-tag-update/preview.json' }],
    invalid: [
      {
        name: 'protect switched off (true in the old state, false in the new one)',
        plan: 'fixtures/pulumi/handwritten-protect-off/preview.json',
        findings: [{ address: 'urn:pulumi:prod::billing::aws:s3/bucketV2:BucketV2::assets', severity: 'high' }],
        check: (findings) => {
          expect(findings[0]!.message).toMatch(/`protect` \(Pulumi refuses to delete or replace a protected resource\) switched off/);
          expect(findings[0]!.data).toEqual({ pulumiOptionsOff: ['protect'] });
        },
      },
    ],
  });
});

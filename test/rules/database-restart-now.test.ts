import { expect } from 'vitest';
import rule from '../../rules/database-restart-now.js';
import type { Plan } from '../../src/model/types.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { corpusStaysBelowHigh, messagesAreOneSentence } from '../helpers/corpus-plans.js';
import { replaced, terraformPlan, updated } from '../helpers/terraform-plan.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

const NOW = 'fixtures/terraform/handwritten-rds-resize-apply-immediately/plan.json';
const WINDOW = 'fixtures/terraform/handwritten-rds-resize-maintenance-window/plan.json';

/** The apply-immediately fixture with `aws_db_instance.orders`'s after values and unknowns changed. */
function ordersWith(after: Json, afterUnknown: Json = {}): Plan {
  const doc = readJson(NOW);
  for (const rc of doc.resource_changes as RawChange[]) {
    if (rc.address !== 'aws_db_instance.orders') continue;
    rc.change = { ...rc.change, after: { ...(rc.change.after as Json), ...after }, after_unknown: { ...(rc.change.after_unknown as Json), ...afterUnknown } };
  }
  return planFromJson(doc);
}

const param = (name: string, value: string, apply_method?: string): Json => ({ name, value, ...(apply_method ? { apply_method } : { apply_method: 'immediate' }) });
const pg = (parameter: Json[]): Json => ({ name: 'orders-postgres16', family: 'postgres16', parameter });

ruleTester(rule, {
  valid: [
    { name: 'harmless: apply_immediately on, but only storage and tags change', plan: 'fixtures/terraform/handwritten-availability-harmless/plan.json' },
    { name: 'HA attributes are not restart attributes', plan: 'fixtures/terraform/handwritten-cache-failover-off/plan.json' },
    { name: 'a replacement is not an in-place restart (other rules judge it)', plan: 'fixtures/terraform/handwritten-memorystore-basic/plan.json' },
    { name: 'corpus: an RDS instance whose security groups change', plan: 'fixtures/corpus/terraform/infracost__terraform-v0.12-plan-rds.json' },
    {
      name: 'a server resize is not a database restart',
      plan: terraformPlan([updated('aws_instance.app', { instance_type: 't3.large', ami: 'ami-1' }, { instance_type: 't3.xlarge' })]),
    },
    {
      name: 'changing only apply_method is not registered by the API',
      plan: terraformPlan([updated('aws_db_parameter_group.orders', pg([param('work_mem', '65536')]), { parameter: [param('work_mem', '65536', 'pending-reboot')] })]),
    },
    {
      name: 'a replaced parameter group is not an in-place change',
      plan: terraformPlan([replaced('aws_db_parameter_group.orders', pg([]), { ...pg([]), family: 'postgres17' }, [['family']], true)]),
    },
  ],
  invalid: [
    {
      name: 'incident 000: instance class resized with apply_immediately (warns, does not block)',
      plan: NOW,
      findings: [{ address: 'aws_db_instance.orders', severity: 'medium' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`aws_db_instance.orders` changes `instance_class` (db.r6g.large → db.r6g.2xlarge) with `apply_immediately` on: it restarts or fails over as soon as this plan is applied, not in its maintenance window (`maintenance_window` = sun:03:00-sun:04:00).',
        );
        expect(f!.blocking).toBe(false);
        expect(f!.incident).toBe('000');
        expect(f!.data).toMatchObject({ attributes: ['instance_class'], immediate: true });
      },
    },
    {
      name: 'the same resize without apply_immediately: a low note about the maintenance window',
      plan: WINDOW,
      findings: [{ address: 'aws_db_instance.orders', severity: 'low' }],
      check: ([f]) => expect(f!.message).toContain('without `apply_immediately`: the change waits for the next maintenance window (`maintenance_window` = sun:03:00-sun:04:00)'),
    },
    {
      name: 'engine version and parameter group together, apply_immediately unknown until apply',
      plan: ordersWith({ instance_class: 'db.r6g.large', engine_version: '16.4', parameter_group_name: 'orders-postgres16-v2', apply_immediately: undefined }, { apply_immediately: true }),
      findings: [{ address: 'aws_db_instance.orders', severity: 'medium' }],
      check: ([f]) => {
        expect(f!.message).toContain('`engine_version` (16.3 → 16.4), `parameter_group_name` (orders-postgres16 → orders-postgres16-v2) with `apply_immediately` possibly on');
        expect(f!.data).toMatchObject({ immediate: 'unknown' });
      },
    },
    {
      name: 'a moved maintenance window is noted (info) beside the restart',
      plan: ordersWith({ maintenance_window: 'wed:02:00-wed:03:00' }),
      findings: [
        { address: 'aws_db_instance.orders', severity: 'medium' },
        { address: 'aws_db_instance.orders', severity: 'info' },
      ],
      check: (fs) =>
        expect(fs.find((f) => f.severity === 'info')!.message).toBe(
          '`aws_db_instance.orders` moves its maintenance window: `maintenance_window` (sun:03:00-sun:04:00 → wed:02:00-wed:03:00); changes that wait for the window (restarts, upgrades) now land at the new time.',
        ),
    },
    {
      name: 'a parameter group: immediate parameters warn, pending-reboot ones are noted',
      plan: terraformPlan([
        updated('aws_db_parameter_group.orders', pg([param('work_mem', '65536'), param('shared_buffers', '4096', 'pending-reboot')]), {
          parameter: [param('work_mem', '131072'), param('max_connections', '800'), param('shared_buffers', '8192', 'pending-reboot')],
        }),
      ]),
      findings: [
        { address: 'aws_db_parameter_group.orders', severity: 'medium' },
        { address: 'aws_db_parameter_group.orders', severity: 'low' },
      ],
      check: (fs) => {
        const now = fs.find((f) => f.severity === 'medium')!;
        expect(now.message).toBe(
          '`aws_db_parameter_group.orders` changes `max_connections`, `work_mem` with apply method immediate: they take effect at once on every database that uses the group, not in a maintenance window.',
        );
        expect(now.message).not.toContain('131072');
        expect(fs.find((f) => f.severity === 'low')!.data).toMatchObject({ parameters: ['shared_buffers'], applyMethod: 'pending-reboot' });
      },
    },
    {
      name: 'a DocumentDB cluster parameter group defaults to pending-reboot (catalog applyMethodDefault)',
      plan: terraformPlan([
        updated('aws_docdb_cluster_parameter_group.main', { name: 'docdb', parameter: [{ name: 'tls', value: 'enabled', apply_method: '' }] }, {
          parameter: [{ name: 'tls', value: 'disabled', apply_method: '' }],
        }),
      ]),
      findings: [{ address: 'aws_docdb_cluster_parameter_group.main', severity: 'low' }],
    },
    {
      name: 'Cloud SQL has no apply-now flag: a tier change restarts at once (medium)',
      plan: terraformPlan([
        updated(
          'google_sql_database_instance.billing',
          { name: 'billing-pg', settings: [{ tier: 'db-custom-2-7680', availability_type: 'REGIONAL' }] },
          { settings: [{ tier: 'db-custom-4-15360', availability_type: 'REGIONAL' }] },
        ),
      ]),
      findings: [{ address: 'google_sql_database_instance.billing', severity: 'medium' }],
      check: ([f]) => expect(f!.message).toContain('`settings[].tier` (db-custom-2-7680 → db-custom-4-15360): this provider applies it at once'),
    },
    {
      name: 'corpus: a Pulumi update resizing an RDS instance (no applyImmediately): low',
      plan: 'fixtures/corpus/pulumi/pulumi__eventlog__up-interrupted.jsonl',
      findings: [{ address: 'urn:pulumi:dev::myproject::aws:rds/instance:Instance::interrupted-db', severity: 'low' }],
    },
  ],
});

corpusStaysBelowHigh(rule);
messagesAreOneSentence(rule);

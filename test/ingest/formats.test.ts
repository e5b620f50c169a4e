import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapActions, normalizeResourceChange, terraformPlanFromObject } from '../../src/ingest/terraform.js';
import { readTerraformBytes } from '../../src/ingest/stream.js';
import { runCli } from '../helpers/cli.js';

// Shapes are those of hashicorp/terraform and opentofu/opentofu internal/command/jsonplan at the
// release named; docs/formats.md lists the tag and commit each one was checked against.
const F = 'fixtures/terraform/formats/tf1.0.0-drift-without-address.hand-written.json';
const REAL_1_0_0 = 'fixtures/corpus/terraform/terraform-compliance__test-issue-522.json';
const change = { actions: ['update'], before: {}, after: {} };
const both = (file: string) => {
  const bytes = readFileSync(file);
  const inMemory = terraformPlanFromObject(file, JSON.parse(bytes.toString('utf8')) as Record<string, unknown>);
  expect(readTerraformBytes(file, bytes)).toEqual(inMemory);
  return inMemory;
};

describe('terraform 0.15.4-1.0.0 resource_drift without address', () => {
  it('builds the address from mode/type/name/index/module_address', () => {
    expect(normalizeResourceChange('p', 'resource_drift[0]', { mode: 'managed', type: 'aws_s3_bucket', name: 'b', change }, true).address).toBe('aws_s3_bucket.b');
    expect(normalizeResourceChange('p', 'resource_drift[0]', { module_address: 'module.m["x"]', mode: 'data', type: 't', name: 'n', index: 2, change }, true).address).toBe('module.m["x"].data.t.n[2]');
    expect(normalizeResourceChange('p', 'resource_drift[0]', { mode: 'managed', type: 't', name: 'n', index: 'k', change }, true).address).toBe('t.n["k"]');
  });
  it('still rejects a wrong-typed or missing part, naming the field', () => {
    expect(() => normalizeResourceChange('p', 'resource_drift[0]', { type: 't', name: 5, change }, true)).toThrow('resource_drift[0].name must be a string, found a number');
    expect(() => normalizeResourceChange('p', 'resource_drift[0]', { name: 'n', change }, true)).toThrow('resource_drift[0].address is missing');
    expect(() => normalizeResourceChange('p', 'resource_drift[0]', { type: 't', name: 'n', index: [0], change }, true)).toThrow('resource_drift[0].index must be a string or a number');
    expect(() => normalizeResourceChange('p', 'resource_changes[0]', { type: 't', name: 'n', change })).toThrow('resource_changes[0].address must be a string, found a undefined');
  });
  it('reads the 1.0.0 shape: addresses from the parts, unchanged "update" entries are not drift', () => {
    const plan = both(F);
    expect(plan.formatVersion).toBe('0.1');
    // 1.0.0 lists all six managed instances; three are unchanged (1.0.1 stopped writing those).
    expect(plan.drift.map((d) => [d.address, d.rawActions.join(',')])).toEqual([
      ['aws_s3_bucket.logs', 'update'],
      ['aws_security_group.app', 'delete'],
      ['module.net.aws_vpc.main', 'update'],
    ]);
    expect(plan.drift.find((d) => d.address === 'module.net.aws_vpc.main')?.module).toBe('module.net');
    expect(plan.changes).toHaveLength(6);
  });
  it('reads the real terraform 1.0.0 plan (terraform-compliance issue 522): 15 entries, 9 unchanged', () => {
    const raw = JSON.parse(readFileSync(REAL_1_0_0, 'utf8')) as { resource_drift: { address?: string; change: { actions: string[] } }[] };
    expect(raw.resource_drift).toHaveLength(15);
    expect(raw.resource_drift.every((d) => d.address === undefined)).toBe(true);
    const plan = both(REAL_1_0_0);
    expect(plan.drift).toHaveLength(6);
    expect(plan.drift.every((d) => d.rawActions.join() === 'delete')).toBe(true);
    expect(plan.drift.map((d) => d.address)).toContain('aws_lambda_function.lambda');
  });
  it('checks both 1.0.0 plans through the CLI without a read error', async () => {
    for (const f of [F, REAL_1_0_0]) {
      const r = await runCli(['check', f]);
      expect(r.stderr).not.toMatch(/must be|is missing/);
      expect([0, 1]).toContain(r.code);
    }
  });
});

describe('fields a release leaves out or adds', () => {
  const base = { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', provider_name: 'registry.terraform.io/hashicorp/aws' };
  const noop = { actions: ['no-op'], before: { bucket: 'b' }, after: { bucket: 'b' }, after_unknown: {} };
  it('a 0.12-shaped plan (no errored, complete, applyable, timestamp, sensitivity masks) reads', () => {
    const plan = terraformPlanFromObject('p', { format_version: '0.1', terraform_version: '0.12.0', resource_changes: [{ ...base, change: noop }] });
    expect(plan.problems).toEqual([]);
    expect(plan.changes[0]!.action).toBe('no-op');
  });
  it('a plan without resource_changes (refresh-only, or nothing to do) reads as no changes', () => {
    expect(terraformPlanFromObject('p', { format_version: '1.2', planned_values: {}, errored: false }).changes).toEqual([]);
  });
  it('terraform 1.12 identity fields and 1.14 action_invocations are accepted and not judged', () => {
    const doc = {
      format_version: '1.2',
      terraform_version: '1.14.0',
      resource_changes: [{ ...base, change: { ...noop, before_identity: { name: 'b' }, after_identity: { name: 'b' } } }],
      action_invocations: [
        {
          address: 'action.aws_lambda_invoke.notify',
          type: 'aws_lambda_invoke',
          name: 'notify',
          config_values: { function_name: 'f' },
          config_sensitive: {},
          provider_name: 'registry.terraform.io/hashicorp/aws',
          lifecycle_action_trigger: { triggering_resource_address: 'aws_s3_bucket.b', action_trigger_event: 'AfterCreate', action_trigger_block_index: 0, actions_list_index: 0 },
        },
      ],
      errored: false,
      applyable: false,
      complete: true,
    };
    const plan = terraformPlanFromObject('p', doc);
    expect(readTerraformBytes('p', Buffer.from(JSON.stringify(doc)))).toEqual(plan);
    expect(plan.changes.map((c) => c.action)).toEqual(['no-op']);
    expect(plan.problems).toEqual([]);
  });
  it('errored / complete of the wrong type stay bad input', () => {
    expect(() => terraformPlanFromObject('p', { format_version: '1.2', resource_changes: [], errored: 'false' })).toThrow('"errored" must be true or false, found a string');
    expect(() => terraformPlanFromObject('p', { format_version: '1.2', resource_changes: [], complete: 1 })).toThrow('"complete" must be true or false, found a number');
  });
});

describe('actions written by terraform and OpenTofu', () => {
  it('terraform 1.7 forget and create,forget; OpenTofu 1.12 forget,create; OpenTofu 1.11 open', () => {
    expect(mapActions(['forget']).action).toBe('forget');
    expect(mapActions(['create', 'forget']).action).toBe('create');
    expect(mapActions(['forget', 'create']).action).toBe('create');
    expect(mapActions(['open']).action).toBe('read');
  });
  it('OpenTofu 1.11 ephemeral resource (mode "ephemeral", values null, ["open"]) reads as a read', () => {
    const rc = normalizeResourceChange('p', 'resource_changes[0]', {
      address: 'ephemeral.aws_secretsmanager_secret_version.db',
      mode: 'ephemeral',
      type: 'aws_secretsmanager_secret_version',
      name: 'db',
      provider_name: 'registry.opentofu.org/hashicorp/aws',
      change: { actions: ['open'], before: null, after: null, after_unknown: {}, before_sensitive: false, after_sensitive: false },
    });
    expect([rc.action, rc.type, rc.name]).toEqual(['read', 'aws_secretsmanager_secret_version', 'db']);
  });
  it('an empty or missing actions list is bad input with a clear message', () => {
    expect(() => normalizeResourceChange('p', 'resource_changes[0]', { address: 'a.b', change: { actions: [] } })).toThrow('resource_changes[0].change.actions is empty');
    expect(() => normalizeResourceChange('p', 'resource_changes[0]', { address: 'a.b', change: {} })).toThrow('resource_changes[0].change.actions is missing');
  });
});

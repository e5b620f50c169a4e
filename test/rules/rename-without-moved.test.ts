import { expect } from 'vitest';
import rule from '../../rules/rename-without-moved.js';
import type { Finding } from '../../src/engine/types.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

function changesOf(doc: Json): RawChange[] {
  return doc.resource_changes as RawChange[];
}

const moved = (from: string, to: string) => `moved {\n  from = ${from}\n  to   = ${to}\n}`;

/** The `moved` block is in `data.moved` and, exactly, at the end of the fix. */
function expectMoved(f: Finding, from: string, to: string): void {
  expect(f.data?.moved).toBe(moved(from, to));
  expect(f.fix.endsWith(`\n\n${moved(from, to)}`)).toBe(true);
}

// foreach-key-rename with the creates' input changed: the delete and the create no longer match.
const differentCreate = readJson('fixtures/terraform/foreach-key-rename/plan.json');
for (const rc of changesOf(differentCreate)) {
  if (rc.change.actions[0] === 'create') {
    rc.change.after = { ...(rc.change.after as Json), input: { cluster: 'billing', engine: 'mysql', instance_size: 'db.t4g.small' } };
  }
}

// foreach-key-rename with the creates' input wholly unknown: nothing to compare, no claim.
const unknownCreate = readJson('fixtures/terraform/foreach-key-rename/plan.json');
for (const rc of changesOf(unknownCreate)) {
  if (rc.change.actions[0] === 'create') {
    rc.change.after = { id: null, input: null, output: null, triggers_replace: null };
    rc.change.after_unknown = { id: true, input: true, output: true };
  }
}

// module-rename with a resource left behind in module.db (a copy of one of its changes as a
// no-op): the module call is not wholly renamed, so each resource gets its own moved block.
const partialModule = readJson('fixtures/terraform/module-rename/plan.json');
{
  const changes = changesOf(partialModule);
  const src = changes.find((rc) => rc.address === 'module.db.terraform_data.instance')!;
  const keep = structuredClone(src);
  keep.address = 'module.db.terraform_data.backup_policy';
  keep.name = 'backup_policy';
  keep.change = { ...keep.change, actions: ['no-op'], after: keep.change.before, after_unknown: {} };
  delete keep.action_reason;
  changes.push(keep);
}

// module-rename where the parameter group's values change with the rename: only the instance
// matches, but the whole module still moves, so the fix stays one moved block for the module.
const moduleRenameAndChange = readJson('fixtures/terraform/module-rename/plan.json');
for (const rc of changesOf(moduleRenameAndChange)) {
  if (rc.address === 'module.database.terraform_data.parameter_group') {
    rc.change.after = { ...(rc.change.after as Json), input: { family: 'postgres16', name: 'orders-db-params-v2' } };
  }
}

/**
 * A big rename of one for_each resource: `node-i` → `host-i`, each with its own attributes
 * (another node's values match at most 3 of 4, the own ones 4 of 4, or 3 of 4 with resize).
 */
function bigRename(n: number, opts: { resize?: boolean } = {}): Json {
  const changes: Json[] = [];
  for (let i = 0; i < n; i++) {
    const input = { seq: i, zone: `zone-${i % 3}`, cluster: 'orders', size: 'xlarge' };
    changes.push({
      address: `terraform_data.node["node-${i}"]`,
      mode: 'managed',
      type: 'terraform_data',
      name: 'node',
      index: `node-${i}`,
      provider_name: 'terraform.io/builtin/terraform',
      change: {
        actions: ['delete'],
        before: { id: `id-${i}`, input, output: input, triggers_replace: null },
        after: null,
        after_unknown: {},
        before_sensitive: { input: {}, output: {} },
        after_sensitive: false,
      },
      action_reason: 'delete_because_each_key',
    });
    changes.push({
      address: `terraform_data.node["host-${i}"]`,
      mode: 'managed',
      type: 'terraform_data',
      name: 'node',
      index: `host-${i}`,
      provider_name: 'terraform.io/builtin/terraform',
      change: {
        actions: ['create'],
        before: null,
        // resize: one of the four values changes with the rename (a near match, 3 of 4).
        after: { input: opts.resize ? { ...input, size: 'large' } : input, triggers_replace: null },
        after_unknown: { id: true, output: true },
        before_sensitive: false,
        after_sensitive: { input: {} },
      },
    });
  }
  return { format_version: '1.2', terraform_version: '1.11.4', resource_changes: changes };
}

/** A delete (no resource config) of `<type>.old` and a create of `<type>.new`, both holding `values`. */
function singleRename(type: string, values: Json): Json {
  const base = { mode: 'managed', type, provider_name: 'registry.terraform.io/hashicorp/random' };
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: [
      {
        ...base,
        address: `${type}.old`,
        name: 'old',
        change: { actions: ['delete'], before: { id: 'abc', ...values }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
        action_reason: 'delete_because_no_resource_config',
      },
      {
        ...base,
        address: `${type}.new`,
        name: 'new',
        change: { actions: ['create'], before: null, after: values, after_unknown: { id: true }, before_sensitive: false, after_sensitive: {} },
      },
    ],
  };
}

/** Every finding pairs `node-i` with `host-i`. */
function expectBigPairing(n: number) {
  return (findings: Finding[]) => {
    expect(findings).toHaveLength(n);
    for (const f of findings) {
      const i = /node-(\d+)/.exec(f.address)![1];
      expect(f.addresses).toEqual([`terraform_data.node["node-${i}"]`, `terraform_data.node["host-${i}"]`]);
    }
  };
}

ruleTester(rule, {
  valid: [
    { name: 'moved blocks declared: the renamed instances are no-ops with previous_address', plan: 'fixtures/terraform/foreach-key-rename-moved/plan.json' },
    { name: 'a delete and an unrelated create of the same type (attributes differ)', plan: 'fixtures/terraform/unrelated-delete-create/plan.json' },
    { name: 'the same key rename, but the creates hold other values', plan: planFromJson(differentCreate) },
    { name: 'the creates know none of their values yet: nothing to compare', plan: planFromJson(unknownCreate) },
    { name: 'creates only', plan: 'fixtures/terraform/creates-only/plan.json' },
    { name: 'a -destroy plan (deletes without a rename reason)', plan: 'fixtures/terraform/destroy/plan.json' },
    { name: 'module removed, nothing created', plan: 'fixtures/terraform/module-removed/plan.json' },
    { name: 'count shrink, nothing created', plan: 'fixtures/terraform/count-shrink/plan.json' },
    { name: 'removed block with destroy = false (forget, not delete)', plan: 'fixtures/terraform/removed-block-forget/plan.json' },
    { name: 'replacements are not renames', plan: 'fixtures/terraform/db-node-rename/plan.json' },
    { name: 'one equal number is too little to call it a rename (random_id byte_length = 8)', plan: planFromJson(singleRename('random_id', { byte_length: 8 })) },
  ],
  invalid: [
    {
      name: 'for_each keys renamed: each old key is paired with its new key (closest address among identical nodes)',
      plan: 'fixtures/terraform/foreach-key-rename/plan.json',
      findings: [
        { address: 'terraform_data.db_node["orders-db-04"]', severity: 'critical' },
        { address: 'terraform_data.db_node["orders-db-05"]', severity: 'critical' },
      ],
      check: (findings) => {
        const [a, b] = findings.sort((x, y) => (x.address < y.address ? -1 : 1));
        expect(a!.addresses).toEqual(['terraform_data.db_node["orders-db-04"]', 'terraform_data.db_node["orders-pg-04"]']);
        expect(b!.addresses).toEqual(['terraform_data.db_node["orders-db-05"]', 'terraform_data.db_node["orders-pg-05"]']);
        expectMoved(a!, 'terraform_data.db_node["orders-db-04"]', 'terraform_data.db_node["orders-pg-04"]');
        expectMoved(b!, 'terraform_data.db_node["orders-db-05"]', 'terraform_data.db_node["orders-pg-05"]');
        expect(a!.message).toBe(
          '`terraform_data.db_node["orders-db-04"]` is deleted and `terraform_data.db_node["orders-pg-04"]` created with the same attributes: a rename in code without a `moved` block destroys and re-creates it.',
        );
        expect(a!.action).toBe('delete');
      },
    },
    {
      name: 'resource blocks renamed: pairs follow the attributes, a near match (4 of 5 values) included',
      plan: 'fixtures/terraform/resource-label-rename/plan.json',
      findings: [
        { address: 'terraform_data.primary', severity: 'critical' },
        { address: 'terraform_data.standby', severity: 'critical' },
      ],
      check: (findings) => {
        const primary = findings.find((f) => f.address === 'terraform_data.primary')!;
        const standby = findings.find((f) => f.address === 'terraform_data.standby')!;
        expectMoved(primary, 'terraform_data.primary', 'terraform_data.main');
        expectMoved(standby, 'terraform_data.standby', 'terraform_data.secondary');
        expect(primary.message).toContain('with the same attributes');
        expect(standby.message).toContain('nearly the same attributes (4 of 5 values match)');
        expect(standby.data).toMatchObject({ matchingValues: 4, comparedValues: 5 });
      },
    },
    {
      name: 'module call renamed: one finding with one moved block for the module',
      plan: 'fixtures/terraform/module-rename/plan.json',
      findings: [{ address: 'module.db.terraform_data.instance', severity: 'critical' }],
      check: ([f]) => {
        expectMoved(f!, 'module.db', 'module.database');
        expect(f!.addresses).toEqual([
          'module.db.terraform_data.instance',
          'module.database.terraform_data.instance',
          'module.db.terraform_data.parameter_group',
          'module.database.terraform_data.parameter_group',
        ]);
        expect(f!.message).toContain('`module.db` is renamed to `module.database` without a `moved` block');
      },
    },
    {
      name: 'module renamed while one of its resources also changes: still one moved block for the module',
      plan: planFromJson(moduleRenameAndChange),
      findings: [{ address: 'module.db.terraform_data.instance', severity: 'critical' }],
      check: ([f]) => {
        expectMoved(f!, 'module.db', 'module.database');
        expect(f!.message).toContain('so both its resources are destroyed and re-created, 1 of them with matching attributes');
        expect(f!.addresses).toEqual([
          'module.db.terraform_data.instance',
          'module.database.terraform_data.instance',
          'module.db.terraform_data.parameter_group',
          'module.database.terraform_data.parameter_group',
        ]);
      },
    },
    {
      name: 'module partly left behind: one moved block per resource',
      plan: planFromJson(partialModule),
      findings: [
        { address: 'module.db.terraform_data.instance', severity: 'critical' },
        { address: 'module.db.terraform_data.parameter_group', severity: 'critical' },
      ],
      check: (findings) => {
        const inst = findings.find((f) => f.address === 'module.db.terraform_data.instance')!;
        expectMoved(inst, 'module.db.terraform_data.instance', 'module.database.terraform_data.instance');
      },
    },
    {
      name: 'a real public plan: an Azure DevOps pipeline renamed in code (tfplan2md example)',
      plan: 'fixtures/corpus/terraform/tfplan2md__azuredevops.json',
      findings: [{ address: 'azuredevops_build_definition.example', severity: 'critical' }],
      check: ([f]) => expectMoved(f!, 'azuredevops_build_definition.example', 'azuredevops_build_definition.example2'),
    },
    {
      name: 'one equal non-empty string is enough (a bucket name)',
      plan: planFromJson(singleRename('aws_s3_bucket', { bucket: 'orders-archive-eu' })),
      findings: [{ address: 'aws_s3_bucket.old', severity: 'critical' }],
      check: ([f]) => expectMoved(f!, 'aws_s3_bucket.old', 'aws_s3_bucket.new'),
    },
    {
      name: '3000 renamed nodes: exact matches found by hashing, each paired with its own',
      plan: planFromJson(bigRename(3000)),
      findings: Array.from({ length: 3000 }, (_, i) => ({ address: `terraform_data.node["node-${i}"]`, severity: 'critical' as const })),
      check: expectBigPairing(3000),
    },
    {
      name: '400 renamed and resized nodes: near matches scored pair by pair (within the budget), each paired with its own',
      plan: planFromJson(bigRename(400, { resize: true })),
      findings: Array.from({ length: 400 }, (_, i) => ({ address: `terraform_data.node["node-${i}"]`, severity: 'critical' as const })),
      check: (findings) => {
        expectBigPairing(400)(findings);
        for (const f of findings) expect(f.message).toContain('nearly the same attributes (3 of 4 values match)');
      },
    },
  ],
});

// Pulumi: the same rule on a preview; the fix is an `aliases` option, never a `moved` block.
ruleTester(rule, {
  valid: [{ name: 'pulumi: a tag update', plan: 'fixtures/pulumi/handwritten-bucket-tag-update/preview.json' }],
  invalid: [
    {
      name: 'pulumi: a table renamed in the program without aliases',
      plan: 'fixtures/pulumi/handwritten-rename-without-aliases/preview.json',
      findings: [{ address: 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders', severity: 'critical' }],
      check: ([f]) => {
        const old = 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders';
        // Indented: a code paragraph (pasted as-is), like the `moved` block of a Terraform rename.
        expect(f!.fix.endsWith(`\n\n    aliases: ["${old}"]`)).toBe(true);
        expect(f!.fix).not.toContain('moved');
        expect(f!.data).toMatchObject({ aliases: [old], to: 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders-table' });
        expect(f!.message).toContain('without `aliases`');
      },
    },
  ],
});

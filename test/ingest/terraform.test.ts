import { describe, expect, it } from 'vitest';
import { mapActions, KNOWN_ACTION_REASONS, referencedResource, MaskTable } from '../../src/ingest/terraform.js';
import { InputError } from '../../src/errors.js';
import { loadPlan, planFromJson, readJson } from '../helpers/plans.js';

describe('action combinations', () => {
  it.each([
    [['no-op'], 'no-op', undefined],
    [['create'], 'create', undefined],
    [['read'], 'read', undefined],
    [['update'], 'update', undefined],
    [['delete', 'create'], 'replace', 'delete-first'],
    [['create', 'delete'], 'replace', 'create-first'],
    [['delete'], 'delete', undefined],
    [['forget'], 'forget', undefined],
    [['create', 'forget'], 'create', undefined],
    [['delete', 'archive'], 'unknown', undefined],
    [['update', 'update'], 'unknown', undefined],
  ] as const)('%j → %s', (actions, action, order) => {
    expect(mapActions(actions)).toEqual(order ? { action, replaceOrder: order } : { action });
  });
});

describe('terraform plan fields', () => {
  it('keeps action_reason verbatim, known and unknown', () => {
    const doc = readJson('fixtures/terraform/count-shrink/plan.json');
    const changes = doc.resource_changes as { action_reason?: string }[];
    const i = changes.findIndex((c) => c.action_reason === 'delete_because_count_index');
    changes[i]!.action_reason = 'delete_because_of_the_future';
    const plan = planFromJson(doc);
    expect(plan.changes[i]!.reason).toBe('delete_because_of_the_future');
    expect(KNOWN_ACTION_REASONS).toHaveLength(13);
    expect(plan.changes.filter((c) => c.reason === 'delete_because_count_index')).toHaveLength(1);
  });

  it('reads replace_paths, replace order and previous_address', () => {
    const rename = loadPlan('fixtures/terraform/db-node-rename/plan.json');
    const replaced = rename.changes.filter((c) => c.action === 'replace');
    expect(replaced).toHaveLength(5);
    expect(replaced.every((c) => c.replaceOrder === 'delete-first')).toBe(true);
    expect(replaced[0]!.replacePaths).toEqual([['triggers_replace']]);
    expect(replaced[0]!.index).toBe('db-11');
    expect(replaced[0]!.name).toBe('db_node');
    const moved = loadPlan('fixtures/terraform/foreach-key-rename-moved/plan.json');
    expect(moved.changes.filter((c) => c.previousAddress).map((c) => c.previousAddress)).toHaveLength(2);
    const cbd = loadPlan('fixtures/terraform/create-before-destroy/plan.json');
    expect(cbd.changes[0]!.replaceOrder).toBe('create-first');
  });

  it('reads modules, deposed objects, imports and drift', () => {
    const mod = loadPlan('fixtures/terraform/module-removed/plan.json');
    expect(mod.changes.find((c) => c.address.startsWith('module.analytics_db["analytics-db-us"]'))!.module).toBe('module.analytics_db["analytics-db-us"]');
    const doc = readJson('fixtures/terraform/destroy/plan.json');
    const rcs = doc.resource_changes as Record<string, unknown>[];
    rcs[0]!.deposed = '00000001';
    rcs[1]!.change = { ...(rcs[1]!.change as object), actions: ['no-op'], importing: { id: 'i-123' } };
    doc.resource_drift = [rcs[2]];
    const plan = planFromJson(doc);
    expect(plan.changes[0]!.deposed).toBe('00000001');
    expect(plan.changes[1]!.action).toBe('import');
    expect(plan.changes[1]!.importing).toBe(true);
    expect(plan.drift).toHaveLength(1);
    expect(plan.drift[0]!.drift).toBe(true);
  });

  it('reads every format_version from 0.1 to 1.x and refuses a newer major', () => {
    const doc = readJson('fixtures/terraform/creates-only/plan.json');
    for (const fv of ['0.1', '0.2', '1.0', '1.1', '1.2', '1.9']) {
      expect(planFromJson({ ...doc, format_version: fv }).formatVersion).toBe(fv);
    }
    expect(() => planFromJson({ ...doc, format_version: '2.0' })).toThrow(/format_version 2.0 is newer/);
    expect(() => planFromJson({ ...doc, format_version: 12 })).toThrow(InputError);
  });

  it('marks errored, incomplete and deferred plans as problems', () => {
    const errored = loadPlan('fixtures/terraform/errored/plan.json');
    expect(errored.problems.map((p) => p.kind).sort()).toEqual(['errored', 'incomplete']);
    const doc = readJson('fixtures/terraform/creates-only/plan.json');
    const deferred = planFromJson({ ...doc, deferred_changes: [{ reason: 'provider_config_unknown', resource_change: { address: 'x.y' } }] });
    expect(deferred.problems).toEqual([{ kind: 'deferred', address: 'x.y', message: expect.stringContaining('provider_config_unknown') }]);
  });

  it('collects which resources reference which from the configuration', () => {
    const plan = loadPlan('fixtures/terraform/db-node-rename/plan.json');
    expect(plan.dependents.get('terraform_data.db_node')).toEqual(['terraform_data.db_cluster']);
    expect(referencedResource('aws_db_instance.main.endpoint')).toBe('aws_db_instance.main');
    expect(referencedResource('data.aws_ami.ubuntu.id')).toBe('data.aws_ami.ubuntu');
    expect(referencedResource('var.name')).toBeUndefined();
    expect(referencedResource('module.db.endpoint')).toBeUndefined();
    expect(referencedResource('aws_instance.web[0]')).toBe('aws_instance.web');
  });

  it('labels OpenTofu output as opentofu and Terraform output as terraform', () => {
    expect(loadPlan('fixtures/corpus/terraform/opentofu__show-json__basic-update.json').source).toBe('opentofu');
    expect(loadPlan('fixtures/corpus/terraform/terraform-json__120-basic.json').source).toBe('terraform');
    expect(loadPlan('fixtures/terraform/noop/plan.json').source).toBe('terraform');
  });

  it('rejects fields of the wrong type with the path of the field', () => {
    const doc = readJson('fixtures/terraform/destroy/plan.json');
    expect(() => planFromJson({ ...doc, resource_changes: {} })).toThrow(/"resource_changes" must be an array, found an object/);
    const rcs = structuredClone(doc.resource_changes) as Record<string, unknown>[];
    rcs[1]!.change = { actions: 'delete' };
    expect(() => planFromJson({ ...doc, resource_changes: rcs })).toThrow(/resource_changes\[1\]\.change\.actions must be a non-empty array of strings/);
    const rcs2 = structuredClone(doc.resource_changes) as Record<string, unknown>[];
    rcs2[0]!.address = 42;
    expect(() => planFromJson({ ...doc, resource_changes: rcs2 })).toThrow(/resource_changes\[0\]\.address must be a string, found a number/);
  });

  it('rejects errored / complete that are not booleans: a flag of the wrong type never passes the gate', () => {
    const doc = readJson('fixtures/terraform/noop/plan.json');
    expect(() => planFromJson({ ...doc, errored: 'true' })).toThrow(/"errored" must be true or false, found a string/);
    expect(() => planFromJson({ ...doc, errored: 1 })).toThrow(/"errored" must be true or false, found a number/);
    expect(() => planFromJson({ ...doc, complete: 0 })).toThrow(/"complete" must be true or false, found a number/);
    expect(() => planFromJson({ ...doc, complete: 'no' })).toThrow(/"complete" must be true or false, found a string/);
    expect(planFromJson({ ...doc, errored: null, complete: null }).problems).toEqual([]);
  });

  it.each<[string, (c: Record<string, unknown>, rc: Record<string, unknown>) => void, RegExp]>([
    ['before that is not an object', (c) => (c.before = 'x'), /resource_changes\[0\]\.change\.before must be an object or null, found a string/],
    ['after that is not an object', (c) => (c.after = 5), /resource_changes\[0\]\.change\.after must be an object or null, found a number/],
    ['after_sensitive of the wrong type', (c) => (c.after_sensitive = 'yes'), /change\.after_sensitive must be true, false or an object, found a string/],
    ['before_sensitive of the wrong type', (c) => (c.before_sensitive = [true]), /change\.before_sensitive must be true, false or an object, found an array/],
    ['after_unknown of the wrong type', (c) => (c.after_unknown = 7), /change\.after_unknown must be true, false or an object, found a number/],
    ['action_reason that is not a string', (_c, rc) => (rc.action_reason = 5), /resource_changes\[0\]\.action_reason must be a string, found a number/],
    ['mode that is not a string', (_c, rc) => (rc.mode = 7), /resource_changes\[0\]\.mode must be a string, found a number/],
    ['deposed that is not a string', (_c, rc) => (rc.deposed = 1), /resource_changes\[0\]\.deposed must be a string, found a number/],
  ])('rejects %s', (_name, mutate, expected) => {
    const doc = readJson('fixtures/terraform/triggers-replace/plan.json');
    const rcs = structuredClone(doc.resource_changes) as Record<string, unknown>[];
    mutate(rcs[0]!.change as Record<string, unknown>, rcs[0]!);
    expect(() => planFromJson({ ...doc, resource_changes: rcs })).toThrow(expected);
  });
});

describe('MaskTable', () => {
  it('shares equal masks as one object, `{}` included, and never confuses `{}` with `[]` or a non-empty mask', () => {
    const t = new MaskTable();
    const e1 = {};
    const e2 = {};
    const a1: unknown[] = [];
    const a2: unknown[] = [];
    const m1 = { tags: {} };
    const m2 = { tags: {} };
    expect(t.intern(e1)).toBe(e1);
    expect(t.intern(e2)).toBe(e1);
    expect(t.intern(a1)).toBe(a1);
    expect(t.intern(a2)).toBe(a1);
    expect(t.intern(m1)).toBe(m1);
    expect(t.intern(m2)).toBe(m1);
    expect(t.intern({ x: false })).toEqual({ x: false });
    expect(t.intern(true)).toBe(true);
    expect(t.intern(null)).toBe(null);
    // `__proto__` read from JSON is an own member: not an empty mask.
    const proto = JSON.parse('{"__proto__":{}}') as object;
    expect(t.intern(proto)).toBe(proto);
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readPlan } from '../../src/ingest/index.js';
import {
  parsePropertyPath,
  PropertyNamer,
  PULUMI_OPS,
  SECRET_BEFORE,
  SECRET_CHANGED,
  transformProperties,
} from '../../src/ingest/pulumi.js';
import { aliasSuggestion, parseUrn } from '../../src/model/urn.js';
import type { Plan, ResourceChange } from '../../src/model/types.js';
import { loadPlan, planFromJson, readJson } from '../helpers/plans.js';

type Json = Record<string, unknown>;

const RDS = 'fixtures/pulumi/handwritten-rds-identifier-replace/preview.json';
const BUCKET = 'fixtures/pulumi/handwritten-bucket-tag-update/preview.json';
const PROTECTED = 'fixtures/pulumi/handwritten-protected-delete/preview.json';
const RENAME = 'fixtures/pulumi/handwritten-rename-without-aliases/preview.json';
const SECRET = 'fixtures/pulumi/handwritten-secret-rotation/preview.json';

const RDS_URN = 'urn:pulumi:prod::billing::aws:rds/instance:Instance::ledger-db';

function only(plan: Plan, address: string): ResourceChange {
  const found = plan.changes.filter((c) => c.address === address);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function steps(doc: Json): Json[] {
  return doc.steps as Json[];
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  return 'no error';
}

describe('an RDS instance replaced because its identifier changed', () => {
  const plan = loadPlan(RDS);
  const c = only(plan, RDS_URN);

  it('is one change: the steps of the replacement merged, delete-first from their order', () => {
    expect(plan.source).toBe('pulumi');
    expect(plan.changes).toHaveLength(2);
    expect(c.action).toBe('replace');
    expect(c.rawActions).toEqual(['delete-replaced', 'replace', 'create-replacement']);
    expect(c.replaceOrder).toBe('delete-first');
    expect(c.reason).toBe('replace_because_cannot_update');
    expect(c.replacePaths).toEqual([['identifier']]);
  });

  it('names the resource by URN, token and the Terraform type of the catalog', () => {
    expect(c.type).toBe('aws:rds/instance:Instance');
    expect(c.canonicalType).toBe('aws_db_instance');
    expect(c.name).toBe('ledger-db');
    expect(c.mode).toBe('managed');
    expect(c.module).toBeUndefined();
    expect(c.provider).toBe('urn:pulumi:prod::billing::pulumi:providers:aws::default_5_42_0::6f0c2d4e-9b8a-4e71-a5c3-2d9e8f1b7a60');
    expect(c.previousAddress).toBeUndefined();
    expect(c.protect).toBe(false);
    expect(c.retainOnDelete).toBe(false);
  });

  it('reads inputs under Terraform attribute names, bookkeeping keys dropped, tag keys kept', () => {
    const before = c.before as Json;
    const after = c.after as Json;
    expect(before.identifier).toBe('ledger-prod');
    expect(after.identifier).toBe('ledger-main');
    expect(before.deletion_protection).toBe(false);
    expect(before.skip_final_snapshot).toBe(false);
    expect(before.backup_retention_period).toBe(7);
    expect(before.multi_az).toBe(true);
    expect(before.vpc_security_group_ids).toEqual(['sg-0a1b2c3d4e5f60718']);
    expect(before.tags_all).toEqual({ Team: 'payments' });
    expect(before).not.toHaveProperty('deletionProtection');
    expect(before).not.toHaveProperty('__defaults');
    // The password is a secret, unchanged: null on both sides, masked.
    expect(before.password).toBeNull();
    expect(after.password).toBeNull();
    expect(c.beforeSensitive).toEqual({ password: true });
    expect(c.afterSensitive).toEqual({ password: true });
    expect(c.afterUnknown).toBe(false);
  });

  it('lists what depends on what by URN', () => {
    expect(plan.dependents.get('urn:pulumi:prod::billing::aws:ec2/securityGroup:SecurityGroup::ledger-db-sg')).toEqual([RDS_URN]);
    expect(plan.dependents.get(RDS_URN)).toBeUndefined();
  });

  it('takes the order from the step sequence: create-replacement first is create-first', () => {
    const doc = readJson(RDS);
    const [stack, del, rep, cre] = steps(doc);
    doc.steps = [stack, cre, rep, del];
    const cf = only(planFromJson(doc), RDS_URN);
    expect(cf.replaceOrder).toBe('create-first');
    expect(cf.rawActions).toEqual(['create-replacement', 'replace', 'delete-replaced']);
  });

  it('without the replacement steps (plain --json): delete-first only where the provider forces it', () => {
    const doc = readJson(RDS);
    doc.steps = steps(doc).filter((s) => s.op !== 'delete-replaced' && s.op !== 'create-replacement');
    // The identifier is set by the program (not in __defaults): pulumi-aws replaces delete-first.
    expect(only(planFromJson(doc), RDS_URN).replaceOrder).toBe('delete-first');
    // Auto-named by the bridge: nothing says how it is replaced.
    const auto = structuredClone(doc);
    const rep = steps(auto)[1]!;
    for (const state of [rep.oldState, rep.newState] as Json[]) (state.inputs as Json).__defaults = [...((state.inputs as Json).__defaults as string[]), 'identifier'];
    const c2 = only(planFromJson(auto), RDS_URN);
    expect(c2.action).toBe('replace');
    expect(c2.replaceOrder).toBeUndefined();
  });
});

describe('a bucket tag update', () => {
  const plan = loadPlan(BUCKET);
  const c = only(plan, 'urn:pulumi:prod::billing::aws:s3/bucketV2:BucketV2::assets');

  it('is an update of aws_s3_bucket with the tag keys as written', () => {
    expect(c.action).toBe('update');
    expect(c.canonicalType).toBe('aws_s3_bucket');
    expect(c.replacePaths).toEqual([]);
    expect((c.before as Json).tags).toEqual({ CostCenter: 'cc-100', Team: 'web' });
    expect((c.after as Json).tags_all).toEqual({ CostCenter: 'cc-200', Team: 'web' });
    expect((c.after as Json).force_destroy).toBe(false);
    expect(plan.problems).toEqual([]);
  });

  it('maps the legacy and the current token of a renamed resource to the same type', () => {
    const doc = readJson(BUCKET);
    const step = steps(doc)[1]!;
    for (const s of [step.oldState, step.newState] as Json[]) s.type = 'aws:s3/bucket:Bucket';
    step.urn = 'urn:pulumi:prod::billing::aws:s3/bucket:Bucket::assets';
    expect(planFromJson(doc).changes[1]!.canonicalType).toBe('aws_s3_bucket');
  });
});

describe('a protected resource deleted', () => {
  const plan = loadPlan(PROTECTED);
  const urn = 'urn:pulumi:prod::billing::aws:rds/instance:Instance::reports-db';

  it('is a delete of a protected resource, and the error diagnostic is a problem at its URN', () => {
    const c = only(plan, urn);
    expect(c.action).toBe('delete');
    expect(c.protect).toBe(true);
    expect(c.reason).toBe('delete_because_no_resource_config');
    expect(c.after).toBeNull();
    expect(plan.problems).toHaveLength(1);
    const p = plan.problems[0]!;
    expect(p.kind).toBe('diagnostic');
    expect(p.address).toBe(urn);
    expect(p.message).toContain('as it is currently marked for protection');
    expect(p.message).not.toContain('\n');
  });

  it('ignores warnings and info diagnostics', () => {
    const doc = readJson(PROTECTED);
    const d = (doc.diagnostics as Json[])[0]!;
    doc.diagnostics = [
      { ...d, severity: 'warning' },
      { message: 'some program output\n', severity: 'info' },
      { message: 'stderr of the program\n', severity: 'info#err' },
    ];
    expect(planFromJson(doc).problems).toEqual([]);
  });

  it('strips Pulumi colour tags from a diagnostic', () => {
    const doc = readJson(PROTECTED);
    doc.diagnostics = [{ urn, message: '<{%reset%}>unable to replace resource<{%reset%}>\n', severity: 'error' }];
    expect(planFromJson(doc).problems[0]!.message).toBe('Pulumi reported an error: unable to replace resource');
  });
});

describe('a logical rename without aliases', () => {
  const plan = loadPlan(RENAME);
  const oldUrn = 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders';
  const newUrn = 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders-table';

  it('is a delete of the old URN (as Terraform says for a removed block) and a create of the new one', () => {
    const del = only(plan, oldUrn);
    const cre = only(plan, newUrn);
    expect(del.action).toBe('delete');
    expect(del.reason).toBe('delete_because_no_resource_config');
    expect(cre.action).toBe('create');
    expect(cre.previousAddress).toBeUndefined();
    expect(del.canonicalType).toBe('aws_dynamodb_table');
    expect((del.before as Json).point_in_time_recovery).toEqual({ enabled: true });
    expect((cre.after as Json).hash_key).toBe('pk');
  });

  it('gets a ready-to-paste aliases option', () => {
    expect(aliasSuggestion(oldUrn, newUrn)).toBe('aliases: [{ name: "orders" }]');
    const moved = 'urn:pulumi:prod::billing::my:app:Database$aws:dynamodb/table:Table::orders';
    expect(aliasSuggestion(oldUrn, moved)).toBe(`aliases: ["${oldUrn}"]`);
  });

  it('with aliases the step shows the old URN: previousAddress, no delete', () => {
    const doc = readJson(RENAME);
    const [stack, create, del] = steps(doc);
    const same = { ...create!, op: 'same', oldState: { ...(del!.oldState as Json) }, newState: create!.newState };
    (same.newState as Json).inputs = (del!.oldState as Json).inputs;
    doc.steps = [stack, same];
    doc.changeSummary = { same: 2 };
    const p = planFromJson(doc);
    const c = only(p, newUrn);
    expect(c.action).toBe('no-op');
    expect(c.previousAddress).toBe(oldUrn);
    expect(p.changes.some((x) => x.action === 'delete')).toBe(false);
  });
});

describe('secrets', () => {
  it('never reach the model; a changed secret is listed as changed, masked', () => {
    const plan = loadPlan(SECRET);
    const db = only(plan, RDS_URN);
    expect((db.before as Json).password).toBe(SECRET_BEFORE);
    expect((db.after as Json).password).toBe(SECRET_CHANGED);
    expect(db.beforeSensitive).toEqual({ password: true });
    expect(db.afterSensitive).toEqual({ password: true });
    const sv = only(plan, 'urn:pulumi:prod::billing::aws:secretsmanager/secretVersion:SecretVersion::ledger-db-credentials');
    // Not in the catalog: Pulumi's property names.
    expect(sv.canonicalType).toBeUndefined();
    expect(sv.afterSensitive).toEqual({ secretString: true });
    expect((sv.after as Json).secretString).toBe(SECRET_CHANGED);
    expect(JSON.stringify(plan.changes)).not.toContain('[secret]');
  });

  it('masks the secret sigil object, secret output values and additionalSecretOutputs, whatever they hold', () => {
    const doc = readJson(BUCKET);
    const step = steps(doc)[1]!;
    const inputs = (step.newState as Json).inputs as Json;
    inputs.policy = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: 'hunter2-plaintext' };
    inputs.website = [{ indexDocument: { '4dabf18193072939515e22adb298388d': 'd0e6a833031e9bbcd3f4e8bde6ca49a4', secret: true, value: 'hunter3' } }];
    const c = planFromJson(doc).changes[1]!;
    const text = JSON.stringify(c);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('hunter3');
    expect(c.afterSensitive).toEqual({ policy: true, website: [{ index_document: true }] });
    // An output whose value is known is unwrapped; an unknown one is unknown.
    const t = transformProperties(
      {
        a: { '4dabf18193072939515e22adb298388d': 'd0e6a833031e9bbcd3f4e8bde6ca49a4', value: 'x', known: true },
        b: { '4dabf18193072939515e22adb298388d': 'd0e6a833031e9bbcd3f4e8bde6ca49a4', known: false },
        c: '04da6b54-80e4-46f7-96ec-b56ff0331ba9',
      },
      { side: 'after' },
    );
    expect(t.value).toEqual({ a: 'x', b: null, c: null });
    expect(t.unknown).toEqual({ b: true, c: true });
    expect(t.sensitive).toBe(false);
    const out = transformProperties({ token: 'abc', id: 'x' }, { side: 'before', secretKeys: ['token'] });
    expect(out.value).toEqual({ token: null, id: 'x' });
    expect(out.sensitive).toEqual({ token: true });
  });
});

describe('every op', () => {
  /** A preview with one step of `op` on the bucket, built from the bucket fixture's step. */
  function withOp(op: string, state: 'old' | 'new' | 'both', patch: Json = {}): ResourceChange {
    const doc = readJson(BUCKET);
    const step: Json = { ...steps(doc)[1]!, op, ...patch };
    if (state === 'old') delete step.newState;
    if (state === 'new') delete step.oldState;
    doc.steps = [step];
    delete doc.changeSummary;
    return planFromJson(doc).changes[0]!;
  }

  it.each([
    ['same', 'both', 'no-op'],
    ['create', 'new', 'create'],
    ['update', 'both', 'update'],
    ['delete', 'old', 'delete'],
    ['replace', 'both', 'replace'],
    ['create-replacement', 'both', 'replace'],
    ['delete-replaced', 'old', 'replace'],
    ['read', 'new', 'read'],
    ['read-replacement', 'both', 'delete'],
    ['discard', 'old', 'forget'],
    ['discard-replaced', 'old', 'forget'],
    ['remove-pending-replace', 'old', 'forget'],
    ['import', 'new', 'import'],
    ['import-replacement', 'both', 'replace'],
    ['teleport', 'both', 'unknown'],
    ['diff', 'both', 'unknown'],
  ] as const)('%s → %s', (op, state, action) => {
    const c = withOp(op, state);
    expect(c.action).toBe(action);
    expect(c.rawActions).toEqual([op]);
  });

  it('knows the 15 ops of the engine', () => {
    expect(PULUMI_OPS).toHaveLength(15);
  });

  it('reads a read as data, an import as importing', () => {
    expect(withOp('read', 'new').mode).toBe('data');
    expect(withOp('import', 'new').importing).toBe(true);
    expect(withOp('import-replacement', 'both').importing).toBe(true);
  });

  it('a retained resource leaves the stack without being deleted: forget', () => {
    const doc = readJson(BUCKET);
    const step = steps(doc)[1]!;
    (step.oldState as Json).retainOnDelete = true;
    step.op = 'delete';
    delete step.newState;
    doc.steps = [step];
    delete doc.changeSummary;
    const c = planFromJson(doc).changes[0]!;
    expect(c.action).toBe('forget');
    expect(c.retainOnDelete).toBe(true);
  });

  it('discard-replaced with a create-replacement: the old object was only read, nothing is deleted', () => {
    const doc = readJson(BUCKET);
    const step = steps(doc)[1]!;
    doc.steps = [
      { ...step, op: 'create-replacement' },
      { ...step, op: 'replace' },
      { ...step, op: 'discard-replaced', newState: undefined },
    ];
    delete doc.changeSummary;
    const [c] = planFromJson(doc).changes;
    expect(c!.action).toBe('create');
    expect(c!.rawActions).toEqual(['create-replacement', 'replace', 'discard-replaced']);
  });

  it('refresh steps are drift, not changes', () => {
    const doc = readJson(BUCKET);
    const step = steps(doc)[1]!;
    const refreshed = structuredClone(step.oldState) as Json;
    (refreshed.outputs as Json).tags = { CostCenter: 'cc-999', Team: 'web' };
    doc.steps = [{ op: 'refresh', urn: step.urn, provider: step.provider, oldState: step.oldState, newState: refreshed, detailedDiff: null }, step];
    const plan = planFromJson(doc);
    expect(plan.changes).toHaveLength(1);
    expect(plan.drift).toHaveLength(1);
    expect(plan.drift[0]!.drift).toBe(true);
    expect(plan.drift[0]!.action).toBe('update');
    expect((plan.drift[0]!.after as Json).tags).toEqual({ CostCenter: 'cc-999', Team: 'web' });
  });

  it('protect: the old state for a delete, both states for a replace (Pulumi allows unprotect + replace)', () => {
    const doc = readJson(RDS);
    for (const s of steps(doc).slice(1)) {
      if (s.oldState) (s.oldState as Json).protect = true;
    }
    expect(only(planFromJson(doc), RDS_URN).protect).toBe(false);
    for (const s of steps(doc).slice(1)) {
      if (s.newState) (s.newState as Json).protect = true;
    }
    expect(only(planFromJson(doc), RDS_URN).protect).toBe(true);
  });
});

describe('a preview that lists fewer destroys than its summary counts', () => {
  it('is incomplete (fails closed)', () => {
    const doc = readJson(PROTECTED);
    doc.steps = steps(doc).slice(0, 1);
    doc.diagnostics = [];
    const plan = planFromJson(doc);
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]!.kind).toBe('incomplete');
    expect(plan.problems[0]!.message).toMatch(/counts 1 delete but the preview lists 0/);
  });

  it('a digest without steps (no changes) reads as empty', () => {
    const plan = planFromJson({ duration: 1000, changeSummary: { same: 3 } });
    expect(plan.changes).toEqual([]);
    expect(plan.problems).toEqual([]);
  });

  it('maybeCorrupt is a problem', () => {
    const doc = readJson(BUCKET);
    doc.maybeCorrupt = true;
    expect(planFromJson(doc).problems.map((p) => p.kind)).toEqual(['errored']);
  });
});

describe('property names', () => {
  it('maps camelCase and pluralised lists to the Terraform names the catalog knows', () => {
    const namer = new PropertyNamer('aws_instance');
    expect(namer.name('ebsBlockDevices', false)).toBe('ebs_block_device');
    expect(namer.name('rootBlockDevice', false)).toBe('root_block_device');
    expect(namer.name('vpcSecurityGroupIds', false)).toBe('vpc_security_group_ids');
    expect(namer.name('ami', false)).toBe('ami');
    // Keys that are not plain identifiers, and keys of a map, are the user's.
    expect(namer.name('Name', false)).toBe('Name');
    expect(namer.name('app.kubernetes.io/name', false)).toBe('app.kubernetes.io/name');
    expect(namer.name('costCenter', true)).toBe('costCenter');
    const t = transformProperties(
      { rootBlockDevice: { deleteOnTermination: true }, tags: { costCenter: 'a', Name: 'b' }, ebsBlockDevices: [{ volumeSize: 8 }] },
      { namer, side: 'before' },
    );
    expect(t.value).toEqual({
      root_block_device: { delete_on_termination: true },
      tags: { costCenter: 'a', Name: 'b' },
      ebs_block_device: [{ volume_size: 8 }],
    });
  });

  it('keeps Pulumi names for tokens the catalog does not map', () => {
    const plan = loadPlan('fixtures/corpus/pulumi/drift-adopter__preview-tls-replace-excerpt.json');
    const c = plan.changes[0]!;
    expect(c.canonicalType).toBeUndefined();
    expect(c.replacePaths).toEqual([['algorithm'], ['ecdsaCurve']]);
    expect(c.after).toEqual({ algorithm: 'RSA', rsaBits: 2048 });
  });

  it('parses property paths', () => {
    expect(parsePropertyPath('identifier')).toEqual(['identifier']);
    expect(parsePropertyPath('environment.variables.APP_ENV')).toEqual(['environment', 'variables', 'APP_ENV']);
    expect(parsePropertyPath('ingress[0].cidrBlocks[1]')).toEqual(['ingress', 0, 'cidrBlocks', 1]);
    expect(parsePropertyPath('metadata.labels["app.kubernetes.io/name"]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parsePropertyPath('a["q\\"uote"].b')).toEqual(['a', 'q"uote', 'b']);
  });

  it('replace paths from replaceReasons and *-replace kinds of detailedDiff, named like before/after', () => {
    const doc = readJson(RDS);
    const rep = steps(doc)[2]!;
    rep.replaceReasons = ['identifier'];
    rep.detailedDiff = {
      identifier: { kind: 'update-replace', inputDiff: true },
      'tags.Team': { kind: 'update', inputDiff: true },
      'ebsBlockDevices[0].volumeSize': { kind: 'add-replace', inputDiff: true },
      kmsKeyId: { kind: 'delete-replace', inputDiff: true },
    };
    const c = only(planFromJson(doc), RDS_URN);
    expect(c.replacePaths).toEqual([['identifier'], ['ebs_block_devices', 0, 'volume_size'], ['kms_key_id']]);
  });
});

describe('URNs', () => {
  it('split into stack, project, parent types, type and name (a name may hold ::)', () => {
    expect(parseUrn('urn:pulumi:dev::aws-ts-eks::eks:index:Cluster$aws:cloudformation/stack:Stack::cluster-nodes')).toEqual({
      stack: 'dev',
      project: 'aws-ts-eks',
      qualifiedType: 'eks:index:Cluster$aws:cloudformation/stack:Stack',
      type: 'aws:cloudformation/stack:Stack',
      parentTypes: ['eks:index:Cluster'],
      name: 'cluster-nodes',
    });
    expect(parseUrn('urn:pulumi:s::p::t:m:T::a::b')?.name).toBe('a::b');
    expect(parseUrn('urn:pulumi:s::p')).toBeUndefined();
    expect(parseUrn('aws_db_instance.main')).toBeUndefined();
  });

  it('a child of a component has the parent URN as module', () => {
    const plan = loadPlan('fixtures/corpus/pulumi/stratify__preview-creates.json');
    const child = plan.changes.find((c) => c.type === 'aws:s3:BucketEventSubscription')!;
    expect(child.module).toBe('urn:pulumi:dev::sample::aws:s3/bucket:Bucket::docs');
    expect(plan.changes.find((c) => c.name === 'docs' && c.type === 'aws:s3/bucket:Bucket')!.module).toBeUndefined();
  });
});

describe('bad Pulumi input gets one line that names the file', () => {
  const base = () => readJson(BUCKET);
  it.each<[string, (doc: Json) => void, RegExp]>([
    ['steps not an array', (d) => (d.steps = { op: 'create' }), /preview\.json: "steps" must be an array, found an object/],
    ['a step that is not an object', (d) => (d.steps = ['create']), /steps\[0\] must be an object, found a string/],
    ['a step without op', (d) => delete steps(d)[1]!.op, /steps\[1\] has no "op"/],
    ['an op that is not a string', (d) => (steps(d)[1]!.op = 7), /steps\[1\]\.op must be a non-empty string, found a number/],
    ['a step without urn', (d) => delete steps(d)[1]!.urn, /steps\[1\]\.urn must be a string/],
    ['a urn that is not a URN', (d) => (steps(d)[1]!.urn = 'aws_s3_bucket.assets'), /steps\[1\]\.urn is not a Pulumi URN/],
    ['an old state that is not an object', (d) => (steps(d)[1]!.oldState = 'x'), /steps\[1\]\.oldState must be an object/],
    ['diagnostics not an array', (d) => (d.diagnostics = 'boom'), /"diagnostics" must be an array/],
    ['changeSummary not an object', (d) => (d.changeSummary = [1]), /"changeSummary" must be an object/],
  ])('%s', (_name, mutate, expected) => {
    const doc = base();
    mutate(doc);
    const msg = errorOf(() => readPlan('preview.json', { bytes: Buffer.from(JSON.stringify(doc)) }));
    expect(msg).toMatch(expected);
    expect(msg.startsWith('preview.json: ')).toBe(true);
    expect(msg).not.toContain('\n');
  });
});

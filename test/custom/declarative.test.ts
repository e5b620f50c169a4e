/**
 * Declarative custom rules (rules/custom/declarative.ts): each condition of `match`, the
 * attribute path semantics, unknown and sensitive values, Pulumi, on real plans where terraform
 * can make them (fixtures/terraform/payments-module-*, terraform_data in two modules) and on the
 * hand-written AWS plans.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePath, readPath } from '../../rules/custom/attribute-path.js';
import { declarativeRule, SpecError, type CustomRuleSpec } from '../../rules/custom/declarative.js';
import { caseFailure, findingsOf } from '../../src/engine/rule-kit.js';
import { fixturePath, loadPlan, planFromJson } from '../helpers/plans.js';

const REPLACE = 'fixtures/terraform/payments-module-replace/plan.json';
const UPDATE = 'fixtures/terraform/payments-module-update/plan.json';

function rule(match: CustomRuleSpec['match'], extra: Partial<CustomRuleSpec> = {}) {
  return declarativeRule({ id: 'my-policy', severity: 'high', message: 'Our policy says no.', match, ...extra }, { kind: 'config', file: '.planguard.yml', index: 0 }, { fires: [], silent: [] });
}

function addresses(match: CustomRuleSpec['match'], plan: string, extra: Partial<CustomRuleSpec> = {}) {
  return findingsOf(rule(match, extra), loadPlan(plan)).map((f) => f.address).sort();
}

describe('attribute paths', () => {
  it.each([
    ['storage_encrypted', [{ key: 'storage_encrypted' }]],
    ['tags.Env', [{ key: 'tags' }, { key: 'Env' }]],
    ['tags["kubernetes.io/role"]', [{ key: 'tags' }, { key: 'kubernetes.io/role' }]],
    ['ingress[0].from_port', [{ key: 'ingress' }, { index: 0 }, { key: 'from_port' }]],
    ['ingress[*].cidr_blocks[*]', [{ key: 'ingress' }, { any: true }, { key: 'cidr_blocks' }, { any: true }]],
  ])('parses %s', (path, steps) => {
    expect(parsePath(path)).toEqual(steps);
  });

  it.each(['', 'tags.', 'tags..Env', 'ingress[', 'ingress[x]', 'tags["a]', '.tags', 'a]'])('refuses %j', (path) => {
    expect(() => parsePath(path)).toThrow();
  });

  it('a name steps into every element of a list (a nested block), like the catalog paths', () => {
    const v = { ingress: [{ cidr_blocks: ['a'] }, { cidr_blocks: ['b', 'c'] }] };
    const read = (p: string) => readPath(parsePath(p), v, undefined, undefined).map((e) => e.value);
    expect(read('ingress.cidr_blocks')).toEqual([['a'], ['b', 'c']]);
    expect(read('ingress[*].cidr_blocks[*]')).toEqual(['a', 'b', 'c']);
    expect(read('ingress[1].cidr_blocks[0]')).toEqual(['b']);
    expect(read('ingress[2].cidr_blocks')).toEqual([]);
  });

  it('marks unknown (left out of after, true in after_unknown) and sensitive values', () => {
    const [e] = readPath(parsePath('input.password'), { input: {} }, { input: { password: true } }, {});
    expect(e).toEqual({ unknown: true, sensitive: false });
    const [s] = readPath(parsePath('input'), { input: { password: 'x', user: 'u' } }, undefined, { input: { password: true } });
    expect(s?.sensitive).toBe(true);
  });
});

describe('match conditions', () => {
  it('address: the same glob as protect', () => {
    expect(addresses({ address: 'module.payments.*' }, REPLACE)).toEqual(['module.payments.terraform_data.database']);
    expect(addresses({ address: 'module.payments.*', actions: ['replace'] }, UPDATE)).toEqual([]);
  });

  it('actions: any listed; without actions every change but a plain no-op or read', () => {
    expect(addresses({ address: 'module.*' }, REPLACE)).toEqual([
      'module.orders.terraform_data.database',
      'module.orders.terraform_data.queue',
      'module.payments.terraform_data.database',
    ]);
    expect(addresses({ address: 'module.*', actions: ['no-op'] }, REPLACE)).toEqual(['module.payments.terraform_data.queue']);
    expect(addresses({ type: 'terraform_data', actions: ['move'] }, 'fixtures/terraform/foreach-key-rename-moved/plan.json')).toHaveLength(2);
  });

  it('type: the Terraform type, which a Pulumi token maps to, or the token itself', () => {
    const doc = JSON.parse(readFileSync(fixturePath('fixtures/pulumi/handwritten-protected-delete/preview.json'), 'utf8'));
    const text = JSON.stringify(doc).replaceAll('aws:rds/instance:Instance', 'aws:kms/key:Key');
    const plan = planFromJson(JSON.parse(text), 'preview.json');
    const urn = 'urn:pulumi:prod::billing::aws:kms/key:Key::reports-db';
    for (const type of ['aws_kms_key', 'aws:kms/key:Key', 'aws_kms_*']) {
      expect(findingsOf(rule({ type, actions: ['delete'] }), plan).map((f) => f.address)).toEqual([urn]);
    }
    expect(findingsOf(rule({ type: 'aws_db_instance' }), plan)).toEqual([]);
  });

  it('attribute changed: values differ (a map key added counts, a replace that keeps them does not)', () => {
    expect(addresses({ attribute: { path: 'input.tags', changed: true } }, UPDATE)).toEqual(['module.payments.terraform_data.database', 'module.payments.terraform_data.queue']);
    expect(addresses({ attribute: { path: 'input.tags.Env', changed: true } }, UPDATE)).toEqual([]);
    expect(addresses({ attribute: { path: 'input.tags.Env', changed: true } }, REPLACE)).toEqual(['module.orders.terraform_data.database', 'module.orders.terraform_data.queue']);
  });

  it('attribute from / to: all given must hold; alone, `to` judges the new value whether or not it changed', () => {
    const off = { path: 'input.storage_encrypted', from: true, to: false };
    expect(addresses({ attribute: off }, REPLACE)).toEqual(['module.orders.terraform_data.database']);
    expect(addresses({ attribute: off }, UPDATE)).toEqual([]);
    expect(addresses({ attribute: { path: 'input.tags.Env', from: 'prod', to: 'staging' } }, REPLACE)).toHaveLength(2);
    expect(addresses({ attribute: { path: 'input.tags.Env', to: 'prod' } }, UPDATE)).toEqual([
      'module.orders.terraform_data.database',
      'module.payments.terraform_data.database',
      'module.payments.terraform_data.queue',
    ]);
    expect(addresses({ attribute: { path: 'input.tags.Env', to: 'prod', changed: true } }, UPDATE)).toEqual([]);
    expect(addresses({ attribute: { path: 'input.tags.CostCenter', from: null, to: 'cc-4711' } }, UPDATE)).toHaveLength(2);
  });

  it('attribute with [*]: some element holds the value; matches is a regular expression on the after value', () => {
    const world = { path: 'input.ingress[*].cidr_blocks[*]', to: '0.0.0.0/0', changed: true } as const;
    expect(addresses({ attribute: world }, UPDATE)).toEqual(['module.payments.terraform_data.database']);
    expect(addresses({ attribute: world }, REPLACE)).toEqual([]);
    expect(addresses({ attribute: { path: 'input.ingress[*].cidr_blocks[*]', matches: '^0\\.0\\.0\\.0/' } }, UPDATE)).toEqual(['module.payments.terraform_data.database']);
  });

  it('a value known only after apply fires by default (it may break the policy) and is skipped with whenUnknown: skip', () => {
    const plan = 'fixtures/terraform/handwritten-rds-cluster-rename/plan.json';
    const attribute = { path: 'storage_encrypted', from: true, to: false };
    const maybe = findingsOf(rule({ attribute }), loadPlan(plan));
    expect(maybe.map((f) => f.address)).toEqual(['aws_rds_cluster_instance.orders[0]', 'aws_rds_cluster_instance.orders[1]']);
    expect(maybe[0]!.message).toContain('(`storage_encrypted` true → (known after apply)); its new value is known only after apply');
    expect(addresses({ attribute: { ...attribute, whenUnknown: 'skip' } }, plan)).toEqual([]);
    // terraform_data's `output` is unknown in every update of these real plans
    expect(addresses({ attribute: { path: 'output.name', to: 'x' } }, UPDATE)).toHaveLength(3);
  });

  it('never quotes a sensitive value, nor one whose name says secret', () => {
    const f = findingsOf(rule({ attribute: { path: 'input.password', changed: true } }), loadPlan('fixtures/terraform/sensitive/plan.json'));
    expect(f.map((x) => x.address)).toEqual(['terraform_data.db_credentials', 'terraform_data.replica_credentials']);
    for (const x of f) {
      expect(x.message).toContain('(sensitive)');
      expect(x.message).not.toMatch(/hunter2/);
    }
    const rds = findingsOf(rule({ attribute: { path: 'master_password', to: 'hunter2-fixture-secret-aurora' } }), loadPlan('fixtures/terraform/handwritten-rds-encryption-off/plan.json'));
    expect(rds).toHaveLength(1);
    expect(rds[0]!.message).not.toMatch(/hunter2/);
  });

  it('the kit says why a case does not behave', () => {
    const r = rule({ address: 'module.payments.*', actions: ['replace'] });
    expect(caseFailure(findingsOf(r, loadPlan(REPLACE)), 'silent')).toBe('expected no finding, got 1: module.payments.terraform_data.database (high)');
    expect(caseFailure(findingsOf(r, loadPlan(UPDATE)), 'fires')).toBe('expected at least one finding, got none');
  });

  it('a bad path or regular expression names its key', () => {
    const keyOf = (m: CustomRuleSpec['match']) => {
      try {
        rule(m);
      } catch (e) {
        return e instanceof SpecError ? `${e.key}: ${e.message}` : String(e);
      }
      return 'no error';
    };
    expect(keyOf({ attribute: { path: 'tags[', changed: true } })).toMatch(/^match\.attribute\.path: `tags\[` unclosed/);
    expect(keyOf({ attribute: { path: 'name', matches: '(' } })).toBe('match.attribute.matches: is not a valid regular expression');
    expect(keyOf({ address: '  ' })).toMatch(/^match\.address: is blank/);
  });
});

describe('the published schema', () => {
  it('describes every field', () => {
    const schema = JSON.parse(readFileSync(fixturePath('schema/planguard-config.schema.json'), 'utf8'));
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, path: string): void => {
      for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof v.description !== 'string' || v.description.length < 10) missing.push(`${path}${k}`);
        walk(v, `${path}${k}.`);
        if (v.items && typeof v.items === 'object') walk(v.items as Record<string, unknown>, `${path}${k}[].`);
      }
    };
    walk(schema, '');
    expect(missing).toEqual([]);
    expect(Object.keys(schema.properties.customRules.items.properties.match.properties.attribute.properties)).toEqual(['path', 'changed', 'from', 'to', 'matches', 'whenUnknown']);
  });
});

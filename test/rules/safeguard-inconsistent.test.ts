import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import rule from '../../rules/safeguard-inconsistent.js';
import { ROOT, planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { created, deleted, replaced, terraformPlan, unchanged, updated } from '../helpers/terraform-plan.js';

type Json = Record<string, unknown>;
type Step = { op: string; urn: string; oldState?: Json; newState?: Json } & Json;

/** Corpus plans where the hand review (fixtures/corpus/FINDINGS.tsv) agrees the rule fires: checked as invalid cases. */
const CORPUS_FIRES: { plan: string; address: string; severity: 'critical' | 'high' }[] = [
  { plan: 'fixtures/corpus/pulumi/pulumi__eventlog__lc-TestProtectedDeleteChainsWithDuplicateDeletedResources-2.jsonl', address: 'urn:pulumi:test-stack::test-project::pkgA:modA:typA::resA', severity: 'high' },
];

function corpusPlans(): string[] {
  const out: string[] = [];
  for (const kind of ['terraform', 'pulumi']) {
    const dir = join(ROOT, 'fixtures/corpus', kind);
    for (const f of readdirSync(dir).sort()) if (/\.jsonl?$/.test(f)) out.push(`fixtures/corpus/${kind}/${f}`);
  }
  return out.filter((p) => !CORPUS_FIRES.some((c) => c.plan === p));
}

const db = (identifier: string, deletionProtection: boolean) => ({
  id: `db-${identifier}`,
  identifier,
  deletion_protection: deletionProtection,
  skip_final_snapshot: false,
  final_snapshot_identifier: `${identifier}-final`,
  backup_retention_period: 7,
  tags: { Team: 'orders' },
});
const replica = (k: string) => `aws_db_instance.replica["${k}"]`;
const retag = { tags: { Team: 'orders', CostCenter: 'cc-4711' } };

// Pulumi: two more instances of the ledger's type under the same parent, both protected and
// untouched; ledger-db (not protected) is replaced.
const pulumiPeers = readJson('fixtures/pulumi/handwritten-rds-identifier-replace/preview.json');
{
  const steps = pulumiPeers.steps as Step[];
  const ledger = steps.find((s) => s.op === 'delete-replaced')!;
  for (const name of ['ledger-db-replica-1', 'ledger-db-replica-2']) {
    const urn = ledger.urn.replace('ledger-db', name);
    const state = { ...structuredClone(ledger.oldState!), urn, protect: true };
    steps.push({ op: 'same', urn, provider: ledger.provider, oldState: state, newState: structuredClone(state), detailedDiff: null });
  }
  pulumiPeers.changeSummary = { replace: 1, same: 3 };
}

const server = (protect: boolean) => ({ id: 'i-0', ami: 'ami-0c1a7f89451184c8b', disable_api_termination: protect, disable_api_stop: false });

ruleTester(rule, {
  valid: [
    { name: 'tag-only updates: every replica has deletion protection', plan: 'fixtures/terraform/handwritten-tag-only-update/plan.json' },
    { name: 'a cluster and its members replaced, safeguards the same on all', plan: 'fixtures/terraform/handwritten-rds-cluster-rename/plan.json' },
    { name: 'terraform_data has no safeguards', plan: 'fixtures/terraform/db-node-rename/plan.json' },
    {
      name: 'new members alone do not set a convention',
      plan: terraformPlan([created(replica('a'), db('a', true)), created(replica('b'), db('b', false))]),
    },
    {
      name: 'the unprotected peer is not touched by this plan',
      plan: terraformPlan([updated(replica('a'), db('a', true), retag), unchanged(replica('b'), db('b', false))]),
    },
    {
      name: 'no peer carries it',
      plan: terraformPlan([unchanged(replica('a'), db('a', false)), deleted(replica('b'), db('b', false))]),
    },
    {
      name: 'a peer switching it off is left to safeguard-disabled',
      plan: terraformPlan([unchanged(replica('a'), db('a', true)), updated(replica('b'), db('b', true), { deletion_protection: false })]),
    },
    {
      name: 'a value known only after apply is not judged',
      plan: terraformPlan([
        unchanged(replica('a'), db('a', true)),
        { address: replica('b'), actions: ['update'], before: db('b', true), after: { ...db('b', true), deletion_protection: null }, afterUnknown: { deletion_protection: true } },
      ]),
    },
    ...corpusPlans().map((plan) => ({ name: `corpus: ${plan}`, plan })),
  ],
  invalid: [
    ...CORPUS_FIRES.map((c) => ({ name: `corpus (reviewed: fires): ${c.plan}`, plan: c.plan, findings: [{ address: c.address, severity: c.severity }] })),
    {
      name: 'incident 001: the safeguard is off on exactly the 5 of 15 hosts this plan re-images',
      plan: 'fixtures/terraform/handwritten-db-host-reimage/plan.json',
      findings: [{ address: 'aws_instance.db_node["db-11"]', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '10 of 15 instances of `aws_instance.db_node` keep their disks when terminated (`ebs_block_device.delete_on_termination`); the 5 this plan destroys do not (["db-11"], ["db-12"], ["db-13"], ["db-14"], ["db-15"]); the same ones also lack `disable_api_termination`.',
        );
        expect(f!.addresses).toEqual(['db-11', 'db-12', 'db-13', 'db-14', 'db-15'].map((k) => `aws_instance.db_node["${k}"]`));
        expect(f!.action).toBe('replace');
        expect(f!.data).toMatchObject({
          group: 'aws_instance.db_node',
          members: 15,
          safeguard: 'ebs_block_device[].delete_on_termination',
          carriers: 10,
          lacking: 5,
          others: ['disable_api_termination'],
        });
      },
    },
    {
      name: 'an unprotected replica deleted while its peers are protected',
      plan: terraformPlan([unchanged(replica('a'), db('a', true)), unchanged(replica('b'), db('b', true)), deleted(replica('c'), db('c', false))]),
      findings: [{ address: replica('c'), severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '2 of 3 instances of `aws_db_instance.replica` have deletion protection (`deletion_protection`); the one this plan destroys does not (["c"]).',
        );
        expect(f!.action).toBe('delete');
      },
    },
    {
      name: 'only a tag update on the unprotected peer: medium, not blocking',
      plan: terraformPlan([unchanged(replica('a'), db('a', true)), updated(replica('b'), db('b', false), retag)]),
      findings: [{ address: replica('b'), severity: 'medium' }],
      check: ([f]) => {
        expect(f!.message).toContain('the one this plan changes does not');
        expect(f!.action).toBeUndefined();
      },
    },
    {
      name: 'a new member created without what the existing ones carry: medium',
      plan: terraformPlan([unchanged(replica('a'), db('a', true)), created(replica('b'), db('b', false))]),
      findings: [{ address: replica('b'), severity: 'medium' }],
      check: ([f]) => expect(f!.message).toContain('the one this plan creates does not'),
    },
    {
      name: 'lone resources of one type in one module are peers',
      plan: terraformPlan([unchanged('aws_db_instance.orders', db('orders', true)), replaced('aws_db_instance.billing', db('billing', false), db('billing-2', false), [['identifier']])]),
      findings: [{ address: 'aws_db_instance.billing', severity: 'high' }],
      check: ([f]) => expect(f!.message).toMatch(/^1 of 2 `aws_db_instance` resources in the root module have deletion protection/),
    },
    {
      name: 'termination protection only guards against people: medium',
      plan: terraformPlan([unchanged('aws_instance.a', server(true)), deleted('aws_instance.b', server(false))]),
      findings: [{ address: 'aws_instance.b', severity: 'medium' }],
    },
    {
      name: 'Pulumi: two peers are protected, the replaced one is not',
      plan: planFromJson(pulumiPeers),
      findings: [{ address: 'urn:pulumi:prod::billing::aws:rds/instance:Instance::ledger-db', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '2 of 3 `aws:rds/instance:Instance` resources under the same parent are protected (Pulumi `protect`); the one this plan destroys is not (`ledger-db`).',
        );
      },
    },
  ],
});

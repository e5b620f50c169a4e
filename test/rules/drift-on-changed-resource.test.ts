import { expect } from 'vitest';
import rule from '../../rules/drift-on-changed-resource.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

const SIMPLE = 'fixtures/corpus/terraform/opentofu__equivalence__drift-simple.json';

// drift-simple, but the plan replaces the drifted resource instead of updating it.
const replaced = readJson(SIMPLE);
{
  const rc = (replaced.resource_changes as RawChange[])[0]!;
  rc.change = { ...rc.change, actions: ['delete', 'create'], replace_paths: [['string']] };
  rc.action_reason = 'replace_because_cannot_update';
}

// drift-simple, but the plan changes another attribute than the one that drifted.
const otherAttribute = readJson(SIMPLE);
{
  const rc = (otherAttribute.resource_changes as RawChange[])[0]!;
  rc.change = { ...rc.change, after: { ...(rc.change.before as Json), number: 7 } };
}

// drift-simple with the drifted value marked sensitive: only the attribute name may appear.
const SECRET = 'hunter2-drift-secret';
const sensitive = readJson(SIMPLE);
{
  const d = (sensitive.resource_drift as RawChange[])[0]!;
  d.change = { ...d.change, after: { ...(d.change.after as Json), string: SECRET }, after_sensitive: { string: true } };
  const rc = (sensitive.resource_changes as RawChange[])[0]!;
  rc.change = { ...rc.change, before: { ...(rc.change.before as Json), string: SECRET }, before_sensitive: { string: true }, after_sensitive: { string: true } };
}

// drift-simple (made by OpenTofu: its providers come from registry.opentofu.org) as Terraform
// writes it, with the providers from registry.terraform.io.
const terraform = JSON.parse(JSON.stringify(readJson(SIMPLE)).replaceAll('registry.opentofu.org/', 'registry.terraform.io/')) as Json;

ruleTester(rule, {
  valid: [
    { name: 'refresh-only plan: drift, but no change', plan: 'fixtures/corpus/terraform/opentofu__equivalence__drift-refresh-only.json' },
    { name: 'refresh-only move: drift entry is a no-op', plan: 'fixtures/corpus/terraform/opentofu__equivalence__moved-with-refresh-only.json' },
    {
      name: 'the only drift is null -> {} (provider normalisation) on the updated instance',
      plan: 'fixtures/corpus/terraform/infracost__plan-with-target.json',
    },
    {
      name: 'drift of nulls turning into empty lists, next to an update of the same resource',
      plan: 'fixtures/corpus/terraform/tfplan2md__firewall-rules-2.json',
    },
    { name: 'drift on a resource the plan does not touch (only creates others)', plan: 'fixtures/corpus/terraform/infracost__instance-with-attachment-before-deploy.json' },
    { name: 'our own plans have no drift', plan: 'fixtures/terraform/db-node-rename/plan.json' },
    { name: 'our own plans have no drift (moves)', plan: 'fixtures/terraform/foreach-key-rename-moved/plan.json' },
  ],
  invalid: [
    {
      name: 'corpus: a Pulumi refresh found a change the preview sets again: named as outside Pulumi',
      plan: 'fixtures/corpus/pulumi/pulumi__eventlog__lc-TestPreviewRefreshWithProgram-1.jsonl',
      findings: [{ address: 'urn:pulumi:test::test::pkgA:m:typA::resA', severity: 'low' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`urn:pulumi:test::test::pkgA:m:typA::resA` was changed outside Pulumi (`foo`), and this plan changes `foo` again: applying it overwrites the outside change.',
        );
      },
    },
    {
      name: 'the plan sets the drifted attribute again',
      plan: SIMPLE,
      findings: [{ address: 'tfcoremock_simple_resource.drift', severity: 'low' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`tfcoremock_simple_resource.drift` was changed outside OpenTofu (`string`), and this plan changes `string` again: applying it overwrites the outside change.',
        );
        expect(f!.action).toBe('update');
        expect(f!.data).toEqual({ driftedAttributes: ['string'], plannedAttributes: ['string'], revertedAttributes: ['string'] });
      },
    },
    {
      name: 'two attributes drifted, both changed again',
      plan: 'fixtures/corpus/terraform/opentofu__equivalence__drift-relevant-attributes.json',
      findings: [{ address: 'tfcoremock_simple_resource.base', severity: 'low' }],
      check: ([f]) => expect(f!.data?.revertedAttributes).toEqual(['number', 'string']),
    },
    {
      name: 'drift on a moved resource (drift and change carry the new address)',
      plan: 'fixtures/corpus/terraform/opentofu__equivalence__moved-with-drift.json',
      findings: [{ address: 'tfcoremock_simple_resource.base_after', severity: 'low' }],
    },
    {
      name: 'the drifted resource is replaced',
      plan: planFromJson(replaced),
      findings: [{ address: 'tfcoremock_simple_resource.drift', severity: 'low' }],
      check: ([f]) => {
        expect(f!.message).toContain('this plan destroys and re-creates it: the new object will not carry the outside change');
        expect(f!.replaceOrder).toBe('delete-first');
        expect(f!.replacePaths).toEqual(['string']);
      },
    },
    {
      name: 'the plan updates another attribute than the drifted one',
      plan: planFromJson(otherAttribute),
      findings: [{ address: 'tfcoremock_simple_resource.drift', severity: 'low' }],
      check: ([f]) => {
        expect(f!.message).toContain('this plan also updates it (`number`)');
        expect(f!.data?.revertedAttributes).toEqual([]);
      },
    },
    {
      name: 'the same plan made by Terraform says the change was made outside Terraform',
      plan: planFromJson(terraform),
      findings: [{ address: 'tfcoremock_simple_resource.drift', severity: 'low' }],
      check: ([f]) => {
        expect(JSON.stringify(terraform)).not.toContain('registry.opentofu.org/');
        expect(f!.message).toBe(
          '`tfcoremock_simple_resource.drift` was changed outside Terraform (`string`), and this plan changes `string` again: applying it overwrites the outside change.',
        );
      },
    },
    {
      name: 'a sensitive drifted value never appears, only its attribute name',
      plan: planFromJson(sensitive),
      findings: [{ address: 'tfcoremock_simple_resource.drift', severity: 'low' }],
      check: ([f]) => {
        expect(JSON.stringify(f)).not.toContain(SECRET);
        expect(f!.message).toContain('(`string`)');
      },
    },
  ],
});

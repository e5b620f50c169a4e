import { expect } from 'vitest';
import rule from '../../rules/count-index-shift.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

// count-shrink, and in the same plan every remaining node's role changes (replica -> primary):
// updates next to count_index deletes, but each instance keeps its own values, nothing shifts.
const shrinkAndRetag = readJson('fixtures/terraform/count-shrink/plan.json');
for (const rc of shrinkAndRetag.resource_changes as RawChange[]) {
  if (rc.change.actions[0] !== 'no-op') continue;
  const before = rc.change.before as { input: Json };
  rc.change = {
    ...rc.change,
    actions: ['update'],
    after: { ...before, input: { ...before.input, role: 'primary' }, output: null },
    after_unknown: { output: true },
  };
}

ruleTester(rule, {
  valid: [
    {
      name: 'shrinking count from the end deletes the last indexes and moves no other instance: not a shift',
      plan: 'fixtures/terraform/count-shrink/plan.json',
    },
    {
      name: 'a count shrink plus a change to every remaining instance: each keeps its own values, not a shift',
      plan: planFromJson(shrinkAndRetag),
    },
    { name: 'for_each keys do not shift', plan: 'fixtures/terraform/foreach-key-rename/plan.json' },
    { name: 'replacements without any count_index delete', plan: 'fixtures/terraform/db-node-rename/plan.json' },
  ],
  invalid: [
    {
      name: 'an element removed from the middle: [2] and [3] take their neighbours’ values, [4] is deleted',
      plan: 'fixtures/terraform/count-index-shift/plan.json',
      findings: [
        { address: 'terraform_data.db_replica[2]', severity: 'medium' },
        { address: 'terraform_data.replica_dns_record[2]', severity: 'medium' },
      ],
      check: (findings) => {
        const replica = findings.find((f) => f.address === 'terraform_data.db_replica[2]')!;
        const dns = findings.find((f) => f.address === 'terraform_data.replica_dns_record[2]')!;
        expect(replica.message).toBe(
          'An element was removed from the middle of the `count` list of `terraform_data.db_replica`, so every later index shifts: [2] takes the values of [3], [3] takes the values of [4] (2 replaced) and [4] is deleted.',
        );
        expect(replica.addresses).toEqual(['terraform_data.db_replica[2]', 'terraform_data.db_replica[3]', 'terraform_data.db_replica[4]']);
        expect(replica.action).toBe('replace');
        expect(replica.replaceOrder).toBe('delete-first');
        expect(replica.replacePaths).toEqual(['triggers_replace']);
        expect(dns.message).toContain('(2 updated in place) and [4] is deleted');
        expect(dns.action).toBe('update');
        expect(dns.data).toMatchObject({
          resource: 'terraform_data.replica_dns_record',
          shifted: [
            { address: 'terraform_data.replica_dns_record[2]', takesValuesOf: 3 },
            { address: 'terraform_data.replica_dns_record[3]', takesValuesOf: 4 },
          ],
          deleted: ['terraform_data.replica_dns_record[4]'],
        });
        // The fix names the resource and shows a moved block from an index to a key.
        expect(replica.fix).toContain('Key `terraform_data.db_replica` by a stable value with `for_each`');
        expect(replica.fix).toContain('moved {\n  from = terraform_data.db_replica[2]\n  to   = terraform_data.db_replica["<key of that element>"]\n}');
      },
    },
  ],
});

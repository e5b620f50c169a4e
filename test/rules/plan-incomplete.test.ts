import rule from '../../rules/plan-incomplete.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { planFromJson, readJson } from '../helpers/plans.js';

const deferred = readJson('fixtures/terraform/creates-only/plan.json');
deferred.deferred_changes = [
  { reason: 'resource_config_unknown', resource_change: { address: 'terraform_data.later', change: { actions: ['create'] } } },
];

ruleTester(rule, {
  valid: [{ plan: 'fixtures/terraform/noop/plan.json' }, { plan: 'fixtures/terraform/db-node-rename/plan.json' }, { plan: 'fixtures/corpus/pulumi/pulumi__eventlog__up-eks-update.jsonl' }],
  invalid: [
    {
      name: 'a plan terraform marked errored (a failed precondition) and incomplete',
      plan: 'fixtures/terraform/errored/plan.json',
      findings: [
        { address: expectAbs('fixtures/terraform/errored/plan.json'), severity: 'critical' },
        { address: expectAbs('fixtures/terraform/errored/plan.json'), severity: 'critical' },
      ],
    },
    {
      name: 'an interrupted `pulumi up` event log (real, from the corpus)',
      plan: 'fixtures/corpus/pulumi/pulumi__eventlog__up-interrupted.jsonl',
      findings: [{ address: 'urn:pulumi:dev::myproject::my:component:WebService::interrupted-component', severity: 'critical' }],
    },
    {
      name: 'deferred changes (copy of a real plan with deferred_changes added)',
      plan: planFromJson(deferred, 'deferred.json'),
      findings: [{ address: 'terraform_data.later', severity: 'critical' }],
    },
  ],
});

function expectAbs(rel: string): string {
  return `${process.cwd()}/${rel}`;
}

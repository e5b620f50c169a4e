import rule from '../../rules/unknown-action.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [{ plan: 'fixtures/terraform/destroy/plan.json' }, { plan: 'fixtures/terraform/removed-block-forget/plan.json' }],
  invalid: [
    {
      plan: 'fixtures/terraform/handwritten-unknown-action/plan.json',
      findings: [{ address: 'terraform_data.app_server', severity: 'critical' }],
    },
  ],
});

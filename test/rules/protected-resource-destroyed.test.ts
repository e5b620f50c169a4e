import { expect } from 'vitest';
import rule from '../../rules/protected-resource-destroyed.js';
import { ruleTester } from '../helpers/rule-tester.js';

const protect = ['terraform_data.db_node*'];

ruleTester(rule, {
  valid: [
    { name: 'declared moves keep the resources', plan: 'fixtures/terraform/foreach-key-rename-moved/plan.json', config: { protect } },
    { name: 'no protect globs, nothing to protect', plan: 'fixtures/terraform/foreach-key-rename/plan.json' },
    { name: 'updates of protected resources are fine', plan: 'fixtures/terraform/db-node-rename/plan.json', config: { protect: ['terraform_data.app_config*'] } },
  ],
  invalid: [
    {
      name: 'a for_each key rename deletes the protected instances',
      plan: 'fixtures/terraform/foreach-key-rename/plan.json',
      config: { protect },
      findings: [
        { address: 'terraform_data.db_node["orders-db-04"]', severity: 'critical' },
        { address: 'terraform_data.db_node["orders-db-05"]', severity: 'critical' },
      ],
    },
    {
      name: 'replacements of the database nodes, and the dependents are listed',
      plan: 'fixtures/terraform/db-node-rename/plan.json',
      config: { protect: ['terraform_data.db_node*'] },
      findings: ['db-11', 'db-12', 'db-13', 'db-14', 'db-15'].map((k) => ({
        address: `terraform_data.db_node["${k}"]`,
        severity: 'critical' as const,
      })),
      check: (findings) => {
        for (const f of findings) {
          expect(f.replaceOrder).toBe('delete-first');
          expect(f.replacePaths).toEqual(['triggers_replace']);
          expect(f.dependents).toEqual(['terraform_data.db_cluster']);
        }
      },
    },
    {
      name: 'module glob',
      plan: 'fixtures/terraform/module-removed/plan.json',
      config: { protect: ['module.analytics_db*'] },
      findings: [
        { address: 'module.analytics_db["analytics-db-us"].terraform_data.instance', severity: 'critical' },
        { address: 'module.analytics_db["analytics-db-us"].terraform_data.parameter_group', severity: 'critical' },
      ],
    },
  ],
});

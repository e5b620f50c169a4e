import { defineRule } from '../src/engine/types.js';

export default defineRule({
  id: 'unknown-action',
  title: 'A change has an action planguard does not know',
  severity: 'critical',
  incidents: [],
  core: true,
  rationale:
    'A change whose action planguard cannot interpret might destroy something; it is never dropped or passed silently.',
  fix: 'Check the change by hand (`terraform show` or `pulumi preview --diff`) and upgrade planguard.',
  examples: {
    fires: ['fixtures/terraform/handwritten-unknown-action/plan.json'],
    silent: ['fixtures/terraform/noop/plan.json'],
  },
  check(plan, ctx) {
    for (const c of plan.changes) {
      if (c.action !== 'unknown') continue;
      ctx.report({
        address: c.address,
        message: `${c.address} has the action ${JSON.stringify(c.rawActions)}, which planguard does not know.`,
      });
    }
  },
});

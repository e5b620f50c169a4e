import { defineRule } from '../src/engine/types.js';

export default defineRule({
  id: 'plan-incomplete',
  title: 'The plan is errored, incomplete or has deferred changes',
  severity: 'critical',
  incidents: [],
  core: true,
  rationale:
    'The tool that made the plan says it is not the whole story (planning failed part-way, or more changes are deferred to a later plan): what is missing cannot be judged, so the gate fails closed.',
  fix: 'Fix the errors the plan run printed, re-plan, and check the new plan.',
  examples: {
    fires: ['fixtures/terraform/errored/plan.json'],
    silent: ['fixtures/terraform/noop/plan.json'],
  },
  check(plan, ctx) {
    for (const p of plan.problems) {
      ctx.report({ address: p.address ?? plan.file, message: p.message });
    }
  },
});

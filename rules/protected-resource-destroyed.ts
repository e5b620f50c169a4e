import { matchesGlob } from '../src/model/address.js';
import { defineRule } from '../src/engine/types.js';

export default defineRule({
  id: 'protected-resource-destroyed',
  title: 'A protected resource is deleted or replaced',
  severity: 'critical',
  incidents: ['001', '002'],
  rationale:
    'You listed this address as protected (`--protect` or `protect:` in .planguard.yml): destroying it, even to re-create it, loses what it holds.',
  fix:
    'If the delete comes from a rename in code, add a `moved` block (Terraform) or `aliases` (Pulumi) so the plan keeps the resource. If it is intended, acknowledge it in .planguard.yml with a reason.',
  examples: {
    fires: ['fixtures/terraform/foreach-key-rename/plan.json'],
    silent: ['fixtures/terraform/foreach-key-rename-moved/plan.json'],
  },
  check(plan, ctx) {
    const globs = ctx.options.protect;
    if (globs.length === 0) return;
    for (const c of plan.changes) {
      if (c.action !== 'delete' && c.action !== 'replace') continue;
      const glob = globs.find((g) => matchesGlob(c.address, g));
      if (!glob) continue;
      const verb = c.action === 'delete' ? 'deleted' : 'destroyed and re-created';
      ctx.report({
        address: c.address,
        action: c.action,
        message: `${c.address} is protected (matches \`${glob}\`) and this plan ${verb === 'deleted' ? 'deletes it' : 'destroys and re-creates it'}.`,
        ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
        replacePaths: c.replacePaths.map((p) => p.join('.')),
      });
    }
  },
});

import { changedTopLevelAttributes } from '../src/model/attributes.js';
import { defineRule, type ResourceChange } from '../src/engine/types.js';

/** How many attribute names a message spells out. */
const MESSAGE_ATTRIBUTES = 5;

export default defineRule({
  id: 'drift-on-changed-resource',
  title: 'A resource changed outside Terraform is changed again by this plan',
  severity: 'low',
  incidents: ['000', '001'],
  rationale:
    'Someone changed this resource outside Terraform since the last apply (often a hotfix during an incident), and this plan changes it too: applying it may silently undo that fix, or destroy a resource someone is still adjusting by hand.',
  fix:
    'Find out who changed it and why (the drifted attributes are listed). If the outside change should stay, put it into the configuration before applying; if it should go, apply as planned.',
  examples: {
    fires: [
      'fixtures/corpus/terraform/opentofu__equivalence__drift-simple.json',
      'fixtures/corpus/terraform/opentofu__equivalence__moved-with-drift.json',
    ],
    silent: [
      'fixtures/corpus/terraform/opentofu__equivalence__drift-refresh-only.json',
      'fixtures/corpus/terraform/infracost__plan-with-target.json',
      'fixtures/terraform/db-node-rename/plan.json',
    ],
  },
  check(plan, ctx) {
    if (plan.drift.length === 0) return;
    // Changes that alter or destroy the object, by address (and by the address a move came from).
    const changed = new Map<string, ResourceChange>();
    for (const c of plan.changes) {
      if (c.deposed || (c.action !== 'update' && c.action !== 'replace' && c.action !== 'delete')) continue;
      changed.set(c.address, c);
      if (c.previousAddress && !changed.has(c.previousAddress)) changed.set(c.previousAddress, c);
    }
    if (changed.size === 0) return;

    const seen = new Set<ResourceChange>();
    for (const d of plan.drift) {
      if (d.deposed || d.action === 'no-op' || d.action === 'read') continue;
      const c = changed.get(d.address) ?? (d.previousAddress ? changed.get(d.previousAddress) : undefined);
      if (!c || seen.has(c)) continue;
      // `null` -> `{}` and the like are a provider normalising its own values, not a change.
      const goneOutside = d.after === null || d.action === 'delete';
      const drifted = goneOutside ? [] : changedTopLevelAttributes(d.before, d.after, { emptyStringIsNull: true });
      if (!goneOutside && drifted.length === 0) continue;
      seen.add(c);

      // The tool that made the plan: OpenTofu when its providers come from its registry.
      const tool = plan.source === 'pulumi' ? 'Pulumi' : plan.source === 'opentofu' ? 'OpenTofu' : 'Terraform';
      const outside = goneOutside ? `was deleted outside ${tool}` : `was changed outside ${tool} (${names(drifted)})`;
      const planned =
        c.action === 'update'
          ? changedTopLevelAttributes(c.before, c.after, { afterUnknown: c.afterUnknown, emptyStringIsNull: true })
          : [];
      const overlap = planned.filter((a) => drifted.includes(a));
      let what: string;
      if (c.action === 'delete') {
        what = 'this plan deletes it: check the outside change did not mean it is still in use';
      } else if (c.action === 'replace') {
        what = 'this plan destroys and re-creates it: the new object will not carry the outside change';
      } else if (overlap.length > 0) {
        what = `this plan changes ${names(overlap)} again: applying it overwrites the outside change`;
      } else {
        what = `this plan also updates it (${names(planned)}): check the outside change is meant to stay out of the configuration`;
      }

      ctx.report({
        address: c.address,
        action: c.action,
        message: `\`${c.address}\` ${outside}, and ${what}.`,
        ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
        ...(c.replacePaths.length > 0 ? { replacePaths: c.replacePaths.map((p) => p.join('.')) } : {}),
        data: { driftedAttributes: drifted, plannedAttributes: planned, revertedAttributes: overlap },
      });
    }
  },
});

function names(attrs: string[]): string {
  if (attrs.length === 0) return 'attributes not shown';
  const shown = attrs.slice(0, MESSAGE_ATTRIBUTES).map((a) => `\`${a}\``).join(', ');
  return attrs.length > MESSAGE_ATTRIBUTES ? `${shown} and ${attrs.length - MESSAGE_ATTRIBUTES} more` : shown;
}

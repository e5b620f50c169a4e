import { defineRule, type Plan, type ResourceChange, type RuleContext, type Severity } from '../src/engine/types.js';
import {
  catalogTypeOf,
  isSafeguardOff,
  isSafeguardWeakened,
  isUnknownAt,
  readAttributeValues,
  safeguardResource,
  safeguards,
  type Safeguard,
  type SafeguardKind,
  type SafeguardResource,
} from './catalog/index.js';
import { SAFEGUARD_LOSS, WEAK_EFFECTS, attributeName, code, resourceLabel, shownTransition } from './lib/describe.js';

/** Where the kind says more than the effect (completes "`attr` switched off (…): ___"). */
const KIND_LOSS: Partial<Record<SafeguardKind, string>> = {
  backups: 'its automated backups (and point-in-time recovery) are cut back or stopped',
  'delete-on-termination': 'its disk is deleted together with it',
  'shutdown-behavior': 'a shutdown from inside the machine terminates it',
  'object-lock': 'its objects are no longer locked against deletion',
  'retention-lock': 'its retention can be shortened or removed',
  immutability: 'its contents can be changed or deleted',
  'soft-delete': 'a deleted copy can be recovered for a shorter time, or not at all',
  'reclaim-policy': 'its volume is deleted when the claim goes',
};

interface Hit {
  sg: Safeguard;
  /** Switched off (true) or only weakened (a shorter window, fewer days). */
  off: boolean;
}

function clause(c: ResourceChange, h: Hit): string {
  const attr = attributeName(h.sg.attribute);
  const t = shownTransition(c, h.sg.attribute);
  return `${code(attr)} ${h.off ? 'switched off' : 'weakened'}${t ? ` (${t})` : ''}`;
}

function lossOf(sg: Safeguard): string {
  return KIND_LOSS[sg.kind] ?? SAFEGUARD_LOSS[sg.effect];
}

function checkAttributes(c: ResourceChange, ctx: RuleContext): void {
  const type = catalogTypeOf(c);
  const hits: Hit[] = [];
  for (const sg of safeguards(type)) {
    // A value known only after apply is not judged.
    if (isUnknownAt(c.afterUnknown, sg.attribute)) continue;
    if (!isSafeguardWeakened(sg, c.before, c.after)) continue;
    hits.push({ sg, off: isSafeguardOff(sg, c.after) && !isSafeguardOff(sg, c.before) });
  }
  if (hits.length === 0) return;
  const allWeak = hits.every((h) => WEAK_EFFECTS.has(h.sg.effect));
  const destroyed = c.action === 'replace';
  const severity: Severity = allWeak ? 'medium' : destroyed ? 'critical' : 'high';
  const who = resourceLabel(c);
  const message = destroyed
    ? `${who} is destroyed and re-created in this plan, and its replacement comes with ${hits.map((h) => clause(c, h)).join(', ')}: switching a safeguard off in the same plan as a destroy is how protected data gets lost.`
    : `${who} has ${hits.map((h) => `${clause(c, h)}: ${lossOf(h.sg)}`).join('; and ')}.`;
  ctx.report({
    address: c.address,
    severity,
    action: c.action,
    message,
    data: { safeguards: hits.map((h) => ({ attribute: h.sg.attribute, kind: h.sg.kind, effect: h.sg.effect, off: h.off })) },
  });
}

function isProtective(res: SafeguardResource, values: unknown): boolean {
  if (!res.levelAttribute || !res.protectiveValues) return true;
  const levels = readAttributeValues(values, res.levelAttribute);
  return levels.some((l) => typeof l === 'string' && res.protectiveValues!.includes(l));
}

/** Resource ids (lower-cased) this plan deletes or replaces, for "the lock goes with what it protects". */
function destroyedIds(plan: Plan): string[] {
  const ids: string[] = [];
  for (const c of plan.changes) {
    if (c.action !== 'delete' && c.action !== 'replace') continue;
    // the safeguard resources themselves (a lock's id lies inside its own scope)
    if (safeguardResource(catalogTypeOf(c))) continue;
    const id = readAttributeValues(c.before, 'id')[0];
    if (typeof id === 'string' && id !== '') ids.push(id.toLowerCase());
  }
  return ids;
}

function checkSafeguardResource(c: ResourceChange, res: SafeguardResource, ctx: RuleContext, ids: () => string[]): void {
  if (!isProtective(res, c.before)) return;
  const removed = c.action === 'delete';
  const lowered = c.action === 'update' && !isUnknownAt(c.afterUnknown, res.levelAttribute ?? '') && !isProtective(res, c.after);
  if (!removed && !lowered) return;
  const scopes = readAttributeValues(c.before, res.scopeAttribute).filter((s): s is string => typeof s === 'string');
  const scopeDestroyed = scopes.some((s) => {
    const scope = s.toLowerCase();
    return ids().some((id) => id === scope || id.startsWith(`${scope}/`));
  });
  const base: Severity = res.kind === 'lock' ? 'high' : 'medium';
  const what = res.kind === 'lock' ? 'lock' : 'disruption budget';
  const effect =
    res.kind === 'lock'
      ? 'nothing stops the resources in its scope from being deleted any more'
      : 'nothing limits how many of the selected pods are evicted at once any more';
  const verb = removed ? 'is deleted' : `is lowered (${code(attributeName(res.levelAttribute ?? ''))} ${shownTransition(c, res.levelAttribute ?? '') ?? 'changed'})`;
  ctx.report({
    address: c.address,
    severity: scopeDestroyed ? 'critical' : base,
    action: c.action,
    message: `${resourceLabel(c)} (a ${what}) ${verb}: ${effect}${scopeDestroyed ? ', and this plan also destroys something in its scope' : ''}.`,
    data: { safeguardResource: res.kind, scopeDestroyed },
  });
}

/** Pulumi: `protect` or `retainOnDelete` on in the old state and off in the new one. */
function checkPulumiOptions(c: ResourceChange, ctx: RuleContext): void {
  const before = c.stateFlags?.before;
  const after = c.stateFlags?.after;
  if (!before || !after) return;
  const off: string[] = [];
  if (before.protect && !after.protect) off.push('`protect` (Pulumi refuses to delete or replace a protected resource)');
  if (before.retainOnDelete && !after.retainOnDelete) off.push('`retainOnDelete` (a delete would leave the cloud resource in place)');
  if (off.length === 0) return;
  const destroyed = c.action === 'replace';
  ctx.report({
    address: c.address,
    severity: destroyed ? 'critical' : 'high',
    action: c.action,
    message: `${resourceLabel(c)} has ${off.join(' and ')} switched off${destroyed ? ' in the same plan that destroys and re-creates it' : ''}: nothing stops a later delete from losing it.`,
    data: { pulumiOptionsOff: off.map((o) => o.slice(1, o.indexOf('`', 1))) },
  });
}

export default defineRule({
  id: 'safeguard-disabled',
  title: 'A safeguard against data loss is switched off',
  severity: 'high',
  incidents: ['001', '000'],
  rationale:
    'Deletion protection, final snapshots, backups, `force_destroy` off, deletion policies, management locks and the Pulumi options `protect` and `retainOnDelete` are what stop a mistaken destroy from losing data. A plan that switches one off removes that net for every later plan and every person with console access; in the same plan as a destroy of the resource it is critical. Creates with a safeguard off from the start are not reported here (most resources start with provider defaults); a new member that lacks what its peers carry is reported by safeguard-inconsistent.',
  fix:
    'Keep the safeguard on. If it has to come off to retire the resource, do it in a plan of its own that does nothing else, reviewed as a deletion, and acknowledge that finding in .planguard.yml with a reason and an expiry date.',
  examples: {
    fires: ['fixtures/terraform/handwritten-rds-protection-off-replace/plan.json'],
    silent: [
      'fixtures/terraform/handwritten-tag-only-update/plan.json',
      'fixtures/terraform/handwritten-rds-cluster-rename/plan.json',
      'fixtures/pulumi/handwritten-bucket-tag-update/preview.json',
    ],
  },
  check(plan, ctx) {
    let ids: string[] | undefined;
    const lazyIds = () => (ids ??= destroyedIds(plan));
    for (const c of plan.changes) {
      if (c.mode !== 'managed') continue;
      if (c.action === 'update' || c.action === 'replace') {
        checkAttributes(c, ctx);
        checkPulumiOptions(c, ctx);
      }
      const res = safeguardResource(catalogTypeOf(c));
      if (res) checkSafeguardResource(c, res, ctx, lazyIds);
    }
  },
});

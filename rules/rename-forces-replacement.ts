import { defineRule, type ResourceChange, type RuleContext } from '../src/engine/types.js';
import { catalogTypeOf, dataStore, isUnknownAt, pathMatches, readAttributeValues, type DataStore } from './catalog/index.js';
import { CATEGORY_NOUN, attributeName, code, codeList, resourceLabel, shownTransition } from './lib/describe.js';
import { stringify } from '../src/diff/values.js';

/** Replacements whose cause is not an attribute: nothing to infer from before/after. */
const NOT_ATTRIBUTE_REASONS: ReadonlySet<string> = new Set(['replace_by_request', 'replace_because_tainted', 'replace_by_triggers']);

/** Values of one attribute, with null and "" dropped (providers flip between them). */
function meaningful(obj: unknown, attribute: string): string {
  return stringify(readAttributeValues(obj, attribute).filter((v) => v !== null && v !== ''), true);
}

function changed(c: ResourceChange, attribute: string): boolean {
  if (isUnknownAt(c.afterUnknown, attribute)) return false;
  return meaningful(c.before, attribute) !== meaningful(c.after, attribute);
}

/**
 * The catalog patterns that explain the replacement: for each `replace_paths` entry, the first
 * name attribute it falls under, else the first re-image trigger (catalog order is most specific
 * first). Without replace_paths (older Terraform, a bare Pulumi `replace`) a changed name or
 * trigger that the catalog lists as always forcing replacement is taken as the cause.
 */
function causes(c: ResourceChange, store: DataStore): { names: string[]; triggers: string[]; inferred: boolean } {
  const names = new Set<string>();
  const triggers = new Set<string>();
  const reimage = store.reimageTriggers ?? [];
  for (const path of c.replacePaths) {
    const name = store.nameAttributes.find((a) => pathMatches(a, path));
    if (name) {
      names.add(name);
      continue;
    }
    const trigger = reimage.find((a) => pathMatches(a, path));
    if (trigger) triggers.add(trigger);
  }
  if (c.replacePaths.length > 0 || (c.reason !== undefined && NOT_ATTRIBUTE_REASONS.has(c.reason))) {
    return { names: [...names], triggers: [...triggers], inferred: false };
  }
  const forceNew = new Set(store.forceNewAttributes ?? []);
  for (const a of store.nameAttributes) if (forceNew.has(a) && changed(c, a)) names.add(a);
  for (const a of reimage) if (forceNew.has(a) && !names.has(a) && changed(c, a)) triggers.add(a);
  return { names: [...names], triggers: [...triggers], inferred: names.size + triggers.size > 0 };
}

function nameDetails(c: ResourceChange, names: readonly string[]): string {
  return names
    .map((a) => {
      const t = shownTransition(c, a);
      return t ? `${code(attributeName(a))} ${t}` : code(attributeName(a));
    })
    .join(', ');
}

function reportReplacement(c: ResourceChange, store: DataStore, ctx: RuleContext): void {
  const { names, triggers, inferred } = causes(c, store);
  if (names.length === 0 && triggers.length === 0) return;
  const who = resourceLabel(c);
  const noun = store.noun ?? CATEGORY_NOUN[store.category];
  const reimaged = codeList(triggers.map(attributeName));
  let message: string;
  if (names.length > 0 && triggers.length > 0) {
    message = `${who} is renamed (${nameDetails(c, names)}) and re-imaged (${reimaged} changed): renaming this destroys and re-creates it, and re-imaging this destroys its disks.`;
  } else if (names.length > 0) {
    message = `${who} is renamed (${nameDetails(c, names)}), which the provider cannot do in place: renaming this destroys and re-creates it, as a new, empty ${noun}.`;
  } else {
    message = `${who} is re-imaged because ${reimaged} changed: re-imaging this destroys its disks and builds the ${noun} again from nothing.`;
  }
  if (c.retainOnDelete) message = `${message.slice(0, -1)} (Pulumi \`retainOnDelete\` keeps the old one, outside the stack).`;
  const replacePaths = c.replacePaths.map((p) => p.join('.'));
  ctx.report({
    address: c.address,
    severity: c.retainOnDelete ? 'medium' : 'critical',
    action: 'replace',
    message,
    ...(replacePaths.length > 0 ? { replacePaths } : {}),
    ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
    data: { kind: names.length > 0 ? 'rename' : 'reimage', names, reimageTriggers: triggers, ...(inferred ? { inferred: true } : {}) },
  });
}

function reportInPlaceRename(c: ResourceChange, store: DataStore, ctx: RuleContext): void {
  const renamed = (store.renameInPlace ?? []).filter((a) => changed(c, a));
  if (renamed.length === 0) return;
  ctx.report({
    address: c.address,
    severity: 'medium',
    action: 'update',
    message: `${resourceLabel(c)} is renamed in place (${nameDetails(c, renamed)}): its endpoint changes with the name, so clients still using the old endpoint break.`,
    fix: 'Before applying, point every client (connection strings, DNS CNAMEs, secrets, firewall rules) at the new endpoint, or keep the old name; if the break is planned, acknowledge the finding in .planguard.yml with a reason.',
    data: { kind: 'rename-in-place', names: renamed },
  });
}

export default defineRule({
  id: 'rename-forces-replacement',
  title: 'A rename or re-image destroys and re-creates a data store or server',
  severity: 'critical',
  incidents: ['001'],
  rationale:
    'Many providers cannot rename a database, bucket or server, or change its image or boot script, in place: the plan destroys the old one and creates a new, empty one under the new name. This is how a DNS rework re-imaged five database nodes in incident 001. Renames the provider does in place (e.g. aws_db_instance `identifier` since AWS provider 5.0) keep the data but change the endpoint, which breaks clients still using the old one (reported at medium).',
  fix:
    'Keep the old name (set it back, or `ignore_changes` on it) and, if the new name matters, use the provider\'s in-place rename where it has one. For a re-image, revert the image or user-data change or `ignore_changes` it, and roll the change out one machine at a time. If a rebuild is intended, move the data off first and acknowledge the finding in .planguard.yml with a reason.',
  examples: {
    fires: [
      'fixtures/terraform/handwritten-rds-cluster-rename/plan.json',
      'fixtures/terraform/handwritten-s3-bucket-rename/plan.json',
      'fixtures/terraform/handwritten-db-host-reimage/plan.json',
      'fixtures/terraform/handwritten-rds-identifier-rename/plan.json',
      'fixtures/pulumi/handwritten-rds-identifier-replace/preview.json',
    ],
    silent: [
      'fixtures/terraform/handwritten-tag-only-update/plan.json',
      'fixtures/terraform/handwritten-rds-protection-off-replace/plan.json',
      'fixtures/pulumi/handwritten-bucket-tag-update/preview.json',
    ],
  },
  check(plan, ctx) {
    for (const c of plan.changes) {
      if (c.mode !== 'managed') continue;
      const store = dataStore(catalogTypeOf(c));
      // DNS zones and records are reported by the network-path rule.
      if (!store || store.category === 'dns') continue;
      if (c.action === 'replace') reportReplacement(c, store, ctx);
      else if (c.action === 'update') reportInPlaceRename(c, store, ctx);
    }
  },
});

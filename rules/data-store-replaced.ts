import { defineRule, type ResourceChange, type Severity } from '../src/engine/types.js';
import { catalogTypeOf, dataStore, isSafeguardOff, readAttributeValues, safeguards, type DataCategory, type DataStore, type Safeguard } from './catalog/index.js';
import { BLOCKING_EFFECTS, CATEGORY_LOSS, CATEGORY_NOUN, attributeName, code, codeList, isPulumiChange, resourceLabel, shownValue } from './lib/describe.js';

/**
 * Why Terraform (or the Pulumi reader, which uses the same words) deletes or replaces a resource,
 * when no attribute path says it: `action_reason` in words.
 */
const REASON_WORDS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'because it is tainted (an earlier apply did not finish it)',
  replace_by_request: 'because the plan was asked to replace it (`-replace`)',
  replace_by_triggers: 'because its `replace_triggered_by` fired',
  replace_because_cannot_update: 'because the provider cannot update it in place',
  delete_because_no_resource_config: 'because its block is no longer in the configuration',
  delete_because_count_index: 'because its count index is no longer in the configuration',
  delete_because_each_key: 'because its for_each key is no longer in the configuration',
  delete_because_no_module: 'because its module instance is no longer in the configuration',
  delete_because_wrong_repetition: 'because its block switched between count and for_each',
  delete_because_no_move_target: 'because its `moved` target does not exist',
  'read-replacement': 'and an existing object is only read in its place',
};

/**
 * Categories that hold no data of their own: destroying them still hurts, but less than losing
 * the data (a detached disk keeps its data; a storage class only shapes future volumes).
 */
const CATEGORY_SEVERITY: Partial<Record<DataCategory, Severity>> = {
  'disk-attachment': 'high',
  'storage-class': 'medium',
};

/** `because a change to `x` forces a new one`, or the reason in words, or nothing. */
function cause(c: ResourceChange): string {
  if (c.action === 'replace' && c.replacePaths.length > 0) {
    const attrs = [...new Set(c.replacePaths.map((p) => p.join('.')))];
    return attrs.length === 1 ? ` because a change to ${codeList(attrs)} forces a new one` : ` because changes to ${codeList(attrs)} force a new one`;
  }
  if (c.reason === 'delete_because_no_resource_config' && isPulumiChange(c)) return ' because it is no longer in the program';
  const words = c.reason !== undefined ? REASON_WORDS[c.reason] : undefined;
  return words ? ` ${words}` : '';
}

/**
 * What protects the data of the old object right now, in its prior state: safeguards that make
 * the delete fail (deletion protection; force_destroy off while it holds data) and whether a
 * final backup is taken.
 */
function protection(c: ResourceChange, type: string): { blocking: Safeguard[]; whileFull: Safeguard[]; finalBackup: boolean } {
  const blocking: Safeguard[] = [];
  const whileFull: Safeguard[] = [];
  let finalBackup: boolean | undefined;
  for (const sg of safeguards(type)) {
    const on = !isSafeguardOff(sg, c.before);
    if (BLOCKING_EFFECTS.has(sg.effect)) {
      if (on) blocking.push(sg);
    } else if (sg.effect === 'protects-contents') {
      if (on) whileFull.push(sg);
    } else if (sg.effect === 'final-backup') {
      // every final-backup setting of the type must be on (skip_final_snapshot false AND an identifier)
      finalBackup = (finalBackup ?? true) && on;
    }
  }
  return { blocking, whileFull, finalBackup: finalBackup === true };
}

/** `deletion_protection` is true, `force_destroy` is false (the value as it is now). */
function states(c: ResourceChange, sgs: readonly Safeguard[], fallback: string): string {
  const parts = sgs.map((sg) => `${code(attributeName(sg.attribute))} is ${shownValue(c, 'before', sg.attribute) ?? fallback}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * Reclaim policies that keep the data when the object goes (a StatefulSet's claim retention, a
 * volume's Retain), on in the prior state. Only for entries that say what is kept.
 */
function retainedBy(c: ResourceChange, store: DataStore, type: string): Safeguard[] {
  if (store.lossWhenRetained === undefined) return [];
  return safeguards(type).filter((sg) => sg.kind === 'reclaim-policy' && sg.effect === 'retains-data' && !isSafeguardOff(sg, c.before));
}

function consequence(c: ResourceChange, store: DataStore, type: string): string {
  const loss = store.loss ?? CATEGORY_LOSS[store.category];
  const fresh = c.action === 'replace' && store.category !== 'disk-attachment' && store.category !== 'storage-class';
  if (c.retainOnDelete) {
    return 'Pulumi `retainOnDelete` is set, so the old one stays in the cloud with its data but leaves the stack, and the new one starts empty';
  }
  if (c.protect) return 'Pulumi `protect` is on, so Pulumi refuses the delete until someone removes it';
  const { blocking, whileFull, finalBackup } = protection(c, type);
  if (blocking.length > 0) return `${states(c, blocking, 'on')}, so the delete should fail until someone changes that`;
  if (whileFull.length > 0) return `${states(c, whileFull, 'off')}, so the delete should fail while it still holds data`;
  const kept = retainedBy(c, store, type);
  if (kept.length > 0) {
    // An absent policy is Kubernetes' default (Retain): say so rather than "is null".
    const set = kept.filter((sg) => readAttributeValues(c.before, sg.attribute).some((v) => v !== null && v !== ''));
    const shown = set.length > 0 ? states(c, set, 'Retain') : `${code(attributeName(kept[0]!.attribute))} is not set (Kubernetes keeps the claims by default)`;
    return `${shown}, so ${store.lossWhenRetained}`;
  }
  const tail = fresh ? '; the new one starts empty' : '';
  if (finalBackup) return `its data survives only in the final snapshot${tail}`;
  // A member of a replicated system (replica, cluster instance): the others still hold the data.
  const member = store.clusterOf !== undefined && readAttributeValues(c.before, store.clusterOf).some((v) => typeof v === 'string' && v !== '');
  if (member) {
    return c.action === 'replace'
      ? 'the cluster runs without this member until the new one has caught up, and data only it holds is lost'
      : 'the cluster loses this member, and data only it holds is lost';
  }
  return `${loss}${tail}`;
}

/** The fix in Pulumi's words (the rule's own names Terraform's tools). */
const PULUMI_FIX =
  'Find the property that forces the replacement (named in the finding) and avoid changing it: keep the old value, list it in `ignoreChanges`, or add `aliases` if only the name or parent changed. If the data really has to go or move, snapshot or copy it first (`protect` or `retainOnDelete` keep it from being deleted) and acknowledge the finding in .planguard.yml with a reason.';

export default defineRule({
  id: 'data-store-replaced',
  title: 'A resource that holds data is deleted or replaced',
  severity: 'critical',
  incidents: ['001', '002'],
  rationale:
    'Deleting or replacing a database, bucket, disk, queue, key, or a server that keeps data on its disks destroys what it holds: a replacement is a new, empty resource. Terraform replaces a resource when an attribute it cannot update changes (`replace_paths`), when asked (`-replace`) or when it is tainted; a delete-first replacement also leaves nothing in between. A Pulumi resource with `retainOnDelete` keeps its data in the cloud, so it is reported at medium.',
  fix:
    'Find the attribute that forces the replacement (named in the finding) and avoid changing it: keep the old value, add `ignore_changes`, or add a `moved` block if only the address changed. If the data really has to go or move, snapshot or copy it first and acknowledge the finding in .planguard.yml with a reason.',
  examples: {
    fires: [
      'fixtures/terraform/handwritten-db-host-reimage/plan.json',
      'fixtures/terraform/handwritten-rds-cluster-rename/plan.json',
      'fixtures/terraform/handwritten-s3-bucket-rename/plan.json',
      'fixtures/pulumi/handwritten-rds-identifier-replace/preview.json',
      'fixtures/terraform/catalog-breadth/keys-deleted.hand-written.json',
      'fixtures/terraform/catalog-breadth/kubernetes-namespace-deleted.hand-written.json',
    ],
    silent: [
      'fixtures/terraform/handwritten-tag-only-update/plan.json',
      'fixtures/terraform/handwritten-rds-identifier-rename/plan.json',
      'fixtures/pulumi/handwritten-bucket-tag-update/preview.json',
      'fixtures/terraform/catalog-breadth/google-labels-only.hand-written.json',
      'fixtures/terraform/catalog-breadth/azure-tags-only.hand-written.json',
    ],
  },
  check(plan, ctx) {
    for (const c of plan.changes) {
      // `forget` leaves the object alone; only a real delete or replace destroys it.
      if (c.mode !== 'managed' || (c.action !== 'delete' && c.action !== 'replace')) continue;
      const type = catalogTypeOf(c);
      const store = dataStore(type);
      // DNS zones and records are reported by the network-path rule.
      if (!store || store.category === 'dns') continue;

      const noun = store.noun ?? CATEGORY_NOUN[store.category];
      const subject = c.deposed
        ? `A deposed (left-over) object ${code(c.deposed)} of ${resourceLabel(c, noun)}`
        : resourceLabel(c, noun);
      const verb = c.action === 'replace' ? 'is destroyed and re-created' : 'is deleted';
      const order =
        c.replaceOrder === 'delete-first'
          ? ', and deleted before its replacement exists'
          : c.replaceOrder === 'create-first'
            ? ', its replacement created first'
            : '';
      // Data kept by a reclaim policy: the object (pods, the volume object) goes, the data stays.
      const kept = !c.retainOnDelete && retainedBy(c, store, type).length > 0;
      const severity: Severity = c.retainOnDelete ? 'medium' : kept ? 'high' : (CATEGORY_SEVERITY[store.category] ?? 'critical');
      const replacePaths = c.replacePaths.map((p) => p.join('.'));
      ctx.report({
        address: c.address,
        severity,
        action: c.action,
        message: `${subject} ${verb}${cause(c)}${order}: ${consequence(c, store, type)}.`,
        ...(plan.source === 'pulumi' ? { fix: PULUMI_FIX } : {}),
        ...(replacePaths.length > 0 ? { replacePaths } : {}),
        ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
        data: {
          category: store.category,
          ...(c.reason !== undefined ? { reason: c.reason } : {}),
          ...(c.retainOnDelete ? { retainOnDelete: true } : {}),
        },
      });
    }
  },
});

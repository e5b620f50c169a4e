import { leafValues, similarity, similarityScore, type LeafMap } from '../src/model/attributes.js';
import { resourceAddress } from '../src/model/address.js';
import { defineRule, type ResourceChange } from '../src/engine/types.js';

/** Computed identifiers: differ between any two objects, say nothing about a shift. */
const COMPUTED_TOP_LEVEL: ReadonlySet<string> = new Set(['id', 'arn']);

/** A shifted instance's new values must match its neighbour's old ones at least this well. */
const MIN_NEIGHBOUR_MATCH = 0.5;

/** Neighbours looked at per instance (bounds the work when a list loses many elements at once). */
const MAX_SHIFT = 64;

/** How many shifts the message spells out. */
const MESSAGE_SHIFTS = 4;

interface Shift {
  change: ResourceChange;
  index: number;
  /** The index whose old values this instance now takes. */
  from: number;
}

export default defineRule({
  id: 'count-index-shift',
  title: 'Removing an element from a `count` list shifts the instances after it',
  severity: 'medium',
  incidents: ['001'],
  rationale:
    'Instances of a `count` resource are identified by position, so removing an element from the middle of the list gives every later instance its neighbour\'s values: they are updated or replaced, and the last one is deleted, although only one element went away.',
  fix:
    'Key the resource by a stable value with `for_each` instead of `count` (e.g. `for_each = toset(var.names)`), and migrate each existing instance with a `moved` block from `x[N]` to `x["key"]` so nothing is re-created.',
  examples: {
    fires: ['fixtures/terraform/count-index-shift/plan.json'],
    silent: ['fixtures/terraform/count-shrink/plan.json', 'fixtures/terraform/db-node-rename/plan.json'],
  },
  check(plan, ctx) {
    // Instances of one count resource (module instance keys kept: each module instance has its own count).
    const groups = new Map<string, ResourceChange[]>();
    for (const c of plan.changes) {
      if (c.mode !== 'managed' || c.deposed || typeof c.index !== 'number') continue;
      const key = resourceAddress(c);
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(c);
    }

    for (const [resource, members] of groups) {
      const removed = members.filter((c) => c.action === 'delete' && c.reason === 'delete_because_count_index');
      if (removed.length === 0) continue;
      const shifts = findShifts(members, removed.length);
      if (shifts.length === 0) continue; // count shrank from the end: nothing else moved

      shifts.sort((a, b) => a.index - b.index);
      removed.sort((a, b) => (a.index as number) - (b.index as number));
      const replaced = shifts.filter((s) => s.change.action === 'replace');
      const updated = shifts.length - replaced.length;
      const shown = shifts
        .slice(0, MESSAGE_SHIFTS)
        .map((s) => `[${s.index}] takes the values of [${s.from}]`)
        .join(', ');
      const more = shifts.length > MESSAGE_SHIFTS ? ` and ${shifts.length - MESSAGE_SHIFTS} more` : '';
      const what = [replaced.length > 0 ? `${replaced.length} replaced` : '', updated > 0 ? `${updated} updated in place` : '']
        .filter(Boolean)
        .join(', ');
      const gone = removed.map((c) => `[${c.index as number}]`).join(', ');

      const replacePaths = [...new Set(replaced.flatMap((s) => s.change.replacePaths.map((p) => p.join('.'))))].sort();
      const replaceOrder = replaced.some((s) => s.change.replaceOrder === 'delete-first')
        ? 'delete-first'
        : replaced.length > 0
          ? 'create-first'
          : undefined;
      const first = shifts[0]!.change;
      const example = `moved {\n  from = ${resource}[${first.index as number}]\n  to   = ${resource}["<key of that element>"]\n}`;

      ctx.report({
        address: first.address,
        addresses: [...shifts.map((s) => s.change.address), ...removed.map((c) => c.address)],
        action: replaced.length > 0 ? 'replace' : 'update',
        message: `An element was removed from the middle of the \`count\` list of \`${resource}\`, so every later index shifts: ${shown}${more} (${what}) and ${gone} ${removed.length === 1 ? 'is' : 'are'} deleted.`,
        fix: `Key \`${resource}\` by a stable value with \`for_each\` instead of \`count\`, and move each existing instance to its key so nothing is re-created, e.g.:\n\n${example}`,
        ...(replacePaths.length > 0 ? { replacePaths } : {}),
        ...(replaceOrder ? { replaceOrder } : {}),
        data: {
          resource,
          shifted: shifts.map((s) => ({ address: s.change.address, takesValuesOf: s.from })),
          deleted: removed.map((c) => c.address),
        },
      });
    }
  },
});

/**
 * Updated or replaced instances whose new values look like what a later instance held (up to
 * `maxShift` places on: that many elements went away) more than like their own old values.
 */
function findShifts(members: ResourceChange[], maxShift: number): Shift[] {
  const byIndex = new Map<number, ResourceChange>();
  for (const c of members) byIndex.set(c.index as number, c);
  const before = new Map<number, LeafMap>();
  const lazyBefore = (i: number): LeafMap | undefined => {
    if (before.has(i)) return before.get(i);
    const c = byIndex.get(i);
    const leaves = c && c.action !== 'create' ? leafValues(c.before, { ignoreTopLevel: COMPUTED_TOP_LEVEL }) : undefined;
    if (leaves) before.set(i, leaves);
    return leaves;
  };

  const shifts: Shift[] = [];
  for (const c of members) {
    if (c.action !== 'update' && c.action !== 'replace') continue;
    const i = c.index as number;
    const after = leafValues(c.after, { unknown: c.afterUnknown, ignoreTopLevel: COMPUTED_TOP_LEVEL });
    const own = lazyBefore(i);
    const ownScore = own ? similarityScore(similarity(after, own)) : 0;
    let best: { from: number; score: number } | undefined;
    for (let d = 1; d <= Math.min(maxShift, MAX_SHIFT); d++) {
      const theirs = lazyBefore(i + d);
      if (!theirs) continue;
      const score = similarityScore(similarity(after, theirs));
      if (score > ownScore && score >= MIN_NEIGHBOUR_MATCH && (!best || score > best.score)) best = { from: i + d, score };
    }
    if (best) shifts.push({ change: c, index: i, from: best.from });
  }
  return shifts;
}

import { isNonEmptyString, leafValues, similarity, type LeafMap, type Similarity } from '../src/model/attributes.js';
import { splitAddress } from '../src/model/address.js';
import { defineRule, type Plan, type ResourceChange, type RuleContext } from '../src/engine/types.js';

/**
 * Deletes that a code rename produces: the old address is no longer in the configuration (or no
 * longer under that key, index or module instance). A delete without a reason (`-destroy`) or
 * because of a `removed` block is not a rename.
 */
const RENAME_REASONS: ReadonlySet<string> = new Set([
  'delete_because_no_resource_config',
  'delete_because_each_key',
  'delete_because_count_index',
  'delete_because_no_module',
  // count <-> for_each switched: every old instance goes, new ones are created.
  'delete_because_wrong_repetition',
]);

/** Computed identifiers: always differ between an old object and a new one. */
const COMPUTED_TOP_LEVEL: ReadonlySet<string> = new Set(['id', 'arn']);

/** Share of the compared attribute values that must be equal (4 of 5 passes, 2 of 3 does not). */
const THRESHOLD = 0.75;

/**
 * How many (delete, create) pairs may be compared one by one, over the whole plan. Exact matches
 * are found first by hashing (linear); only what is left is scored pair by pair, and a bucket whose
 * leftovers do not fit in the budget keeps its exact matches only. So a plan with thousands of
 * deletes and creates of one type stays fast.
 */
const PAIR_BUDGET = 250_000;

/** At most this many renames are spelled out in a module-level finding's message. */
const MESSAGE_PAIRS = 3;

interface Side {
  change: ResourceChange;
  leaves: LeafMap;
}

interface Pair {
  del: ResourceChange;
  cre: ResourceChange;
  sim: Similarity;
}

interface Scored {
  d: number;
  c: number;
  score: number;
  addr: number;
  sim: Similarity;
}

export default defineRule({
  id: 'rename-without-moved',
  title: 'A resource renamed in code without a `moved` block is destroyed and re-created',
  severity: 'critical',
  incidents: ['001', '002'],
  rationale:
    'The plan deletes one address and creates another of the same type with the same attributes: that is a rename in code, and without a `moved` block Terraform destroys the real object (and its data) and builds a new, empty one.',
  fix: 'Add a `moved { from = <old address>  to = <new address> }` block for each renamed resource (Pulumi: `aliases`), re-plan, and check the delete and create are gone.',
  examples: {
    fires: [
      'fixtures/terraform/foreach-key-rename/plan.json',
      'fixtures/terraform/resource-label-rename/plan.json',
      'fixtures/terraform/module-rename/plan.json',
      'fixtures/corpus/terraform/tfplan2md__azuredevops.json',
    ],
    silent: [
      'fixtures/terraform/foreach-key-rename-moved/plan.json',
      'fixtures/terraform/unrelated-delete-create/plan.json',
      'fixtures/terraform/creates-only/plan.json',
      'fixtures/terraform/destroy/plan.json',
    ],
  },
  check(plan, ctx) {
    const pairs = pairRenames(plan);
    if (pairs.length === 0) return;
    if (plan.source === 'pulumi') {
      for (const p of pairs) reportPulumiPair(ctx, p);
      return;
    }
    const { moduleMoves, rest } = collapseModuleMoves(plan, pairs);
    for (const m of moduleMoves) reportModuleMove(ctx, m);
    for (const p of rest) reportPair(ctx, p);
  },
});

/** Pair rename-like deletes with creates of the same type whose known attributes match. */
function pairRenames(plan: Plan): Pair[] {
  // A declared move never leaves a delete at the old address; be safe if a tool ever does.
  const movedFrom = new Set<string>();
  for (const c of plan.changes) if (c.previousAddress) movedFrom.add(c.previousAddress);

  const buckets = new Map<string, { deletes: ResourceChange[]; creates: ResourceChange[] }>();
  const bucket = (c: ResourceChange) => {
    const key = `${c.canonicalType ?? c.type}\u0000${c.provider}`;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { deletes: [], creates: [] }));
    return b;
  };
  for (const c of plan.changes) {
    if (c.mode !== 'managed' || c.deposed) continue;
    if (c.action === 'delete' && c.reason !== undefined && RENAME_REASONS.has(c.reason) && !movedFrom.has(c.address)) {
      bucket(c).deletes.push(c);
    } else if (c.action === 'create' && !c.previousAddress && !c.importing) {
      bucket(c).creates.push(c);
    }
  }

  const budget = { left: PAIR_BUDGET };
  const pairs: Pair[] = [];
  for (const { deletes, creates } of buckets.values()) {
    if (deletes.length === 0 || creates.length === 0) continue;
    const dels: Side[] = deletes.map((change) => ({ change, leaves: leafValues(change.before, { ignoreTopLevel: COMPUTED_TOP_LEVEL }) }));
    const cres: Side[] = creates.map((change) => ({
      change,
      leaves: leafValues(change.after, { unknown: change.afterUnknown, ignoreTopLevel: COMPUTED_TOP_LEVEL }),
    }));
    const exact = pairExact(dels, cres, budget);
    for (const p of exact) pairs.push(p);
    const usedD = new Set(exact.map((p) => p.del));
    const usedC = new Set(exact.map((p) => p.cre));
    const restD = dels.filter((d) => !usedD.has(d.change));
    const restC = cres.filter((c) => !usedC.has(c.change));
    const work = restD.length * restC.length;
    if (work > 0 && work <= budget.left) {
      budget.left -= work;
      for (const p of pairScored(restD, restC)) pairs.push(p);
    }
  }
  return pairs.sort((a, b) => cmp(a.del.address, b.del.address));
}

/** Score every (delete, create) pair of a bucket and pick the best one-to-one pairing greedily. */
function pairScored(dels: Side[], cres: Side[]): Pair[] {
  const scored: Scored[] = [];
  for (let d = 0; d < dels.length; d++) {
    for (let c = 0; c < cres.length; c++) {
      const sim = similarity(dels[d]!.leaves, cres[c]!.leaves);
      if (sim.compared === 0) continue;
      const score = sim.equal / sim.compared;
      if (score < THRESHOLD || !enoughEvidence(dels[d]!.leaves, cres[c]!.leaves, sim)) continue;
      scored.push({ d, c, score, sim, addr: addressSimilarity(dels[d]!.change.address, cres[c]!.change.address) });
    }
  }
  // Best attribute match first; among equals (identical nodes), the closest address
  // (`db["orders-db-04"]` goes with `db["orders-pg-04"]`, not `-05`); then a stable order.
  scored.sort(
    (x, y) =>
      y.score - x.score ||
      y.addr - x.addr ||
      cmp(dels[x.d]!.change.address, dels[y.d]!.change.address) ||
      cmp(cres[x.c]!.change.address, cres[y.c]!.change.address),
  );
  const usedD = new Set<number>();
  const usedC = new Set<number>();
  const out: Pair[] = [];
  for (const s of scored) {
    if (usedD.has(s.d) || usedC.has(s.c)) continue;
    usedD.add(s.d);
    usedC.add(s.c);
    out.push({ del: dels[s.d]!.change, cre: cres[s.c]!.change, sim: s.sim });
  }
  return out;
}

/**
 * Exact matches, by hashing. Creates are grouped by the set of attribute paths they know; a
 * delete matches a create when it has the same values on all of those paths. Among several
 * identical deletes and creates, the closest addresses are paired (while the budget lasts; then
 * address order).
 */
function pairExact(dels: Side[], cres: Side[], budget: { left: number }): Pair[] {
  const byPattern = new Map<string, Side[]>();
  for (const c of cres) {
    if (c.leaves.size === 0 || !enoughEvidence(c.leaves, c.leaves, { compared: c.leaves.size, equal: c.leaves.size })) continue;
    const pattern = [...c.leaves.keys()].sort().join('\u0003');
    let list = byPattern.get(pattern);
    if (!list) byPattern.set(pattern, (list = []));
    list.push(c);
  }
  const usedD = new Set<Side>();
  const out: Pair[] = [];
  for (const [pattern, creates] of byPattern) {
    const paths = pattern.split('\u0003');
    const signature = (leaves: LeafMap): string | undefined => {
      const parts: string[] = [];
      for (const p of paths) {
        const v = leaves.get(p);
        if (v === undefined) return undefined;
        parts.push(v);
      }
      return JSON.stringify(parts);
    };
    const groups = new Map<string, { dels: Side[]; cres: Side[] }>();
    for (const c of creates) {
      const sig = signature(c.leaves)!;
      let g = groups.get(sig);
      if (!g) groups.set(sig, (g = { dels: [], cres: [] }));
      g.cres.push(c);
    }
    for (const d of dels) {
      if (usedD.has(d)) continue;
      const sig = signature(d.leaves);
      if (sig !== undefined) groups.get(sig)?.dels.push(d);
    }
    const sim: Similarity = { compared: paths.length, equal: paths.length };
    for (const g of groups.values()) {
      if (g.dels.length === 0) continue;
      for (const [d, c] of pairIdentical(g.dels, g.cres, budget)) {
        usedD.add(d);
        out.push({ del: d.change, cre: c.change, sim });
      }
    }
  }
  return out;
}

/** Pair deletes and creates that match equally well: closest addresses first, else address order. */
function pairIdentical(dels: Side[], cres: Side[], budget: { left: number }): [Side, Side][] {
  const byAddress = (a: Side, b: Side) => cmp(a.change.address, b.change.address);
  if (dels.length === 1 && cres.length === 1) return [[dels[0]!, cres[0]!]];
  const work = dels.length * cres.length;
  if (work > budget.left) {
    const ds = [...dels].sort(byAddress);
    const cs = [...cres].sort(byAddress);
    const n = Math.min(ds.length, cs.length);
    const out: [Side, Side][] = [];
    for (let i = 0; i < n; i++) out.push([ds[i]!, cs[i]!]);
    return out;
  }
  budget.left -= work;
  const scored: { d: Side; c: Side; addr: number }[] = [];
  for (const d of dels) for (const c of cres) scored.push({ d, c, addr: addressSimilarity(d.change.address, c.change.address) });
  scored.sort((x, y) => y.addr - x.addr || byAddress(x.d, y.d) || byAddress(x.c, y.c));
  const usedD = new Set<Side>();
  const usedC = new Set<Side>();
  const out: [Side, Side][] = [];
  for (const s of scored) {
    if (usedD.has(s.d) || usedC.has(s.c)) continue;
    usedD.add(s.d);
    usedC.add(s.c);
    out.push([s.d, s.c]);
  }
  return out;
}

/**
 * One equal number or boolean (`byte_length = 8`) says little about identity: a pair needs two
 * equal values, or one equal non-empty string (a name, a hostname, a bucket).
 */
function enoughEvidence(a: LeafMap, b: LeafMap, sim: Similarity): boolean {
  if (sim.equal >= 2) return true;
  for (const [k, v] of b) if (isNonEmptyString(v) && a.get(k) === v) return true;
  return false;
}

/** Common prefix + common suffix, over the longer length: 1 for equal strings. */
function addressSimilarity(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let pre = 0;
  while (pre < n && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  return (pre + suf) / Math.max(a.length, b.length, 1);
}

// ---------------------------------------------------------------------------------------------
// Module renames: when every resource under one module path moves to the same relative place
// under another, one `moved` block for the module call is the fix (and one finding).

interface ModuleMove {
  from: string;
  to: string;
  pairs: Pair[];
  /** Deleted under `from` / created under `to` without an attribute match: they move too. */
  unmatchedDeletes: ResourceChange[];
  unmatchedCreates: ResourceChange[];
}

/** `module.a["x"].module.b.aws_instance.y[0]` → module steps `['module.a["x"]', 'module.b']` and rest `aws_instance.y[0]`. */
function splitModule(address: string): { steps: string[]; rest: string } {
  const parts = splitAddress(address);
  const steps: string[] = [];
  let i = 0;
  while (i + 1 < parts.length && parts[i] === 'module') {
    steps.push(`module.${parts[i + 1]}`);
    i += 2;
  }
  return { steps, rest: parts.slice(i).join('.') };
}

/** Two lists, each in plan order (`at`), merged in plan order. */
function mergeByPlanOrder<T extends { at: number }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.at < b[j]!.at)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

function startsWithSteps(steps: string[], prefix: string[]): boolean {
  if (steps.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (steps[i] !== prefix[i]) return false;
  return true;
}

function collapseModuleMoves(plan: Plan, pairs: Pair[]): { moduleMoves: ModuleMove[]; rest: Pair[] } {
  const candidates = new Map<string, { from: string[]; to: string[]; pairs: Pair[] }>();
  for (const p of pairs) {
    const d = splitModule(p.del.address);
    const c = splitModule(p.cre.address);
    if (d.rest !== c.rest) continue;
    // Strip the module steps both share at the end; what differs in front is the renamed call.
    let s = 0;
    while (s < d.steps.length && s < c.steps.length && d.steps[d.steps.length - 1 - s] === c.steps[c.steps.length - 1 - s]) s++;
    const from = d.steps.slice(0, d.steps.length - s);
    const to = c.steps.slice(0, c.steps.length - s);
    if (from.length === 0 || to.length === 0) continue; // into or out of a module: resource-level moves
    const key = `${from.join('.')}\u0000${to.join('.')}`;
    let cand = candidates.get(key);
    if (!cand) candidates.set(key, (cand = { from, to, pairs: [] }));
    cand.pairs.push(p);
  }
  if (candidates.size === 0) return { moduleMoves: [], rest: pairs };

  const moduleMoves: ModuleMove[] = [];
  const collapsed = new Set<Pair>();
  const pairOf = new Map<ResourceChange, Pair>();
  for (const p of pairs) {
    pairOf.set(p.del, p);
    pairOf.set(p.cre, p);
  }
  // The changes under each top-level module call, in plan order: a candidate looks only at the
  // changes under its two calls (from and to are never empty), not at every change of the plan.
  const byFirstStep = new Map<string, { ch: ResourceChange; steps: string[]; at: number }[]>();
  plan.changes.forEach((ch, at) => {
    if (!ch.module) return;
    const steps = splitModule(ch.address).steps;
    if (steps.length === 0) return;
    let list = byFirstStep.get(steps[0]!);
    if (list === undefined) byFirstStep.set(steps[0]!, (list = []));
    list.push({ ch, steps, at });
  });
  for (const cand of candidates.values()) {
    // One moved block for the module call is right only if the old module path is wholly deleted
    // and the new one wholly created, and none of it is paired elsewhere. Deletes and creates
    // under them that match nothing (their attributes changed too) move with the module.
    const own = new Set(cand.pairs);
    const unmatchedDeletes: ResourceChange[] = [];
    const unmatchedCreates: ResourceChange[] = [];
    let ok = true;
    const under = byFirstStep.get(cand.from[0]!) ?? [];
    const underTo = cand.to[0] === cand.from[0] ? [] : (byFirstStep.get(cand.to[0]!) ?? []);
    // In plan order, as the scan of every change visited them.
    const scope = underTo.length === 0 ? under : under.length === 0 ? underTo : mergeByPlanOrder(under, underTo);
    for (const { ch, steps } of scope) {
      const underFrom = startsWithSteps(steps, cand.from);
      const underTo = startsWithSteps(steps, cand.to);
      if (!underFrom && !underTo) continue;
      const p = pairOf.get(ch);
      if ((underFrom && ch.action !== 'delete') || (underTo && ch.action !== 'create') || (p && !own.has(p))) {
        ok = false;
        break;
      }
      if (!p) (underFrom ? unmatchedDeletes : unmatchedCreates).push(ch);
    }
    if (!ok) continue;
    for (const p of cand.pairs) collapsed.add(p);
    moduleMoves.push({ from: cand.from.join('.'), to: cand.to.join('.'), pairs: cand.pairs, unmatchedDeletes, unmatchedCreates });
  }
  moduleMoves.sort((a, b) => cmp(a.pairs[0]!.del.address, b.pairs[0]!.del.address));
  return { moduleMoves, rest: pairs.filter((p) => !collapsed.has(p)) };
}

// ---------------------------------------------------------------------------------------------

function movedBlock(from: string, to: string): string {
  return `moved {\n  from = ${from}\n  to   = ${to}\n}`;
}

function fixText(block: string, what: string): string {
  return `Add this block to the configuration and re-plan, so Terraform keeps ${what} under the new address instead of destroying it:\n\n${block}`;
}

function matchWords(sim: Similarity): string {
  return sim.equal === sim.compared ? 'the same attributes' : `nearly the same attributes (${sim.equal} of ${sim.compared} values match)`;
}

function reportPair(ctx: RuleContext, p: Pair): void {
  const block = movedBlock(p.del.address, p.cre.address);
  ctx.report({
    address: p.del.address,
    addresses: [p.del.address, p.cre.address],
    action: 'delete',
    message: `\`${p.del.address}\` is deleted and \`${p.cre.address}\` created with ${matchWords(p.sim)}: a rename in code without a \`moved\` block destroys and re-creates it.`,
    fix: fixText(block, 'the existing object'),
    data: { moved: block, from: p.del.address, to: p.cre.address, matchingValues: p.sim.equal, comparedValues: p.sim.compared },
  });
}

/** Pulumi: the old URN goes into the resource's `aliases` option. */
function reportPulumiPair(ctx: RuleContext, p: Pair): void {
  const option = `aliases: [${JSON.stringify(p.del.address)}]`;
  ctx.report({
    address: p.del.address,
    addresses: [p.del.address, p.cre.address],
    action: 'delete',
    message: `\`${p.del.address}\` is deleted and \`${p.cre.address}\` created with ${matchWords(p.sim)}: a rename in the program without \`aliases\` destroys and re-creates it.`,
    fix: `Add the old URN to the renamed resource's \`aliases\` resource option and preview again, so Pulumi keeps the existing object under the new name instead of destroying it:\n\n    ${option}`,
    data: { aliases: [p.del.address], from: p.del.address, to: p.cre.address, matchingValues: p.sim.equal, comparedValues: p.sim.compared },
  });
}

function reportModuleMove(ctx: RuleContext, m: ModuleMove): void {
  const block = movedBlock(m.from, m.to);
  const pairs = [...m.pairs].sort((a, b) => cmp(a.del.address, b.del.address));
  const exact = pairs.every((p) => p.sim.equal === p.sim.compared);
  const shown = pairs
    .slice(0, MESSAGE_PAIRS)
    .map((p) => `\`${p.del.address}\` → \`${p.cre.address}\``)
    .join(', ');
  const more = pairs.length > MESSAGE_PAIRS ? ` and ${pairs.length - MESSAGE_PAIRS} more` : '';
  const n = pairs.length + m.unmatchedDeletes.length;
  const subject = n === 1 ? 'its resource is' : n === 2 ? 'both its resources are' : `all ${n} of its resources are`;
  const how =
    m.unmatchedDeletes.length === 0
      ? ` with ${exact ? 'the same' : 'nearly the same'} attributes`
      : `, ${pairs.length} of them with matching attributes`;
  const byAddress = (a: ResourceChange, b: ResourceChange) => cmp(a.address, b.address);
  ctx.report({
    address: pairs[0]!.del.address,
    addresses: [
      ...pairs.flatMap((p) => [p.del.address, p.cre.address]),
      ...[...m.unmatchedDeletes].sort(byAddress).map((c) => c.address),
      ...[...m.unmatchedCreates].sort(byAddress).map((c) => c.address),
    ],
    action: 'delete',
    message: `\`${m.from}\` is renamed to \`${m.to}\` without a \`moved\` block, so ${subject} destroyed and re-created${how} (${shown}${more}).`,
    fix: fixText(block, 'the existing objects'),
    data: { moved: block, from: m.from, to: m.to, pairs: pairs.map((p) => ({ from: p.del.address, to: p.cre.address })) },
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { formatIndex, groupKey, stripModuleKeys } from '../src/model/address.js';
import { defineRule, type Plan, type ResourceChange, type Severity } from '../src/engine/types.js';
import { catalogTypeOf, isSafeguardOff, isSafeguardWeakened, isUnknownAt, safeguards, type Safeguard } from './catalog/index.js';
import { BLOCKING_EFFECTS, SAFEGUARD_HAVE, WEAK_EFFECTS, attributeName, code, codeList, isPulumiChange } from './lib/describe.js';

/** Members whose action puts them in a peer group (not reads, forgets or unknown actions). */
const MEMBER_ACTIONS: ReadonlySet<string> = new Set(['no-op', 'update', 'create', 'delete', 'replace', 'import']);

/** How many member names the message spells out. */
const MESSAGE_MEMBERS = 5;

interface PeerGroup {
  key: string;
  /** Completes "10 of 15 ___ have …": "instances of `aws_instance.db`". */
  noun: string;
  members: ResourceChange[];
  label(c: ResourceChange): string;
}

/** A safeguard as the rule compares it: a catalog attribute, or Pulumi's `protect`. */
interface Guard {
  id: string;
  /** "have deletion protection (`deletion_protection`)" */
  have: string;
  /** Protects against people only: lacking it is worth a warning, not a blocked gate. */
  weak: boolean;
  /** Lower is more important (used to pick the safeguard the message leads with). */
  rank: number;
  /** Does the member carry it in the state that matters? undefined when that cannot be known. */
  carries(c: ResourceChange): boolean | undefined;
  /** Is this change switching it off (reported by safeguard-disabled, not here)? */
  switchedOff(c: ResourceChange): boolean;
}

function isDestroyed(c: ResourceChange): boolean {
  return c.action === 'delete' || c.action === 'replace';
}

/**
 * The state in which a member's safeguard matters: for a destroyed member the one it has now
 * (what the destroy meets); otherwise the one it has after the plan.
 */
function stateOf(c: ResourceChange): { value: unknown; fromAfter: boolean } {
  if (isDestroyed(c) || c.after === null || c.after === undefined) return { value: c.before, fromAfter: false };
  return { value: c.after, fromAfter: true };
}

function attributeGuard(sg: Safeguard): Guard {
  const rank = BLOCKING_EFFECTS.has(sg.effect) ? 0 : sg.effect === 'final-backup' ? 1 : WEAK_EFFECTS.has(sg.effect) ? 3 : 2;
  return {
    id: sg.attribute,
    have: `${SAFEGUARD_HAVE[sg.kind]} (${code(attributeName(sg.attribute))})`,
    weak: WEAK_EFFECTS.has(sg.effect),
    rank,
    carries(c) {
      const { value, fromAfter } = stateOf(c);
      if (fromAfter && isUnknownAt(c.afterUnknown, sg.attribute)) return undefined;
      return !isSafeguardOff(sg, value);
    },
    switchedOff: (c) => c.action === 'update' && !isSafeguardOff(sg, c.before) && isSafeguardWeakened(sg, c.before, c.after),
  };
}

/** Pulumi's `protect` flag (the model holds the flag that applies to this plan's action). */
const PULUMI_PROTECT: Guard = {
  id: 'protect',
  have: 'are protected (Pulumi `protect`)',
  weak: false,
  rank: 0,
  carries: (c) => c.protect === true,
  switchedOff: () => false,
};

/**
 * Peers: the instances of one count/for_each block (module instance keys folded, `groupKey`);
 * a resource that is alone in its block is grouped with the other lone resources of its type in
 * the same module (Pulumi: under the same parent).
 */
function peerGroups(plan: Plan): PeerGroup[] {
  const byBlock = new Map<string, ResourceChange[]>();
  for (const c of plan.changes) {
    if (c.mode !== 'managed' || c.deposed || !MEMBER_ACTIONS.has(c.action)) continue;
    const k = groupKey(c);
    let list = byBlock.get(k);
    if (!list) byBlock.set(k, (list = []));
    list.push(c);
  }
  const groups: PeerGroup[] = [];
  const lone = new Map<string, ResourceChange[]>();
  for (const [key, members] of byBlock) {
    if (members.length >= 2) {
      groups.push({
        key,
        noun: `instances of ${code(key)}`,
        members,
        label: (c) => (c.index !== undefined && (c.module ?? '') === stripModuleKeys(c.module) ? formatIndex(c.index) : code(c.address)),
      });
      continue;
    }
    const c = members[0]!;
    const k = `${c.module ?? ''}\u0000${c.type}`;
    let list = lone.get(k);
    if (!list) lone.set(k, (list = []));
    list.push(c);
  }
  for (const [key, members] of lone) {
    if (members.length < 2) continue;
    const first = members[0]!;
    const pulumi = isPulumiChange(first);
    const where = pulumi ? 'under the same parent' : first.module ? `in ${code(first.module)}` : 'in the root module';
    groups.push({
      key,
      noun: `${code(first.type)} resources ${where}`,
      members,
      label: (c) => (pulumi ? code(c.name) : code(c.address)),
    });
  }
  return groups;
}

interface Difference {
  guard: Guard;
  carriers: ResourceChange[];
  /** Members this plan destroys or changes that lack the safeguard. */
  targets: ResourceChange[];
  severity: Severity;
}

function difference(group: PeerGroup, guard: Guard): Difference | undefined {
  const carriers: ResourceChange[] = [];
  const targets: ResourceChange[] = [];
  let existingCarrier = false;
  for (const c of group.members) {
    const has = guard.carries(c);
    if (has === undefined) continue;
    if (has) {
      carriers.push(c);
      // The convention must exist before this plan: new members alone do not set one.
      if (c.action !== 'create') existingCarrier = true;
    } else if (c.action !== 'no-op' && c.action !== 'import' && !guard.switchedOff(c)) {
      targets.push(c);
    }
  }
  if (!existingCarrier || targets.length === 0) return undefined;
  const destroyed = targets.some(isDestroyed);
  const severity: Severity = destroyed && !guard.weak ? 'high' : 'medium';
  return { guard, carriers, targets, severity };
}

function verbFor(targets: readonly ResourceChange[]): string {
  const destroys = targets.some(isDestroyed);
  const creates = targets.some((c) => c.action === 'create');
  const updates = targets.some((c) => c.action === 'update');
  const others = creates || updates;
  if (destroys) return others ? 'destroys or changes' : 'destroys';
  if (creates && updates) return 'creates or changes';
  return creates ? 'creates' : 'changes';
}

/** "the 5 this plan destroys do not", "the one this plan creates is not" (after "… are protected"). */
function lacking(guard: Guard, targets: readonly ResourceChange[]): string {
  const be = guard.have.startsWith('are ');
  const one = targets.length === 1;
  const neg = be ? (one ? 'is not' : 'are not') : one ? 'does not' : 'do not';
  return `the ${one ? 'one' : targets.length} this plan ${verbFor(targets)} ${neg}`;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

function sameSet(a: readonly ResourceChange[], b: readonly ResourceChange[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

export default defineRule({
  id: 'safeguard-inconsistent',
  title: 'Peers differ in a safeguard, and the ones without it are changed',
  severity: 'high',
  incidents: ['001'],
  rationale:
    'In incident 001 a safeguard against re-imaging existed but was off on exactly the 5 database nodes that were wiped. When most members of a group carry deletion protection, final snapshots, termination protection or Pulumi `protect`, the ones without it are usually an oversight, and a plan that destroys them meets no resistance. High when the members without it are destroyed; medium when they are only created or changed, or when the safeguard only guards against people (termination or stop protection, which Terraform ignores).',
  fix:
    'Switch the safeguard on for the members that lack it, in a plan of its own, before anything else touches them; then re-plan. If the difference is intended, acknowledge the finding in .planguard.yml with a reason.',
  examples: {
    fires: ['fixtures/terraform/handwritten-db-host-reimage/plan.json'],
    silent: [
      'fixtures/terraform/handwritten-tag-only-update/plan.json',
      'fixtures/terraform/handwritten-rds-cluster-rename/plan.json',
      'fixtures/terraform/db-node-rename/plan.json',
    ],
  },
  check(plan, ctx) {
    for (const group of peerGroups(plan)) {
      // Only a group this plan changes can hold a finding (most groups of a plan are no-ops).
      if (!group.members.some((c) => c.action !== 'no-op' && c.action !== 'import')) continue;
      const type = catalogTypeOf(group.members[0]!);
      const guards = safeguards(type).map(attributeGuard);
      if (plan.source === 'pulumi') guards.unshift(PULUMI_PROTECT);
      const diffs = guards.map((g) => difference(group, g)).filter((d): d is Difference => d !== undefined);
      if (diffs.length === 0) continue;
      diffs.sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          a.guard.rank - b.guard.rank ||
          b.carriers.length - a.carriers.length ||
          (a.guard.id < b.guard.id ? -1 : 1),
      );
      const lead = diffs[0]!;
      const targets = [...lead.targets].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
      const names = targets.slice(0, MESSAGE_MEMBERS).map((c) => group.label(c));
      const more = targets.length > MESSAGE_MEMBERS ? ` and ${targets.length - MESSAGE_MEMBERS} more` : '';
      const guardName = (d: Difference) => (d.guard.id === 'protect' ? 'protect' : attributeName(d.guard.id));
      const alsoLack = diffs.slice(1).filter((d) => sameSet(d.targets, lead.targets));
      const alsoDiffer = diffs.slice(1).filter((d) => !sameSet(d.targets, lead.targets));
      let tail = '';
      if (alsoLack.length > 0) tail += `; the same ones also lack ${codeList(alsoLack.map(guardName))}`;
      if (alsoDiffer.length > 0) tail += `; the group also differs in ${codeList(alsoDiffer.map(guardName))}`;
      const m = group.members.length;
      const allDestroyed = targets.every(isDestroyed);
      ctx.report({
        address: targets[0]!.address,
        addresses: targets.map((c) => c.address),
        severity: lead.severity,
        ...(allDestroyed ? { action: targets.every((c) => c.action === 'replace') ? ('replace' as const) : ('delete' as const) } : {}),
        message: `${lead.carriers.length} of ${m} ${group.noun} ${lead.guard.have}; ${lacking(lead.guard, targets)} (${names.join(', ')}${more})${tail}.`,
        data: {
          group: group.key,
          members: m,
          safeguard: lead.guard.id,
          carriers: lead.carriers.length,
          lacking: targets.length,
          others: diffs.slice(1).map((d) => d.guard.id),
        },
      });
    }
  },
});

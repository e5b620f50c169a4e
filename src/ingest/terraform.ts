/**
 * Terraform / OpenTofu plan JSON (`terraform show -json plan.out`) into the model.
 *
 * Built record by record (`TerraformPlanBuilder`), so that the reader underneath can be the
 * in-memory `JSON.parse` or a streaming parser that hands over one `resource_changes[]` entry
 * at a time: nothing here needs the whole document at once.
 */
import { InputError } from '../errors.js';
import type { Action, AttrPath, Plan, PlanProblem, ResourceChange } from '../model/types.js';
import { parseAddress, resourceAddress } from '../model/address.js';

/** The highest format major version this reader understands. */
export const SUPPORTED_FORMAT_MAJOR = 1;

/** Every `action_reason` Terraform 1.x writes (jsonplan/plan.go). Unknown ones are kept too. */
export const KNOWN_ACTION_REASONS = [
  'replace_because_cannot_update',
  'replace_because_tainted',
  'replace_by_request',
  'replace_by_triggers',
  'delete_because_no_resource_config',
  'delete_because_wrong_repetition',
  'delete_because_count_index',
  'delete_because_each_key',
  'delete_because_no_module',
  'delete_because_no_move_target',
  'read_because_config_unknown',
  'read_because_dependency_pending',
  'read_because_check_nested',
] as const;

/** Top-level keys that only a plan has (a state file or `show -json` of state has none). */
export const PLAN_KEYS = [
  'resource_changes',
  'planned_values',
  'prior_state',
  'resource_drift',
  'output_changes',
  'applyable',
  'errored',
  'deferred_changes',
  'relevant_attributes',
  'complete',
];

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Map a Terraform action list to the model's action. */
export function mapActions(actions: readonly string[]): { action: Action; replaceOrder?: 'delete-first' | 'create-first' } {
  const key = actions.join(',');
  switch (key) {
    case 'no-op':
      return { action: 'no-op' };
    case 'create':
      return { action: 'create' };
    case 'read':
    // OpenTofu 1.10+ writes `open` for an ephemeral resource opened during the plan: a read.
    case 'open':
      return { action: 'read' };
    case 'update':
      return { action: 'update' };
    case 'delete':
      return { action: 'delete' };
    case 'delete,create':
      return { action: 'replace', replaceOrder: 'delete-first' };
    case 'create,delete':
      return { action: 'replace', replaceOrder: 'create-first' };
    case 'forget':
      return { action: 'forget' };
    // A new object is created and the old one only leaves the state: nothing is destroyed.
    case 'create,forget':
    case 'forget,create':
      return { action: 'create' };
    default:
      return { action: 'unknown' };
  }
}

function checkFormatVersion(file: string, fv: unknown): string {
  if (fv === undefined) throw new InputError(file, 'not a Terraform plan: "format_version" is missing');
  if (typeof fv !== 'string') throw new InputError(file, `"format_version" must be a string, found ${typeName(fv)}`);
  const m = /^(\d+)\.(\d+)/.exec(fv);
  if (!m) throw new InputError(file, `"format_version" ${JSON.stringify(fv)} is not a version`);
  const major = Number(m[1]);
  if (major > SUPPORTED_FORMAT_MAJOR) {
    throw new InputError(
      file,
      `plan format_version ${fv} is newer than this planguard understands (${SUPPORTED_FORMAT_MAJOR}.x)`,
      'upgrade planguard',
    );
  }
  return fv;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function expectString(file: string, where: string, v: unknown): string {
  if (typeof v !== 'string') throw new InputError(file, `${where} must be a string, found ${typeName(v)}`);
  return v;
}

function optionalString(file: string, where: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return expectString(file, where, v);
}

/** A flag the gate depends on (`errored`, `complete`): anything but a boolean is bad input, never a pass. */
function optionalBoolean(file: string, where: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new InputError(file, `${where} must be true or false, found ${typeName(v)}`);
  return v;
}

/** `before` / `after` of a resource: an object, or null when the resource does not exist on that side. */
function optionalObject(file: string, where: string, v: unknown): void {
  if (v !== undefined && v !== null && !isObject(v)) throw new InputError(file, `${where} must be an object or null, found ${typeName(v)}`);
}

/** `after_unknown`, `before_sensitive`, `after_sensitive` of a resource: a boolean or an object mirroring the value. */
function optionalMask(file: string, where: string, v: unknown): void {
  if (v !== undefined && v !== null && typeof v !== 'boolean' && !isObject(v)) {
    throw new InputError(file, `${where} must be true, false or an object, found ${typeName(v)}`);
  }
}

function readPaths(file: string, where: string, v: unknown): AttrPath[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new InputError(file, `${where} must be an array, found ${typeName(v)}`);
  const out: AttrPath[] = [];
  for (const p of v) {
    if (!Array.isArray(p)) throw new InputError(file, `${where} must hold arrays of path steps`);
    out.push(p.filter((s): s is string | number => typeof s === 'string' || typeof s === 'number'));
  }
  return out;
}

/**
 * Same JSON value, member order included, compared without recursion. `-0` and `0` differ, so
 * sharing one value for the other changes nothing anyone can observe.
 */
function sameJson(x: unknown, y: unknown): boolean {
  const st: unknown[] = [x, y];
  while (st.length > 0) {
    const b = st.pop();
    const a = st.pop();
    if (a === b) {
      if (typeof a === 'number' && !Object.is(a, b)) return false;
      continue;
    }
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) st.push(a[i], b[i]);
      continue;
    }
    if (Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      const k = ka[i]!;
      if (k !== kb[i]) return false;
      st.push((a as Json)[k], (b as Json)[k]);
    }
  }
  return true;
}

/**
 * `after` with every attribute equal to the same attribute of `before` (in value and member
 * order) replaced by before's copy, or `before` itself when nothing differs (every no-op). Plan
 * values are read-only from here on, so sharing is invisible, and it halves the memory of a
 * large plan (no-ops are most of one) and lets equality checks stop at `===`.
 */
function shareWithBefore(before: unknown, after: unknown): unknown {
  if (!isObject(before) || !isObject(after)) return after;
  const bk = Object.keys(before);
  const ak = Object.keys(after);
  let all = bk.length === ak.length;
  for (let i = 0; i < ak.length; i++) {
    const k = ak[i]!;
    if (all && bk[i] !== k) all = false;
    if (!Object.hasOwn(before, k)) {
      all = false;
      continue;
    }
    const bv = before[k];
    const av = after[k];
    if (bv === av && (typeof av !== 'number' || Object.is(av, bv))) continue;
    if (typeof av !== 'object' || av === null || k === '__proto__' || !sameJson(bv, av)) {
      all = false;
      continue;
    }
    after[k] = bv;
  }
  return all ? before : after;
}

function isEmptyObject(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return false;
  return true;
}

/** Masks whose JSON text is at most this long are interned (bigger ones rarely repeat). */
const INTERN_MAX_TEXT = 400;
const INTERN_MAX_ENTRIES = 100_000;

/**
 * Identical sensitivity / unknown masks (`{"tags":{}}`, repeated on every resource of a type)
 * shared as one object per plan. Masks are read-only, so this only saves memory.
 */
export class MaskTable {
  private readonly table = new Map<string, object>();

  intern(m: unknown): unknown {
    if (typeof m !== 'object' || m === null) return m;
    // `{}`, four masks in ten: shared without building its text (the same object the table
    // would give, the first `{}` seen).
    if (!Array.isArray(m) && isEmptyObject(m)) {
      const known = this.table.get('{}');
      if (known !== undefined) return known;
      if (this.table.size < INTERN_MAX_ENTRIES) this.table.set('{}', m);
      return m;
    }
    let key: string;
    try {
      key = JSON.stringify(m);
    } catch {
      return m; // nested deeper than the stack: not worth sharing
    }
    if (key.length > INTERN_MAX_TEXT) return m;
    const known = this.table.get(key);
    if (known !== undefined) return known;
    if (this.table.size < INTERN_MAX_ENTRIES) this.table.set(key, m);
    return m;
  }
}

/** Build a resource instance address from its parts, as terraform's addrs package prints it. */
function driftAddress(file: string, where: string, raw: Record<string, unknown>): string {
  if (raw.type === undefined) throw new InputError(file, `${where}.address is missing (and so is ${where}.type)`);
  if (raw.name === undefined) throw new InputError(file, `${where}.address is missing (and so is ${where}.name)`);
  const type = expectString(file, `${where}.type`, raw.type);
  const name = expectString(file, `${where}.name`, raw.name);
  const mode = optionalString(file, `${where}.mode`, raw.mode);
  const mod = optionalString(file, `${where}.module_address`, raw.module_address);
  let key = '';
  const index = raw.index;
  if (typeof index === 'number') key = `[${index}]`;
  else if (typeof index === 'string') key = `[${JSON.stringify(index)}]`;
  else if (index !== undefined && index !== null) throw new InputError(file, `${where}.index must be a string or a number, found ${typeName(index)}`);
  const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}${key}`;
  return mod ? `${mod}.${local}` : local;
}

/**
 * Terraform 0.15.4 to 1.0.0 list every managed instance in `resource_drift` once anything drifted,
 * the unchanged ones as `["update"]` with `before` equal to `after`; 1.0.1 stopped writing them.
 * Such an entry says nothing changed outside the tool, so it is not drift.
 */
function unchangedDrift(rc: ResourceChange): boolean {
  return (
    rc.rawActions.length === 1 &&
    rc.rawActions[0] === 'update' &&
    sameJson(rc.before, rc.after) &&
    sameJson(rc.beforeSensitive, rc.afterSensitive)
  );
}

/** Normalise one `resource_changes[]` (or `resource_drift[]`) entry. `where` names it in errors. */
export function normalizeResourceChange(file: string, where: string, raw: unknown, drift = false, masks?: MaskTable): ResourceChange {
  if (!isObject(raw)) throw new InputError(file, `${where} must be an object, found ${typeName(raw)}`);
  // Terraform 0.15.4 to 1.0.0 wrote resource_drift entries without `address` and without `index`
  // (only mode, type, name and module_address; docs/formats.md); build it from the parts the way
  // terraform prints an address. Instances of one counted resource then share the address.
  const address = raw.address === undefined && drift ? driftAddress(file, where, raw) : expectString(file, `${where}.address`, raw.address);
  // Terraform never writes an empty address; one that is empty can match no --protect glob and
  // names nothing for the reviewer, so the plan is not trusted.
  if (address.trim() === '') throw new InputError(file, `${where}.address is empty`);
  const change = raw.change;
  if (!isObject(change)) throw new InputError(file, `${where}.change must be an object, found ${typeName(change)}`);
  const actions = change.actions;
  if (Array.isArray(actions) && actions.length === 0) throw new InputError(file, `${where}.change.actions is empty (a change must name at least one action)`);
  if (actions === undefined) throw new InputError(file, `${where}.change.actions is missing`);
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === 'string')) {
    throw new InputError(file, `${where}.change.actions must be a non-empty array of strings`);
  }
  optionalObject(file, `${where}.change.before`, change.before);
  optionalObject(file, `${where}.change.after`, change.after);
  for (const k of ['after_unknown', 'before_sensitive', 'after_sensitive'] as const) optionalMask(file, `${where}.change.${k}`, change[k]);
  const parsed = parseAddress(address);
  const type = optionalString(file, `${where}.type`, raw.type) ?? parsed.type;
  const name = optionalString(file, `${where}.name`, raw.name) ?? parsed.name;
  optionalString(file, `${where}.mode`, raw.mode);
  const mode = raw.mode === 'data' ? 'data' : raw.mode === 'managed' ? 'managed' : parsed.mode;
  const module = optionalString(file, `${where}.module_address`, raw.module_address) ?? parsed.module;
  const provider = optionalString(file, `${where}.provider_name`, raw.provider_name) ?? '';
  const { action, replaceOrder } = mapActions(actions as string[]);
  const importing = isObject(change.importing) || change.importing === true;
  const rc: ResourceChange = {
    address,
    type,
    canonicalType: type,
    name,
    mode,
    provider,
    action: action === 'no-op' && importing ? 'import' : action,
    rawActions: actions as string[],
    replacePaths: readPaths(file, `${where}.change.replace_paths`, change.replace_paths),
    before: change.before ?? null,
    after: shareWithBefore(change.before, change.after ?? null),
    afterUnknown: masks ? masks.intern(change.after_unknown ?? false) : (change.after_unknown ?? false),
    beforeSensitive: masks ? masks.intern(change.before_sensitive ?? false) : (change.before_sensitive ?? false),
    afterSensitive: masks ? masks.intern(change.after_sensitive ?? false) : (change.after_sensitive ?? false),
  };
  if (module) rc.module = module;
  const index = raw.index;
  if (typeof index === 'string' || typeof index === 'number') rc.index = index;
  else if (parsed.index !== undefined) rc.index = parsed.index;
  if (replaceOrder) rc.replaceOrder = replaceOrder;
  const prev = optionalString(file, `${where}.previous_address`, raw.previous_address);
  if (prev && prev !== address) rc.previousAddress = prev;
  const reason = optionalString(file, `${where}.action_reason`, raw.action_reason);
  if (reason !== undefined) rc.reason = reason;
  const deposed = optionalString(file, `${where}.deposed`, raw.deposed);
  if (deposed) rc.deposed = deposed;
  if (importing) rc.importing = true;
  if (drift) rc.drift = true;
  return rc;
}

/**
 * Collect, from the `configuration` section, which resources reference which: the map goes from
 * a referenced resource (address without instance key) to the resources whose expressions name it.
 */
export function collectDependents(configuration: unknown): Map<string, string[]> {
  const deps = new Map<string, Set<string>>();
  if (!isObject(configuration)) return new Map();
  // Iterative walk of (module prefix, module object).
  const modules: { prefix: string; mod: unknown }[] = [{ prefix: '', mod: configuration.root_module }];
  while (modules.length > 0) {
    const { prefix, mod } = modules.pop()!;
    if (!isObject(mod)) continue;
    const resources = Array.isArray(mod.resources) ? mod.resources : [];
    for (const r of resources) {
      if (!isObject(r) || typeof r.address !== 'string') continue;
      const from = prefix + r.address;
      for (const ref of collectReferences(r)) {
        const target = referencedResource(ref);
        if (!target) continue;
        const full = prefix + target;
        if (full === from) continue;
        let set = deps.get(full);
        if (!set) deps.set(full, (set = new Set()));
        set.add(from);
      }
    }
    if (isObject(mod.module_calls)) {
      for (const [name, call] of Object.entries(mod.module_calls)) {
        if (isObject(call)) modules.push({ prefix: `${prefix}module.${name}.`, mod: call.module });
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const [k, v] of deps) out.set(k, [...v].sort());
  return out;
}

function collectReferences(resource: Json): string[] {
  const refs: string[] = [];
  const stack: unknown[] = [resource.expressions, resource.count_expression, resource.for_each_expression];
  if (Array.isArray(resource.depends_on)) for (const d of resource.depends_on) if (typeof d === 'string') refs.push(d);
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) {
        const x = v[k];
        if (k === 'references' && Array.isArray(x)) {
          for (const r of x) if (typeof r === 'string') refs.push(r);
        } else {
          stack.push(x);
        }
      }
    }
  }
  return refs;
}

const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'self', 'module', 'provider']);

/** `aws_db_instance.main.endpoint` → `aws_db_instance.main`; `data.x.y.id` → `data.x.y`; others → undefined. */
export function referencedResource(ref: string): string | undefined {
  const parts = ref.split('.');
  const first = parts[0];
  if (!first || NOT_RESOURCES.has(first)) return undefined;
  if (first === 'data') {
    if (parts.length < 3) return undefined;
    return `data.${parts[1]}.${stripIndex(parts[2]!)}`;
  }
  if (parts.length < 2) return undefined;
  return `${first}.${stripIndex(parts[1]!)}`;
}

function stripIndex(s: string): string {
  const i = s.indexOf('[');
  return i < 0 ? s : s.slice(0, i);
}

/** Top-level members whose arrays are handed over element by element. */
export const ELEMENT_MEMBERS = ['resource_changes', 'resource_drift', 'deferred_changes'] as const;
/** Top-level members read whole; every other member is never needed and may be skipped. */
export const WHOLE_MEMBERS = ['format_version', 'terraform_version', 'errored', 'complete', 'output_changes', 'configuration'] as const;

/**
 * Assembles a Plan from the parts of a Terraform plan document, in any order (terraform writes
 * `errored` and `complete` last). The in-memory reader and the streaming reader both feed it, so
 * they give identical plans.
 */
export class TerraformPlanBuilder {
  private readonly changes: ResourceChange[] = [];
  private readonly drift: ResourceChange[] = [];
  private readonly deferred: PlanProblem[] = [];
  private readonly masks = new MaskTable();
  private dependents = new Map<string, string[]>();
  private formatVersion: string | undefined;
  private toolVersion: string | undefined;
  private errored = false;
  private incomplete = false;
  private opentofu = false;
  private outputChanges = 0;

  constructor(private readonly file: string) {}

  /** A top-level member other than the element arrays. Unknown members are ignored. */
  member(key: string, value: unknown): void {
    switch (key) {
      case 'format_version':
        this.formatVersion = checkFormatVersion(this.file, value);
        break;
      case 'terraform_version':
        this.toolVersion = optionalString(this.file, '"terraform_version"', value);
        break;
      case 'errored':
        this.errored = optionalBoolean(this.file, '"errored"', value) === true;
        break;
      case 'complete':
        this.incomplete = optionalBoolean(this.file, '"complete"', value) === false;
        break;
      case 'output_changes':
        this.readOutputChanges(value);
        break;
      case 'configuration':
        this.configuration(value);
        break;
      default:
        break;
    }
  }

  /** An element of one of ELEMENT_MEMBERS. */
  element(key: (typeof ELEMENT_MEMBERS)[number], raw: unknown, i: number): void {
    if (key === 'resource_changes') {
      const rc = normalizeResourceChange(this.file, `resource_changes[${i}]`, raw, false, this.masks);
      if (rc.provider.startsWith('registry.opentofu.org/')) this.opentofu = true;
      this.changes.push(rc);
    } else if (key === 'resource_drift') {
      const rc = normalizeResourceChange(this.file, `resource_drift[${i}]`, raw, true, this.masks);
      if (!unchangedDrift(rc)) this.drift.push(rc);
    } else {
      this.deferredChange(raw, i);
    }
  }

  /** One of ELEMENT_MEMBERS was present but not an array. */
  notAnArray(key: string, value: unknown): InputError {
    return new InputError(this.file, `"${key}" must be an array, found ${typeName(value)}`);
  }

  private deferredChange(raw: unknown, i: number): void {
    const where = `deferred_changes[${i}]`;
    if (!isObject(raw)) throw new InputError(this.file, `${where} must be an object, found ${typeName(raw)}`);
    const inner = isObject(raw.resource_change) ? raw.resource_change : undefined;
    const address = inner && typeof inner.address === 'string' ? inner.address : undefined;
    const reason = typeof raw.reason === 'string' ? raw.reason : 'unknown reason';
    const p: PlanProblem = { kind: 'deferred', message: `a change was deferred to a later plan (${reason})` };
    if (address) p.address = address;
    this.deferred.push(p);
  }

  private readOutputChanges(value: unknown): void {
    if (value === undefined || value === null) return;
    if (!isObject(value)) throw new InputError(this.file, `"output_changes" must be an object, found ${typeName(value)}`);
    for (const oc of Object.values(value)) {
      if (isObject(oc) && Array.isArray(oc.actions) && !(oc.actions.length === 1 && oc.actions[0] === 'no-op')) this.outputChanges++;
    }
  }

  private configuration(raw: unknown): void {
    if (raw !== undefined && raw !== null && !isObject(raw)) {
      throw new InputError(this.file, `"configuration" must be an object, found ${typeName(raw)}`);
    }
    this.dependents = collectDependents(raw);
    if (isObject(raw) && isObject(raw.provider_config)) {
      for (const p of Object.values(raw.provider_config)) {
        if (isObject(p) && typeof p.full_name === 'string' && p.full_name.startsWith('registry.opentofu.org/')) this.opentofu = true;
      }
    }
  }

  finish(): Plan {
    if (this.formatVersion === undefined) throw new InputError(this.file, 'not a Terraform plan: "format_version" is missing');
    const problems: PlanProblem[] = [];
    if (this.errored) problems.push({ kind: 'errored', message: 'Terraform marked this plan as errored: planning failed part-way' });
    if (this.incomplete) problems.push({ kind: 'incomplete', message: 'Terraform marked this plan as incomplete: more changes will follow it' });
    for (const p of this.deferred) problems.push(p);
    const plan: Plan = {
      source: this.opentofu ? 'opentofu' : 'terraform',
      file: this.file,
      formatVersion: this.formatVersion,
      changes: this.changes,
      drift: this.drift,
      dependents: this.dependents,
      problems,
      outputChanges: this.outputChanges,
    };
    if (this.toolVersion !== undefined) plan.toolVersion = this.toolVersion;
    return plan;
  }
}

const ELEMENT_SET: ReadonlySet<string> = new Set(ELEMENT_MEMBERS);

/** Build the model from a parsed Terraform plan document (the in-memory path). */
export function terraformPlanFromObject(file: string, doc: Json): Plan {
  const b = new TerraformPlanBuilder(file);
  for (const [key, value] of Object.entries(doc)) {
    if (ELEMENT_SET.has(key)) {
      if (value === null) continue;
      if (!Array.isArray(value)) throw b.notAnArray(key, value);
      const k = key as (typeof ELEMENT_MEMBERS)[number];
      for (let i = 0; i < value.length; i++) b.element(k, value[i], i);
    } else {
      b.member(key, value);
    }
  }
  return b.finish();
}

/** Resources (without instance key) for the dependents map. */
export function dependentsOf(plan: Plan, change: ResourceChange): string[] {
  return plan.dependents.get(resourceAddress(change)) ?? [];
}

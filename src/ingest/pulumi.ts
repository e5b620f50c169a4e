/**
 * Pulumi previews into the model: the digest of `pulumi preview --json` (this file) and the
 * engine event log of `pulumi preview --event-log FILE` (pulumi-events.ts), both through one
 * builder, so a preview is judged exactly like a Terraform plan.
 *
 * Mapping:
 * - `address` is the URN, `name` its name part, `type` the Pulumi token, `canonicalType` the
 *   Terraform type the catalog maps the token to (undefined when it maps to none), `module` the
 *   parent component's URN (undefined for children of the root stack), `provider` the step's
 *   provider reference.
 * - The steps of one replacement (`replace`, `create-replacement`, `delete-replaced`, ...) become
 *   one change; `delete-replaced` before `create-replacement` in the step sequence is
 *   `delete-first`, after it `create-first`; a lone `replace` (the default `--json` output hides
 *   the other two) leaves the order unknown (undefined), unless the catalog says the provider
 *   always replaces that resource delete-first.
 * - `before`/`after` are the old/new state's `inputs`; when neither state has inputs (the root
 *   stack, components) their `outputs`. Pulumi's bookkeeping keys (`__defaults`, `__meta`, ...)
 *   are dropped. When the token maps to a Terraform type, property names become Terraform
 *   attribute names (camelCase → snake_case, a pluralised list name → the singular name the
 *   catalog knows), except the keys inside map-valued attributes (`tags`, `labels`, ...), so the
 *   catalog's rules read Pulumi and Terraform alike. `replacePaths` use the same names.
 * - Secrets (`"[secret]"`, the secret sigil object, secret output values) become `null` with
 *   `true` at that place in `beforeSensitive`/`afterSensitive` (`SECRET_BEFORE` and
 *   `SECRET_CHANGED` where Pulumi's diff says the secret changed, so the review lists it);
 *   the unknown-value sentinel becomes `null` with `true` in `afterUnknown`. No secret value
 *   reaches the model.
 * - Error diagnostics become `{ kind: 'diagnostic' }` problems, so the gate blocks.
 */
import { InputError } from '../errors.js';
import type { Action, AttrPath, Plan, PlanProblem, ResourceChange } from '../model/types.js';
import { parseUrn } from '../model/urn.js';
import { camelToSnake, catalogTables, pulumiToken, singularize, snakeToCamel, terraformTypeForPulumi } from '../../rules/catalog/index.js';
import { typeName } from './terraform.js';
import { deepEqual } from '../diff/values.js';

/** Every step operation of Pulumi's engine (pkg/resource/deploy/step.go). Others are kept as `unknown`. */
export const PULUMI_OPS = [
  'same',
  'create',
  'update',
  'delete',
  'replace',
  'create-replacement',
  'delete-replaced',
  'read',
  'read-replacement',
  'refresh',
  'discard',
  'discard-replaced',
  'remove-pending-replace',
  'import',
  'import-replacement',
] as const;

/** Steps that carry the new object of a replacement (keyed by the new URN). */
const REPLACEMENT_NEW: ReadonlySet<string> = new Set(['replace', 'create-replacement', 'read-replacement', 'import-replacement']);
/** Steps that dispose of the old object of a replacement (keyed by the old URN). */
const REPLACEMENT_OLD: ReadonlySet<string> = new Set(['delete-replaced', 'discard-replaced']);

/** Pulumi's special-signature key and the signatures planguard reads. */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const OUTPUT_SIG = 'd0e6a833031e9bbcd3f4e8bde6ca49a4';
/** What `pulumi preview --json` prints in place of a secret. */
const SECRET_TEXT = '[secret]';
/**
 * Stand for a secret that Pulumi's diff says changed, before and after (the values themselves
 * never reach planguard), so the review still lists the property as changed, masked.
 */
export const SECRET_BEFORE = '(secret)';
export const SECRET_CHANGED = '(secret changed)';
/** Pulumi's "unknown until the update" string. */
const UNKNOWN_TEXT = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const ROOT_STACK_TYPE = 'pulumi:pulumi:Stack';

/** Bookkeeping keys of Pulumi and its Terraform bridge: not resource properties. */
const INTERNAL_KEYS: ReadonlySet<string> = new Set(['__defaults', '__meta', '__pulumi_raw_state_delta']);

/**
 * Attributes whose value is a map with user-chosen keys (Terraform names): their keys are kept
 * as written, never renamed.
 */
export const MAP_ATTRIBUTES: ReadonlySet<string> = new Set([
  'tags',
  'tags_all',
  'default_tags',
  'labels',
  'annotations',
  'variables',
  'environment_variables',
  'data',
  'string_data',
  'binary_data',
  'match_labels',
  'node_selector',
  'triggers',
]);

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ------------------------------------------------------------------------------ raw steps

/** The parts of a resource state (`ResourceV3` in the digest, `StepEventStateMetadata` in a log) planguard reads. */
export interface PulumiState {
  urn?: string;
  type?: string;
  inputs?: Json;
  outputs?: Json;
  protect: boolean;
  retainOnDelete: boolean;
  taint: boolean;
  external: boolean;
  /** Pulumi `delete: true`: an old object left pending deletion by an earlier replace (Terraform's deposed object). */
  pendingDelete?: boolean;
  /** The provider's id of the object, when the state carries one. */
  id?: string;
  parent?: string;
  provider?: string;
  dependencies: string[];
  additionalSecretOutputs: string[];
}

/** One step, from either format. */
export interface PulumiStep {
  /** Where it is, for error messages: `steps[3]`, `line 12`. */
  where: string;
  op: string;
  urn: string;
  /** The step's type (event logs carry it beside the states). */
  type?: string;
  provider?: string;
  old?: PulumiState;
  new?: PulumiState;
  replaceReasons: string[];
  diffReasons: string[];
  detailedDiff: { path: string; kind: string }[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Read a state object; undefined for null/absent. */
export function readState(file: string, where: string, v: unknown): PulumiState | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new InputError(file, `${where} must be an object, found ${typeName(v)}`);
  const deps = strings(v.dependencies);
  if (isObject(v.propertyDependencies)) for (const list of Object.values(v.propertyDependencies)) for (const d of strings(list)) deps.push(d);
  const s: PulumiState = {
    protect: v.protect === true,
    retainOnDelete: v.retainOnDelete === true,
    taint: v.taint === true,
    external: v.external === true,
    dependencies: [...new Set(deps)],
    additionalSecretOutputs: strings(v.additionalSecretOutputs),
  };
  if (v.delete === true) s.pendingDelete = true;
  const id = optString(v.id);
  if (id) s.id = id;
  const urn = optString(v.urn);
  if (urn) s.urn = urn;
  const type = optString(v.type);
  if (type) s.type = type;
  if (isObject(v.inputs)) s.inputs = v.inputs;
  if (isObject(v.outputs)) s.outputs = v.outputs;
  const parent = optString(v.parent);
  if (parent) s.parent = parent;
  const provider = optString(v.provider);
  if (provider) s.provider = provider;
  return s;
}

/** `detailedDiff` of the digest (`kind`) or of an event (`diffKind`). */
export function readDetailedDiff(v: unknown): { path: string; kind: string }[] {
  if (!isObject(v)) return [];
  const out: { path: string; kind: string }[] = [];
  for (const [path, d] of Object.entries(v)) {
    if (!isObject(d)) continue;
    const kind = typeof d.kind === 'string' ? d.kind : typeof d.diffKind === 'string' ? d.diffKind : undefined;
    if (kind) out.push({ path, kind });
  }
  return out;
}

/** Check a step's op and URN, the two fields every step must have. */
export function requireOpAndUrn(file: string, where: string, op: unknown, urn: unknown): { op: string; urn: string } {
  if (op === undefined || op === null) throw new InputError(file, `${where} has no "op": every Pulumi step names its operation`);
  if (typeof op !== 'string' || op === '') throw new InputError(file, `${where}.op must be a non-empty string, found ${typeName(op)}`);
  if (typeof urn !== 'string') throw new InputError(file, `${where}.urn must be a string, found ${typeName(urn)}`);
  if (!parseUrn(urn)) throw new InputError(file, `${where}.urn is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)`);
  return { op, urn };
}

// ------------------------------------------------------------------------------ names

const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;
const ATTRIBUTE_PATH = /^[a-z][a-z0-9_]*(\[\])?(\.[a-z][a-z0-9_]*(\[\])?)*$/;

const knownNamesCache = new Map<string, ReadonlySet<string>>();

/** Every attribute name (path segment) the catalog mentions for a Terraform type. */
function knownAttributeNames(tfType: string): ReadonlySet<string> {
  let known = knownNamesCache.get(tfType);
  if (known) return known;
  const names = new Set<string>();
  const stack: unknown[] = [];
  for (const table of Object.values(catalogTables) as readonly (readonly unknown[])[]) {
    for (const row of table) if (isObject(row) && row.type === tfType) stack.push(row);
  }
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (ATTRIBUTE_PATH.test(v)) for (const seg of v.split('.')) names.add(seg.replace(/\[\]$/, ''));
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (isObject(v)) {
      for (const x of Object.values(v)) stack.push(x);
    }
  }
  known = names;
  knownNamesCache.set(tfType, known);
  return known;
}

const namers = new Map<string, PropertyNamer>();

/** The (shared, caching) namer of a Terraform type. */
export function namerFor(tfType: string | undefined): PropertyNamer | undefined {
  if (!tfType) return undefined;
  let n = namers.get(tfType);
  if (!n) namers.set(tfType, (n = new PropertyNamer(tfType)));
  return n;
}

/**
 * Pulumi property name → Terraform attribute name, for one Terraform type: `deletionProtection` →
 * `deletion_protection`; a plural the bridge formed from a list attribute (`ebsBlockDevices`) →
 * the singular the catalog knows for the type (`ebs_block_device`). Keys inside map-valued
 * attributes and keys that are not plain identifiers (`Name`, `app.kubernetes.io/name`) are kept.
 */
export class PropertyNamer {
  private readonly known: ReadonlySet<string>;
  private readonly cache = new Map<string, string>();
  constructor(tfType: string) {
    this.known = knownAttributeNames(tfType);
  }

  name(key: string, inMap: boolean): string {
    if (inMap || !IDENTIFIER.test(key)) return key;
    let out = this.cache.get(key);
    if (out === undefined) {
      out = /[A-Z]/.test(key) ? camelToSnake(key) : key;
      if (!this.known.has(out)) {
        const single = singularize(out);
        if (single !== out && this.known.has(single)) out = single;
      }
      this.cache.set(key, out);
    }
    return out;
  }

  /** Is the (converted) attribute a map whose keys are the user's? */
  static isMap(name: string): boolean {
    return MAP_ATTRIBUTES.has(name);
  }
}

/**
 * Parse a Pulumi property path (`replaceReasons`, `detailedDiff` keys): `a.b[0]["key.with.dots"]`
 * → `['a', 'b', 0, 'key.with.dots']`.
 */
export function parsePropertyPath(p: string): AttrPath {
  const out: AttrPath = [];
  let cur = '';
  let i = 0;
  const flush = () => {
    if (cur !== '') out.push(cur);
    cur = '';
  };
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === '.') {
      flush();
      i++;
    } else if (ch === '[') {
      flush();
      if (p[i + 1] === '"') {
        let j = i + 2;
        let s = '';
        while (j < p.length && p[j] !== '"') {
          if (p[j] === '\\' && j + 1 < p.length) {
            s += p[j + 1];
            j += 2;
          } else {
            s += p[j];
            j++;
          }
        }
        out.push(s);
        i = p[j + 1] === ']' ? j + 2 : j + 1;
      } else {
        const end = p.indexOf(']', i);
        if (end < 0) {
          cur = p.slice(i);
          break;
        }
        const inner = p.slice(i + 1, end);
        out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
        i = end + 1;
      }
    } else {
      cur += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** Rename a property path's keys the way {@link transformProperties} renames the object's. */
export function renamePath(path: AttrPath, namer: PropertyNamer | undefined): AttrPath {
  if (!namer) return path;
  let inMap = false;
  return path.map((step) => {
    if (typeof step === 'number') return step;
    const n = namer.name(step, inMap);
    inMap = inMap || PropertyNamer.isMap(n);
    return n;
  });
}

// ------------------------------------------------------------------------------ values

export interface Transformed {
  value: unknown;
  /** `false`, or a mirror with `true` where the value was a secret. */
  sensitive: unknown;
  /** `false`, or a mirror with `true` where the value is unknown until the update (after only). */
  unknown: unknown;
  /** Where the secrets were. */
  secretPaths: AttrPath[];
}

function isSecret(v: unknown): boolean {
  if (v === SECRET_TEXT) return true;
  if (!isObject(v)) return false;
  const sig = v[SIG_KEY];
  return sig === SECRET_SIG || (sig === OUTPUT_SIG && v.secret === true);
}

/** A sparse mask mirror with `true` at each path (arrays mirrored with `false` fill). */
function buildMask(value: unknown, paths: readonly AttrPath[]): unknown {
  if (paths.length === 0) return false;
  if (paths.some((p) => p.length === 0)) return true;
  const newNode = (v: unknown): Json | unknown[] => (Array.isArray(v) ? (new Array(v.length).fill(false) as unknown[]) : {});
  const root = newNode(value);
  for (const p of paths) {
    let m: Json | unknown[] = root;
    let v: unknown = value;
    for (let i = 0; i < p.length; i++) {
      const step = p[i]!;
      v = Array.isArray(v) && typeof step === 'number' ? v[step] : isObject(v) && typeof step === 'string' ? v[step] : undefined;
      const slot = m as Record<string | number, unknown>;
      if (i === p.length - 1) {
        slot[step] = true;
        break;
      }
      let next = slot[step];
      if (next === true) break;
      if (typeof next !== 'object' || next === null) {
        next = newNode(v);
        slot[step] = next;
      }
      m = next as Json | unknown[];
    }
  }
  return root;
}

/**
 * Copy a property object for the model: secrets and unknowns replaced by `null` and recorded in
 * masks, output values unwrapped, bookkeeping keys dropped, names mapped (when a namer is given).
 * Iterative, so a deeply nested value costs memory, not the call stack.
 */
export function transformProperties(
  src: unknown,
  opts: { namer?: PropertyNamer | undefined; side: 'before' | 'after'; secretKeys?: readonly string[] },
): Transformed {
  const secretPaths: AttrPath[] = [];
  const unknownPaths: AttrPath[] = [];
  const secretTop = new Set(opts.secretKeys ?? []);
  const holder: { v: unknown } = { v: null };
  interface Task {
    src: unknown;
    put: (v: unknown) => void;
    /** The path is built only where a mask needs it, from the parent chain. */
    parent: Task | undefined;
    key: string | number;
    depth: number;
    inMap: boolean;
    secret: boolean;
  }
  const pathOf = (t: Task): AttrPath => {
    const out: AttrPath = new Array(t.depth);
    for (let n: Task | undefined = t; n && n.depth > 0; n = n.parent) out[n.depth - 1] = n.key;
    return out;
  };
  const stack: Task[] = [{ src, put: (v) => (holder.v = v), parent: undefined, key: '', depth: 0, inMap: false, secret: false }];
  while (stack.length > 0) {
    const t = stack.pop()!;
    let s = t.src;
    // Unwrap output values (`{sig: OUTPUT_SIG, value, known, secret}`).
    while (isObject(s) && s[SIG_KEY] === OUTPUT_SIG && s.secret !== true) {
      if (s.known === false || !('value' in s)) {
        s = UNKNOWN_TEXT;
        break;
      }
      s = s.value;
    }
    if (t.secret || isSecret(s)) {
      t.put(null);
      secretPaths.push(pathOf(t));
      continue;
    }
    if (s === UNKNOWN_TEXT && opts.side === 'after') {
      t.put(null);
      unknownPaths.push(pathOf(t));
      continue;
    }
    if (Array.isArray(s)) {
      const out: unknown[] = new Array(s.length).fill(null);
      t.put(out);
      for (let i = s.length - 1; i >= 0; i--) {
        stack.push({ src: s[i], put: (v) => (out[i] = v), parent: t, key: i, depth: t.depth + 1, inMap: t.inMap, secret: false });
      }
    } else if (isObject(s) && s[SIG_KEY] === undefined) {
      const out: Json = {};
      t.put(out);
      const tasks: Task[] = [];
      for (const [k, v] of Object.entries(s)) {
        if (INTERNAL_KEYS.has(k)) continue;
        const name = opts.namer ? opts.namer.name(k, t.inMap) : k;
        out[name] = null;
        tasks.push({
          src: v,
          put: (x) => (out[name] = x),
          parent: t,
          key: name,
          depth: t.depth + 1,
          inMap: t.inMap || (opts.namer !== undefined && PropertyNamer.isMap(name)),
          secret: t.depth === 0 && secretTop.has(k),
        });
      }
      for (let i = tasks.length - 1; i >= 0; i--) stack.push(tasks[i]!);
    } else {
      // Primitives, and assets/archives/resource references (signature objects) as they are.
      t.put(s === undefined ? null : s);
    }
  }
  return { value: holder.v, sensitive: buildMask(holder.v, secretPaths), unknown: buildMask(holder.v, unknownPaths), secretPaths };
}

function hasKeys(o: Json | undefined): boolean {
  if (!o) return false;
  for (const k of Object.keys(o)) if (!INTERNAL_KEYS.has(k)) return true;
  return false;
}

// ------------------------------------------------------------------------------ builder

interface Group {
  first: number;
  steps: { step: PulumiStep; index: number }[];
}

function cleanMessage(m: string): string {
  // Pulumi's colour tags (`<{%reset%}>`, `<{%fg 1%}>`) and terminal escapes; one line.
  return m
    .replace(/<\{%[^%]*%\}>/g, '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Assembles a Plan from Pulumi steps, diagnostics and the change summary, in any order. */
export class PulumiPlanBuilder {
  private readonly steps: PulumiStep[] = [];
  private readonly problems: PlanProblem[] = [];
  private summary: Record<string, number> | undefined;
  /** Every step op as read, duplicates included. */
  readonly rawOpCounts = new Map<string, number>();

  constructor(readonly file: string) {}

  step(s: PulumiStep): void {
    bump(this.rawOpCounts, s.op);
    this.steps.push(s);
  }

  /** A diagnostic: only `error` severity matters (warnings and info are not problems). */
  diagnostic(severity: unknown, message: unknown, urn: unknown): void {
    if (severity !== 'error') return;
    const text = typeof message === 'string' ? cleanMessage(message) : '';
    const p: PlanProblem = { kind: 'diagnostic', message: `Pulumi reported an error: ${text || '(no message)'}` };
    if (typeof urn === 'string' && urn !== '') p.address = urn;
    this.problems.push(p);
  }

  problem(p: PlanProblem): void {
    this.problems.push(p);
  }

  /** `changeSummary` of the digest, `resourceChanges` of the summary event. */
  changeSummary(v: unknown): void {
    if (!isObject(v)) return;
    const s: Record<string, number> = {};
    for (const [k, n] of Object.entries(v)) if (typeof n === 'number') s[k] = n;
    this.summary = s;
  }

  finish(): Plan {
    // The same step twice (an event log can repeat a resourcePreEvent): keep the first.
    const seen = new Set<string>();
    const steps: PulumiStep[] = [];
    for (const s of this.steps) {
      const key = `${s.op}\u0000${s.urn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      steps.push(s);
    }

    // Group the steps of each replacement under the new URN; the disposal of the old object
    // (`delete-replaced`) joins the group whose replace step names it as the old URN.
    const groups = new Map<string, Group>();
    const byOldUrn = new Map<string, Group>();
    const singles: { step: PulumiStep; index: number }[] = [];
    const drift: { step: PulumiStep; index: number }[] = [];
    steps.forEach((step, index) => {
      if (!REPLACEMENT_NEW.has(step.op)) return;
      let g = groups.get(step.urn);
      if (!g) groups.set(step.urn, (g = { first: index, steps: [] }));
      g.steps.push({ step, index });
      byOldUrn.set(step.old?.urn ?? step.urn, g);
    });
    steps.forEach((step, index) => {
      if (REPLACEMENT_NEW.has(step.op)) return;
      if (REPLACEMENT_OLD.has(step.op)) {
        let g = byOldUrn.get(step.urn) ?? groups.get(step.urn);
        if (!g) {
          groups.set(step.urn, (g = { first: index, steps: [] }));
          byOldUrn.set(step.urn, g);
        }
        g.steps.push({ step, index });
        g.first = Math.min(g.first, index);
      } else if (step.op === 'refresh') {
        drift.push({ step, index });
      } else {
        singles.push({ step, index });
      }
    });

    const ordered: { index: number; change: ResourceChange }[] = [];
    for (const { step, index } of singles) ordered.push({ index, change: this.single(step) });
    for (const [urn, g] of groups) ordered.push({ index: g.first, change: this.replacement(urn, g) });
    ordered.sort((a, b) => a.index - b.index);

    const plan: Plan = {
      source: 'pulumi',
      file: this.file,
      changes: ordered.map((o) => o.change),
      drift: drift.map(({ step }) => this.refresh(step)),
      dependents: collectDependents(steps),
      problems: [...this.problems, ...this.summaryProblems(steps, groups.size)],
    };
    return plan;
  }

  /** A preview that counts more deletes or replaces than it lists is missing steps: fail closed. */
  private summaryProblems(steps: PulumiStep[], replacements: number): PlanProblem[] {
    if (!this.summary) return [];
    const out: PlanProblem[] = [];
    const deletes = steps.filter((s) => s.op === 'delete').length;
    const want = { delete: this.summary.delete ?? 0, replace: this.summary.replace ?? 0 };
    const have = { delete: deletes, replace: replacements };
    for (const op of ['delete', 'replace'] as const) {
      if (want[op] > have[op]) {
        out.push({
          kind: 'incomplete',
          message: `Pulumi's change summary counts ${want[op]} ${op}${want[op] === 1 ? '' : 's'} but the preview lists ${have[op]}: steps are missing, so the preview cannot be judged`,
        });
      }
    }
    return out;
  }

  private base(
    step: PulumiStep,
    old: PulumiState | undefined,
    neu: PulumiState | undefined,
    steps: readonly PulumiStep[],
    forRefresh = false,
  ): ResourceChange {
    const parsed = parseUrn(step.urn)!;
    const type = neu?.type ?? old?.type ?? step.type ?? parsed.type;
    const canonical = terraformTypeForPulumi(type);
    const namer = namerFor(canonical);
    // Inputs where either state has some; otherwise outputs (root stack, components).
    const useInputs = !forRefresh && (hasKeys(old?.inputs) || hasKeys(neu?.inputs) || (!hasKeys(old?.outputs) && !hasKeys(neu?.outputs)));
    const props = (s: PulumiState | undefined) => (s ? ((useInputs ? s.inputs : (s.outputs ?? s.inputs)) ?? {}) : null);
    const secretKeys = (s: PulumiState | undefined) => (useInputs ? [] : (s?.additionalSecretOutputs ?? []));
    const before = transformProperties(props(old), { namer, side: 'before', secretKeys: secretKeys(old) });
    const after = transformProperties(props(neu), { namer, side: 'after', secretKeys: secretKeys(neu) });
    if (old && neu && (before.secretPaths.length > 0 || after.secretPaths.length > 0)) {
      const changed = changedPaths(steps, namer);
      markChangedSecrets(before, changed, SECRET_BEFORE);
      markChangedSecrets(after, changed, SECRET_CHANGED);
    }
    const parent = neu?.parent ?? old?.parent;
    const rc: ResourceChange = {
      address: step.urn,
      type,
      name: parsed.name,
      mode: step.op === 'read' || (neu ?? old)?.external === true ? 'data' : 'managed',
      provider: step.provider ?? neu?.provider ?? old?.provider ?? '',
      action: 'unknown',
      rawActions: [step.op],
      replacePaths: [],
      before: before.value,
      after: after.value,
      afterUnknown: after.unknown,
      beforeSensitive: before.sensitive,
      afterSensitive: after.sensitive,
      protect: false,
      retainOnDelete: false,
    };
    if (canonical) rc.canonicalType = canonical;
    if (parent && parseUrn(parent)?.type !== ROOT_STACK_TYPE) rc.module = parent;
    if (old?.urn && old.urn !== step.urn) rc.previousAddress = old.urn;
    return rc;
  }

  private replacePaths(steps: PulumiStep[], rc: ResourceChange): AttrPath[] {
    const namer = namerFor(rc.canonicalType);
    const out: AttrPath[] = [];
    const seen = new Set<string>();
    const add = (p: string) => {
      const path = renamePath(parsePropertyPath(p), namer);
      if (path.length === 0) return;
      const key = JSON.stringify(path);
      if (seen.has(key)) return;
      seen.add(key);
      out.push(path);
    };
    for (const s of steps) {
      for (const r of s.replaceReasons) add(r);
      for (const d of s.detailedDiff) if (d.kind.endsWith('-replace')) add(d.path);
    }
    return out;
  }

  private single(step: PulumiStep): ResourceChange {
    const rc = this.base(step, step.old, step.new, [step]);
    const old = step.old;
    const neu = step.new;
    switch (step.op) {
      case 'same':
        rc.action = 'no-op';
        break;
      case 'create':
        rc.action = 'create';
        break;
      case 'update':
        rc.action = 'update';
        break;
      case 'delete':
        // A resource with retainOnDelete leaves the stack but is not deleted: Terraform's forget.
        rc.action = old?.retainOnDelete ? 'forget' : 'delete';
        // An object already pending deletion is the left-over of an earlier replace, not a member of its own.
        if (old?.pendingDelete) rc.deposed = old.id ?? 'pending-delete';
        // The resource is no longer in the program (or the stack is being destroyed).
        rc.reason = 'delete_because_no_resource_config';
        break;
      case 'read':
        rc.action = 'read';
        break;
      case 'discard':
      case 'remove-pending-replace':
        // Only the stack's record goes: a read resource, or one already deleted by a failed replace.
        rc.action = 'forget';
        break;
      case 'import':
        rc.action = 'import';
        rc.importing = true;
        break;
      default:
        // An op this planguard does not know: kept, and it blocks (rule unknown-action).
        rc.action = 'unknown';
    }
    const destroys = rc.action === 'delete' || rc.action === 'forget';
    rc.protect = destroys ? old?.protect === true : (neu ?? old)?.protect === true;
    rc.retainOnDelete = destroys ? old?.retainOnDelete === true : (neu ?? old)?.retainOnDelete === true;
    setStateFlags(rc, old, neu);
    return rc;
  }

  private replacement(urn: string, g: Group): ResourceChange {
    const sorted = [...g.steps].sort((a, b) => a.index - b.index);
    const find = (op: string) => sorted.find((s) => s.step.op === op);
    const main = find('replace') ?? find('create-replacement') ?? find('import-replacement') ?? find('read-replacement') ?? sorted[0]!;
    const disposal = find('delete-replaced') ?? find('discard-replaced');
    const creation = find('create-replacement') ?? find('import-replacement') ?? find('read-replacement');
    const old = main.step.old ?? disposal?.step.old ?? creation?.step.old;
    const neu = main.step.new ?? creation?.step.new;
    const rc = this.base({ ...main.step, urn }, old, neu, sorted.map((s) => s.step));
    rc.rawActions = sorted.map((s) => s.step.op);
    const has = (op: string) => sorted.some((s) => s.step.op === op);
    rc.replacePaths = this.replacePaths(
      sorted.map((s) => s.step),
      rc,
    );
    if (has('read-replacement')) {
      // The managed object is deleted and an existing one is only read in its place.
      rc.action = 'delete';
      rc.reason = 'read-replacement';
    } else if (has('discard-replaced') && !has('delete-replaced')) {
      // The old object was only read (not Pulumi's): nothing is deleted.
      rc.action = has('create-replacement') || has('replace') || has('import-replacement') ? 'create' : 'forget';
    } else {
      rc.action = 'replace';
      if (has('import-replacement')) rc.importing = true;
      if (disposal && creation) rc.replaceOrder = disposal.index < creation.index ? 'delete-first' : 'create-first';
      else if (forcedDeleteFirst(rc.type, neu ?? old)) rc.replaceOrder = 'delete-first';
      if (old?.taint) rc.reason = 'replace_because_tainted';
      else if (rc.replacePaths.length > 0) rc.reason = 'replace_because_cannot_update';
    }
    // Pulumi refuses to replace a resource protected in both its old and new state, and to
    // delete one protected in its old state; what the delete of the old object uses is its old state.
    if (rc.action === 'delete') rc.protect = old?.protect === true;
    else if (rc.action === 'replace') rc.protect = old?.protect === true && (neu === undefined || neu.protect);
    else rc.protect = (neu ?? old)?.protect === true;
    rc.retainOnDelete = old?.retainOnDelete === true;
    setStateFlags(rc, old, neu);
    return rc;
  }

  private refresh(step: PulumiStep): ResourceChange {
    const rc = this.base(step, step.old, step.new, [step], true);
    rc.drift = true;
    if (!step.new) rc.action = 'delete';
    else rc.action = deepEqual(rc.before, rc.after) ? 'no-op' : 'update';
    rc.protect = (step.new ?? step.old)?.protect === true;
    rc.retainOnDelete = (step.new ?? step.old)?.retainOnDelete === true;
    return rc;
  }
}

function setStateFlags(
  rc: ResourceChange,
  old: { protect?: boolean; retainOnDelete?: boolean } | undefined,
  neu: { protect?: boolean; retainOnDelete?: boolean } | undefined,
): void {
  const flags: NonNullable<ResourceChange['stateFlags']> = {};
  if (old) flags.before = { protect: old.protect === true, retainOnDelete: old.retainOnDelete === true };
  if (neu) flags.after = { protect: neu.protect === true, retainOnDelete: neu.retainOnDelete === true };
  if (flags.before || flags.after) rc.stateFlags = flags;
}

/** The properties Pulumi's diff names as changed (`diffReasons`, `detailedDiff` paths), renamed. */
function changedPaths(steps: readonly PulumiStep[], namer: PropertyNamer | undefined): AttrPath[] {
  const out: AttrPath[] = [];
  for (const s of steps) {
    for (const r of s.diffReasons) out.push(renamePath(parsePropertyPath(r), namer));
    for (const d of s.detailedDiff) out.push(renamePath(parsePropertyPath(d.path), namer));
  }
  return out;
}

function isPrefix(a: AttrPath, b: AttrPath): boolean {
  return a.length <= b.length && a.every((step, i) => step === b[i]);
}

/** Put `marker` where a secret lies on (or under) a path Pulumi's diff names as changed. */
function markChangedSecrets(side: Transformed, changed: readonly AttrPath[], marker: string): void {
  for (const p of side.secretPaths) {
    if (p.length === 0 || !changed.some((c) => c.length > 0 && (isPrefix(c, p) || isPrefix(p, c)))) continue;
    let node: unknown = side.value;
    for (let i = 0; i < p.length - 1; i++) node = (node as Record<string | number, unknown> | undefined)?.[p[i]!];
    if (typeof node === 'object' && node !== null) (node as Record<string | number, unknown>)[p[p.length - 1]!] = marker;
  }
}

/**
 * A replacement the provider always does delete-first, when the preview does not show the order
 * (a lone `replace` step): pulumi-aws's forced delete-before-replace resources, and resources
 * whose auto-named property (`identifier` of an RDS instance ...) the program set explicitly
 * (the bridge cannot create the new object under a name the old one still holds). The bridge
 * lists the properties it filled with defaults in `__defaults`: an explicit value is not there.
 */
function forcedDeleteFirst(token: string, state: PulumiState | undefined): boolean {
  const row = pulumiToken(token);
  if (!row) return false;
  if (row.deleteBeforeReplace) return true;
  const inputs = state?.inputs;
  if (!row.autoNameProperty || !inputs || !Array.isArray(inputs.__defaults)) return false;
  const defaults = inputs.__defaults;
  const key = [row.autoNameProperty, snakeToCamel(row.autoNameProperty)].find((k) => typeof inputs[k] === 'string' && inputs[k] !== '');
  return key !== undefined && !defaults.includes(key);
}

/** URN → URNs of the resources whose state lists it as a dependency (`dependencies`, `propertyDependencies`). */
function collectDependents(steps: readonly PulumiStep[]): Map<string, string[]> {
  const deps = new Map<string, Set<string>>();
  for (const s of steps) {
    const state = s.new ?? s.old;
    if (!state) continue;
    for (const d of state.dependencies) {
      if (d === s.urn) continue;
      let set = deps.get(d);
      if (!set) deps.set(d, (set = new Set()));
      set.add(s.urn);
    }
  }
  const out = new Map<string, string[]>();
  for (const [k, v] of deps) out.set(k, [...v].sort());
  return out;
}

// ------------------------------------------------------------------------------ the digest

function expectArray(file: string, key: string, v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new InputError(file, `"${key}" must be an array, found ${typeName(v)}`);
  return v;
}

/** One `steps[]` entry of the digest. */
export function readPreviewStep(file: string, where: string, raw: unknown): PulumiStep {
  if (!isObject(raw)) throw new InputError(file, `${where} must be an object, found ${typeName(raw)}`);
  const { op, urn } = requireOpAndUrn(file, where, raw.op, raw.urn);
  const step: PulumiStep = {
    where,
    op,
    urn,
    replaceReasons: strings(raw.replaceReasons),
    diffReasons: strings(raw.diffReasons),
    detailedDiff: readDetailedDiff(raw.detailedDiff),
  };
  const provider = optString(raw.provider);
  if (provider) step.provider = provider;
  const old = readState(file, `${where}.oldState`, raw.oldState);
  if (old) step.old = old;
  const neu = readState(file, `${where}.newState`, raw.newState);
  if (neu) step.new = neu;
  return step;
}

/** Build the model from a parsed `pulumi preview --json` document. */
export function pulumiPlanFromObject(file: string, doc: Json): Plan {
  return pulumiPreviewBuilder(file, doc).finish();
}

/** The builder filled from a digest (exposed for tests that count raw ops). */
export function pulumiPreviewBuilder(file: string, doc: Json): PulumiPlanBuilder {
  const b = new PulumiPlanBuilder(file);
  if (doc.config !== undefined && doc.config !== null && !isObject(doc.config)) {
    throw new InputError(file, `"config" must be an object, found ${typeName(doc.config)}`);
  }
  expectArray(file, 'steps', doc.steps).forEach((s, i) => b.step(readPreviewStep(file, `steps[${i}]`, s)));
  expectArray(file, 'diagnostics', doc.diagnostics).forEach((d, i) => {
    if (!isObject(d)) throw new InputError(file, `diagnostics[${i}] must be an object, found ${typeName(d)}`);
    const prefix = typeof d.prefix === 'string' ? d.prefix : '';
    const message = typeof d.message === 'string' ? d.message : '';
    b.diagnostic(d.severity, message.startsWith(prefix) ? message : prefix + message, d.urn);
  });
  if (doc.changeSummary !== undefined && doc.changeSummary !== null && !isObject(doc.changeSummary)) {
    throw new InputError(file, `"changeSummary" must be an object, found ${typeName(doc.changeSummary)}`);
  }
  b.changeSummary(doc.changeSummary);
  if (doc.maybeCorrupt === true) {
    b.problem({ kind: 'errored', message: 'Pulumi reported that the stack may be corrupt (maybeCorrupt): fix the state before judging a preview' });
  }
  return b;
}

export type { Action };

import {
  catalogTypeOf,
  dataStore,
  isUnknownAt,
  readAttributeValues,
  restartAttributes,
  sharedDependency,
  type RestartChange,
  type RestartInfo,
} from './catalog/index.js';
import { defineRule, type ResourceChange } from '../src/engine/types.js';
import { deepEqual } from '../src/diff/values.js';

/** Data-store categories whose restart interrupts the data service (servers and disks are left to other rules). */
const DATABASE_CATEGORIES: ReadonlySet<string> = new Set(['database', 'cache', 'warehouse', 'search', 'queue']);
/** Shared objects whose change reconfigures the databases that use them. */
const CONFIGURATION_KINDS: ReadonlySet<string> = new Set(['parameter-group', 'configuration', 'server-parameter']);

const MAX_VALUE_LENGTH = 60;

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function same(a: unknown, b: unknown): boolean {
  return deepEqual(a, b);
}

/** A value for a message: primitives only; lists, objects and sensitive values are not spelled out. */
function show(values: readonly unknown[], sensitive: boolean): string | undefined {
  if (sensitive) return '(sensitive)';
  const v = values.length === 0 ? null : values.length === 1 ? values[0] : undefined;
  if (v === undefined || (typeof v === 'object' && v !== null)) return undefined;
  if (isEmpty(v)) return '(unset)';
  const s = String(v);
  return s.length > MAX_VALUE_LENGTH ? `${s.slice(0, MAX_VALUE_LENGTH)}…` : s;
}

/** The provider's effect note without the reference's bracketed provenance remarks. */
function effectOf(rc: RestartChange): string | undefined {
  const e = rc.effect?.replace(/\s*\[[^\]]*\]\s*/g, ' ').trim();
  return e ? e : undefined;
}

interface Changed {
  attribute: string;
  text: string;
  outage: boolean;
  effect?: string;
}

function describeChange(c: ResourceChange, attr: string): { text: string } | undefined {
  const before = readAttributeValues(c.before, attr);
  const sensitive = isUnknownAt(c.beforeSensitive, attr) || isUnknownAt(c.afterSensitive, attr);
  if (isUnknownAt(c.afterUnknown, attr)) {
    if (before.every(isEmpty)) return undefined;
    return { text: `\`${attr}\` (new value known after apply)` };
  }
  const after = readAttributeValues(c.after, attr);
  if (same(before, after)) return undefined;
  const b = show(before, sensitive);
  const a = show(after, sensitive);
  return { text: b !== undefined && a !== undefined ? `\`${attr}\` (${b} → ${a})` : `\`${attr}\`` };
}

/** Restart-causing attributes that change in place. */
function restartChanges(c: ResourceChange, info: RestartInfo): Changed[] {
  const out: Changed[] = [];
  for (const rc of info.changes) {
    if (info.applyMethodDefault !== undefined && rc.attribute === 'parameter') continue; // judged per parameter below
    const d = describeChange(c, rc.attribute);
    if (!d) continue;
    const effect = effectOf(rc);
    out.push({ attribute: rc.attribute, text: d.text, outage: rc.outage === true, ...(effect ? { effect } : {}) });
  }
  return out;
}

interface Parameter {
  name: string;
  value: unknown;
  applyMethod?: string;
}

function parameters(obj: unknown): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  for (const p of readAttributeValues(obj, 'parameter[]')) {
    if (typeof p !== 'object' || p === null) continue;
    const r = p as Record<string, unknown>;
    if (typeof r.name !== 'string') continue;
    out.set(r.name, { name: r.name, value: r.value, ...(typeof r.apply_method === 'string' && r.apply_method !== '' ? { applyMethod: r.apply_method } : {}) });
  }
  return out;
}

/** Parameters added, changed or removed (a change of `apply_method` alone is not registered by the API). */
function changedParameters(c: ResourceChange, info: RestartInfo): { immediate: string[]; pendingReboot: string[] } | undefined {
  if (isUnknownAt(c.afterUnknown, 'parameter')) return undefined;
  const before = parameters(c.before);
  const after = parameters(c.after);
  const immediate: string[] = [];
  const pendingReboot: string[] = [];
  const method = (p: Parameter | undefined): string => p?.applyMethod ?? info.applyMethodDefault ?? 'immediate';
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(name);
    const a = after.get(name);
    if (b && a && same(b.value, a.value)) continue;
    (method(a ?? b) === 'pending-reboot' ? pendingReboot : immediate).push(name);
  }
  return immediate.length + pendingReboot.length > 0 ? { immediate, pendingReboot } : undefined;
}

function list(names: readonly string[], max = 4): string {
  const shown = names.slice(0, max).map((n) => `\`${n}\``);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

export default defineRule({
  id: 'database-restart-now',
  title: 'A database restarts or fails over as soon as the plan is applied',
  severity: 'medium',
  incidents: ['000'],
  rationale:
    'Instance class, engine version and parameter changes restart a database or fail it over. With `apply_immediately` (or on providers that always apply at once) that happens the moment the plan is applied, at whatever load the database carries, instead of in its maintenance window; in incident 000 configuration changes and heavy operations on a loaded database snowballed into a day of slowness.',
  fix:
    'Let the change wait for the maintenance window (drop `apply_immediately`, or use `pending-reboot` parameters), or apply it at a quiet hour you choose, with the failover and its effect on clients in mind. To warn less, lower or turn off the rule in .planguard.yml.',
  examples: {
    fires: [
      'fixtures/terraform/handwritten-rds-resize-apply-immediately/plan.json',
      'fixtures/terraform/handwritten-rds-resize-maintenance-window/plan.json',
    ],
    silent: [
      'fixtures/terraform/handwritten-availability-harmless/plan.json',
      'fixtures/terraform/handwritten-cache-failover-off/plan.json',
    ],
  },
  check(plan, ctx) {
    for (const c of plan.changes) {
      if (c.mode !== 'managed' || c.deposed || c.action !== 'update') continue;
      const type = catalogTypeOf(c);
      const info = restartAttributes(type);
      if (!info) continue;
      const store = dataStore(type);
      const dependency = sharedDependency(type);
      const isDatabase = store !== undefined && DATABASE_CATEGORIES.has(store.category);
      const isConfiguration = dependency !== undefined && CONFIGURATION_KINDS.has(dependency.kind);
      if (!isDatabase && !isConfiguration) continue;

      // Parameter groups: each changed parameter's apply method decides.
      const params = info.applyMethodDefault !== undefined ? changedParameters(c, info) : undefined;
      if (params) {
        if (params.immediate.length > 0) {
          ctx.report({
            address: c.address,
            severity: 'medium',
            action: 'update',
            message: `\`${c.address}\` changes ${list(params.immediate)} with apply method immediate: ${params.immediate.length === 1 ? 'it takes' : 'they take'} effect at once on every database that uses the group, not in a maintenance window.`,
            data: { parameters: params.immediate, applyMethod: 'immediate' },
          });
        }
        if (params.pendingReboot.length > 0) {
          ctx.report({
            address: c.address,
            severity: 'low',
            action: 'update',
            message: `\`${c.address}\` changes ${list(params.pendingReboot)} with apply method pending-reboot: ${params.pendingReboot.length === 1 ? 'it waits' : 'they wait'} for the next reboot of each database that uses the group, which may be a failover you do not expect.`,
            data: { parameters: params.pendingReboot, applyMethod: 'pending-reboot' },
          });
        }
      }

      const changed = restartChanges(c, info);
      if (changed.length > 0) {
        const what = changed.map((x) => x.text).join(', ');
        const outage = changed.some((x) => x.outage) ? ' (the provider documents an outage for this change)' : '';
        // The catalog's effect notes add to the message only where no apply-now flag explains the timing.
        const effects = [...new Set(changed.map((x) => x.effect).filter((e): e is string => e !== undefined))];
        const effectNote = info.immediateFlag === undefined && effects.length > 0 ? ` (${effects.join('; ')})` : '';
        const attributes = changed.map((x) => x.attribute);
        const blueGreen =
          info.lowDowntimeFlag !== undefined && readAttributeValues(c.after, info.lowDowntimeFlag).some((v) => v === true)
            ? ` (\`${info.lowDowntimeFlag}\` is on: a blue/green switchover rather than an in-place restart)`
            : '';
        if (info.immediateFlag !== undefined) {
          const flagUnknown = isUnknownAt(c.afterUnknown, info.immediateFlag);
          const flag = readAttributeValues(c.after, info.immediateFlag);
          const now = flagUnknown || flag.some((v) => v === true || v === 'true');
          const window = info.maintenanceWindow ? show(readAttributeValues(c.after, info.maintenanceWindow), isUnknownAt(c.afterSensitive, info.maintenanceWindow)) : undefined;
          const windowText = window && window !== '(unset)' ? ` (\`${info.maintenanceWindow}\` = ${window})` : '';
          if (now) {
            ctx.report({
              address: c.address,
              severity: 'medium',
              action: 'update',
              message: `\`${c.address}\` changes ${what} with \`${info.immediateFlag}\` ${flagUnknown ? 'possibly ' : ''}on: it restarts or fails over as soon as this plan is applied${outage}${blueGreen}, not in its maintenance window${windowText}${effectNote}.`,
              data: { attributes, immediate: flagUnknown ? 'unknown' : true },
            });
          } else {
            ctx.report({
              address: c.address,
              severity: 'low',
              action: 'update',
              message: `\`${c.address}\` changes ${what} without \`${info.immediateFlag}\`: the change waits for the next maintenance window${windowText}, when the database restarts or fails over${outage}${blueGreen}${effectNote}.`,
              data: { attributes, immediate: false },
            });
          }
        } else {
          ctx.report({
            address: c.address,
            severity: 'medium',
            action: 'update',
            message: `\`${c.address}\` changes ${what}: this provider applies it at once, so the database ${isConfiguration ? 'configuration changes (and may restart)' : 'restarts or fails over'} as soon as this plan is applied${outage}${effectNote}.`,
            data: { attributes, immediate: true },
          });
        }
      }

      // A moved maintenance window decides when every pending change lands.
      if (info.maintenanceWindow) {
        const d = describeChange(c, info.maintenanceWindow);
        if (d && !isUnknownAt(c.afterUnknown, info.maintenanceWindow)) {
          ctx.report({
            address: c.address,
            severity: 'info',
            action: 'update',
            message: `\`${c.address}\` moves its maintenance window: ${d.text}; changes that wait for the window (restarts, upgrades) now land at the new time.`,
            data: { maintenanceWindow: info.maintenanceWindow },
          });
        }
      }
    }
  },
});

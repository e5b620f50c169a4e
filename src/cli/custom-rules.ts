/**
 * The rules a run uses: the built-in ones, then the configuration's own. `customRules:` entries
 * become rules through rules/custom/declarative.ts; `plugins:` are ES modules (paths relative to
 * the config file) exporting rules of the built-in shape. Either way they are ordinary rules, run
 * by the same engine: same findings, gate, acknowledgments, severity overrides and renderers.
 *
 * A plugin that cannot be loaded, exports something that is not a rule, reports a malformed
 * finding or throws while checking is bad input: a PluginError (exit 2, one line naming the
 * plugin), never a pass and never a finding that could be acknowledged away.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, PluginError } from '../errors.js';
import { checkRuleReferences, type RawConfig } from '../engine/config.js';
import { collectSecrets, secretScrubber } from '../engine/redact.js';
import { SEVERITIES, type FindingInput, type Plan, type Rule, type RuleContext } from '../engine/types.js';
import { internalMessage } from './main.js';
import { declarativeRule, SpecError, type CustomRuleSpec } from '../../rules/custom/declarative.js';
import { importModule } from '../dynamic-import.js';

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ACTIONS = ['create', 'update', 'delete', 'replace', 'read', 'no-op', 'forget', 'import', 'unknown'];

/** How a file is named in messages and listings: relative to the working directory (absolute on another drive). */
export function shownPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !isAbsolute(rel) ? rel : file;
}

/** Built-in rules followed by the config's declarative rules and its plugins' rules. */
export async function loadRuleSet(configFile: string | undefined, raw: RawConfig, builtIns: readonly Rule[], cwd: string): Promise<readonly Rule[]> {
  if (configFile === undefined || (!raw.customRules?.length && !raw.plugins?.length)) return builtIns;
  const dir = dirname(resolve(cwd, configFile));
  const shownConfig = shownPath(resolve(cwd, configFile), cwd);
  const custom: Rule[] = [];
  (raw.customRules ?? []).forEach((entry, index) => {
    const examples = { fires: (entry.fires ?? []).map((f) => resolve(dir, f)), silent: (entry.silent ?? []).map((f) => resolve(dir, f)) };
    try {
      custom.push(declarativeRule(entry as CustomRuleSpec, { kind: 'config', file: shownConfig, index }, examples));
    } catch (e) {
      if (e instanceof SpecError) throw new ConfigError(configFile, `\`customRules.${index}.${e.key}\` ${e.message}`);
      throw e;
    }
  });
  const taken = new Map<string, string>();
  for (const r of builtIns) taken.set(r.id, 'a built-in rule');
  for (const r of custom) taken.set(r.id, `customRules.${r.origin?.kind === 'config' ? r.origin.index : '?'} of ${shownConfig}`);
  for (const p of raw.plugins ?? []) {
    const file = resolve(dir, p);
    const name = shownPath(file, cwd);
    for (const r of await loadPlugin(file, name)) {
      const owner = taken.get(r.id);
      if (owner) throw new PluginError(name, `rule id \`${r.id}\` is already taken by ${owner}`);
      taken.set(r.id, `plugin ${name}`);
      custom.push(r);
    }
  }
  if (raw.plugins?.length) checkRuleReferences(configFile, raw, [...taken.keys()]);
  return [...builtIns, ...custom];
}

/** One plugin's rules, checked and wrapped. */
export async function loadPlugin(file: string, name: string): Promise<Rule[]> {
  if (!existsSync(file)) throw new PluginError(name, 'no such file (plugin paths are relative to the config file)');
  let mod: Record<string, unknown>;
  try {
    mod = (await importModule(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new PluginError(name, `cannot be loaded: ${internalMessage(e)}`);
  }
  const exported = mod.default !== undefined ? mod.default : mod.rules;
  const list: unknown[] = Array.isArray(exported) ? exported : exported !== undefined && exported !== null ? [exported] : [];
  if (list.length === 0) throw new PluginError(name, 'exports no rules (expected `export default [rule, ...]` or `export const rules = [...]`)');
  return list.map((r, i) => {
    const problem = ruleProblem(r);
    if (problem) {
      const id = typeof (r as { id?: unknown } | null)?.id === 'string' ? ` (\`${(r as { id: string }).id}\`)` : '';
      throw new PluginError(name, `rule ${i + 1}${id} is not a planguard rule: ${problem}`);
    }
    return wrapPluginRule(r as Rule, file, name);
  });
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** What is wrong with an exported value as a rule, or undefined. */
function ruleProblem(r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null) return 'not an object';
  const o = r as Record<string, unknown>;
  if (typeof o.id !== 'string' || !RULE_ID.test(o.id)) return '`id` must be a kebab-case string';
  for (const k of ['title', 'rationale', 'fix'] as const) if (!isText(o[k])) return `\`${k}\` must be a non-empty string`;
  if (!(SEVERITIES as readonly unknown[]).includes(o.severity)) return `\`severity\` must be one of ${SEVERITIES.join(', ')}`;
  if (!isTextList(o.incidents)) return '`incidents` must be a list of strings (may be empty)';
  const ex = o.examples as Record<string, unknown> | undefined;
  if (typeof ex !== 'object' || ex === null || !isTextList(ex.fires) || !isTextList(ex.silent)) return '`examples` must be `{ fires: [...], silent: [...] }` (lists of plan paths, may be empty)';
  if (typeof o.check !== 'function') return '`check` must be a function `check(plan, ctx)`';
  if (o.core !== undefined && o.core !== false) return '`core` is reserved for built-in rules';
  if (o.origin !== undefined) return '`origin` is set by planguard';
  return undefined;
}

/** What is wrong with a finding a plugin reports, or undefined. */
function findingProblem(f: unknown): string | undefined {
  if (typeof f !== 'object' || f === null) return 'not an object';
  const o = f as Record<string, unknown>;
  if (!isText(o.address)) return '`address` must be a non-empty string';
  if (!isText(o.message)) return '`message` must be a non-empty string';
  if (o.severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(o.severity)) return `\`severity\` must be one of ${SEVERITIES.join(', ')}`;
  if (o.fix !== undefined && !isText(o.fix)) return '`fix` must be a non-empty string';
  if (o.action !== undefined && !ACTIONS.includes(o.action as string)) return `\`action\` must be one of ${ACTIONS.join(', ')}`;
  if (o.addresses !== undefined && !isTextList(o.addresses)) return '`addresses` must be a list of strings';
  if (o.replacePaths !== undefined && !isTextList(o.replacePaths)) return '`replacePaths` must be a list of strings';
  if (o.replaceOrder !== undefined && o.replaceOrder !== 'delete-first' && o.replaceOrder !== 'create-first') return '`replaceOrder` must be delete-first or create-first';
  if (o.data !== undefined && (typeof o.data !== 'object' || o.data === null || Array.isArray(o.data))) return '`data` must be an object';
  return undefined;
}

/** Only the fields of a finding, copied (a plugin keeps no handle on what the report holds). */
function copyFinding(o: FindingInput): FindingInput {
  const f: FindingInput = { address: o.address, message: o.message };
  if (o.severity !== undefined) f.severity = o.severity;
  if (o.fix !== undefined) f.fix = o.fix;
  if (o.action !== undefined) f.action = o.action;
  if (o.addresses !== undefined) f.addresses = [...o.addresses];
  if (o.replacePaths !== undefined) f.replacePaths = [...o.replacePaths];
  if (o.replaceOrder !== undefined) f.replaceOrder = o.replaceOrder;
  if (o.data !== undefined) f.data = JSON.parse(JSON.stringify(o.data)) as Record<string, unknown>;
  return f;
}

/**
 * A plugin sees the plan through a read-only view: every object it reaches is a proxy whose
 * writes throw (and a throw is bad input), so it cannot change what later rules, the masks or the
 * report see. Views are made lazily, for what the plugin touches: a copy or a deep freeze of a
 * large plan would cost as much as all the built-in rules (the report scrubs the plan's own
 * objects in place, so they cannot be frozen). A Map (`plan.dependents`) is handed out as a copy.
 */
const views = new WeakMap<object, object>();

function refuse(): never {
  throw new TypeError('the plan is read-only: a rule plugin cannot change it');
}

const READ_ONLY: ProxyHandler<object> = {
  get(target, key, receiver) {
    const v: unknown = Reflect.get(target, key, receiver);
    // A frozen object's own properties must be returned as they are (a proxy invariant).
    return Object.isFrozen(target) ? v : readOnlyView(v);
  },
  set: refuse,
  defineProperty: refuse,
  deleteProperty: refuse,
  setPrototypeOf: refuse,
  preventExtensions: refuse,
};

function readOnlyView<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  let view = views.get(v);
  if (!view) {
    view = v instanceof Map ? new Map([...v].map(([k, x]) => [readOnlyView(k), readOnlyView(x)])) : new Proxy(v, READ_ONLY);
    views.set(v, view);
  }
  return view as T;
}

function wrapPluginRule(r: Rule, file: string, name: string): Rule {
  const dir = dirname(file);
  const fail = (plan: Plan, opts: RuleContext['options'], what: string, e?: unknown): PluginError => {
    // The plugin's own error text may quote a value of the plan: secrets are masked in it too.
    const scrub = secretScrubber(collectSecrets([...plan.changes, ...plan.drift], opts.secretPatterns?.map((p) => new RegExp(p, 'i'))));
    const text = e === undefined ? '' : `: ${internalMessage(e)}`;
    return new PluginError(name, `rule \`${r.id}\` ${what} on ${plan.file}${scrub ? scrub(text) : text}`);
  };
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    incidents: [...r.incidents],
    rationale: r.rationale,
    fix: r.fix,
    examples: { fires: r.examples.fires.map((f) => resolve(dir, f)), silent: r.examples.silent.map((f) => resolve(dir, f)) },
    origin: { kind: 'plugin', file: name },
    check(plan, ctx) {
      const report = (f: FindingInput): void => {
        const problem = findingProblem(f);
        if (problem) throw fail(plan, ctx.options, `reported a malformed finding (${problem})`);
        ctx.report(copyFinding(f));
      };
      let result: unknown;
      try {
        result = r.check(readOnlyView(plan), { options: Object.freeze({ ...ctx.options }), report });
      } catch (e) {
        if (e instanceof PluginError) throw e;
        throw fail(plan, ctx.options, 'threw', e);
      }
      if (typeof (result as { then?: unknown } | undefined)?.then === 'function') throw fail(plan, ctx.options, 'returned a promise (`check` must report synchronously)');
    },
  };
}

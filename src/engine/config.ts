/**
 * `.planguard.yml`: found in the working directory or the repository root, or named with
 * --config; validated against schema/planguard-config.schema.json (unknown keys rejected with
 * their path). The YAML parser and the validator are loaded only when a config file exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import schema from '../../schema/planguard-config.schema.json' with { type: 'json' };
import { DEFAULT_CONFIG, SEVERITIES, type EngineConfig, type Severity } from './types.js';
import { importModule } from '../dynamic-import.js';

export const CONFIG_NAMES = ['.planguard.yml', '.planguard.yaml'];

/** The config file to use: the one named, else the first found in cwd, then the repository root. */
export function findConfigFile(cwd: string): string | undefined {
  for (const n of CONFIG_NAMES) {
    const p = join(cwd, n);
    if (existsSync(p)) return p;
  }
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) {
      for (const n of CONFIG_NAMES) {
        const p = join(dir, n);
        if (existsSync(p)) return p;
      }
      return undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export interface RawConfig {
  failOn?: Severity;
  protect?: string[];
  rules?: Record<string, Severity | 'off'>;
  acknowledge?: EngineConfig['acknowledge'];
  secretPatterns?: string[];
  /** Declarative rules, as written (rules/custom/declarative.ts turns each into a rule). */
  customRules?: CustomRuleEntry[];
  /** Rule plugin paths, relative to the config file. */
  plugins?: string[];
}

/** A `customRules:` entry as the schema admits it (its meaning: rules/custom/declarative.ts). */
export interface CustomRuleEntry {
  id: string;
  severity: Severity;
  message: string;
  fix?: string;
  match: Record<string, unknown>;
  fires?: string[];
  silent?: string[];
}

export async function loadConfigFile(file: string, knownRuleIds: readonly string[]): Promise<RawConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, code === 'ENOENT' ? 'no such file' : `cannot read: ${(e as Error).message}`);
  }
  const { parse } = await importModule<typeof import('yaml')>('yaml');
  let doc: unknown;
  try {
    doc = parse(text, { prettyErrors: false });
  } catch (e) {
    throw new ConfigError(file, `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  return validateConfig(file, doc, knownRuleIds);
}

export async function validateConfig(file: string, doc: unknown, knownRuleIds: readonly string[]): Promise<RawConfig> {
  const { default: AjvModule } = await importModule<{ default: unknown }>('ajv');
  // ajv is CommonJS: import() gives module.exports as `default`, whose own `default` is the class.
  const Ajv = ((AjvModule as { default?: unknown }).default ?? AjvModule) as typeof import('ajv').default;
  const ajv = new Ajv({ allErrors: false, strict: false });
  const validate = ajv.compile(schema);
  if (!validate(doc)) {
    // An `anyOf` (an attribute condition needs one of several keys) says more than its first branch.
    const err = validate.errors?.find((e) => e.keyword === 'anyOf') ?? validate.errors?.[0];
    const path = (err?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || '(top level)';
    let msg = err?.message ?? 'invalid';
    if (err?.keyword === 'additionalProperties') {
      const extra = (err.params as { additionalProperty?: string }).additionalProperty;
      const where = path === '(top level)' ? '' : `${path}.`;
      throw new ConfigError(file, `unknown key \`${where}${extra}\``);
    }
    if (err?.keyword === 'anyOf') msg = 'needs at least one of changed, from, to, matches';
    if (err?.keyword === 'const') msg = `must be ${JSON.stringify((err.params as { allowedValue: unknown }).allowedValue)}`;
    if (err?.keyword === 'enum') msg = `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    throw new ConfigError(file, `\`${path}\` ${msg}`);
  }
  const cfg = doc as RawConfig;
  const customIds = new Map<string, number>();
  (cfg.customRules ?? []).forEach((r, i) => {
    if (knownRuleIds.includes(r.id)) throw new ConfigError(file, `\`customRules.${i}.id\` \`${r.id}\` is the id of a built-in rule (see \`planguard rules\`)`);
    const first = customIds.get(r.id);
    if (first !== undefined) throw new ConfigError(file, `\`customRules.${i}.id\` \`${r.id}\` is already the id of customRules.${first}`);
    customIds.set(r.id, i);
  });
  // Plugins' rule ids are known once they are loaded (src/cli/custom-rules.ts checks them then).
  if (!cfg.plugins?.length) checkRuleReferences(file, cfg, [...knownRuleIds, ...customIds.keys()]);
  (cfg.protect ?? []).forEach((g, i) => {
    // A blank glob matches no address: the operator would believe something is protected.
    if (g.trim() === '') throw new ConfigError(file, `\`protect.${i}\` is blank: an empty glob protects nothing`);
  });
  (cfg.secretPatterns ?? []).forEach((p, i) => {
    try {
      new RegExp(p, 'i');
    } catch {
      throw new ConfigError(file, `\`secretPatterns.${i}\` is not a valid regular expression`);
    }
  });
  (cfg.acknowledge ?? []).forEach((a, i) => {
    if (a.expires && Number.isNaN(Date.parse(a.expires))) throw new ConfigError(file, `\`acknowledge.${i}.expires\` is not a real date`);
  });
  return cfg;
}

/** `rules:` keys name rules that exist. */
export function checkRuleReferences(file: string, cfg: RawConfig, ruleIds: readonly string[]): void {
  for (const id of Object.keys(cfg.rules ?? {})) {
    if (!ruleIds.includes(id)) throw new ConfigError(file, `\`rules.${id}\` is not a rule id (see \`planguard rules\`)`);
  }
}

/** Merge: defaults, then the file, then the command line (protect globs add up). */
export function mergeConfig(file: RawConfig, cli: { failOn?: Severity; protect?: string[] }): EngineConfig {
  return {
    failOn: cli.failOn ?? file.failOn ?? DEFAULT_CONFIG.failOn,
    protect: [...(file.protect ?? []), ...(cli.protect ?? [])],
    rules: { ...(file.rules ?? {}) },
    acknowledge: [...(file.acknowledge ?? [])],
    secretPatterns: [...(file.secretPatterns ?? [])],
  };
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

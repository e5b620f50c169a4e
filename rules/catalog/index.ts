/**
 * The catalog the rules read: facts about resource types (which hold data, which carry traffic,
 * which attributes protect them, keep them highly available or restart them, and how Pulumi
 * tokens map to Terraform types). The data lives in the JSON files beside this module; this
 * loader only types it and builds the look-up maps once, at module load.
 *
 * Every look-up takes a Terraform type. A Pulumi token (`aws:rds/instance:Instance`) or a
 * Terraform alias type (`aws_alb`) is accepted too and resolved first.
 */
import dataStoresFile from './data-stores.json' with { type: 'json' };
import highAvailabilityFile from './high-availability.json' with { type: 'json' };
import networkPathsFile from './network-paths.json' with { type: 'json' };
import pulumiTokensFile from './pulumi-tokens.json' with { type: 'json' };
import restartsFile from './restarts.json' with { type: 'json' };
import safeguardsFile from './safeguards.json' with { type: 'json' };
import servingCapacityFile from './serving-capacity.json' with { type: 'json' };
import sharedDependenciesFile from './shared-dependencies.json' with { type: 'json' };
import type {
  DataStore,
  HaAttribute,
  NetworkPath,
  PulumiToken,
  RestartEntry,
  RestartInfo,
  Safeguard,
  SafeguardResource,
  ServingCapacity,
  SharedDependency,
  TypeAlias,
} from './types.js';

export type * from './types.js';
export {
  anyValueMatches,
  camelToSnake,
  isHaUnhealthy,
  isHaWeakened,
  isSafeguardOff,
  isSafeguardWeakened,
  isUnknownAt,
  isValuePredicate,
  isWeakening,
  matchesValue,
  parseAttributePath,
  pathMatches,
  pluralize,
  pulumiPropertyNames,
  readAttributeValues,
  samePropertyName,
  singularize,
  snakeToCamel,
  terraformAttributeNames,
  toNumber,
} from './helpers.js';
export type { PathSegment } from './helpers.js';

// JSON imports are typed by TypeScript with widened literals; the shapes are checked by
// test/catalog/catalog.test.ts, so a plain cast is enough here.
//
// Nothing is built at module load (issue 16: a 10-change check must start as fast as Node), and
// a row is deep-frozen the first time it leaves this module, so a rule can never change the
// catalog another rule reads, while a small plan pays only for the rows it touches. The rows of a
// type are found when that type is first looked up: from the table grouped by type (built on
// first use), or, in the bundle, from the file itself, which can hand out the rows of one type
// without parsing the rest (scripts/lazy-json.mjs; test/catalog/lazy-json.test.ts holds the two
// to the same rows). Duplicates are refused when their type is looked up, and by the catalog's
// tests for every type.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const DATA_STORES = (): DataStore[] => (dataStoresFile as unknown as { entries: DataStore[] }).entries;
const SERVING = (): ServingCapacity[] => (servingCapacityFile as unknown as { entries: ServingCapacity[] }).entries;
const NETWORK = (): NetworkPath[] => (networkPathsFile as unknown as { entries: NetworkPath[] }).entries;
const RESTARTS = (): RestartEntry[] => (restartsFile as unknown as { entries: RestartEntry[] }).entries;
const DEPENDENCIES = (): SharedDependency[] => (sharedDependenciesFile as unknown as { entries: SharedDependency[] }).entries;
const SAFEGUARDS = safeguardsFile as unknown as { readonly attributes: Safeguard[]; readonly resources: SafeguardResource[] };
const HA = (): HaAttribute[] => (highAvailabilityFile as unknown as { attributes: HaAttribute[] }).attributes;
const PULUMI = pulumiTokensFile as unknown as { readonly tokens: PulumiToken[]; readonly terraformTypeAliases: TypeAlias[] };

/** A value computed on first use. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

function uniqueMap<T>(table: string, rows: readonly T[], key: (row: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    if (map.has(k)) throw new Error(`catalog ${table}: duplicate entry for ${k}`);
    map.set(k, row);
  }
  return map;
}

/** What the bundle's catalog files carry besides their members (scripts/lazy-json.mjs). */
const ROWS_OF_TYPE = Symbol.for('planguard.catalog.rowsOfType');
type RowsOfType = (member: string, type: string) => unknown[] | undefined;

/**
 * The rows of one type of `file[member]`, in file order, deep-frozen, remembered per type; the
 * same `key` twice among them is refused (`catalog <table>: duplicate entry for <key>`).
 */
function rowsByType<T extends { type: string }>(table: string, file: unknown, member: string, all: () => readonly T[], key: (row: T) => string): (type: string) => readonly T[] {
  const ofType = (file as { [ROWS_OF_TYPE]?: RowsOfType })[ROWS_OF_TYPE];
  const grouped = once(() => {
    const map = new Map<string, T[]>();
    for (const row of all()) {
      const list = map.get(row.type);
      if (list) list.push(row);
      else map.set(row.type, [row]);
    }
    return map;
  });
  const seen = new Map<string, readonly T[]>();
  return (type) => {
    let rows = seen.get(type);
    if (rows === undefined) {
      const found = (ofType?.(member, type) as T[] | undefined) ?? grouped().get(type);
      if (found === undefined || found.length === 0) rows = EMPTY;
      else {
        uniqueMap(table, found, key);
        rows = deepFreeze(found);
      }
      seen.set(type, rows);
    }
    return rows;
  };
}

const EMPTY: readonly never[] = Object.freeze([]);
const byType = (e: { type: string }) => e.type;
const byAttribute = (e: { type: string; attribute: string }) => `${e.type} ${e.attribute}`;

const dataStoreRows = rowsByType('data-stores', dataStoresFile, 'entries', DATA_STORES, byType);
const servingRows = rowsByType('serving-capacity', servingCapacityFile, 'entries', SERVING, byType);
const networkRows = rowsByType('network-paths', networkPathsFile, 'entries', NETWORK, byType);
const dependencyRows = rowsByType('shared-dependencies', sharedDependenciesFile, 'entries', DEPENDENCIES, byType);
const safeguardResourceRows = rowsByType('safeguards.resources', safeguardsFile, 'resources', () => SAFEGUARDS.resources, byType);
const safeguardRows = rowsByType('safeguards.attributes', safeguardsFile, 'attributes', () => SAFEGUARDS.attributes, byAttribute);
const haRows = rowsByType('high-availability', highAvailabilityFile, 'attributes', HA, byAttribute);
const restartRows = rowsByType('restarts', restartsFile, 'entries', RESTARTS, byType);
const restartInfo = new Map<string, RestartInfo | undefined>();

const tokenRows = once(() => uniqueMap('pulumi-tokens', PULUMI.tokens, (e) => e.token));
const aliasByType = once(() => uniqueMap('terraformTypeAliases', PULUMI.terraformTypeAliases, (e) => e.alias));
const tokensByType = once((): ReadonlyMap<string, readonly string[]> => {
  const map = new Map<string, string[]>();
  const order = { current: 0, legacy: 1, alias: 2 } as const;
  const rows = [...PULUMI.tokens].sort((a, b) => order[a.status] - order[b.status]);
  for (const row of rows) {
    for (const type of [row.type, ...(row.alsoTypes ?? [])]) {
      const list = map.get(type);
      if (list) list.push(row.token);
      else map.set(type, [row.token]);
    }
  }
  for (const list of map.values()) Object.freeze(list);
  return map;
});

/**
 * The Terraform type a look-up key stands for: a Pulumi token is mapped through the token table,
 * a Terraform alias type (`aws_alb`) to its canonical type; anything else is returned as is.
 */
export function canonicalType(typeOrToken: string): string {
  const t = typeOrToken.includes(':') ? (tokenRows().get(typeOrToken)?.type ?? typeOrToken) : typeOrToken;
  return aliasByType().get(t)?.type ?? t;
}

/** The catalog type of a model resource change: its `canonicalType` if ingest set one, else its `type`, resolved. */
export function catalogTypeOf(change: { type: string; canonicalType?: string | undefined }): string {
  return canonicalType(change.canonicalType ?? change.type);
}

/** A data-bearing type: replacing or deleting it destroys data. */
export function dataStore(type: string): DataStore | undefined {
  return dataStoreRows(canonicalType(type))[0];
}

export function isDataStore(type: string): boolean {
  return dataStore(type) !== undefined;
}

/** Serving capacity (clusters, node pools, scale sets, Kubernetes workloads). */
export function servingCapacity(type: string): ServingCapacity | undefined {
  return servingRows(canonicalType(type))[0];
}

/** Attributes that protect the resource or its data, with the value that means "off". */
export function safeguards(type: string): readonly Safeguard[] {
  return safeguardRows(canonicalType(type));
}

/** A resource whose job is to protect others (azurerm_management_lock, a PodDisruptionBudget). */
export function safeguardResource(type: string): SafeguardResource | undefined {
  return safeguardResourceRows(canonicalType(type))[0];
}

/** Attributes that keep the resource highly available, with the change that weakens them. */
export function haAttributes(type: string): readonly HaAttribute[] {
  return haRows(canonicalType(type));
}

/** A resource that carries traffic: routes, tables, VPN, interconnect, NAT, load balancers, DNS ... */
export function networkPath(type: string): NetworkPath | undefined {
  return networkRows(canonicalType(type))[0];
}

/** In-place changes that restart, reboot, fail over or roll the resource, and what defers them. */
export function restartAttributes(type: string): RestartInfo | undefined {
  const t = canonicalType(type);
  if (!restartInfo.has(t)) {
    const e = restartRows(t)[0];
    restartInfo.set(t, e && Object.freeze({ ...e, attributes: Object.freeze(e.changes.map((c) => c.attribute)) }));
  }
  return restartInfo.get(t);
}

/** An in-use object others depend on (parameter/subnet group, security group, target group ...). */
export function sharedDependency(type: string): SharedDependency | undefined {
  return dependencyRows(canonicalType(type))[0];
}

/** `aws:rds/instance:Instance` → `aws_db_instance`; current, legacy and alias tokens. */
export function terraformTypeForPulumi(token: string): string | undefined {
  return tokenRows().get(token)?.type;
}

/** The token table row: status, auto-named property, forced delete-before-replace, replace keys. */
export function pulumiToken(token: string): PulumiToken | undefined {
  const row = tokenRows().get(token);
  return row && deepFreeze(row);
}

/** Pulumi tokens of a Terraform type, current first, then legacy and alias tokens. */
export function pulumiTokensFor(type: string): readonly string[] {
  return tokensByType().get(type) ?? tokensByType().get(canonicalType(type)) ?? EMPTY;
}

/** Every type any table knows (Terraform alias types excluded), sorted. */
export function allCatalogTypes(): readonly string[] {
  return allTypes();
}

const allTypes = once((): readonly string[] => {
  const t = catalogTables;
  const tables: readonly (readonly { type: string }[])[] = [t.dataStores, t.servingCapacity, t.networkPaths, t.sharedDependencies, t.safeguards, t.safeguardResources, t.highAvailability, t.restarts];
  return Object.freeze([...new Set(tables.flatMap((rows) => rows.map((r) => r.type)))].sort());
});

/** The raw tables, read-only (each deep-frozen when first read), for consistency tests, docs and Pulumi's property names. */
export const catalogTables: {
  readonly dataStores: readonly DataStore[];
  readonly servingCapacity: readonly ServingCapacity[];
  readonly networkPaths: readonly NetworkPath[];
  readonly restarts: readonly RestartEntry[];
  readonly sharedDependencies: readonly SharedDependency[];
  readonly safeguards: readonly Safeguard[];
  readonly safeguardResources: readonly SafeguardResource[];
  readonly highAvailability: readonly HaAttribute[];
  readonly pulumiTokens: readonly PulumiToken[];
  readonly terraformTypeAliases: readonly TypeAlias[];
} = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(
      Object.entries({
        dataStores: DATA_STORES,
        servingCapacity: SERVING,
        networkPaths: NETWORK,
        restarts: RESTARTS,
        sharedDependencies: DEPENDENCIES,
        safeguards: () => SAFEGUARDS.attributes,
        safeguardResources: () => SAFEGUARDS.resources,
        highAvailability: HA,
        pulumiTokens: () => PULUMI.tokens,
        terraformTypeAliases: () => PULUMI.terraformTypeAliases,
      }).map(([name, table]) => [name, { enumerable: true, get: () => deepFreeze(table()) }]),
    ),
  ),
) as never;

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
// Nothing is built at module load (issue 16: a 10-change check must start as fast as Node):
// each look-up map is built the first time it is asked for, and a row is deep-frozen the first
// time it leaves this module, so a rule can never change the catalog another rule reads, and a
// small plan pays for the rows it touches, not for the ~3,000 objects of every table. The
// tables' duplicate checks run when their map is built (and in test/catalog/catalog.test.ts).
// The bundle goes one step further (scripts/bundle.mjs): each file's members are parsed when
// first read, so every table below is read inside a builder, never at module load.
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

/** Rows grouped by type; each group frozen (with its rows) when it is first handed out. */
function groupBy<T extends { type: string }>(table: string, rows: readonly T[], key: (row: T) => string): Map<string, readonly T[]> {
  uniqueMap(table, rows, key);
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.type);
    if (list) list.push(row);
    else map.set(row.type, [row]);
  }
  return map;
}

/** `map.get(key)`, deep-frozen on its way out. */
function lookUp<T>(map: ReadonlyMap<string, T>, key: string): T | undefined {
  const v = map.get(key);
  return v === undefined ? undefined : deepFreeze(v);
}

const dataStoreByType = once(() => uniqueMap('data-stores', DATA_STORES(), (e) => e.type));
const servingByType = once(() => uniqueMap('serving-capacity', SERVING(), (e) => e.type));
const networkByType = once(() => uniqueMap('network-paths', NETWORK(), (e) => e.type));
const dependencyByType = once(() => uniqueMap('shared-dependencies', DEPENDENCIES(), (e) => e.type));
const safeguardResourceByType = once(() => uniqueMap('safeguards.resources', SAFEGUARDS.resources, (e) => e.type));
const safeguardsByType = once(() => groupBy('safeguards.attributes', SAFEGUARDS.attributes, (e) => `${e.type} ${e.attribute}`));
const haByType = once(() => groupBy('high-availability', HA(), (e) => `${e.type} ${e.attribute}`));
const restartByType = once(
  (): ReadonlyMap<string, RestartInfo> =>
    new Map(
      [...uniqueMap('restarts', RESTARTS(), (e) => e.type)].map(([type, e]) => [
        type,
        { ...e, attributes: Object.freeze(e.changes.map((c) => c.attribute)) },
      ]),
    ),
);
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

const EMPTY: readonly never[] = Object.freeze([]);

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
  return lookUp(dataStoreByType(), canonicalType(type));
}

export function isDataStore(type: string): boolean {
  return dataStore(type) !== undefined;
}

/** Serving capacity (clusters, node pools, scale sets, Kubernetes workloads). */
export function servingCapacity(type: string): ServingCapacity | undefined {
  return lookUp(servingByType(), canonicalType(type));
}

/** Attributes that protect the resource or its data, with the value that means "off". */
export function safeguards(type: string): readonly Safeguard[] {
  return lookUp(safeguardsByType(), canonicalType(type)) ?? EMPTY;
}

/** A resource whose job is to protect others (azurerm_management_lock, a PodDisruptionBudget). */
export function safeguardResource(type: string): SafeguardResource | undefined {
  return lookUp(safeguardResourceByType(), canonicalType(type));
}

/** Attributes that keep the resource highly available, with the change that weakens them. */
export function haAttributes(type: string): readonly HaAttribute[] {
  return lookUp(haByType(), canonicalType(type)) ?? EMPTY;
}

/** A resource that carries traffic: routes, tables, VPN, interconnect, NAT, load balancers, DNS ... */
export function networkPath(type: string): NetworkPath | undefined {
  return lookUp(networkByType(), canonicalType(type));
}

/** In-place changes that restart, reboot, fail over or roll the resource, and what defers them. */
export function restartAttributes(type: string): RestartInfo | undefined {
  return lookUp(restartByType(), canonicalType(type));
}

/** An in-use object others depend on (parameter/subnet group, security group, target group ...). */
export function sharedDependency(type: string): SharedDependency | undefined {
  return lookUp(dependencyByType(), canonicalType(type));
}

/** `aws:rds/instance:Instance` → `aws_db_instance`; current, legacy and alias tokens. */
export function terraformTypeForPulumi(token: string): string | undefined {
  return tokenRows().get(token)?.type;
}

/** The token table row: status, auto-named property, forced delete-before-replace, replace keys. */
export function pulumiToken(token: string): PulumiToken | undefined {
  return lookUp(tokenRows(), token);
}

/** Pulumi tokens of a Terraform type, current first, then legacy and alias tokens. */
export function pulumiTokensFor(type: string): readonly string[] {
  return tokensByType().get(type) ?? tokensByType().get(canonicalType(type)) ?? EMPTY;
}

/** Every type any table knows (Terraform alias types excluded), sorted. */
export function allCatalogTypes(): readonly string[] {
  return allTypes();
}

const allTypes = once((): readonly string[] =>
  Object.freeze(
    [
      ...new Set([
        ...dataStoreByType().keys(),
        ...servingByType().keys(),
        ...networkByType().keys(),
        ...dependencyByType().keys(),
        ...safeguardsByType().keys(),
        ...safeguardResourceByType().keys(),
        ...haByType().keys(),
        ...restartByType().keys(),
      ]),
    ].sort(),
  ),
);

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

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allCatalogTypes,
  camelToSnake,
  canonicalType,
  catalogTables,
  catalogTypeOf,
  dataStore,
  haAttributes,
  isDataStore,
  isHaUnhealthy,
  isHaWeakened,
  isSafeguardOff,
  isSafeguardWeakened,
  isUnknownAt,
  isWeakening,
  matchesValue,
  networkPath,
  pathMatches,
  pulumiPropertyNames,
  pulumiToken,
  pulumiTokensFor,
  readAttributeValues,
  restartAttributes,
  safeguardResource,
  safeguards,
  samePropertyName,
  servingCapacity,
  sharedDependency,
  snakeToCamel,
  terraformAttributeNames,
  terraformTypeForPulumi,
} from '../../rules/catalog/index.js';
import type { ChangePredicate, HaAttribute, Safeguard, ValuePredicate } from '../../rules/catalog/index.js';

const TYPE_RE = /^[a-z0-9]+_[a-z0-9_]+$/;
const PATH_RE = /^[a-z0-9_]+(\[\])?(\.[a-z0-9_]+(\[\])?)*$/;
const TOKEN_RE = /^[a-z0-9-]+:[A-Za-z0-9.\-/]+:[A-Za-z0-9]+$/;
const PROVIDERS = ['aws', 'google', 'azurerm', 'kubernetes'];

const DATA_CATEGORIES = ['database', 'warehouse', 'search', 'cache', 'queue', 'storage', 'backup', 'file-system', 'disk', 'disk-attachment', 'storage-class', 'server', 'key', 'secret', 'dns', 'container'];
const NETWORK_CATEGORIES = ['route', 'route-table', 'route-table-association', 'route-propagation', 'vpn', 'transit-gateway', 'interconnect', 'bgp', 'router', 'nat', 'gateway', 'peering', 'load-balancer', 'cdn', 'listener', 'backend', 'ip-address', 'network', 'subnet', 'firewall', 'endpoint', 'service', 'ingress', 'dns-zone', 'dns-record'];
const SAFEGUARD_KINDS = ['deletion-protection', 'termination-protection', 'stop-protection', 'final-snapshot', 'backups', 'force-destroy', 'force-detach', 'deletion-policy', 'soft-delete', 'skip-destroy', 'delete-on-termination', 'shutdown-behavior', 'object-lock', 'retention-lock', 'immutability', 'replication-protection', 'reclaim-policy', 'key-enabled', 'policy-lockout-check'];
const SAFEGUARD_EFFECTS = ['api-blocks-delete', 'provider-blocks-delete', 'final-backup', 'retains-data', 'soft-delete-window', 'protects-contents', 'detach-only', 'blocks-stop', 'none'];
const HA_KINDS = ['failover', 'failover-priority', 'failover-prerequisite', 'failure-detection', 'multi-az', 'zone-redundancy', 'geo-replication', 'replicas', 'shards', 'capacity', 'tier', 'quorum', 'placement', 'replication-role', 'routing', 'routing-policy', 'health-check', 'bgp', 'path-redundancy', 'path-enabled', 'traffic', 'update-strategy', 'backups'];

const t = catalogTables;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) (seen.has(v) ? dups : seen).add(v);
  return [...dups];
}

function expectValuePredicate(p: ValuePredicate, where: string): void {
  const keys = Object.keys(p);
  expect(keys, where).toHaveLength(1);
  const [k] = keys;
  const v = (p as Record<string, unknown>)[k ?? ''];
  switch (k) {
    case 'equals':
      expect(['string', 'number', 'boolean'].includes(typeof v) || v === null, where).toBe(true);
      break;
    case 'in':
    case 'notIn':
      expect(Array.isArray(v) && v.length > 0, where).toBe(true);
      break;
    case 'truthy':
    case 'falsy':
      expect(v, where).toBe(true);
      break;
    case 'lessThan':
    case 'lessThanOrEqual':
      expect(typeof v, where).toBe('number');
      break;
    case 'matches':
    case 'notMatches':
      expect(typeof v, where).toBe('string');
      expect(() => new RegExp(v as string), where).not.toThrow();
      break;
    default:
      throw new Error(`${where}: unknown predicate ${String(k)}`);
  }
}

function expectChangePredicate(p: ChangePredicate, where: string): void {
  if ('decreases' in p || 'increases' in p || 'changes' in p) {
    expect(Object.keys(p), where).toHaveLength(1);
    expect(Object.values(p)[0], where).toBe(true);
    return;
  }
  expectValuePredicate(p, where);
}

describe('catalog data files', () => {
  it('every JSON file in rules/catalog is valid JSON with a description', () => {
    const dir = new URL('../../rules/catalog/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const parsed = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { description?: unknown };
      expect(typeof parsed.description, f).toBe('string');
    }
  });

  it('tables are deeply frozen', () => {
    const db = dataStore('aws_db_instance');
    expect(db).toBeDefined();
    expect(Object.isFrozen(db)).toBe(true);
    expect(Object.isFrozen(db?.nameAttributes)).toBe(true);
    expect(Object.isFrozen(t.dataStores)).toBe(true);
    expect(() => (t.dataStores as unknown as unknown[]).push({})).toThrow();
  });

  it('every look-up hands out deep-frozen rows, though nothing is frozen at load', () => {
    const deepFrozen = (v: unknown): boolean =>
      typeof v !== 'object' || v === null || (Object.isFrozen(v) && Object.values(v).every(deepFrozen));
    const sg = safeguards('aws_db_instance');
    expect(sg.length).toBeGreaterThan(0);
    expect(deepFrozen(sg)).toBe(true);
    expect(deepFrozen(haAttributes('aws_elasticache_replication_group'))).toBe(true);
    expect(deepFrozen(restartAttributes('aws_db_instance'))).toBe(true);
    expect(deepFrozen(pulumiToken('aws:rds/instance:Instance'))).toBe(true);
    for (const table of Object.values(t)) expect(deepFrozen(table)).toBe(true);
    expect(() => {
      (sg[0] as { attribute: string }).attribute = 'x';
    }).toThrow();
  });
});

describe('data stores', () => {
  it('covers at least the 120 data-bearing types of the reference', () => {
    expect(t.dataStores.length).toBeGreaterThanOrEqual(120);
    for (const p of PROVIDERS) expect(t.dataStores.some((e) => e.provider === p), p).toBe(true);
  });

  it('every entry is well formed', () => {
    for (const e of t.dataStores) {
      expect(e.type, e.type).toMatch(TYPE_RE);
      expect(PROVIDERS, e.type).toContain(e.provider);
      expect(e.type.startsWith(`${e.provider}_`), e.type).toBe(true);
      expect(DATA_CATEGORIES, e.type).toContain(e.category);
      expect(e.source.length, e.type).toBeGreaterThan(10);
      const paths = [...e.nameAttributes, ...(e.renameInPlace ?? []), ...(e.forceNewAttributes ?? []), ...(e.forceNewConditional ?? []), ...(e.reimageTriggers ?? []), ...(e.containedIn ?? []), ...(e.clusterOf ? [e.clusterOf] : [])];
      for (const p of paths) expect(p, `${e.type} ${p}`).toMatch(PATH_RE);
    }
  });

  it('a name attribute either forces replacement or is marked as renamed in place', () => {
    for (const e of t.dataStores) {
      const forcing = new Set([...(e.forceNewAttributes ?? []), ...(e.forceNewConditional ?? [])]);
      const inPlace = new Set(e.renameInPlace ?? []);
      for (const n of e.nameAttributes) expect(forcing.has(n) || inPlace.has(n), `${e.type} ${n}`).toBe(true);
      for (const n of inPlace) {
        expect(e.nameAttributes, `${e.type} ${n}`).toContain(n);
        expect(forcing.has(n), `${e.type} ${n} both in place and forcing`).toBe(false);
      }
    }
  });

  it('spot checks', () => {
    expect(dataStore('aws_db_instance')?.nameAttributes).toContain('identifier');
    expect(dataStore('aws_db_instance')?.renameInPlace).toContain('identifier');
    expect(dataStore('aws_rds_cluster')?.category).toBe('database');
    expect(dataStore('aws_rds_cluster')?.nameAttributes).toContain('cluster_identifier');
    expect(dataStore('aws_rds_cluster')?.forceNewAttributes).toContain('cluster_identifier');
    expect(dataStore('aws_s3_bucket')?.nameAttributes).toEqual(['bucket', 'bucket_prefix']);
    expect(dataStore('aws_elasticache_replication_group')?.category).toBe('cache');
    expect(dataStore('google_sql_database_instance')?.provider).toBe('google');
    expect(dataStore('azurerm_postgresql_flexible_server')?.category).toBe('database');
    expect(dataStore('kubernetes_persistent_volume_claim_v1')?.nameAttributes).toContain('metadata[].name');
    expect(dataStore('azurerm_resource_group')?.forceNewAttributes).toContain('name');
    expect(dataStore('aws_opensearch_domain')?.category).toBe('search');
    expect(dataStore('aws_redshift_cluster')?.category).toBe('warehouse');
    expect(dataStore('aws_vpc')).toBeUndefined();
    expect(dataStore('no_such_type')).toBeUndefined();
    expect(isDataStore('aws_dynamodb_table')).toBe(true);
    expect(isDataStore('aws_route')).toBe(false);
  });

  it('compute instances that hold data are servers with re-image triggers (incident 001)', () => {
    for (const type of ['aws_instance', 'google_compute_instance', 'azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_virtual_machine']) {
      const e = dataStore(type);
      expect(e?.category, type).toBe('server');
      expect(e?.reimageTriggers?.length, type).toBeGreaterThan(0);
    }
    expect(dataStore('aws_instance')?.reimageTriggers?.[0]).toBe('ami');
    expect(dataStore('aws_instance')?.reimageTriggers).toContain('user_data');
    expect(dataStore('google_compute_instance')?.reimageTriggers).toContain('boot_disk[].initialize_params[].image');
    expect(dataStore('google_compute_instance')?.nameAttributes).toEqual(['name', 'hostname']);
    expect(dataStore('azurerm_linux_virtual_machine')?.reimageTriggers).toContain('source_image_reference');
    // only servers carry re-image triggers
    for (const e of t.dataStores) if (e.reimageTriggers) expect(e.category, e.type).toBe('server');
  });

  it('cluster members name their cluster', () => {
    expect(dataStore('aws_rds_cluster_instance')?.clusterOf).toBe('cluster_identifier');
    expect(dataStore('aws_docdb_cluster_instance')?.clusterOf).toBe('cluster_identifier');
    expect(dataStore('aws_neptune_cluster_instance')?.clusterOf).toBe('cluster_identifier');
    expect(dataStore('aws_elasticache_cluster')?.clusterOf).toBe('replication_group_id');
    expect(dataStore('google_alloydb_instance')?.clusterOf).toBe('cluster');
    expect(dataStore('azurerm_mssql_database')?.containedIn).toEqual(['server_id']);
  });
});

describe('tables do not overlap ambiguously', () => {
  const dataTypes = t.dataStores.map((e) => e.type);
  const netTypes = t.networkPaths.map((e) => e.type);
  const servingTypes = t.servingCapacity.map((e) => e.type);

  it('no type appears twice within a table', () => {
    expect(duplicates(dataTypes)).toEqual([]);
    expect(duplicates(netTypes)).toEqual([]);
    expect(duplicates(servingTypes)).toEqual([]);
    expect(duplicates(t.restarts.map((e) => e.type))).toEqual([]);
    expect(duplicates(t.sharedDependencies.map((e) => e.type))).toEqual([]);
    expect(duplicates(t.safeguardResources.map((e) => e.type))).toEqual([]);
    expect(duplicates(t.safeguards.map((e) => `${e.type} ${e.attribute}`))).toEqual([]);
    expect(duplicates(t.highAvailability.map((e) => `${e.type} ${e.attribute}`))).toEqual([]);
    expect(duplicates(t.pulumiTokens.map((e) => e.token))).toEqual([]);
  });

  it('a type is a data store, serving capacity or a network path, never two, except DNS', () => {
    const serving = new Set(servingTypes);
    const net = new Set(netTypes);
    expect(dataTypes.filter((x) => serving.has(x))).toEqual([]);
    expect(netTypes.filter((x) => serving.has(x))).toEqual([]);
    // DNS zones and records hold records (data) and carry traffic: both tables, consistent categories
    const both = dataTypes.filter((x) => net.has(x));
    expect(both.length).toBe(9);
    for (const type of both) {
      expect(dataStore(type)?.category, type).toBe('dns');
      expect(['dns-zone', 'dns-record'], type).toContain(networkPath(type)?.category);
    }
    for (const e of t.networkPaths) {
      if (e.category === 'dns-zone' || e.category === 'dns-record') expect(dataStore(e.type)?.category, e.type).toBe('dns');
    }
  });

  it('every fact table only names types that a kind table knows', () => {
    const known = new Set([...dataTypes, ...netTypes, ...servingTypes, ...t.sharedDependencies.map((e) => e.type), ...t.safeguardResources.map((e) => e.type)]);
    const orphan = [...t.safeguards, ...t.highAvailability, ...t.restarts].map((e) => e.type).filter((x) => !known.has(x));
    expect([...new Set(orphan)]).toEqual([]);
  });

  it('every entry type in every table is a plausible provider type', () => {
    const all = [
      ...t.dataStores,
      ...t.networkPaths,
      ...t.servingCapacity,
      ...t.restarts,
      ...t.sharedDependencies,
      ...t.safeguards,
      ...t.safeguardResources,
      ...t.highAvailability,
      ...t.pulumiTokens,
    ].map((e) => e.type);
    for (const type of all) expect(type).toMatch(TYPE_RE);
    for (const type of allCatalogTypes()) expect(type).toMatch(TYPE_RE);
  });

  it('allCatalogTypes is the sorted union of the tables', () => {
    const all = allCatalogTypes();
    expect(all.length).toBeGreaterThanOrEqual(260);
    expect([...all].sort()).toEqual(all);
    expect(duplicates(all)).toEqual([]);
    for (const type of ['aws_db_instance', 'aws_route', 'aws_autoscaling_group', 'aws_db_parameter_group', 'azurerm_management_lock']) expect(all).toContain(type);
  });
});

describe('safeguards', () => {
  it('every entry is well formed', () => {
    expect(t.safeguards.length).toBeGreaterThanOrEqual(140);
    for (const s of t.safeguards) {
      const where = `${s.type} ${s.attribute}`;
      expect(s.attribute, where).toMatch(PATH_RE);
      expect(SAFEGUARD_KINDS, where).toContain(s.kind);
      expect(SAFEGUARD_EFFECTS, where).toContain(s.effect);
      expectValuePredicate(s.off, where);
      if (s.weakenedWhen) expectChangePredicate(s.weakenedWhen, where);
      expect(s.source.length, where).toBeGreaterThan(10);
      // lifecycle meta-arguments and provider features are not resource attributes in plan JSON
      expect(s.attribute.startsWith('lifecycle'), where).toBe(false);
      expect(s.attribute.startsWith('features'), where).toBe(false);
    }
  });

  it('spot checks', () => {
    const db = safeguards('aws_db_instance');
    const dp = db.find((s) => s.attribute === 'deletion_protection');
    expect(dp?.kind).toBe('deletion-protection');
    expect(dp?.off).toEqual({ falsy: true });
    expect(db.find((s) => s.attribute === 'skip_final_snapshot')?.off).toEqual({ truthy: true });
    expect(db.find((s) => s.attribute === 'backup_retention_period')?.kind).toBe('backups');
    expect(safeguards('aws_s3_bucket').find((s) => s.attribute === 'force_destroy')?.kind).toBe('force-destroy');
    const term = safeguards('aws_instance').find((s) => s.attribute === 'disable_api_termination');
    expect(term?.kind).toBe('termination-protection');
    expect(term?.effect).toBe('none'); // F1: the provider turns it off before terminating
    expect(safeguards('google_sql_database_instance').map((s) => s.attribute)).toEqual(expect.arrayContaining(['deletion_protection', 'settings[].deletion_protection_enabled', 'deletion_policy']));
    expect(safeguards('google_compute_route').find((s) => s.attribute === 'deletion_policy')?.kind).toBe('deletion-policy');
    expect(safeguards('kubernetes_persistent_volume').length).toBeGreaterThan(0);
    expect(safeguards('no_such_type')).toEqual([]);
  });

  it('evaluates against real before/after objects', () => {
    const dp = safeguards('aws_db_instance').find((s) => s.attribute === 'deletion_protection') as Safeguard;
    expect(isSafeguardOff(dp, { deletion_protection: false })).toBe(true);
    expect(isSafeguardOff(dp, { deletion_protection: null })).toBe(true);
    expect(isSafeguardOff(dp, { deletion_protection: true })).toBe(false);
    expect(isSafeguardWeakened(dp, { deletion_protection: true }, { deletion_protection: false })).toBe(true);
    expect(isSafeguardWeakened(dp, { deletion_protection: false }, { deletion_protection: false })).toBe(false);

    const root = safeguards('aws_instance').find((s) => s.attribute === 'root_block_device[].delete_on_termination') as Safeguard;
    expect(isSafeguardOff(root, { root_block_device: [{ delete_on_termination: true }] })).toBe(true);
    expect(isSafeguardOff(root, { root_block_device: [{ delete_on_termination: false }] })).toBe(false);

    const kms = safeguards('aws_kms_key').find((s) => s.attribute === 'deletion_window_in_days') as Safeguard;
    expect(isSafeguardWeakened(kms, { deletion_window_in_days: 30 }, { deletion_window_in_days: 20 })).toBe(true);
    expect(isSafeguardWeakened(kms, { deletion_window_in_days: 20 }, { deletion_window_in_days: 30 })).toBe(false);

    const policy = safeguards('google_sql_database_instance').find((s) => s.attribute === 'deletion_policy') as Safeguard;
    expect(isSafeguardOff(policy, {})).toBe(true); // absent = provider default DELETE
    expect(isSafeguardOff(policy, { deletion_policy: 'PREVENT' })).toBe(false);

    const gkms = safeguards('google_kms_crypto_key').find((s) => s.attribute === 'destroy_scheduled_duration') as Safeguard;
    expect(isSafeguardOff(gkms, { destroy_scheduled_duration: '86400s' })).toBe(true);
    expect(isSafeguardOff(gkms, { destroy_scheduled_duration: '2592000s' })).toBe(false);
  });

  it('safeguard resources', () => {
    expect(safeguardResource('azurerm_management_lock')?.protectiveValues).toEqual(['CanNotDelete', 'ReadOnly']);
    expect(safeguardResource('kubernetes_pod_disruption_budget_v1')?.kind).toBe('disruption-budget');
    expect(safeguardResource('aws_db_instance')).toBeUndefined();
  });
});

describe('high availability', () => {
  it('every entry is well formed', () => {
    expect(t.highAvailability.length).toBeGreaterThanOrEqual(120);
    for (const h of t.highAvailability) {
      const where = `${h.type} ${h.attribute}`;
      expect(h.attribute, where).toMatch(PATH_RE);
      expect(HA_KINDS, where).toContain(h.kind);
      expectChangePredicate(h.weakenedWhen, where);
      if (h.unhealthy) expectValuePredicate(h.unhealthy, where);
      expect(h.source.length, where).toBeGreaterThan(10);
    }
  });

  it('incident 003: the in-memory database attributes', () => {
    const rg = haAttributes('aws_elasticache_replication_group');
    const failover = rg.find((h) => h.kind === 'failover');
    expect(failover?.attribute).toBe('automatic_failover_enabled');
    expect(rg.map((h) => h.attribute)).toEqual(expect.arrayContaining(['multi_az_enabled', 'num_cache_clusters', 'replicas_per_node_group']));
    expect(isHaWeakened(failover as HaAttribute, { automatic_failover_enabled: true }, { automatic_failover_enabled: false })).toBe(true);
    expect(isHaWeakened(failover as HaAttribute, { automatic_failover_enabled: false }, { automatic_failover_enabled: true })).toBe(false);
    const replicas = rg.find((h) => h.attribute === 'num_cache_clusters') as HaAttribute;
    expect(isHaWeakened(replicas, { num_cache_clusters: 3 }, { num_cache_clusters: 1 })).toBe(true);
    expect(isHaWeakened(replicas, { num_cache_clusters: 1 }, { num_cache_clusters: 3 })).toBe(false);
    expect(isHaUnhealthy(replicas, { num_cache_clusters: 1 })).toBe(true);
    expect(isHaUnhealthy(replicas, { num_cache_clusters: 2 })).toBe(false);
  });

  it('multi-AZ, regional and standard-HA tiers', () => {
    expect(haAttributes('aws_db_instance').find((h) => h.attribute === 'multi_az')?.kind).toBe('multi-az');
    expect(haAttributes('aws_rds_cluster').length).toBeGreaterThan(0);
    const sql = haAttributes('google_sql_database_instance').find((h) => h.attribute === 'settings[].availability_type') as HaAttribute;
    expect(sql.weakenedWhen).toEqual({ equals: 'ZONAL' });
    expect(isHaWeakened(sql, { settings: [{ availability_type: 'REGIONAL' }] }, { settings: [{ availability_type: 'ZONAL' }] })).toBe(true);
    expect(isHaWeakened(sql, { settings: [{ availability_type: 'ZONAL' }] }, { settings: [{ availability_type: 'REGIONAL' }] })).toBe(false);
    const redis = haAttributes('google_redis_instance').find((h) => h.attribute === 'tier') as HaAttribute;
    expect(isHaWeakened(redis, { tier: 'STANDARD_HA' }, { tier: 'BASIC' })).toBe(true);
    expect(haAttributes('azurerm_redis_cache').find((h) => h.attribute === 'sku_name')?.weakenedWhen).toEqual({ equals: 'Basic' });
    const gke = haAttributes('google_container_cluster').find((h) => h.attribute === 'location') as HaAttribute;
    expect(isHaUnhealthy(gke, { location: 'europe-west1-b' })).toBe(true);
    expect(isHaUnhealthy(gke, { location: 'europe-west1' })).toBe(false);
    expect(haAttributes('no_such_type')).toEqual([]);
  });
});

describe('network paths', () => {
  it('every entry is well formed', () => {
    expect(t.networkPaths.length).toBeGreaterThanOrEqual(110);
    for (const e of t.networkPaths) {
      expect(PROVIDERS, e.type).toContain(e.provider);
      expect(NETWORK_CATEGORIES, e.type).toContain(e.category);
      expect(['critical', 'high', 'medium'], e.type).toContain(e.outageOnDelete);
      for (const a of [...(e.redundancyKey ?? []), ...(e.forceNewAttributes ?? []), ...(e.pathChangeAttributes ?? []).map((p) => p.attribute)]) expect(a, `${e.type} ${a}`).toMatch(PATH_RE);
      for (const p of e.pathChangeAttributes ?? []) expect(p.source.length, e.type).toBeGreaterThan(5);
      expect(e.source.length, e.type).toBeGreaterThan(10);
    }
    for (const c of ['route', 'route-table', 'route-table-association', 'vpn', 'transit-gateway', 'nat', 'peering', 'listener', 'dns-zone', 'dns-record', 'load-balancer', 'interconnect']) {
      expect(t.networkPaths.some((e) => e.category === c), c).toBe(true);
    }
  });

  it('spot checks', () => {
    const route = networkPath('aws_route');
    expect(route?.category).toBe('route');
    expect(route?.redundancyKey).toEqual(expect.arrayContaining(['route_table_id', 'destination_cidr_block']));
    expect(route?.pathChangeAttributes?.map((p) => p.attribute)).toContain('nat_gateway_id');
    expect(networkPath('aws_route_table_association')?.category).toBe('route-table-association');
    expect(networkPath('aws_nat_gateway')?.category).toBe('nat');
    expect(networkPath('aws_lb_listener')?.outageOnDelete).toBe('critical');
    expect(networkPath('google_compute_vpn_tunnel')?.redundancyKey).toEqual(['vpn_gateway']);
    expect(networkPath('azurerm_virtual_network_gateway_connection')?.redundancyKey).toEqual(['virtual_network_gateway_id']);
    expect(networkPath('aws_route53_zone')?.category).toBe('dns-zone');
    expect(networkPath('aws_db_instance')).toBeUndefined();
  });

  it('Terraform alias types resolve to their canonical type', () => {
    expect(canonicalType('aws_alb')).toBe('aws_lb');
    expect(networkPath('aws_alb')).toBe(networkPath('aws_lb'));
    expect(networkPath('aws_alb_listener')?.type).toBe('aws_lb_listener');
    expect(safeguards('aws_alb').map((s) => s.attribute)).toContain('enable_deletion_protection');
    expect(canonicalType('aws_db_instance')).toBe('aws_db_instance');
  });
});

describe('restarts', () => {
  it('every entry is well formed', () => {
    expect(t.restarts.length).toBeGreaterThanOrEqual(35);
    for (const e of t.restarts) {
      expect(e.changes.length, e.type).toBeGreaterThan(0);
      for (const c of e.changes) {
        expect(c.attribute, `${e.type} ${c.attribute}`).toMatch(PATH_RE);
        expect(c.source.length, e.type).toBeGreaterThan(10);
      }
      for (const a of [e.immediateFlag, e.maintenanceWindow, e.lowDowntimeFlag]) if (a) expect(a, e.type).toMatch(PATH_RE);
      const info = restartAttributes(e.type);
      expect(info?.attributes, e.type).toEqual(e.changes.map((c) => c.attribute));
    }
  });

  it('incident 000: database restarts applied immediately', () => {
    const db = restartAttributes('aws_db_instance');
    expect(db?.attributes).toEqual(expect.arrayContaining(['instance_class', 'engine_version', 'parameter_group_name']));
    expect(db?.immediateFlag).toBe('apply_immediately');
    expect(db?.maintenanceWindow).toBe('maintenance_window');
    expect(restartAttributes('aws_elasticache_replication_group')?.attributes).toContain('node_type');
    expect(restartAttributes('aws_rds_cluster')?.changes.find((c) => c.attribute === 'engine_version')?.outage).toBe(true);
    expect(restartAttributes('google_sql_database_instance')?.attributes).toContain('settings[].tier');
    expect(restartAttributes('google_sql_database_instance')?.immediateFlag).toBeUndefined();
    expect(restartAttributes('aws_db_parameter_group')?.applyMethodDefault).toBe('immediate');
    expect(restartAttributes('aws_docdb_cluster_parameter_group')?.applyMethodDefault).toBe('pending-reboot');
    expect(restartAttributes('aws_route')).toBeUndefined();
  });
});

describe('serving capacity and shared dependencies', () => {
  it('serving capacity', () => {
    expect(t.servingCapacity.length).toBe(17);
    expect(servingCapacity('aws_autoscaling_group')?.nameAttributes).toEqual(['name', 'name_prefix']);
    expect(servingCapacity('kubernetes_deployment_v1')?.category).toBe('workload');
    expect(servingCapacity('aws_db_instance')).toBeUndefined();
  });

  it('shared dependencies', () => {
    expect(sharedDependency('aws_db_parameter_group')?.createBeforeDestroy).toBe(true);
    expect(sharedDependency('aws_db_parameter_group')?.configures).toEqual(['aws_db_instance']);
    expect(sharedDependency('aws_security_group')?.kind).toBe('security-group');
    expect(sharedDependency('aws_db_subnet_group')?.kind).toBe('subnet-group');
    for (const e of t.sharedDependencies) for (const c of e.configures ?? []) expect(allCatalogTypes(), `${e.type} -> ${c}`).toContain(c);
  });
});

describe('pulumi tokens', () => {
  it('every token is well formed and maps back to a catalog type', () => {
    const all = new Set(allCatalogTypes());
    expect(t.pulumiTokens.length).toBeGreaterThanOrEqual(260);
    for (const row of t.pulumiTokens) {
      expect(row.token).toMatch(TOKEN_RE);
      expect(all.has(row.type), row.token).toBe(true);
      for (const other of row.alsoTypes ?? []) expect(all.has(other), `${row.token} ${other}`).toBe(true);
      expect(terraformTypeForPulumi(row.token)).toBe(row.type);
      expect(pulumiTokensFor(row.type), row.token).toContain(row.token);
      const prefix = row.token.split(':')[0];
      const provider = row.type.split('_')[0];
      expect({ aws: 'aws', gcp: 'google', azure: 'azurerm', kubernetes: 'kubernetes' }[prefix ?? ''], row.token).toBe(provider);
    }
  });

  it('every data store, network path, serving and dependency type has a token', () => {
    const types = [...t.dataStores, ...t.networkPaths, ...t.servingCapacity, ...t.sharedDependencies, ...t.safeguardResources].map((e) => e.type);
    const missing = types.filter((x) => pulumiTokensFor(x).length === 0);
    expect(missing).toEqual([]);
  });

  it('spot checks, renamed and legacy tokens', () => {
    expect(terraformTypeForPulumi('aws:rds/instance:Instance')).toBe('aws_db_instance');
    expect(terraformTypeForPulumi('aws:rds/cluster:Cluster')).toBe('aws_rds_cluster');
    expect(terraformTypeForPulumi('gcp:sql/databaseInstance:DatabaseInstance')).toBe('google_sql_database_instance');
    expect(terraformTypeForPulumi('azure:redis/cache:Cache')).toBe('azurerm_redis_cache');
    // pulumi-aws v7 renamed the S3 bucket tokens: both the current and the v6 name map to aws_s3_bucket
    expect(terraformTypeForPulumi('aws:s3/bucket:Bucket')).toBe('aws_s3_bucket');
    expect(terraformTypeForPulumi('aws:s3/bucketV2:BucketV2')).toBe('aws_s3_bucket');
    expect(pulumiTokensFor('aws_s3_bucket')).toEqual(['aws:s3/bucket:Bucket', 'aws:s3/bucketV2:BucketV2']);
    expect(terraformTypeForPulumi('aws:elasticloadbalancingv2/loadBalancer:LoadBalancer')).toBe('aws_lb');
    expect(terraformTypeForPulumi('aws:alb/loadBalancer:LoadBalancer')).toBe('aws_lb');
    expect(pulumiTokensFor('aws_lb')[0]).toBe('aws:lb/loadBalancer:LoadBalancer');
    // one Kubernetes token serves the deprecated and the _v1 Terraform type
    expect(terraformTypeForPulumi('kubernetes:core/v1:Namespace')).toBe('kubernetes_namespace_v1');
    expect(pulumiTokensFor('kubernetes_namespace')).toEqual(['kubernetes:core/v1:Namespace']);
    expect(pulumiToken('aws:ec2transitgateway/vpcAttachment:VpcAttachment')?.deleteBeforeReplace).toBe(true);
    expect(pulumiToken('aws:elasticache/replicationGroup:ReplicationGroup')?.autoNameProperty).toBe('replication_group_id');
    expect(pulumiToken('kubernetes:apps/v1:StatefulSet')?.replaceOn).toContain('spec.volumeClaimTemplates');
    expect(terraformTypeForPulumi('aws:nope/nope:Nope')).toBeUndefined();
    expect(pulumiTokensFor('no_such_type')).toEqual([]);
  });

  it('look-ups accept a Pulumi token or a model change', () => {
    expect(dataStore('aws:rds/instance:Instance')?.type).toBe('aws_db_instance');
    expect(haAttributes('aws:elasticache/replicationGroup:ReplicationGroup').length).toBeGreaterThan(0);
    expect(catalogTypeOf({ type: 'aws:rds/cluster:Cluster' })).toBe('aws_rds_cluster');
    expect(catalogTypeOf({ type: 'aws:rds/cluster:Cluster', canonicalType: 'aws_rds_cluster' })).toBe('aws_rds_cluster');
    expect(catalogTypeOf({ type: 'aws_alb' })).toBe('aws_lb');
  });
});

describe('helpers', () => {
  it('snakeToCamel / camelToSnake', () => {
    expect(snakeToCamel('deletion_protection')).toBe('deletionProtection');
    expect(snakeToCamel('tunnel1_inside_cidr')).toBe('tunnel1InsideCidr');
    expect(snakeToCamel('boot_disk[].initialize_params[].image')).toBe('bootDisk[].initializeParams[].image');
    expect(camelToSnake('deletionProtection')).toBe('deletion_protection');
    expect(camelToSnake('tunnel1InsideCidr')).toBe('tunnel1_inside_cidr');
    expect(camelToSnake('clusterIP')).toBe('cluster_ip');
    expect(camelToSnake('spec.volumeClaimTemplates')).toBe('spec.volume_claim_templates');
    for (const s of ['backup_retention_period', 'replication_group_id', 'ipv6_cidr_block', 'skip_final_snapshot']) expect(camelToSnake(snakeToCamel(s))).toBe(s);
  });

  it('list pluralisation between Terraform and Pulumi names', () => {
    expect(pulumiPropertyNames('ebs_block_device')).toEqual(['ebsBlockDevice', 'ebsBlockDevices']);
    expect(pulumiPropertyNames('global_secondary_index')).toContain('globalSecondaryIndexes');
    expect(pulumiPropertyNames('alias')).toContain('aliases');
    expect(pulumiPropertyNames('availability_zones')).toEqual(['availabilityZones']);
    expect(terraformAttributeNames('ebsBlockDevices')).toEqual(['ebs_block_devices', 'ebs_block_device']);
    expect(terraformAttributeNames('policies')).toContain('policy');
    expect(samePropertyName('deletion_protection', 'deletionProtection')).toBe(true);
    expect(samePropertyName('ebs_block_device', 'ebsBlockDevices')).toBe(true);
    expect(samePropertyName('global_secondary_index', 'globalSecondaryIndexes')).toBe(true);
    expect(samePropertyName('alias', 'aliases')).toBe(true);
    expect(samePropertyName('name', 'namePrefix')).toBe(false);
  });

  it('paths match replace_paths and read plan values', () => {
    expect(pathMatches('boot_disk[].initialize_params[].image', ['boot_disk', 0, 'initialize_params', 0, 'image'])).toBe(true);
    expect(pathMatches('boot_disk', ['boot_disk', 0, 'initialize_params', 0, 'image'])).toBe(true);
    expect(pathMatches('boot_disk[].initialize_params[].image', ['boot_disk'])).toBe(false);
    expect(pathMatches('identifier', ['identifier'])).toBe(true);
    expect(pathMatches('identifier', ['identifier_prefix'])).toBe(false);
    expect(pathMatches('metadata[].name', ['metadata', 0, 'name'])).toBe(true);
    expect(readAttributeValues({ settings: [{ tier: 'db-f1' }] }, 'settings[].tier')).toEqual(['db-f1']);
    expect(readAttributeValues({ zones: ['1', '2'] }, 'zones')).toEqual([['1', '2']]);
    expect(readAttributeValues({ geo_location: [{ zone_redundant: true }, { zone_redundant: false }] }, 'geo_location[].zone_redundant')).toEqual([true, false]);
    expect(readAttributeValues({}, 'deletion_protection')).toEqual([]);
    expect(readAttributeValues(null, 'a.b')).toEqual([]);
    expect(isUnknownAt({ settings: true }, 'settings[].tier')).toBe(true);
    expect(isUnknownAt({ settings: [{ tier: true }] }, 'settings[].tier')).toBe(true);
    expect(isUnknownAt({ settings: [{ tier: false }] }, 'settings[].tier')).toBe(false);
    expect(isUnknownAt(true, 'anything')).toBe(true);
  });

  it('predicates', () => {
    expect(matchesValue({ falsy: true }, [])).toBe(true);
    expect(matchesValue({ falsy: true }, 'x')).toBe(false);
    expect(matchesValue({ lessThan: 2 }, ['a'])).toBe(true);
    expect(matchesValue({ lessThan: 2 }, '1')).toBe(true);
    expect(matchesValue({ lessThan: 2 }, null)).toBe(false);
    expect(matchesValue({ in: ['DELETE', null] }, undefined)).toBe(true);
    expect(matchesValue({ notIn: ['Retain'] }, null)).toBe(true);
    expect(matchesValue({ notMatches: 'AZ$' }, 'VpnGw1')).toBe(true);
    expect(matchesValue({ notMatches: 'AZ$' }, 'VpnGw1AZ')).toBe(false);
    expect(isWeakening({ decreases: true }, [3], [1])).toBe(true);
    expect(isWeakening({ decreases: true }, [['a', 'b']], [['a']])).toBe(true);
    expect(isWeakening({ increases: true }, [1], [2])).toBe(true);
    expect(isWeakening({ changes: true }, [{ a: 1 }], [{ a: 1 }])).toBe(false);
    expect(isWeakening({ changes: true }, ['a'], ['b'])).toBe(true);
    expect(isWeakening({ equals: 'BASIC' }, ['BASIC'], ['BASIC'])).toBe(false);
  });
});

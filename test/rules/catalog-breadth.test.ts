/**
 * Provider breadth of the catalog (issue 14): Google, Azure and Kubernetes data stores and the keys
 * whose deletion makes data unreadable are in the catalog with their Pulumi tokens and safeguards,
 * `planguard check` blocks their destruction with a sentence that says what is lost, and tag-,
 * label- and annotation-only updates pass. Plans: fixtures/terraform/catalog-breadth/ (hand-written,
 * see its README).
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  dataStore,
  haAttributes,
  isSafeguardOff,
  pulumiToken,
  pulumiTokensFor,
  safeguards,
  terraformTypeForPulumi,
} from '../../rules/catalog/index.js';
import { runCli } from '../helpers/cli.js';
import { readJson } from '../helpers/plans.js';

const DIR = 'fixtures/terraform/catalog-breadth';
const file = (name: string) => `${DIR}/${name}.hand-written.json`;

interface JsonFinding {
  ruleId: string;
  severity: string;
  address: string;
  message: string;
}

async function check(path: string): Promise<{ code: number; findings: JsonFinding[] }> {
  const r = await runCli(['check', path, '--format', 'json']);
  expect(r.stderr).toBe('');
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings };
}

const messageFor = (findings: JsonFinding[], address: string) => {
  const hits = findings.filter((f) => f.address === address && f.ruleId === 'data-store-replaced');
  expect(hits, address).toHaveLength(1);
  return hits[0]!;
};

// ------------------------------------------------------------------------------- the catalog

/** Every type the guarantee covers, with the category its destruction is judged by. */
const COVERED: Record<string, string> = {
  google_sql_database_instance: 'database',
  google_sql_database: 'database',
  google_spanner_instance: 'database',
  google_spanner_database: 'database',
  google_bigtable_instance: 'database',
  google_bigtable_table: 'database',
  google_redis_instance: 'cache',
  google_filestore_instance: 'file-system',
  google_storage_bucket: 'storage',
  google_compute_disk: 'disk',
  google_compute_region_disk: 'disk',
  google_bigquery_dataset: 'warehouse',
  google_bigquery_table: 'warehouse',
  google_firestore_database: 'database',
  azurerm_mssql_server: 'database',
  azurerm_mssql_database: 'database',
  azurerm_sql_server: 'database',
  azurerm_sql_database: 'database',
  azurerm_postgresql_flexible_server: 'database',
  azurerm_mysql_flexible_server: 'database',
  azurerm_cosmosdb_account: 'database',
  azurerm_cosmosdb_sql_database: 'database',
  azurerm_cosmosdb_sql_container: 'database',
  azurerm_cosmosdb_mongo_database: 'database',
  azurerm_cosmosdb_mongo_collection: 'database',
  azurerm_storage_account: 'storage',
  azurerm_storage_container: 'storage',
  azurerm_managed_disk: 'disk',
  azurerm_redis_cache: 'cache',
  azurerm_key_vault: 'key',
  azurerm_key_vault_key: 'key',
  kubernetes_stateful_set: 'server',
  kubernetes_stateful_set_v1: 'server',
  kubernetes_persistent_volume_claim: 'disk',
  kubernetes_persistent_volume_claim_v1: 'disk',
  kubernetes_persistent_volume: 'disk',
  kubernetes_persistent_volume_v1: 'disk',
  kubernetes_namespace: 'container',
  kubernetes_namespace_v1: 'container',
  aws_kms_key: 'key',
  google_kms_crypto_key: 'key',
};

/** Safeguard attributes the guarantee names, with a value that means "off" and one that means "on". */
const SAFEGUARDS: [type: string, attribute: string, off: unknown, on: unknown][] = [
  ['google_sql_database_instance', 'deletion_protection', false, true],
  ['google_sql_database_instance', 'settings[].deletion_protection_enabled', false, true],
  ['google_spanner_database', 'deletion_protection', false, true],
  ['google_bigtable_instance', 'deletion_protection', false, true],
  ['google_bigtable_table', 'deletion_protection', 'UNPROTECTED', 'PROTECTED'],
  ['google_redis_instance', 'deletion_protection', false, true],
  ['google_filestore_instance', 'deletion_protection_enabled', false, true],
  ['google_storage_bucket', 'force_destroy', true, false],
  ['google_bigquery_dataset', 'delete_contents_on_destroy', true, false],
  ['google_bigquery_table', 'deletion_protection', false, true],
  ['google_firestore_database', 'delete_protection_state', 'DELETE_PROTECTION_DISABLED', 'DELETE_PROTECTION_ENABLED'],
  ['google_compute_disk', 'deletion_policy', 'DELETE', 'PREVENT'],
  ['azurerm_key_vault', 'purge_protection_enabled', false, true],
  ['azurerm_key_vault', 'soft_delete_retention_days', 7, 90],
  ['azurerm_mssql_database', 'short_term_retention_policy[].retention_days', 1, 14],
  ['azurerm_postgresql_flexible_server', 'backup_retention_days', 1, 14],
  ['azurerm_redis_cache', 'redis_configuration[].rdb_backup_enabled', false, true],
  ['azurerm_storage_account', 'blob_properties[].delete_retention_policy[].days', null, 14],
  ['azurerm_storage_account', 'blob_properties[].container_delete_retention_policy[].days', null, 14],
  ['kubernetes_stateful_set_v1', 'spec[].persistent_volume_claim_retention_policy[].when_deleted', 'Delete', 'Retain'],
  ['kubernetes_stateful_set', 'spec[].persistent_volume_claim_retention_policy[].when_deleted', 'Delete', 'Retain'],
  ['kubernetes_persistent_volume_v1', 'spec[].persistent_volume_reclaim_policy', 'Delete', 'Retain'],
  ['aws_kms_key', 'deletion_window_in_days', 7, 30],
  ['google_kms_crypto_key', 'destroy_scheduled_duration', '86400s', '2592000s'],
];

/** Types with no attribute of their own that protects them: the catalog says so instead of inventing one. */
const NO_SAFEGUARD = [
  'azurerm_mssql_server',
  'azurerm_sql_server',
  'azurerm_sql_database',
  'azurerm_cosmosdb_account',
  'azurerm_cosmosdb_sql_database',
  'azurerm_cosmosdb_mongo_database',
  'azurerm_cosmosdb_mongo_collection',
  'azurerm_managed_disk',
  'azurerm_key_vault_key',
  'kubernetes_persistent_volume_claim',
  'kubernetes_persistent_volume_claim_v1',
  'kubernetes_namespace',
  'kubernetes_namespace_v1',
];

/** Build one object with `value` at a catalog path (`a[].b` → { a: [{ b: value }] }). */
function objectWith(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  let inner: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    inner = p.endsWith('[]') ? { [p.slice(0, -2)]: [inner] } : { [p]: inner };
  }
  return inner as Record<string, unknown>;
}

describe('catalog breadth', () => {
  it.each(Object.entries(COVERED))('%s is a data store (%s) with a current Pulumi token', (type, category) => {
    const store = dataStore(type);
    expect(store?.category).toBe(category);
    const tokens = pulumiTokensFor(type);
    expect(tokens.length, type).toBeGreaterThan(0);
    for (const t of tokens) {
      const row = pulumiToken(t)!;
      expect([row.type, ...(row.alsoTypes ?? [])]).toContain(type);
      // the token resolves to a type with the same facts
      expect(dataStore(t)?.category).toBe(category);
    }
  });

  it('Kubernetes legacy and _v1 types share one token each', () => {
    expect(terraformTypeForPulumi('kubernetes:apps/v1:StatefulSet')).toBe('kubernetes_stateful_set_v1');
    expect(terraformTypeForPulumi('kubernetes:core/v1:PersistentVolumeClaim')).toBe('kubernetes_persistent_volume_claim_v1');
    expect(terraformTypeForPulumi('kubernetes:core/v1:PersistentVolume')).toBe('kubernetes_persistent_volume_v1');
    expect(terraformTypeForPulumi('kubernetes:core/v1:Namespace')).toBe('kubernetes_namespace_v1');
    for (const [legacy, v1] of [
      ['kubernetes_stateful_set', 'kubernetes_stateful_set_v1'],
      ['kubernetes_persistent_volume_claim', 'kubernetes_persistent_volume_claim_v1'],
      ['kubernetes_namespace', 'kubernetes_namespace_v1'],
    ] as const) {
      expect(pulumiTokensFor(legacy)).toEqual(pulumiTokensFor(v1));
      expect(dataStore(legacy)?.loss).toBe(dataStore(v1)?.loss);
    }
    // the StatefulSet's claim templates force a new set
    expect(dataStore('kubernetes_stateful_set_v1')?.forceNewAttributes).toContain('spec[].volume_claim_template');
    expect(pulumiToken('kubernetes:apps/v1:StatefulSet')?.replaceOn).toContain('spec.volumeClaimTemplates');
  });

  it('legacy azurerm_sql_* tokens of pulumi-azure v5 resolve to the legacy types', () => {
    expect(terraformTypeForPulumi('azure:sql/sqlServer:SqlServer')).toBe('azurerm_sql_server');
    expect(terraformTypeForPulumi('azure:sql/database:Database')).toBe('azurerm_sql_database');
    expect(dataStore('azurerm_sql_database')?.containedIn).toEqual(['server_name']);
    expect(dataStore('azurerm_cosmosdb_mongo_collection')?.forceNewAttributes).toContain('shard_key');
  });

  it.each(SAFEGUARDS)('%s %s: off at %j, on at %j', (type, attribute, off, on) => {
    const sg = safeguards(type).find((s) => s.attribute === attribute);
    expect(sg, `${type} ${attribute}`).toBeDefined();
    expect(sg!.source).not.toBe('');
    expect(isSafeguardOff(sg!, objectWith(attribute, off))).toBe(true);
    expect(isSafeguardOff(sg!, objectWith(attribute, on))).toBe(false);
  });

  it.each(NO_SAFEGUARD)('%s has no safeguard attribute, and its note says so', (type) => {
    expect(safeguards(type)).toEqual([]);
    expect(dataStore(type)?.note).toMatch(/No attribute/);
  });

  it('HA facts stay for the replicated stores', () => {
    for (const type of ['google_sql_database_instance', 'google_redis_instance', 'azurerm_mssql_database', 'azurerm_cosmosdb_account', 'azurerm_redis_cache', 'kubernetes_stateful_set_v1']) {
      expect(haAttributes(type).length, type).toBeGreaterThan(0);
    }
  });
});

// ------------------------------------------------------------------------------- destruction

describe('destroying them blocks with what is lost', () => {
  it('a Cloud SQL instance and its database', async () => {
    const { code, findings } = await check(file('google-sql-instance-deleted'));
    expect(code).toBe(1);
    const inst = messageFor(findings, 'google_sql_database_instance.orders');
    expect(inst.severity).toBe('critical');
    expect(inst.message).toContain('(database instance) is deleted');
    expect(inst.message).toContain('every database on it is deleted with its data');
    expect(messageFor(findings, 'google_sql_database.orders').message).toContain('the data it holds is lost');
  });

  it('a Cloud SQL instance with deletion protection: the delete should fail, still blocked', async () => {
    const doc = readJson(file('google-sql-instance-deleted')) as { resource_changes: { change: { before: Record<string, unknown> } }[] };
    doc.resource_changes[0]!.change.before.deletion_protection = true;
    const { code, findings } = await checkDoc(doc);
    expect(code).toBe(1);
    expect(messageFor(findings, 'google_sql_database_instance.orders').message).toContain('`deletion_protection` is true, so the delete should fail');
  });

  it('an Azure SQL (mssql) database', async () => {
    const { code, findings } = await check(file('azure-mssql-database-deleted'));
    expect(code).toBe(1);
    expect(findings).toHaveLength(1);
    const f = messageFor(findings, 'azurerm_mssql_database.orders');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('`azurerm_mssql_database.orders` (database) is deleted because its block is no longer in the configuration: the data it holds is lost.');
  });

  it('Kubernetes volume claims, legacy and _v1', async () => {
    const { code, findings } = await check(file('kubernetes-pvc-deleted'));
    expect(code).toBe(1);
    for (const address of ['kubernetes_persistent_volume_claim_v1.orders_data', 'kubernetes_persistent_volume_claim.uploads']) {
      const f = messageFor(findings, address);
      expect(f.severity).toBe('critical');
      expect(f.message).toContain('(volume claim) is deleted');
      expect(f.message).toContain('the volume bound to it is deleted with its data unless');
    }
  });

  it('a StatefulSet: claims deleted with it (when_deleted = Delete) is critical; kept claims (the default) is high', async () => {
    const { code, findings } = await check(file('kubernetes-statefulset-replaced'));
    expect(code).toBe(1);
    const deleted = messageFor(findings, 'kubernetes_stateful_set.orders_cache');
    expect(deleted.severity).toBe('critical');
    expect(deleted.message).toContain('and so are the volume claims made from its claim templates, with the data on them');
    const replaced = messageFor(findings, 'kubernetes_stateful_set_v1.orders_db');
    expect(replaced.severity).toBe('high');
    expect(replaced.message).toContain('is destroyed and re-created because a change to `spec.0.volume_claim_template.0.spec.0.resources.0.requests.storage` forces a new one');
    expect(replaced.message).toContain('is not set (Kubernetes keeps the claims by default), so its pods are deleted but the volume claims');
  });

  it('a StatefulSet whose policy says Retain names the value', async () => {
    const doc = readJson(file('kubernetes-statefulset-replaced')) as { resource_changes: { address: string; change: { before: { spec: Record<string, unknown>[] } } }[] };
    const rc = doc.resource_changes.find((r) => r.address === 'kubernetes_stateful_set_v1.orders_db')!;
    rc.change.before.spec[0]!.persistent_volume_claim_retention_policy = [{ when_deleted: 'Retain', when_scaled: 'Retain' }];
    const { findings } = await checkDoc(doc);
    const f = messageFor(findings, 'kubernetes_stateful_set_v1.orders_db');
    expect(f.severity).toBe('high');
    expect(f.message).toContain('`spec.persistent_volume_claim_retention_policy.when_deleted` is "Retain", so its pods are deleted but');
  });

  it('a namespace: everything in it is deleted', async () => {
    const { code, findings } = await check(file('kubernetes-namespace-deleted'));
    expect(code).toBe(1);
    for (const address of ['kubernetes_namespace_v1.orders', 'kubernetes_namespace.orders_staging']) {
      const f = messageFor(findings, address);
      expect(f.severity).toBe('critical');
      expect(f.message).toContain('(namespace) is deleted');
      expect(f.message).toContain('every object in it is deleted too');
    }
  });

  it('keys: data encrypted with them becomes unreadable', async () => {
    const { code, findings } = await check(file('keys-deleted'));
    expect(code).toBe(1);
    const expected: Record<string, string> = {
      'aws_kms_key.orders': '`deletion_window_in_days`',
      'google_kms_crypto_key.orders': '`destroy_scheduled_duration`',
      'azurerm_key_vault_key.orders_tde': 'purge protection',
    };
    for (const [address, detail] of Object.entries(expected)) {
      const f = messageFor(findings, address);
      expect(f.severity).toBe('critical');
      expect(f.message).toContain('(encryption key) is deleted');
      expect(f.message).toContain(detail);
      expect(f.message).toContain('data encrypted with it becomes unreadable');
    }
  });
});

// ------------------------------------------------------------------------------- silence

describe('tag-, label- and annotation-only updates pass', () => {
  it.each(['google-labels-only', 'azure-tags-only', 'kubernetes-labels-only'])('%s: exit 0, no finding', async (name) => {
    const { code, findings } = await check(file(name));
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('the plans really change only tags, labels and annotations (and what the provider derives from them)', () => {
    const derived = /^(tags|labels|effective_labels|terraform_labels|label_fingerprint|etag|settings\.0\.user_labels|metadata\.0\.(labels|annotations))(\.|$)/;
    for (const name of ['google-labels-only', 'azure-tags-only', 'kubernetes-labels-only']) {
      const doc = readJson(file(name)) as { resource_changes: { address: string; change: { actions: string[]; before: unknown; after: unknown; after_unknown: unknown } }[] };
      for (const rc of doc.resource_changes) {
        expect(rc.change.actions).toEqual(['update']);
        const changed = diffPaths(rc.change.before, rc.change.after, '').filter((p) => !isUnknownLeaf(rc.change.after_unknown, p));
        expect(changed.length, rc.address).toBeGreaterThan(0);
        for (const p of changed) expect(p, `${name} ${rc.address}`).toMatch(derived);
      }
    }
  });
});

function diffPaths(a: unknown, b: unknown, prefix: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObj(a) || !isObj(b)) return [prefix];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => diffPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
}

function isUnknownLeaf(unknown: unknown, path: string): boolean {
  let v: unknown = unknown;
  for (const k of path.split('.')) {
    if (typeof v !== 'object' || v === null) return false;
    v = (v as Record<string, unknown>)[k];
  }
  return v === true;
}

// ------------------------------------------------------------------------------- helpers

const tmp = mkdtempSync(join(tmpdir(), 'planguard-breadth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

async function checkDoc(doc: unknown): Promise<{ code: number; findings: JsonFinding[] }> {
  const path = join(tmp, `plan-${++n}.json`);
  writeFileSync(path, JSON.stringify(doc));
  return check(path);
}

// ------------------------------------------------------------------------------- Pulumi

/** A Pulumi preview (the shape of fixtures/pulumi/handwritten-protected-delete) deleting `resources`. */
function pulumiDelete(resources: { token: string; name: string; inputs: Record<string, unknown> }[]): unknown {
  const stack = 'urn:pulumi:prod::orders::pulumi:pulumi:Stack::orders-prod';
  return {
    config: {},
    steps: [
      { op: 'same', urn: stack, oldState: { urn: stack, custom: false, type: 'pulumi:pulumi:Stack' }, newState: { urn: stack, custom: false, type: 'pulumi:pulumi:Stack' }, detailedDiff: null },
      ...resources.map((r) => {
        const urn = `urn:pulumi:prod::orders::${r.token}::${r.name}`;
        return {
          op: 'delete',
          urn,
          provider: 'urn:pulumi:prod::orders::pulumi:providers:kubernetes::default_4_18_0::0d6c2a4e-1b3f-4c5d-8e9f-a0b1c2d3e4f5',
          oldState: { urn, custom: true, id: `orders/${r.name}`, type: r.token, inputs: r.inputs, outputs: r.inputs, parent: stack },
          detailedDiff: null,
        };
      }),
    ],
    duration: 1843000000,
    changeSummary: { delete: resources.length, same: 1 },
  };
}

describe('Pulumi tokens get the same words', () => {
  it('a StatefulSet that deletes its claims, a claim and a namespace', async () => {
    const doc = pulumiDelete([
      { token: 'kubernetes:apps/v1:StatefulSet', name: 'orders-db', inputs: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'orders-db', namespace: 'orders' }, spec: { serviceName: 'orders-db', persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } } }] } } },
      { token: 'kubernetes:core/v1:PersistentVolumeClaim', name: 'uploads', inputs: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'uploads', namespace: 'orders' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } } } },
      { token: 'kubernetes:core/v1:Namespace', name: 'orders', inputs: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'orders' } } },
    ]);
    const path = join(tmp, 'preview.json');
    writeFileSync(path, JSON.stringify(doc));
    const { code, findings } = await check(path);
    expect(code).toBe(1);
    const byMessage = findings.filter((f) => f.ruleId === 'data-store-replaced').map((f) => [f.severity, f.message]);
    expect(byMessage).toHaveLength(3);

    expect(byMessage).toEqual(
      expect.arrayContaining([
        ['critical', expect.stringContaining('(stateful set, `kubernetes:apps/v1:StatefulSet`) is deleted because it is no longer in the program: its pods are deleted, and so are the volume claims')],
        ['critical', expect.stringContaining('(volume claim, `kubernetes:core/v1:PersistentVolumeClaim`) is deleted because it is no longer in the program: the volume bound to it is deleted with its data')],
        ['critical', expect.stringContaining('(namespace, `kubernetes:core/v1:Namespace`) is deleted because it is no longer in the program: every object in it is deleted too')],
      ]),
    );
  });
});

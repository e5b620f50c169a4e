/**
 * Wording shared by the data-store rules (data-store-replaced, rename-forces-replacement,
 * safeguard-disabled, safeguard-inconsistent): how a resource, an attribute, a value, a category
 * and a safeguard are named in a message. Only words live here; the facts come from the catalog.
 */
import type { ResourceChange } from '../../src/model/types.js';
import {
  isUnknownAt,
  readAttributeValues,
  type DataCategory,
  type Safeguard,
  type SafeguardEffect,
  type SafeguardKind,
} from '../catalog/index.js';

/** Inline code that survives any backticks inside (the Markdown renderer pairs runs of equal length). */
export function code(s: string): string {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  if (longest === 0) return `\`${s}\``;
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** `a`, `b` and `c` */
export function codeList(names: readonly string[]): string {
  const parts = names.map(code);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** A catalog attribute path as a reader writes it: `ebs_block_device[].delete_on_termination` → `ebs_block_device.delete_on_termination`. */
export function attributeName(path: string): string {
  return path.replace(/\[\]/g, '');
}

export function isPulumiChange(c: Pick<ResourceChange, 'address'>): boolean {
  return c.address.startsWith('urn:pulumi:');
}

/**
 * How a message names the resource: its address, or for Pulumi the resource name and type (the
 * URN is in the finding's `address`). `what` (a category noun) is added in parentheses.
 */
export function resourceLabel(c: Pick<ResourceChange, 'address' | 'name' | 'type'>, what?: string): string {
  if (isPulumiChange(c)) return `${code(c.name)} (${what ? `${what}, ` : ''}${code(c.type)})`;
  return what ? `${code(c.address)} (${what})` : code(c.address);
}

const MAX_VALUE = 60;

/**
 * A short, printable value of one attribute (`"orders-db"`, `true`, `7`), or undefined when it
 * must not or cannot be shown: sensitive on that side, unknown until apply, absent, a container,
 * or several values.
 */
export function shownValue(c: ResourceChange, side: 'before' | 'after', attribute: string): string | undefined {
  const sensitive = side === 'before' ? c.beforeSensitive : c.afterSensitive;
  if (isUnknownAt(sensitive, attribute)) return undefined;
  if (side === 'after' && isUnknownAt(c.afterUnknown, attribute)) return undefined;
  const values = readAttributeValues(side === 'before' ? c.before : c.after, attribute);
  if (values.length > 1) return undefined;
  const v = values.length === 0 ? null : values[0];
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v;
  return JSON.stringify(s);
}

/** `before → after` for a message, or undefined when either side cannot be shown. */
export function shownTransition(c: ResourceChange, attribute: string): string | undefined {
  const b = shownValue(c, 'before', attribute);
  const a = shownValue(c, 'after', attribute);
  return b === undefined || a === undefined ? undefined : `${b} → ${a}`;
}

/** What a reviewer calls a resource of each data-store category. */
export const CATEGORY_NOUN: Readonly<Record<DataCategory, string>> = {
  database: 'database',
  warehouse: 'data warehouse',
  search: 'search domain',
  cache: 'cache',
  queue: 'queue',
  storage: 'storage bucket',
  backup: 'backup vault',
  'file-system': 'file system',
  disk: 'disk',
  'disk-attachment': 'disk attachment',
  'storage-class': 'storage class',
  server: 'server',
  key: 'encryption key',
  secret: 'secret',
  dns: 'DNS zone',
  container: 'resource container',
};

/** What destroying a resource of the category loses, as a clause ("…: ___; the new one starts empty"). */
export const CATEGORY_LOSS: Readonly<Record<DataCategory, string>> = {
  database: 'the data it holds is lost',
  warehouse: 'the data it holds is lost',
  search: 'its indexes are lost',
  cache: 'the data it holds is lost',
  queue: 'the messages still in it are lost',
  storage: 'the objects it holds are lost',
  backup: 'the backups it holds are lost',
  'file-system': 'the files it holds are lost',
  disk: 'the data on it is lost',
  'disk-attachment': 'the disk is detached from its server while this happens',
  'storage-class': 'volumes made from it lose its settings',
  server: 'the data on its disks is lost',
  key: 'data encrypted with it becomes unreadable',
  secret: 'the secret values it holds are lost',
  dns: 'its records are lost',
  container: 'everything inside it is deleted too',
};

/**
 * A safeguard as something peers "have" (completes "10 of 15 peers ___ (`attr`); the 5 ... do
 * not"). Keyed by kind so a new kind in the catalog is a compile error here, not a silent gap.
 */
export const SAFEGUARD_HAVE: Readonly<Record<SafeguardKind, string>> = {
  'deletion-protection': 'have deletion protection',
  'termination-protection': 'have termination protection',
  'stop-protection': 'have stop protection',
  'final-snapshot': 'take a final snapshot on delete',
  backups: 'keep automated backups',
  'force-destroy': 'refuse to be destroyed while they hold data',
  'force-detach': 'are detached without force',
  'deletion-policy': 'have a deletion policy that keeps them',
  'soft-delete': 'keep deleted data for a recovery window',
  'skip-destroy': 'are only forgotten on destroy',
  'delete-on-termination': 'keep their disks when terminated',
  'shutdown-behavior': 'stop rather than terminate on shutdown',
  'object-lock': 'have object lock',
  'retention-lock': 'have a retention lock',
  immutability: 'are immutable',
  'replication-protection': 'have replication protection',
  'reclaim-policy': 'retain their volumes',
  'key-enabled': 'keep the key enabled',
  'policy-lockout-check': 'keep the policy lockout check',
};

/** What turning a safeguard off means (completes "`attr` switched off (true → false): ___"). */
export const SAFEGUARD_LOSS: Readonly<Record<SafeguardEffect, string>> = {
  'api-blocks-delete': 'the cloud API no longer refuses to delete it',
  'provider-blocks-delete': 'the provider no longer refuses to destroy it',
  'final-backup': 'no final backup is taken when it is deleted',
  'retains-data': 'less of its data outlives a mistake (backups, retained copies or disks)',
  'soft-delete-window': 'a deleted copy can be recovered for a shorter time, or not at all',
  'protects-contents': 'destroying it also deletes everything in it',
  'detach-only': 'destroying it really deletes it instead of only detaching it',
  'blocks-stop': 'it can be stopped from the console or API (this does not stop Terraform)',
  none: 'it can be terminated from the console or API (Terraform ignores this setting)',
};

/**
 * Effects that only guard against people, not against a plan: turning them off, or lacking them,
 * is worth a warning but not a blocked gate.
 */
export const WEAK_EFFECTS: ReadonlySet<SafeguardEffect> = new Set<SafeguardEffect>(['none', 'blocks-stop']);

/** Effects that make a delete of the resource fail while they are on. */
export const BLOCKING_EFFECTS: ReadonlySet<SafeguardEffect> = new Set<SafeguardEffect>(['api-blocks-delete', 'provider-blocks-delete']);

export function safeguardLabel(sg: Safeguard): string {
  return code(attributeName(sg.attribute));
}

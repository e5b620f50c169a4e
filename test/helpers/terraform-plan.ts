/**
 * Small Terraform plans built in a test, in the shape `terraform show -json` writes
 * (format_version 1.2), read through the real ingest. For the cases a fixture would only repeat:
 * one resource type and one attribute at a time.
 */
import { parseAddress } from '../../src/model/address.js';
import type { Plan } from '../../src/model/types.js';
import { planFromJson } from './plans.js';

type Obj = Record<string, unknown>;

export interface TfResource {
  address: string;
  /** Terraform's raw action list: `["update"]`, `["delete","create"]`, `["create","delete"]` ... */
  actions: string[];
  before?: Obj | null;
  after?: Obj | null;
  /** Default `{}`; list the attributes that are unknown until apply as `{ attr: true }`. */
  afterUnknown?: Obj;
  beforeSensitive?: Obj | false;
  afterSensitive?: Obj | false;
  replacePaths?: (string | number)[][];
  reason?: string;
  provider?: string;
}

/** The `resource_changes` entry for one resource. */
export function resourceChange(r: TfResource): Obj {
  const p = parseAddress(r.address);
  const before = r.before ?? null;
  const after = r.after ?? null;
  const change: Obj = {
    actions: r.actions,
    before,
    after,
    after_unknown: r.afterUnknown ?? {},
    before_sensitive: r.beforeSensitive ?? (before === null ? false : {}),
    after_sensitive: r.afterSensitive ?? (after === null ? false : {}),
  };
  if (r.replacePaths) change.replace_paths = r.replacePaths;
  const provider = r.provider ?? `registry.terraform.io/hashicorp/${p.type.split('_')[0]}`;
  return {
    address: r.address,
    ...(p.module ? { module_address: p.module } : {}),
    mode: p.mode,
    type: p.type,
    name: p.name,
    ...(p.index !== undefined ? { index: p.index } : {}),
    provider_name: provider,
    change,
    ...(r.reason ? { action_reason: r.reason } : {}),
  };
}

/** A plan document holding these resources. */
export function terraformPlanDocument(resources: TfResource[]): Obj {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: resources.map(resourceChange),
    timestamp: '2026-03-02T09:14:27Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** A plan holding these resources, read through the real ingest. */
export function terraformPlan(resources: TfResource[]): Plan {
  return planFromJson(terraformPlanDocument(resources));
}

/** `["update"]` of one resource: `before` with `changes` applied. */
export function updated(address: string, before: Obj, changes: Obj, extra: Partial<TfResource> = {}): TfResource {
  return { address, actions: ['update'], before, after: { ...before, ...changes }, ...extra };
}

/** `["no-op"]` of one resource. */
export function unchanged(address: string, values: Obj, extra: Partial<TfResource> = {}): TfResource {
  return { address, actions: ['no-op'], before: values, after: values, ...extra };
}

/** `["delete"]` of one resource removed from the configuration. */
export function deleted(address: string, before: Obj, extra: Partial<TfResource> = {}): TfResource {
  return { address, actions: ['delete'], before, after: null, reason: 'delete_because_no_resource_config', ...extra };
}

/** A replacement: delete-first (`["delete","create"]`) unless `createFirst`. */
export function replaced(address: string, before: Obj, after: Obj, replacePaths: (string | number)[][], createFirst = false, extra: Partial<TfResource> = {}): TfResource {
  return {
    address,
    actions: createFirst ? ['create', 'delete'] : ['delete', 'create'],
    before,
    after,
    replacePaths,
    reason: 'replace_because_cannot_update',
    ...extra,
  };
}

/** `["create"]` of one resource. */
export function created(address: string, after: Obj, extra: Partial<TfResource> = {}): TfResource {
  return { address, actions: ['create'], before: null, after, ...extra };
}

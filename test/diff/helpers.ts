/**
 * Test helpers for the diff: build a ResourceChange from a real plan's `resource_changes[]`
 * entry (a deliberately small stand-in for the real ingest, which lives elsewhere), or by hand.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Action, AttrPath, ResourceChange } from '../../src/model/types.js';

export const CORPUS = fileURLToPath(new URL('../../fixtures/corpus/', import.meta.url));

interface RawResourceChange {
  address: string;
  type: string;
  name: string;
  index?: string | number;
  module_address?: string;
  mode?: 'managed' | 'data';
  provider_name?: string;
  change: {
    actions: string[];
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
    replace_paths?: AttrPath[];
  };
}

function action(actions: string[]): { action: Action; replaceOrder?: 'delete-first' | 'create-first' } {
  const key = actions.join(',');
  if (key === 'delete,create') return { action: 'replace', replaceOrder: 'delete-first' };
  if (key === 'create,delete') return { action: 'replace', replaceOrder: 'create-first' };
  if (['create', 'update', 'delete', 'read', 'no-op', 'forget'].includes(key)) return { action: key as Action };
  return { action: 'unknown' };
}

export function fromRaw(raw: RawResourceChange): ResourceChange {
  const c = raw.change;
  return {
    address: raw.address,
    type: raw.type,
    name: raw.name,
    ...(raw.index === undefined ? {} : { index: raw.index }),
    ...(raw.module_address === undefined ? {} : { module: raw.module_address }),
    mode: raw.mode ?? 'managed',
    provider: raw.provider_name ?? '',
    ...action(c.actions),
    rawActions: c.actions,
    replacePaths: c.replace_paths ?? [],
    before: c.before,
    after: c.after,
    afterUnknown: c.after_unknown,
    beforeSensitive: c.before_sensitive,
    afterSensitive: c.after_sensitive,
  };
}

/** All resource changes of a corpus plan (`terraform/<file>`). */
export function corpusChanges(file: string): ResourceChange[] {
  const plan = JSON.parse(readFileSync(`${CORPUS}terraform/${file}`, 'utf8')) as { resource_changes?: RawResourceChange[] };
  return (plan.resource_changes ?? []).map(fromRaw);
}

/** The one resource change at `address` in a corpus plan. */
export function corpusChange(file: string, address: string): ResourceChange {
  const found = corpusChanges(file).find((c) => c.address === address);
  if (found === undefined) throw new Error(`${address} not in ${file}`);
  return found;
}

/** A hand-built update (override anything). */
export function rc(over: Partial<ResourceChange> = {}): ResourceChange {
  return {
    address: 'aws_thing.x',
    type: 'aws_thing',
    name: 'x',
    mode: 'managed',
    provider: 'registry.terraform.io/hashicorp/aws',
    action: 'update',
    rawActions: ['update'],
    replacePaths: [],
    before: {},
    after: {},
    afterUnknown: {},
    beforeSensitive: {},
    afterSensitive: {},
    ...over,
  };
}

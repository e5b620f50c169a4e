/**
 * collectSecrets: what it collects from leaves, which it now drops before stacking them when they
 * cannot hold a secret (src/engine/redact.ts, `inert`): every kind of leaf that can must still be
 * collected, in objects and in arrays.
 */
import { describe, expect, it } from 'vitest';
import { collectSecrets } from '../../src/engine/redact.js';
import type { ResourceChange } from '../../src/model/types.js';

function change(before: unknown, beforeSensitive: unknown = {}): ResourceChange {
  return {
    address: 'aws_thing.x',
    type: 'aws_thing',
    canonicalType: 'aws_thing',
    name: 'x',
    mode: 'managed',
    provider: 'registry.terraform.io/hashicorp/aws',
    action: 'no-op',
    rawActions: ['no-op'],
    replacePaths: [],
    before,
    after: before,
    afterUnknown: false,
    beforeSensitive,
    afterSensitive: beforeSensitive,
  };
}

const secrets = (before: unknown, mask?: unknown): string[] => [...collectSecrets([change(before, mask)])].sort();

describe('collectSecrets', () => {
  it('collects marked leaves: strings, numbers and booleans of any length under `true`, in objects and lists', () => {
    expect(secrets({ a: 'marked-string', n: 1234567, list: ['in-a-list-1', 7654321], plain: 'not-marked' }, { a: true, n: true, list: [true, true] })).toEqual([
      '1234567',
      '7654321',
      'in-a-list-1',
      'marked-string',
    ]);
  });

  it('looks into JSON strings (also after blanks, also in lists) for secret-named members', () => {
    expect(secrets({ doc: '{"password":"hunter22"}', spaced: ' \n {"token":"tok-123456"}', list: ['[{"secret":"in-list-json"}]'] })).toEqual([
      'hunter22',
      'in-list-json',
      'tok-123456',
    ]);
  });

  it('collects secret-named scalars and Pulumi secrets, and nothing from plain leaves', () => {
    expect(secrets({ password: 'pw-123456', list: [1, true, null, 'short', 'plain-string-value'], nested: [{ api_token: 'nested-token' }] })).toEqual([
      'nested-token',
      'pw-123456',
    ]);
    expect(secrets({ v: ['[secret]'] }).includes('[secret]')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { mapActions, normalizeResourceChange } from '../../src/ingest/terraform.js';
import { runCli } from '../helpers/cli.js';

const F = 'fixtures/terraform/formats/tf1.0.0-drift-without-address.hand-written.json';
const change = { actions: ['update'], before: {}, after: {} };

describe('terraform 0.15.4-1.0.x resource_drift without address', () => {
  it('builds the address from mode/type/name/index/module_address', () => {
    expect(normalizeResourceChange('p', 'resource_drift[0]', { mode: 'managed', type: 'aws_s3_bucket', name: 'b', change }, true).address).toBe('aws_s3_bucket.b');
    expect(normalizeResourceChange('p', 'resource_drift[0]', { module_address: 'module.m["x"]', mode: 'data', type: 't', name: 'n', index: 2, change }, true).address).toBe('module.m["x"].data.t.n[2]');
    expect(normalizeResourceChange('p', 'resource_drift[0]', { mode: 'managed', type: 't', name: 'n', index: 'k', change }, true).address).toBe('t.n["k"]');
  });
  it('still rejects a wrong-typed or missing part, naming the field', () => {
    expect(() => normalizeResourceChange('p', 'resource_drift[0]', { type: 't', name: 5, change }, true)).toThrow('resource_drift[0].name must be a string, found a number');
    expect(() => normalizeResourceChange('p', 'resource_drift[0]', { name: 'n', change }, true)).toThrow('resource_drift[0].address is missing');
    expect(() => normalizeResourceChange('p', 'resource_changes[0]', { type: 't', name: 'n', change })).toThrow('resource_changes[0].address must be a string, found a undefined');
  });
  it('reads the 1.0.0-format plan via the CLI', async () => {
    const r = await runCli(['check', F]);
    expect(r.stderr).not.toContain('must be a string');
    expect([0, 1]).toContain(r.code);
  });
});

describe('actions written by OpenTofu', () => {
  it('reads ["forget","create"] as create and open as read', () => {
    expect(mapActions(['forget', 'create']).action).toBe('create');
    expect(mapActions(['open']).action).toBe('read');
  });
  it('an empty or missing actions list is bad input with a clear message', () => {
    expect(() => normalizeResourceChange('p', 'resource_changes[0]', { address: 'a.b', change: { actions: [] } })).toThrow('resource_changes[0].change.actions is empty');
    expect(() => normalizeResourceChange('p', 'resource_changes[0]', { address: 'a.b', change: {} })).toThrow('resource_changes[0].change.actions is missing');
  });
});

/**
 * shapeKey: grouping "the same change on 300 instances".
 */
import { describe, expect, it } from 'vitest';
import { diffChange, shapeKey } from '../../src/diff/index.js';
import type { ResourceChange } from '../../src/model/types.js';
import { corpusChanges, rc } from './helpers.js';

const key = (c: ResourceChange): string => shapeKey(diffChange(c), c);

describe('shapeKey', () => {
  it('count instances with the same change share a key (opentofu show-json-sensitive, 3 instances)', () => {
    const changes = corpusChanges('opentofu__show-json-sensitive.json');
    expect(changes.map((c) => c.address)).toEqual(['test_instance.test[0]', 'test_instance.test[1]', 'test_instance.test[2]']);
    expect(new Set(changes.map(key)).size).toBe(1);
  });

  it('for_each instances in modules with the same change share a key; index, address and module are ignored', () => {
    const mk = (address: string, index: string, module?: string): ResourceChange =>
      rc({ address, index, ...(module === undefined ? {} : { module }), before: { size: 10, tags: { env: 'a' } }, after: { size: 20, tags: { env: 'a' } } });
    const keys = new Set([mk('aws_ebs_volume.v["a"]', 'a'), mk('aws_ebs_volume.v["b"]', 'b'), mk('module.m[1].aws_ebs_volume.v["c"]', 'c', 'module.m[1]')].map(key));
    expect(keys.size).toBe(1);
  });

  it('sensitive values are equal placeholders and never embedded', () => {
    const mk = (pw1: string, pw2: string): ResourceChange =>
      rc({ before: { password: pw1, note: 'n' }, after: { password: pw2, note: 'n' }, beforeSensitive: { password: true }, afterSensitive: { password: true } });
    const a = key(mk('alpha-secret-1', 'alpha-secret-2'));
    const b = key(mk('beta-secret-1', 'beta-secret-2'));
    expect(a).toBe(b);
    expect(a).not.toContain('alpha');
    expect(b).not.toContain('beta');
  });

  it('a different value, path, kind, type, action or replace order gives a different key', () => {
    const base = rc({ before: { size: 10 }, after: { size: 20 } });
    const k = key(base);
    expect(key(rc({ ...base, after: { size: 30 } }))).not.toBe(k);
    expect(key(rc({ ...base, before: { width: 10 }, after: { width: 20 } }))).not.toBe(k);
    expect(key(rc({ ...base, before: {}, after: { size: 20 } }))).not.toBe(k);
    expect(key(rc({ ...base, type: 'aws_other' }))).not.toBe(k);
    expect(key(rc({ ...base, action: 'replace', replaceOrder: 'create-first' }))).not.toBe(key(rc({ ...base, action: 'replace', replaceOrder: 'delete-first' })));
    expect(key(rc({ ...base, action: 'replace', replaceOrder: 'delete-first' }))).not.toBe(k);
    expect(key(rc({ ...base, replacePaths: [['size']] }))).not.toBe(k);
  });

  it('does not depend on object key order in values', () => {
    const a = rc({ action: 'create', before: null, after: { l: [{ x: 1, y: 2 }] } });
    const b = rc({ action: 'create', before: null, after: { l: [{ y: 2, x: 1 }] } });
    expect(key(a)).toBe(key(b));
  });

  it('folded noise does not split a group', () => {
    const a = rc({ before: { size: 1, l: ['a', 'b'] }, after: { size: 2, l: ['b', 'a'] } });
    const b = rc({ before: { size: 1, l: ['a', 'b'] }, after: { size: 2, l: ['a', 'b'] } });
    expect(key(a)).toBe(key(b));
  });
});

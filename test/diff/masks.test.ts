/**
 * Sensitive and unknown masks, secret names, Pulumi secrets, and garbage-shaped input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffChange, isSecretAttributeName, SENSITIVE, shapeKey, UNKNOWN, type AttrChange } from '../../src/diff/index.js';
import { mayNameSecret, secretByWords } from '../../src/diff/secrets.js';
import { rc } from './helpers.js';

const SIG = '4dabf18193072939515e22adb298388d';
const kinds = (changes: AttrChange[]): [string, string][] => changes.map((c) => [c.path.join('.'), c.kind]);

describe('sensitive markers', () => {
  it('a changed sensitive leaf is changed with both sides masked; an unchanged one is not listed', () => {
    const change = rc({
      before: { db: { password: 'hunter2', user: 'admin', note: 'same' } },
      after: { db: { password: 'correct horse', user: 'root', note: 'same' } },
      beforeSensitive: { db: { note: true } },
      afterSensitive: { db: { note: true } },
    });
    expect(diffChange(change).changes).toEqual([
      { path: ['db', 'password'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: ['db', 'user'], kind: 'changed', before: 'admin', after: 'root', sensitive: false, forcesReplacement: false },
    ]);
  });

  it('a marker on one side masks both sides', () => {
    const change = rc({ before: { v: 'old' }, after: { v: 'new' }, beforeSensitive: {}, afterSensitive: { v: true } });
    expect(diffChange(change).changes).toEqual([
      { path: ['v'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
    ]);
  });

  it('a sensitive subtree is one masked change, its keys are never listed', () => {
    const change = rc({
      before: { settings: { 'key-for-prod-db': 'a', other: 'b' } },
      after: { settings: { 'key-for-prod-db': 'c', other: 'b' } },
      beforeSensitive: { settings: true },
      afterSensitive: { settings: true },
    });
    const r = diffChange(change);
    expect(r.changes).toEqual([
      { path: ['settings'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
    ]);
    expect(JSON.stringify(r)).not.toContain('key-for-prod-db');
  });

  it('a whole-resource marker masks every attribute but keeps the attribute names', () => {
    const change = rc({ before: { a: 'x', b: 'same', c: { d: 1 } }, after: { a: 'y', b: 'same', c: { d: 2 } }, beforeSensitive: true, afterSensitive: true });
    expect(diffChange(change).changes).toEqual([
      { path: ['a'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: ['c'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
    ]);
  });

  it('sensitive list elements are masked inside displayed lists', () => {
    const change = rc({
      before: { l: ['s1', 'p'] },
      after: { l: ['p', 's1', 'new-secret'] },
      beforeSensitive: { l: [true, false] },
      afterSensitive: { l: [false, true, true] },
    });
    const r = diffChange(change, { foldNoise: false });
    expect(r.changes).toEqual([{ path: ['l', 2], kind: 'added', after: SENSITIVE, sensitive: true, forcesReplacement: false }]);
    const re = diffChange(rc({ ...change, after: { l: ['p', 's1'] }, afterSensitive: { l: [false, true] } }), { foldNoise: false });
    expect(re.changes).toEqual([
      { path: ['l'], kind: 'reordered', before: [SENSITIVE, 'p'], after: ['p', SENSITIVE], sensitive: false, forcesReplacement: false },
    ]);
  });

  it('added and removed values are masked on their own side', () => {
    const change = rc({ before: { gone: 'old-secret' }, after: { fresh: 'new-secret' }, beforeSensitive: { gone: true }, afterSensitive: { fresh: true } });
    const r = diffChange(change);
    expect(r.changes).toEqual([
      { path: ['fresh'], kind: 'added', after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: ['gone'], kind: 'removed', before: SENSITIVE, sensitive: true, forcesReplacement: false },
    ]);
  });
});

describe('secret attribute names', () => {
  it.each([
    'password',
    'master_password',
    'passwd',
    'db_pwd',
    'secret',
    'client_secret',
    'clientSecret',
    'token',
    'auth_token',
    'accessToken',
    'GITHUB_TOKEN',
    'private_key',
    'privateKeyPem',
    'connection_string',
    'primaryConnectionString',
    'access_key',
    'secret_access_key',
    'AWS_SECRET_ACCESS_KEY',
    'api_key',
    'x-api-key',
    'apiKey',
    'APIKey',
    'credentials',
    'Credential',
    'sas_token',
    'passphrase',
    'kube_config',
    'primary_access_key',
    'DbPassword',
  ])('%s is secret', (name) => {
    expect(isSecretAttributeName(name)).toBe(true);
  });

  it.each([
    'name',
    'id',
    'arn',
    'key',
    'tags',
    'secret_arn',
    'kms_key_id',
    'password_length',
    'access_key_id',
    'token_ttl',
    'password_policy',
    'secret_name',
    'tokenizer',
    'public_key',
    'description',
  ])('%s is not secret', (name) => {
    expect(isSecretAttributeName(name)).toBe(false);
  });

  it('extra patterns match the raw name, even global ones on repeated calls', () => {
    const extra = [/^x_internal_/g, /SIGNATURE/i];
    expect(isSecretAttributeName('x_internal_value', extra)).toBe(true);
    expect(isSecretAttributeName('x_internal_value', extra)).toBe(true);
    expect(isSecretAttributeName('request_signature', extra)).toBe(true);
    expect(isSecretAttributeName('x_public_value', extra)).toBe(false);
  });

  it('values under secret names are masked without any marker, also through secretPatterns', () => {
    const change = rc({
      before: { master_password: 'p1', config: { apiKey: 'k1', region: 'a' }, x_internal: 'i1' },
      after: { master_password: 'p2', config: { apiKey: 'k2', region: 'b' }, x_internal: 'i2' },
    });
    const r = diffChange(change, { secretPatterns: [/^x_internal$/] });
    expect(r.changes).toEqual([
      { path: ['config', 'apiKey'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: ['config', 'region'], kind: 'changed', before: 'a', after: 'b', sensitive: false, forcesReplacement: false },
      { path: ['master_password'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: ['x_internal'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
    ]);
    for (const s of ['p1', 'p2', 'k1', 'k2', 'i1', 'i2']) expect(JSON.stringify(r)).not.toContain(`"${s}"`);
  });

  it('a {name, value} pair whose name is a secret masks the value (environment lists)', () => {
    const change = rc({
      before: { env: [{ name: 'DB_PASSWORD', value: 'old-pw' }, { name: 'REGION', value: 'eu' }] },
      after: { env: [{ name: 'DB_PASSWORD', value: 'new-pw' }, { name: 'REGION', value: 'us' }, { name: 'API_TOKEN', value: 'tok' }] },
    });
    const r = diffChange(change);
    expect(r.changes).toEqual([
      { path: ['env', 0, 'value'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: ['env', 1, 'value'], kind: 'changed', before: 'eu', after: 'us', sensitive: false, forcesReplacement: false },
      { path: ['env', 2], kind: 'added', after: { name: 'API_TOKEN', value: SENSITIVE }, sensitive: false, forcesReplacement: false },
    ]);
  });

  it('secret-named members inside JSON strings are masked in before, after and jsonDiff', () => {
    const defs = (pw: string, image: string): string =>
      JSON.stringify([{ image, environment: [{ name: 'DB_PASSWORD', value: pw }], config: { password: pw } }]);
    const change = rc({ before: { container_definitions: defs('pw-one', 'app:1') }, after: { container_definitions: defs('pw-two', 'app:2') } });
    const r = diffChange(change);
    const text = JSON.stringify(r);
    expect(text).not.toContain('pw-one');
    expect(text).not.toContain('pw-two');
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]?.jsonDiff).toEqual([
      { path: [0, 'config', 'password'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: [0, 'environment', 0, 'value'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: [0, 'image'], kind: 'changed', before: 'app:1', after: 'app:2', sensitive: false, forcesReplacement: false },
    ]);
    expect(r.changes[0]?.before).toBe(JSON.stringify([{ image: 'app:1', environment: [{ name: 'DB_PASSWORD', value: SENSITIVE }], config: { password: SENSITIVE } }]));
    // Reformatted only: the strings are still masked when listed.
    const same = rc({ before: { c: defs('pw-one', 'x') }, after: { c: JSON.stringify(JSON.parse(defs('pw-one', 'x')), null, 1) } });
    expect(JSON.stringify(diffChange(same, { foldNoise: false }))).not.toContain('pw-one');
  });
});

describe('the quick look before splitting a name into words', () => {
  it('never hides a name the word-by-word rule calls a secret', () => {
    const part = fc.constantFrom('pass', 'word', 'Password', 'PASSWD', 'pwd', 'secret', 'Secret', 'token', 'Tokens', 'api', 'Key', 'key', 'private', 'access', 'client', 'conn', 'Str', 'kube', 'config', 'sas', 'url', 'id', 'arn', 'db', 'x', '_', '-', '.', ' ', '\u212a', '\u0130', 'K', 'A');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }).map((xs) => xs.join('')), (name) => {
        if (secretByWords(name)) expect(mayNameSecret(name), name).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // and it does say no, for names with none of the words
    expect(mayNameSecret('instance_class')).toBe(false);
    expect(secretByWords('instance_class')).toBe(false);
    expect(mayNameSecret('db_password')).toBe(true);
  });
});

describe('Pulumi secrets', () => {
  it('the secret sigil object and "[secret]" are sensitive', () => {
    const secret = (v: string): unknown => ({ [SIG]: '1b47061264138c4ac30d75fd1eb44270', value: v });
    const change = rc({
      before: { dbPassword: 'plain-before', conn: secret('postgres://a'), apiKey2: '[secret]', same: secret('s'), out: { [SIG]: 'd0e6a833031e9bbcd3f4e8bde6ca49a4', value: 'o1', secret: true } },
      after: { dbPassword: secret('plain-after'), conn: secret('postgres://b'), apiKey2: 'visible?', same: secret('s'), out: { [SIG]: 'd0e6a833031e9bbcd3f4e8bde6ca49a4', value: 'o2', secret: true } },
    });
    const r = diffChange(change);
    expect(kinds(r.changes)).toEqual([
      ['apiKey2', 'changed'],
      ['conn', 'changed'],
      ['dbPassword', 'changed'],
      ['out', 'changed'],
    ]);
    for (const c of r.changes) expect(c).toMatchObject({ before: SENSITIVE, after: SENSITIVE, sensitive: true });
    for (const s of ['postgres://', 'plain-', 'visible?', 'o1', 'o2']) expect(JSON.stringify(r)).not.toContain(s);
  });

  it('a secret inside a created list element is masked in the displayed element', () => {
    const change = rc({ action: 'create', before: null, after: { items: [{ k: { [SIG]: '1b47061264138c4ac30d75fd1eb44270', value: 'zzz' } }] } });
    expect(diffChange(change).changes).toEqual([
      { path: ['items'], kind: 'added', after: [{ k: SENSITIVE }], sensitive: false, forcesReplacement: false },
    ]);
  });
});

describe('unknown values', () => {
  it('shown once at the highest wholly unknown path, with the before value', () => {
    const change = rc({
      before: { arn: 'arn:1', block: { a: 1, b: 2 }, list: ['x', 'y'], keep: 'k' },
      after: { block: { a: null, b: null }, list: [null, 'y'], keep: 'k' },
      afterUnknown: { arn: true, block: { a: true, b: true }, list: [true, false] },
    });
    const r = diffChange(change);
    expect(r.changes).toEqual([
      { path: ['arn'], kind: 'unknown', before: 'arn:1', after: UNKNOWN, sensitive: false, forcesReplacement: false },
      { path: ['block'], kind: 'unknown', before: { a: 1, b: 2 }, after: UNKNOWN, sensitive: false, forcesReplacement: false },
      { path: ['list', 0], kind: 'unknown', before: 'x', after: UNKNOWN, sensitive: false, forcesReplacement: false },
    ]);
    // block.a and block.b were folded into the one `block` line.
    expect(r.folded.unknown).toBe(2);
  });

  it('a known member (even a known null) keeps a container from collapsing', () => {
    const change = rc({
      before: { block: { a: 1, b: 2 } },
      after: { block: { a: null, b: 2 } },
      afterUnknown: { block: { a: true } },
    });
    expect(diffChange(change).changes).toEqual([
      { path: ['block', 'a'], kind: 'unknown', before: 1, after: UNKNOWN, sensitive: false, forcesReplacement: false },
    ]);
  });

  it('unknown members absent from after are listed; unknown list elements are embedded when the list is added', () => {
    const change = rc({
      action: 'create',
      before: null,
      after: { name: 'n', nested: { known: 1 }, ports: [80, null] },
      afterUnknown: { id: true, nested: { computed: true }, ports: [false, true] },
    });
    expect(diffChange(change).changes).toEqual([
      { path: ['id'], kind: 'unknown', after: UNKNOWN, sensitive: false, forcesReplacement: false },
      { path: ['name'], kind: 'added', after: 'n', sensitive: false, forcesReplacement: false },
      { path: ['nested', 'computed'], kind: 'unknown', after: UNKNOWN, sensitive: false, forcesReplacement: false },
      { path: ['nested', 'known'], kind: 'added', after: 1, sensitive: false, forcesReplacement: false },
      { path: ['ports'], kind: 'added', after: [80, UNKNOWN], sensitive: false, forcesReplacement: false },
    ]);
  });

  it('an unknown replacing a sensitive value shows the before as sensitive', () => {
    const change = rc({ before: { token: 'abc', x: 's3cr3t' }, after: {}, afterUnknown: { token: true, x: true }, beforeSensitive: { x: true } });
    expect(diffChange(change).changes).toEqual([
      { path: ['token'], kind: 'unknown', before: SENSITIVE, after: UNKNOWN, sensitive: true, forcesReplacement: false },
      { path: ['x'], kind: 'unknown', before: SENSITIVE, after: UNKNOWN, sensitive: true, forcesReplacement: false },
    ]);
  });
});

describe('garbage input', () => {
  it.each([
    ['nulls', null, null],
    ['undefined', undefined, undefined],
    ['scalars', 1, 'x'],
    ['array root', [1, 2], [2, 1, 3]],
    ['mixed kinds', { a: [1] }, { a: { b: 1 } }],
  ])('%s: does not throw', (_, before, after) => {
    for (const mask of [undefined, null, true, false, 7, 'x', [true], { a: [true] }, { a: { b: 'yes' } }]) {
      const change = rc({ before, after, beforeSensitive: mask, afterSensitive: mask, afterUnknown: mask });
      const r = diffChange(change);
      expect(Array.isArray(r.changes)).toBe(true);
      expect(typeof shapeKey(r, change)).toBe('string');
    }
  });

  it('masks of the wrong shape that hold a true mask the whole value', () => {
    const change = rc({ before: { pw: 'aaa', list: ['b1'] }, after: { pw: 'bbb', list: ['b2'] }, beforeSensitive: { pw: [true], list: { 0: true } }, afterSensitive: false });
    const r = diffChange(change);
    expect(r.changes).toEqual([
      { path: ['list'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: ['pw'], kind: 'changed', before: SENSITIVE, after: SENSITIVE, sensitive: true, forcesReplacement: false },
    ]);
  });

  it('masks of the wrong shape without a true are ignored; non-true markers are not markers', () => {
    const change = rc({ before: { a: 'x' }, after: { a: 'y' }, beforeSensitive: { a: [false] }, afterSensitive: { a: 'true' }, afterUnknown: [false] });
    expect(diffChange(change).changes).toEqual([
      { path: ['a'], kind: 'changed', before: 'x', after: 'y', sensitive: false, forcesReplacement: false },
    ]);
    // An unknown mask of the wrong shape that holds a true: the value is not claimed as known.
    const unk = rc({ before: { a: 'x' }, after: { a: 'y' }, afterUnknown: { a: [true] } });
    expect(diffChange(unk).changes).toEqual([
      { path: ['a'], kind: 'unknown', before: 'x', after: UNKNOWN, sensitive: false, forcesReplacement: false },
    ]);
  });

  it('a change object with missing fields', () => {
    const partial = { action: 'update', before: { a: 1 }, after: { a: 2 } } as unknown as Parameters<typeof diffChange>[0];
    expect(diffChange(partial).changes).toEqual([{ path: ['a'], kind: 'changed', before: 1, after: 2, sensitive: false, forcesReplacement: false }]);
    expect(diffChange(null as unknown as Parameters<typeof diffChange>[0]).changes).toEqual([]);
  });

  it('__proto__ and constructor are ordinary keys, in values and in masks', () => {
    const before = JSON.parse('{"__proto__": {"polluted": "no"}, "constructor": "c1", "hasOwnProperty": 1, "m": {"__proto__": "p1"}}') as unknown;
    const after = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c2", "hasOwnProperty": 1, "m": {"__proto__": "p2"}, "toString": "t"}') as unknown;
    const afterSensitive = JSON.parse('{"m": {"__proto__": true}}') as unknown;
    const r = diffChange(rc({ before, after, beforeSensitive: {}, afterSensitive, afterUnknown: {} }));
    expect(r.changes.map((c) => [c.path, c.kind, c.before, c.after])).toEqual([
      [['__proto__', 'polluted'], 'changed', 'no', 'yes'],
      [['constructor'], 'changed', 'c1', 'c2'],
      [['m', '__proto__'], 'changed', SENSITIVE, SENSITIVE],
      [['toString'], 'added', undefined, 't'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A displayed object keeps __proto__ as an own, enumerable key.
    const created = diffChange(rc({ action: 'create', before: null, after: JSON.parse('{"l": [{"__proto__": {"x": 1}}]}') as unknown }));
    const shown = created.changes[0]?.after as Record<string, unknown>[];
    expect(Object.hasOwn(shown[0] as object, '__proto__')).toBe(true);
    expect(JSON.stringify(created.changes[0]?.after)).toBe('[{"__proto__":{"x":1}}]');
    // A mask that is a plain object must not find Object.prototype members.
    const proto = diffChange(rc({ before: { constructor: 'a', valueOf: 'b' }, after: { constructor: 'c', valueOf: 'd' }, beforeSensitive: {}, afterSensitive: {}, afterUnknown: {} }));
    expect(proto.changes.map((c) => c.kind)).toEqual(['changed', 'changed']);
  });
});

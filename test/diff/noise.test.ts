/**
 * Noise filters on hand-built changes, for what the corpus lacks: tags_all mirrors,
 * whitespace-only strings, JSON strings whose only difference is noise.
 */
import { describe, expect, it } from 'vitest';
import { diffChange, UNKNOWN, type AttrChange } from '../../src/diff/index.js';
import { rc } from './helpers.js';

const kinds = (changes: AttrChange[]): [string, string][] => changes.map((c) => [c.path.join('.'), c.kind]);

describe('tags_all', () => {
  it('a tags_all change that mirrors the tags change is folded', () => {
    const change = rc({
      before: { tags: { env: 'dev', team: 'a' }, tags_all: { env: 'dev', team: 'a' } },
      after: { tags: { env: 'prod', team: 'a', owner: 'me' }, tags_all: { env: 'prod', team: 'a', owner: 'me' } },
    });
    const r = diffChange(change);
    expect(kinds(r.changes)).toEqual([
      ['tags.env', 'changed'],
      ['tags.owner', 'added'],
    ]);
    expect(r.folded.tagsAllMirror).toBe(2);
    // Without folding, they are listed with their own kind.
    const all = diffChange(change, { foldNoise: false });
    expect(kinds(all.changes)).toEqual([
      ['tags.env', 'changed'],
      ['tags.owner', 'added'],
      ['tags_all.env', 'changed'],
      ['tags_all.owner', 'added'],
    ]);
    expect(all.folded.tagsAllMirror).toBe(0);
  });

  it('mirrors on create are folded too', () => {
    const change = rc({ action: 'create', before: null, after: { tags: { env: 'prod' }, tags_all: { env: 'prod' } }, afterUnknown: { id: true } });
    const r = diffChange(change);
    expect(kinds(r.changes)).toEqual([
      ['id', 'unknown'],
      ['tags.env', 'added'],
    ]);
    expect(r.folded.tagsAllMirror).toBe(1);
  });

  it('a tags_all that differs otherwise (provider default_tags changed) is kept whole', () => {
    const change = rc({
      before: { tags: { env: 'dev' }, tags_all: { env: 'dev', CostCenter: '1' } },
      after: { tags: { env: 'prod' }, tags_all: { env: 'prod', CostCenter: '2' } },
    });
    const r = diffChange(change);
    expect(kinds(r.changes)).toEqual([
      ['tags.env', 'changed'],
      ['tags_all.CostCenter', 'changed'],
      ['tags_all.env', 'changed'],
    ]);
    expect(r.folded.tagsAllMirror).toBe(0);
  });

  it('same keys but different values (a default tag overrides) is not a mirror', () => {
    const change = rc({
      before: { tags: { env: 'dev' }, tags_all: { env: 'dev' } },
      after: { tags: { env: 'prod' }, tags_all: { env: 'forced-by-default-tags' } },
    });
    expect(kinds(diffChange(change).changes)).toEqual([
      ['tags.env', 'changed'],
      ['tags_all.env', 'changed'],
    ]);
  });

  it('tags_all becoming unknown while tags change is kept', () => {
    const change = rc({
      before: { tags: { env: 'dev' }, tags_all: { env: 'dev' } },
      after: { tags: { env: 'prod' } },
      afterUnknown: { tags_all: true },
    });
    const r = diffChange(change);
    expect(r.changes).toEqual([
      { path: ['tags', 'env'], kind: 'changed', before: 'dev', after: 'prod', sensitive: false, forcesReplacement: false },
      { path: ['tags_all'], kind: 'unknown', before: { env: 'dev' }, after: UNKNOWN, sensitive: false, forcesReplacement: false },
    ]);
    expect(r.folded.tagsAllMirror).toBe(0);
  });

  it('tags_all changing alone (only default_tags changed) is kept', () => {
    const change = rc({
      before: { tags: { env: 'dev' }, tags_all: { env: 'dev', Owner: 'a' } },
      after: { tags: { env: 'dev' }, tags_all: { env: 'dev', Owner: 'b' } },
    });
    expect(kinds(diffChange(change).changes)).toEqual([['tags_all.Owner', 'changed']]);
  });
});

describe('whitespace-only strings', () => {
  it('trailing newline, indentation, CRLF and runs of spaces are whitespace, folded', () => {
    const change = rc({
      before: { a: 'echo hi', b: 'line one\nline two', c: 'x  y', d: 'a\r\nb\r\n', e: '' },
      after: { a: 'echo hi\n', b: '  line one\n  line two\n', c: 'x y', d: 'a\nb\n', e: '\n' },
    });
    const r = diffChange(change);
    expect(r.changes).toEqual([]);
    expect(r.folded.whitespace).toBe(5);
    expect(diffChange(change, { foldNoise: false }).changes[0]).toEqual({
      path: ['a'],
      kind: 'whitespace',
      before: 'echo hi',
      after: 'echo hi\n',
      sensitive: false,
      forcesReplacement: false,
    });
  });

  it('whitespace that splits or joins words is a real change', () => {
    const change = rc({
      before: { cmd: 'rm -rf /tmp/x', tight: 'ab' },
      after: { cmd: 'rm -rf / tmp/x', tight: 'a b' },
    });
    const r = diffChange(change);
    expect(kinds(r.changes)).toEqual([
      ['cmd', 'changed'],
      ['tight', 'changed'],
    ]);
    expect(r.folded.whitespace).toBe(0);
  });
});

describe('JSON strings', () => {
  const policy = (actions: string[]): string =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

  it('a policy whose only difference is a reordered Action list is noise', () => {
    const change = rc({ before: { policy: policy(['s3:GetObject', 's3:PutObject']) }, after: { policy: policy(['s3:PutObject', 's3:GetObject']) } });
    const r = diffChange(change);
    expect(r.changes).toEqual([]);
    expect(r.folded).toMatchObject({ reformattedJson: 1, reordered: 0 });
    const [c] = diffChange(change, { foldNoise: false }).changes;
    expect(c?.kind).toBe('reformatted-json');
    expect(c?.jsonDiff?.map((d) => [d.path, d.kind])).toEqual([[['Statement', 0, 'Action'], 'reordered']]);
  });

  it('a real policy change keeps the changed line and folds the noise inside it', () => {
    const change = rc({
      before: { policy: JSON.stringify({ Statement: [{ Action: ['a', 'b'], Resource: '*' }] }) },
      after: { policy: JSON.stringify({ Statement: [{ Action: ['b', 'a'], Resource: 'arn:aws:s3:::bucket/*' }] }) },
    });
    const r = diffChange(change);
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]?.jsonDiff).toEqual([
      { path: ['Statement', 0, 'Resource'], kind: 'changed', before: '*', after: 'arn:aws:s3:::bucket/*', sensitive: false, forcesReplacement: false },
    ]);
    expect(r.folded.reordered).toBe(1);
  });

  it('JSON only on one side, or JSON scalars, compare as strings', () => {
    const change = rc({ before: { a: '', b: '1', c: 'not json {' }, after: { a: '{"x":1}', b: ' 1', c: 'not json {}' } });
    expect(kinds(diffChange(change, { foldNoise: false }).changes)).toEqual([
      ['a', 'changed'],
      ['b', 'whitespace'],
      ['c', 'changed'],
    ]);
  });

  it('forcesReplacement of a JSON string applies inside its jsonDiff', () => {
    const change = rc({ replacePaths: [['container_definitions']], before: { container_definitions: '[{"image":"a"}]' }, after: { container_definitions: '[{"image":"b"}]' } });
    const [c] = diffChange(change).changes;
    expect(c?.forcesReplacement).toBe(true);
    expect(c?.jsonDiff?.[0]).toEqual({ path: [0, 'image'], kind: 'changed', before: 'a', after: 'b', sensitive: false, forcesReplacement: true });
  });
});

describe('reordered lists', () => {
  it('lists of objects and lists with duplicates that only reorder are folded', () => {
    const change = rc({
      before: { ingress: [{ port: 80 }, { port: 443 }], dup: ['a', 'a', 'b'] },
      after: { ingress: [{ port: 443 }, { port: 80 }], dup: ['a', 'b', 'a'] },
    });
    const r = diffChange(change);
    expect(r.changes).toEqual([]);
    expect(r.folded.reordered).toBe(2);
  });

  it('a reorder beside an element changed in place is still counted (property seed 2000338781)', () => {
    // The only real difference is the move of -5e-324; the object differs by a null member only.
    const change = rc({ before: { l: [0, 0, { '': 0, ' ': null }, 0, -5e-324] }, after: { l: [-5e-324, 0, { '': 0 }, 0, 0] } });
    const r = diffChange(change);
    expect(r.folded.reordered).toBe(1);
    expect(r.changes).toEqual([]);
    expect(diffChange(change, { foldNoise: false }).changes.map((c) => [c.path, c.kind])).toEqual([[['l'], 'reordered']]);
  });

  it('a reorder plus a different multiset is not a reorder', () => {
    const change = rc({ before: { l: ['a', 'a', 'b'] }, after: { l: ['b', 'a', 'b'] } });
    const r = diffChange(change);
    expect(r.folded.reordered).toBe(0);
    expect(r.changes.length).toBeGreaterThan(0);
  });
});

/**
 * The diff on real plans from fixtures/corpus (public Terraform/OpenTofu/Pulumi output).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffChange, SENSITIVE, shapeKey, UNKNOWN, type AttrChange } from '../../src/diff/index.js';
import type { ResourceChange } from '../../src/model/types.js';
import { CORPUS, corpusChange, corpusChanges, rc } from './helpers.js';

const find = (changes: AttrChange[], ...path: (string | number)[]): AttrChange | undefined =>
  changes.find((c) => JSON.stringify(c.path) === JSON.stringify(path));

describe('JSON held in strings (opentofu basic-json-string-update)', () => {
  const change = corpusChange('opentofu__equivalence__basic-json-string-update.json', 'tfcoremock_simple_resource.json');

  it('reports one changed attribute with the structural diff inside it', () => {
    const { changes } = diffChange(change);
    expect(changes).toHaveLength(1);
    const c = changes[0] as AttrChange;
    expect(c.path).toEqual(['string']);
    expect(c.kind).toBe('changed');
    expect(c.before).toBe((change.before as { string: string }).string);
    expect(c.after).toBe((change.after as { string: string }).string);
    expect(c.jsonDiff).toEqual([
      { path: ['list-attribute', 1], kind: 'changed', before: 'two', after: 'four', sensitive: false, forcesReplacement: false },
      { path: ['object-attribute', 'key_four'], kind: 'added', after: 'value_three', sensitive: false, forcesReplacement: false },
      { path: ['object-attribute', 'key_three'], kind: 'changed', before: 'value_three', after: 'value_two', sensitive: false, forcesReplacement: false },
      { path: ['object-attribute', 'key_two'], kind: 'removed', before: 'value_two', sensitive: false, forcesReplacement: false },
      { path: ['string-attribute'], kind: 'changed', before: 'string', after: 'a new string', sensitive: false, forcesReplacement: false },
    ]);
  });

  it('the same string re-serialized with other spacing is reformatted-json, folded', () => {
    const s = (change.before as { string: string }).string;
    const pretty = JSON.stringify(JSON.parse(s), null, 2);
    const c = rc({ before: { string: s }, after: { string: pretty } });
    expect(diffChange(c)).toEqual({
      changes: [],
      folded: { tagsAllMirror: 0, reordered: 0, reformattedJson: 1, whitespace: 0, unknown: 0 },
    });
    expect(diffChange(c, { foldNoise: false }).changes).toEqual([
      { path: ['string'], kind: 'reformatted-json', before: s, after: pretty, sensitive: false, forcesReplacement: false },
    ]);
  });

  it('a JSON string nested in a set block (fully-populated-complex-update)', () => {
    const { changes } = diffChange(corpusChange('opentofu__equivalence__fully-populated-complex-update.json', 'tfcoremock_complex_resource.complex'));
    const c = find(changes, 'set_block', 2, 'string');
    expect(c?.kind).toBe('changed');
    expect(c?.jsonDiff).toEqual([{ path: ['index'], kind: 'changed', before: 0, after: 3, sensitive: false, forcesReplacement: false }]);
    // Scalars, nested lists and a multi-line string, each at its own path.
    expect(find(changes, 'number')).toMatchObject({ kind: 'changed', before: 123456789, after: 987654321 });
    expect(find(changes, 'list', 2, 'list', 2, 'number')).toMatchObject({ kind: 'changed', before: 2, after: 3 });
    expect(find(changes, 'object', 'bool')).toMatchObject({ kind: 'removed', before: false });
    expect(find(changes, 'list', 1, 'string')?.kind).toBe('changed');
  });
});

describe('Pulumi JSON text output (pulumi preview-json-text-change event log)', () => {
  it('a reformatted JSON string is reformatted-json and folded', () => {
    const events = readFileSync(`${CORPUS}pulumi/pulumi__eventlog__preview-json-text-change.jsonl`, 'utf8')
      .split(/\n(?=\{)/)
      .map((e) => JSON.parse(e) as { resourcePreEvent?: { metadata: { old: { outputs: unknown }; new: { outputs: unknown } } } });
    const md = events.find((e) => e.resourcePreEvent !== undefined)?.resourcePreEvent?.metadata;
    expect(md).toBeDefined();
    const change = rc({ type: 'pulumi:pulumi:Stack', before: md?.old.outputs, after: md?.new.outputs });
    const r = diffChange(change);
    expect(r.changes).toEqual([]);
    expect(r.folded.reformattedJson).toBe(1);
    expect(diffChange(change, { foldNoise: false }).changes).toEqual([
      {
        path: ['vehicles', 'taxi'],
        kind: 'reformatted-json',
        before: '{"color":"yellow"}',
        after: '{"color":    "yellow"   }',
        sensitive: false,
        forcesReplacement: false,
      },
    ]);
  });
});

describe('sets and lists (opentofu basic-set-update, basic-list-update, nested-list-update)', () => {
  it('a set element swapped for another: one removed, one added, no reorder noise', () => {
    const r = diffChange(corpusChange('opentofu__equivalence__basic-set-update.json', 'tfcoremock_set.set'));
    expect(r.changes).toEqual([
      { path: ['set', 0], kind: 'added', after: '1769B76E-12F0-4214-A864-E843EB23B64E', sensitive: false, forcesReplacement: false },
      { path: ['set', 1], kind: 'removed', before: 'C04762B9-D07B-40FE-A92B-B72AD342658D', sensitive: false, forcesReplacement: false },
    ]);
    expect(r.folded.reordered).toBe(0);
  });

  it('a list with one element removed in the middle and one appended', () => {
    const r = diffChange(corpusChange('opentofu__equivalence__basic-list-update.json', 'tfcoremock_list.list'));
    expect(r.changes).toEqual([
      { path: ['list', 1], kind: 'removed', before: '3EC6EB1F-E372-46C3-A069-00D6E82EC1E1', sensitive: false, forcesReplacement: false },
      { path: ['list', 2], kind: 'added', after: '9B9F3ADF-8AD4-4E8C-AFE4-7BC2413E9AC0', sensitive: false, forcesReplacement: false },
    ]);
  });

  it('the set of the real plan, only reordered, is folded as reordered', () => {
    const change = corpusChange('opentofu__equivalence__basic-set-update.json', 'tfcoremock_set.set');
    const before = change.before as { id: string; set: string[] };
    const shuffled = rc({ before, after: { ...before, set: [...before.set].reverse() } });
    const r = diffChange(shuffled);
    expect(r.changes).toEqual([]);
    expect(r.folded.reordered).toBe(1);
    expect(diffChange(shuffled, { foldNoise: false }).changes).toEqual([
      { path: ['set'], kind: 'reordered', before: before.set, after: [...before.set].reverse(), sensitive: false, forcesReplacement: false },
    ]);
  });

  it('nested lists: whole inner lists that moved are matched, the rest diffed', () => {
    const { changes } = diffChange(corpusChange('opentofu__equivalence__nested-list-update.json', 'tfcoremock_nested_list.nested_list'));
    // before [[], [44E1], [13E3, 8B03]] -> after [[44E1], [8B03], [13E3]]
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      [['lists', 0], 'removed'],
      [['lists', 1, 0], 'removed'],
      [['lists', 2], 'added'],
    ]);
    expect(find(changes, 'lists', 1, 0)?.before).toBe('13E3B154-7B85-4EAA-B3D0-E295E7D71D7F');
  });

  it('a changed block in a list of blocks diffs member by member (multiple-block-types-update)', () => {
    const { changes } = diffChange(corpusChange('opentofu__equivalence__multiple-block-types-update.json', 'tfcoremock_multiple_blocks.multiple_blocks'));
    expect(changes).toEqual([
      { path: ['first_block', 0, 'id'], kind: 'changed', before: 'D35E88DA-BC3B-46D7-9E0B-4ED4582FA65A', after: 'B27FB8BE-52D4-4CEB-ACE9-5E7FB3968F2B', sensitive: false, forcesReplacement: false },
      { path: ['second_block', 0, 'id'], kind: 'changed', before: '157660A9-D590-469E-BE28-83B8526428CA', after: '91640A80-A65F-4BEF-925B-684E4517A04D', sensitive: false, forcesReplacement: false },
    ]);
  });
});

describe('maps and strings', () => {
  it('a changed map key shows as map.key (basic-map-update)', () => {
    const { changes } = diffChange(corpusChange('opentofu__equivalence__basic-map-update.json', 'tfcoremock_map.map'));
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      [['map', 'four'], 'added'],
      [['map', 'one'], 'removed'],
    ]);
  });

  it('a real multi-line edit is changed, not whitespace (basic-multiline-string-update)', () => {
    const r = diffChange(corpusChange('opentofu__equivalence__basic-multiline-string-update.json', 'tfcoremock_simple_resource.multiline'));
    expect(r.changes.map((c) => [c.path, c.kind])).toEqual([[['string'], 'changed']]);
    expect(r.folded.whitespace).toBe(0);
  });
});

describe('forcesReplacement from replace_paths', () => {
  it.each([
    ['opentofu__equivalence__replace-within-list.json', 'tfcoremock_list.list', ['list', 1, 'id']],
    ['opentofu__equivalence__replace-within-map.json', 'tfcoremock_map.map', ['map', 'key_two', 'id']],
    ['opentofu__equivalence__replace-within-object.json', 'tfcoremock_object.object', ['object', 'id']],
    ['opentofu__equivalence__simple-object-replace.json', 'tfcoremock_object.object', ['id']],
  ])('%s', (file, address, path) => {
    const change = corpusChange(file, address);
    expect(change.action).toBe('replace');
    const { changes } = diffChange(change);
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      const related = c.path.every((s, i) => i >= path.length || s === path[i]) || path.every((s, i) => i >= c.path.length || s === c.path[i]);
      expect(c.forcesReplacement).toBe(related);
    }
    expect(changes.some((c) => c.forcesReplacement)).toBe(true);
  });

  it('prefix and descendant paths both force; siblings do not', () => {
    const change = rc({
      replacePaths: [['triggers_replace'], ['tags', 'Name']],
      before: { triggers_replace: { a: '1' }, tags: { Name: 'x', env: 'a' }, other: 1 },
      after: { triggers_replace: { a: '2' }, tags: { Name: 'y', env: 'b' }, other: 2 },
    });
    const flags = Object.fromEntries(diffChange(change).changes.map((c) => [c.path.join('.'), c.forcesReplacement]));
    expect(flags).toEqual({ 'other': false, 'tags.Name': true, 'tags.env': false, 'triggers_replace.a': true });
    // A replace path below a listed path (the list is reordered as a whole) still forces it.
    const list = rc({ replacePaths: [['ports', 1]], before: { ports: [1, 2] }, after: { ports: [2, 1] } });
    expect(diffChange(list, { foldNoise: false }).changes[0]).toMatchObject({ kind: 'reordered', forcesReplacement: true });
  });
});

describe('create, delete, read', () => {
  it('create lists known attributes as added, unknown ones once each (terraform-json 110-sensitive-values)', () => {
    const changes = corpusChanges('terraform-json__110-sensitive-values.json');
    const foo = changes.find((c) => c.address === 'null_resource.foo') as ResourceChange;
    expect(diffChange(foo).changes).toEqual([
      { path: ['id'], kind: 'unknown', after: UNKNOWN, sensitive: false, forcesReplacement: false },
      { path: ['triggers', 'foo'], kind: 'added', after: 'bar', sensitive: false, forcesReplacement: false },
    ]);
    // after {} with after_unknown {id: true, triggers: true}: each attribute once, never the whole resource.
    const bar = changes.find((c) => c.address === 'null_resource.bar') as ResourceChange;
    expect(diffChange(bar).changes).toEqual([
      { path: ['id'], kind: 'unknown', after: UNKNOWN, sensitive: false, forcesReplacement: false },
      { path: ['triggers'], kind: 'unknown', after: UNKNOWN, sensitive: false, forcesReplacement: false },
    ]);
    // after {triggers: null}: null attributes are omitted.
    const aliased = changes.find((c) => c.address === 'module.foo.null_resource.aliased') as ResourceChange;
    expect(diffChange(aliased).changes.map((c) => c.path)).toEqual([['id']]);
  });

  it('delete lists nothing (opentofu show-json basic-delete, null-provider-delete)', () => {
    for (const file of ['opentofu__show-json__basic-delete.json', 'opentofu__equivalence__null-provider-delete.json']) {
      const deletes = corpusChanges(file).filter((c) => c.action === 'delete');
      expect(deletes.length).toBeGreaterThan(0);
      for (const d of deletes) {
        expect(diffChange(d)).toEqual({ changes: [], folded: { tagsAllMirror: 0, reordered: 0, reformattedJson: 0, whitespace: 0, unknown: 0 } });
      }
    }
  });

  it('a data source read with unknowns (tfplan2md azuredevops)', () => {
    const { changes } = diffChange(corpusChange('tfplan2md__azuredevops.json', 'data.azuredevops_project.example'));
    expect(find(changes, 'project_id')).toMatchObject({ kind: 'added', after: '0f0b93a6-f450-49b2-ad52-fe3303c2f9aa' });
    expect(find(changes, 'id')).toMatchObject({ kind: 'unknown', after: UNKNOWN });
  });
});

describe('sensitive values in real plans', () => {
  it('create with sensitive attributes (opentofu show-json-sensitive)', () => {
    const [first] = corpusChanges('opentofu__show-json-sensitive.json');
    const r = diffChange(first as ResourceChange);
    expect(r.changes).toEqual([
      { path: ['ami'], kind: 'added', after: SENSITIVE, sensitive: true, forcesReplacement: false },
      { path: ['id'], kind: 'unknown', after: UNKNOWN, sensitive: false, forcesReplacement: false },
      { path: ['password'], kind: 'added', after: SENSITIVE, sensitive: true, forcesReplacement: false },
    ]);
    const text = JSON.stringify(r);
    expect(text).not.toContain('"bar"');
    expect(text).not.toContain('"secret"');
  });

  it('unchanged sensitive values, and a value that only became sensitive, are not changes (terraform-json sanitize-basic)', () => {
    for (const c of corpusChanges('terraform-json__sanitize-basic.json')) {
      expect(diffChange(c).changes).toEqual([]);
    }
  });

  it('a sensitive block list and a list of blocks with unknown members (tfplan2md azuredevops variable group)', () => {
    const change = corpusChange('tfplan2md__azuredevops.json', 'azuredevops_variable_group.example');
    const r = diffChange(change);
    expect(JSON.stringify(r)).not.toContain('supersecret');
    expect(shapeKey(r, change)).not.toContain('supersecret');
    expect(r.changes.some((c) => c.path[0] === 'secret_variable')).toBe(false);
    expect(find(r.changes, 'variable', 0, 'name')).toMatchObject({ kind: 'changed', before: 'APP_VERSION', after: 'ENV' });
    expect(find(r.changes, 'variable', 0, 'content_type')).toMatchObject({ kind: 'unknown', before: '', after: UNKNOWN });
    // enabled: false -> false is known and equal in element 1, so it is not listed.
    expect(find(r.changes, 'variable', 1, 'enabled')).toBeUndefined();
  });

  it('a build definition whose variables are sensitive as a whole', () => {
    const r = diffChange(corpusChange('tfplan2md__azuredevops.json', 'azuredevops_build_definition.example2'));
    expect(find(r.changes, 'variable')).toEqual({ path: ['variable'], kind: 'added', after: SENSITIVE, sensitive: true, forcesReplacement: false });
  });
});

describe('Pulumi previews', () => {
  interface Step {
    op: string;
    urn: string;
    oldState?: { inputs?: unknown; outputs?: unknown };
    newState?: { inputs?: unknown; outputs?: unknown };
  }
  const steps = (file: string): Step[] => (JSON.parse(readFileSync(`${CORPUS}pulumi/${file}`, 'utf8')) as { steps: Step[] }).steps;

  it('"[secret]" outputs stay masked, unknown sentinels show as unknown (drift-adopter tls replace)', () => {
    const step = steps('drift-adopter__preview-tls-replace-excerpt.json').find((s) => s.op === 'replace') as Step;
    const change = rc({ type: 'tls:index/privateKey:PrivateKey', action: 'replace', before: step.oldState?.outputs, after: step.newState?.outputs });
    const { changes } = diffChange(change);
    // "[secret]" -> "[secret]": equal placeholders, not a change.
    expect(changes.some((c) => String(c.path[0]).startsWith('privateKey'))).toBe(false);
    expect(find(changes, 'algorithm')).toMatchObject({ kind: 'changed', before: 'ECDSA', after: 'RSA' });
    expect(find(changes, 'rsaBits')).toBeUndefined(); // 2048 on both sides
    expect(find(changes, '__meta')).toMatchObject({ kind: 'removed', before: '{"schema_version":"1"}' });
    expect(find(changes, 'id')).toMatchObject({ kind: 'unknown', before: '4e643a5dcb5637f8bdf30444f377798c49ebcae0', after: UNKNOWN });
    expect(find(changes, 'publicKeyPem')).toMatchObject({ kind: 'unknown', after: UNKNOWN });
    expect(JSON.stringify(changes)).not.toContain('04da6b54-80e4-46f7-96ec-b56ff0331ba9');
  });

  it('Pulumi assets (sigil objects that are not secrets) are diffed normally (stratify preview-update)', () => {
    const step = steps('stratify__preview-update.json').find((s) => s.op === 'update') as Step;
    const { changes } = diffChange(rc({ before: step.oldState?.inputs, after: step.newState?.inputs }));
    const text = find(changes, 'code', 'assets', '__index.js', 'text');
    expect(text?.kind).toBe('changed');
    expect(text?.sensitive).toBe(false);
    expect(String(text?.after)).toContain('console.log("hi")');
    expect(find(changes, 'code', 'assets', '__index.js', 'hash')?.kind).toBe('changed');
  });
});

describe('every corpus plan', () => {
  /** Strings at positions marked sensitive, and all strings elsewhere (test-side walk; corpus values are shallow). */
  function strings(v: unknown, mask: unknown, marked: boolean, sens: Set<string>, plain: Set<string>): void {
    const m = marked || mask === true;
    if (typeof v === 'string') (m ? sens : plain).add(v);
    else if (Array.isArray(v)) v.forEach((x, i) => strings(x, Array.isArray(mask) ? mask[i] : undefined, m, sens, plain));
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        (m ? sens : plain).add(k);
        strings(x, typeof mask === 'object' && mask !== null && !Array.isArray(mask) ? (mask as Record<string, unknown>)[k] : undefined, m, sens, plain);
      }
    }
  }

  const files = readdirSync(`${CORPUS}terraform`).filter((f) => f.endsWith('.json'));

  it.each(files)('%s: diffs without error and leaks no sensitive string', (file) => {
    let plan: { resource_changes?: unknown[] };
    try {
      plan = JSON.parse(readFileSync(`${CORPUS}terraform/${file}`, 'utf8')) as { resource_changes?: unknown[] };
    } catch {
      return; // not JSON (a deliberately broken file): the ingest's concern
    }
    if (!Array.isArray(plan.resource_changes)) return;
    for (const change of corpusChanges(file)) {
      for (const foldNoise of [true, false]) {
        const r = diffChange(change, { foldNoise });
        const out = JSON.stringify(r) + shapeKey(r, change);
        const sens = new Set<string>();
        const plain = new Set<string>();
        strings(change.before, change.beforeSensitive, false, sens, plain);
        strings(change.after, change.afterSensitive, false, sens, plain);
        const plainText = [...plain].join('\u0000');
        for (const s of sens) {
          if (s.length < 4 || plainText.includes(s)) continue; // also printed legitimately elsewhere
          expect(out, `${file} ${change.address}`).not.toContain(JSON.stringify(s).slice(1, -1));
        }
      }
    }
  });
});

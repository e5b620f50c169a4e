/**
 * groupView (src/render/review.ts) keys the attribute lines of a group by path: a one-step path
 * by its name, any other by its JSON text. A name that looks like such JSON text must not be
 * taken for that path.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { reviewModel } from '../../src/render/review.js';

function report(paths: (string | number)[][][]): Report {
  const changes = paths.map((ps, i) => ({
    address: `aws_thing.x[${i}]`,
    type: 'aws_thing',
    action: 'update' as const,
    rawActions: ['update'],
    group: 'aws_thing.x',
    index: i,
    diff: ps.map((path) => ({ path, kind: 'changed' as const, before: 'a', after: 'b', sensitive: false, forcesReplacement: false })),
  }));
  return {
    version: 1,
    source: { kind: 'terraform', file: 'f.json' },
    summary: { create: 0, update: changes.length, replace: 0, delete: 0, read: 0, noop: 0, move: 0, import: 0, forget: 0, unknown: 0, drift: 0 },
    findings: [],
    gate: { failOn: 'high', passed: true, blocking: 0 },
    acknowledgments: [],
    changes,
    review: {
      groups: [{ kind: 'update', group: 'aws_thing.x', type: 'aws_thing', risk: 'none', members: changes.map((_, i) => i) }],
      hidden: { noop: 0, read: 0 },
      folded: { tagsAllMirror: 0, reordered: 0, reformattedJson: 0, whitespace: 0, unknown: 0 },
    },
  };
}

describe('group lines by path', () => {
  it('keeps a name that reads like the JSON text of a path apart from that path', () => {
    // `[0]` as a name, and the path of list element 0 (whose JSON text is `[0]`); `["a","b"]` as
    // a name, and the path a.b.
    const g = reviewModel(report([[['[0]'], ['["a","b"]']], [[0], ['a', 'b']]])).groups[0]!;
    // Four paths, each changed by one member only: four lines, all varying.
    expect(g.lines.map((l) => [l.path, l.varies])).toEqual([
      ['["[0]"]', true],
      ['["[\\"a\\",\\"b\\"]"]', true],
      ['[0]', true],
      ['a.b', true],
    ]);
  });

  it('merges the same path of every member into one line', () => {
    const g = reviewModel(report([[['a'], ['b', 0]], [['a'], ['b', 0]]])).groups[0]!;
    expect(g.lines.map((l) => [l.path, l.varies])).toEqual([
      ['a', false],
      ['b[0]', false],
    ]);
  });
});

/**
 * The review part of the Report: JSON-serialisable, every listed change in exactly one group,
 * groups in review order, and the same shape on many instances grouped.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report, ReviewGroup } from '../../src/engine/report.js';
import { ruleById } from '../../rules/index.js';
import { reportFor } from './helpers.js';

const RISK = { blocking: 0, finding: 1, none: 2 } as const;
const KIND = ['unknown', 'replace', 'delete', 'forget', 'update', 'create', 'import', 'move', 'read', 'no-op'];

function checkReview(report: Report, where: string): void {
  const review = report.review!;
  // JSON-serialisable: survives a round trip unchanged (no undefined, Map, class or cycle).
  expect(JSON.parse(JSON.stringify(report)), where).toStrictEqual(report);
  const seen = review.groups.flatMap((g) => g.members).sort((a, b) => a - b);
  expect(seen, `${where}: every listed change in exactly one group`).toEqual(report.changes.map((_, i) => i));
  const key = (g: ReviewGroup) => [RISK[g.risk], KIND.indexOf(g.kind)] as const;
  for (let i = 1; i < review.groups.length; i++) {
    const [ra, ka] = key(review.groups[i - 1]!);
    const [rb, kb] = key(review.groups[i]!);
    expect(ra < rb || (ra === rb && ka <= kb), `${where}: group ${i} out of order`).toBe(true);
  }
  for (const g of review.groups) {
    for (const m of g.members) {
      const c = report.changes[m]!;
      expect(c.group, where).toBe(g.group);
      expect(c.type, where).toBe(g.type);
    }
  }
}

describe('the report review', () => {
  it('groups 300 identical tag updates into one group and 20 creates into another', () => {
    const r = reportFor('fixtures/terraform/many-tag-updates/plan.json');
    checkReview(r, 'many-tag-updates');
    expect(r.review!.groups.map((g) => [g.kind, g.group, g.members.length])).toEqual([
      ['update', 'terraform_data.instance_tags', 300],
      ['create', 'terraform_data.instance_tags', 20],
    ]);
    expect(r.changes[0]!.diff).toEqual([
      { path: ['input', 'cost_center'], kind: 'changed', before: 'cc-1001', after: 'cc-2002', sensitive: false, forcesReplacement: false },
      expect.objectContaining({ path: ['output'], kind: 'unknown', after: '(known after apply)' }),
    ]);
  });

  it('puts the 5 blocked replacements first and counts the 11 no-ops', () => {
    const r = reportFor('fixtures/terraform/db-node-rename/plan.json', { protect: ['terraform_data.db_node*'] });
    checkReview(r, 'db-node-rename');
    expect(r.review!.groups.map((g) => [g.risk, g.kind, g.members.length])).toEqual([
      ['blocking', 'replace', 5],
      ['none', 'update', 40],
    ]);
    expect(r.review!.hidden).toEqual({ noop: 11, read: 0 });
    // The existing fields are kept.
    expect(r.changes[r.review!.groups[0]!.members[0]!]).toMatchObject({ address: 'terraform_data.db_node["db-11"]', action: 'replace', replaceOrder: 'delete-first', replacePaths: ['triggers_replace'], reason: 'replace_because_cannot_update' });
  });

  it('keeps members with and without findings apart', () => {
    const r = reportFor('fixtures/terraform/db-node-rename/plan.json', { protect: ['terraform_data.db_node["db-12"]'], rules: [ruleById('protected-resource-destroyed')!] });
    expect(r.review!.groups.map((g) => [g.risk, g.kind, g.members.length])).toEqual([
      ['blocking', 'replace', 1],
      ['none', 'replace', 4],
      ['none', 'update', 40],
    ]);
  });

  it('holds for every real plan', () => {
    const files = [
      ...readdirSync('fixtures/corpus/terraform').map((f) => `fixtures/corpus/terraform/${f}`),
      ...readdirSync('fixtures/corpus/pulumi').map((f) => `fixtures/corpus/pulumi/${f}`),
    ];
    let checked = 0;
    for (const f of files) {
      let r: Report;
      try {
        r = reportFor(f, { protect: ['*'] });
      } catch {
        continue;
      }
      checkReview(r, f);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

/**
 * The text review on real plans: short where the plan is noisy, the dangerous lines first, every
 * noise filter visible on a plan that has that noise, and lines that fit the terminal.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFromJson, readJson } from '../helpers/plans.js';
import { renderAs, reportFor, reportOf, visibleWidth } from './helpers.js';

const TAGS = 'fixtures/terraform/many-tag-updates/plan.json';
const DB = 'fixtures/terraform/db-node-rename/plan.json';

function lines(s: string): string[] {
  return s.trimEnd().split('\n');
}

describe('the done criteria', () => {
  it('300 tag-only updates and 20 creates read in under 30 lines', () => {
    const text = renderAs(reportFor(TAGS), 'text', { width: 100 });
    expect(lines(text).length).toBeLessThan(30);
    expect(text).toMatch(/~ terraform_data\.instance_tags {2}300 to update {2}\["web-001"\], \["web-002"\]/);
    expect(text).toContain('~ input.cost_center: "cc-1001" -> "cc-2002"');
    expect(text).toMatch(/\+ terraform_data\.instance_tags {2}20 to create {2}\["web-301"\]/);
    // Piped (no width) it is just as short.
    expect(lines(renderAs(reportFor(TAGS), 'text')).length).toBeLessThan(30);
  });

  const keys = ['db-11', 'db-12', 'db-13', 'db-14', 'db-15'];
  const cases: [string, Parameters<typeof reportFor>[1]][] = [
    ['with every rule', {}],
    ['with no rule at all (the diff order alone)', { rules: [] }],
    ['with the nodes protected (5 critical findings first)', { protect: ['terraform_data.db_node*'] }],
  ];
  for (const [name, opts] of cases) {
    it(`5 database-node replacements among 40 updates: all 5 in the first 15 lines, ${name}`, () => {
      for (const width of [100, undefined]) {
        const text = renderAs(reportFor(DB, opts), 'text', width ? { width } : {});
        const first = lines(text).slice(0, 15).join('\n');
        for (const k of keys) expect(first).toContain(`["${k}"]`);
        // In the diff, the replaces come before the 40 updates, one line per node.
        const diff = text.slice(text.indexOf('-/+ terraform_data.db_node'));
        expect(diff.indexOf('terraform_data.app_config')).toBeGreaterThan(0);
        for (const k of keys) {
          const full = `["${k}"]  ~ triggers_replace.hostname: "${k}.old.example.internal" -> "${k}.new.example.internal"`;
          // Shortened in the middle of each value to fit 100 columns, whole when piped.
          if (width) expect(diff).toContain(`["${k}"]  ~ triggers_replace.hostname: "${k}.old.example…`);
          else expect(diff).toContain(full);
        }
      }
    });
  }
});

describe('noise reduction, each on a real plan', () => {
  it('order: blocking findings, other findings, then replaces, deletes, updates, creates', () => {
    // count-index-shift: 2 replaces, 2 updates, 2 deletes in plan order replace, update, delete.
    const text = renderAs(reportFor('fixtures/terraform/count-index-shift/plan.json', { rules: [] }), 'text');
    const at = (re: RegExp) => text.search(re);
    expect(at(/^-\/\+ /m)).toBeGreaterThan(0);
    expect(at(/^-\/\+ /m)).toBeLessThan(at(/^ {2}- /m));
    expect(at(/^ {2}- /m)).toBeLessThan(at(/^ {2}~ /m));
    const creates = renderAs(reportFor('fixtures/terraform/foreach-key-rename/plan.json', { rules: [] }), 'text');
    expect(creates.search(/^ {2}- /m)).toBeLessThan(creates.search(/^ {2}\+ /m));
    // With findings, the findings come first, blocking ones before the rest.
    const withFindings = renderAs(reportFor('fixtures/terraform/count-index-shift/plan.json'), 'text');
    const firstFinding = withFindings.search(/^(CRITICAL|HIGH|MEDIUM|LOW|INFO) /m);
    expect(firstFinding).toBeGreaterThan(0);
    expect(firstFinding).toBeLessThan(withFindings.search(/^-\/\+ /m));
  });

  it('no-ops and reads are counted, not listed', () => {
    const text = renderAs(reportFor('fixtures/corpus/terraform/checkov__github-actions-oidc-trust-policy.json'), 'text');
    expect(text).toContain('Not listed: 4 data source reads.');
    expect(text).not.toMatch(/data\.aws_iam_policy_document/);
    const db = renderAs(reportFor(DB), 'text');
    expect(db).toContain('Not listed: 11 unchanged.');
    expect(db).not.toContain('db-01');
    expect(db).not.toContain('terraform_data.db_cluster  '); // referenced, but never listed as a change
  });

  it('declared moves are listed compactly, one line each', () => {
    const text = renderAs(reportFor('fixtures/terraform/foreach-key-rename-moved/plan.json'), 'text');
    expect(text).toContain(' -> terraform_data.db_node  2 moved, no other change');
    expect(text).toContain('      terraform_data.db_node["orders-db-04"] -> terraform_data.db_node["orders-pg-04"]');
    expect(lines(text).length).toBeLessThanOrEqual(8);
    const one = renderAs(reportFor('fixtures/corpus/terraform/opentofu__equivalence__moved-simple.json'), 'text');
    expect(one).toContain(' -> tfcoremock_simple_resource.second  moved from tfcoremock_simple_resource.first, no other change');
    const withUpdate = renderAs(reportFor('fixtures/corpus/terraform/opentofu__equivalence__moved-with-update.json'), 'text');
    expect(withUpdate).toContain('~ tfcoremock_simple_resource.moved  update, moved from tfcoremock_simple_resource.base');
  });

  it('per change, only the attributes that changed', () => {
    const text = renderAs(reportFor(DB), 'text');
    for (const unchanged of ['zone', 'role', 'cluster', 'environment', 'managed_by', 'team']) expect(text).not.toMatch(new RegExp(`~ [\\w.]*${unchanged}:`));
    expect(text).toContain('~ input.tags.dns_domain: "old.example.internal" -> "new.example.internal"');
  });

  it('an unknown value is shown once, as (known after apply)', () => {
    const text = renderAs(reportFor('fixtures/terraform/unknown/plan.json'), 'text');
    expect(text).toContain('~ input.database_id, output: (known after apply)');
    expect(text.match(/\(known after apply\)/g)).toHaveLength(1); // creates list no attributes in text
    const tags = renderAs(reportFor(TAGS), 'text');
    // output was a whole object before: not printed, just "(known after apply)", once for 300 instances.
    expect(tags.match(/~ output: \(known after apply\)/g)).toHaveLength(1);
    expect(tags).not.toContain('web-001.example.internal');
  });

  it('tags_all changes that only mirror tags are folded', () => {
    const text = renderAs(reportFor('fixtures/corpus/terraform/infracost__terraform-v0.12-plan-rds.json'), 'text');
    expect(text).not.toMatch(/[~+-] tags_all/);
    expect(text).toContain('folded as noise: 17 tags_all changes mirroring tags');
  });

  it('JSON in strings: a structural diff, or "reformatted" when only key order or whitespace changed', () => {
    const text = renderAs(reportFor('fixtures/corpus/terraform/opentofu__equivalence__basic-json-string-update.json'), 'text');
    expect(text).toContain('~ string: JSON changed:');
    expect(text).toContain('    ~ list-attribute[1]: "two" -> "four"');
    expect(text).toContain('    - object-attribute.key_two: "value_two"');
    const pulumi = renderAs(reportFor('fixtures/corpus/pulumi/pulumi__eventlog__preview-json-text-change.jsonl'), 'text');
    expect(pulumi).toContain('~ only noise changed: 1 JSON string only reformatted');
    // The same on a real Terraform plan whose JSON string is re-serialised with other key order and spacing.
    const doc = readJson('fixtures/corpus/terraform/opentofu__equivalence__basic-json-string-update.json') as { resource_changes: { change: { before: Record<string, unknown>; after: Record<string, unknown> } }[] };
    const rc = doc.resource_changes[0]!.change;
    const parsed = JSON.parse(rc.before.string as string) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(parsed).reverse());
    rc.after = { ...rc.before, string: JSON.stringify(reordered, null, 4) };
    const re = renderAs(reportOf(planFromJson(doc)), 'text');
    expect(re).toContain('only noise changed: 1 JSON string only reformatted');
    expect(re).not.toContain('JSON changed');
  });

  it('lists that only reorder are "reordered"; whitespace-only string edits are folded', () => {
    // A real plan (opentofu's basic-list-update), its list re-ordered / its strings re-spaced.
    const doc = readJson('fixtures/corpus/terraform/opentofu__equivalence__basic-list-update.json') as { resource_changes: { change: { before: Record<string, unknown>; after: Record<string, unknown> } }[] };
    const rc = doc.resource_changes[0]!.change;
    const list = rc.before.list as string[];
    expect(list.length).toBeGreaterThan(1);
    rc.after = { ...rc.before, list: [...list].reverse() };
    const reordered = renderAs(reportOf(planFromJson(doc)), 'text');
    expect(reordered).toContain('only noise changed: 1 list only reordered');
    rc.after = { ...rc.before, list: list.map((s) => ` ${s.replace(/ /g, '  ')}  `) };
    const spaced = renderAs(reportOf(planFromJson(doc)), 'text');
    expect(spaced).toMatch(/only noise changed: \d+ whitespace-only edits?/);
  });

  it('the same change on many instances is one line with the count and the instance keys (count, for_each, modules)', () => {
    expect(renderAs(reportFor('fixtures/terraform/module-foreach/plan.json'), 'text')).toContain(
      '~ module.cache_shard.terraform_data.node  4 to update  module.cache_shard["shard-a"], module.cache_shard["shard-b"]',
    );
    const count = renderAs(reportFor('fixtures/terraform/count-shrink/plan.json', { rules: [] }), 'text');
    expect(count).toMatch(/- terraform_data\.\w+ {2}2 to delete: count index no longer exists/);
  });
});

describe('terminal behaviour', () => {
  it('no colour unless asked; colour when asked', () => {
    const report = reportFor(DB);
    expect(renderAs(report, 'text')).not.toContain('\u001b[');
    expect(renderAs(report, 'text', { color: true })).toContain('\u001b[');
  });

  it('lines fit the terminal width (except a single word longer than it)', () => {
    const plans = [
      TAGS,
      DB,
      'fixtures/terraform/sensitive/plan.json',
      'fixtures/terraform/handwritten-hostile-text/plan.json',
      ...readdirSync('fixtures/corpus/terraform')
        .filter((f) => f.startsWith('opentofu__equivalence__') || f.startsWith('tfplan2md'))
        .map((f) => `fixtures/corpus/terraform/${f}`),
    ];
    for (const width of [60, 80, 132]) {
      for (const p of plans) {
        const report = reportFor(p, { protect: ['*'] });
        const unbreakable = new Set([report.source.file, ...report.changes.map((c) => c.address), ...report.review!.groups.map((g) => g.group)]);
        for (const line of lines(renderAs(report, 'text', { width, color: true }))) {
          if (visibleWidth(line) <= width) continue;
          // Only an address or the file name, which cannot be broken, may overflow: alone on its line.
          const plain = line.replace(/\u001b\[[0-9;]*m/g, '').trim().replace(/^(-\/\+|\+\/-|[-~+.]|!!|<=|->) /, '');
          expect(unbreakable.has(plain) || !/\s/.test(plain), `${p} @${width}: ${line}`).toBe(true);
        }
      }
    }
  });
});

/**
 * The Markdown review: verdict first, findings never collapsed nor cut, the diff in collapsible
 * sections, safe on every real plan, and within a comment's size.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { DEFAULT_MARKDOWN_BUDGET, renderMarkdownSummary } from '../../src/render/markdown.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { markdownProblems, markdownScan, renderAs, reportFor, reportOf } from './helpers.js';

const DB = 'fixtures/terraform/db-node-rename/plan.json';

function realPlans(): string[] {
  const out: string[] = [];
  for (const f of readdirSync('fixtures/corpus/terraform')) out.push(`fixtures/corpus/terraform/${f}`);
  for (const f of readdirSync('fixtures/corpus/pulumi')) out.push(`fixtures/corpus/pulumi/${f}`);
  for (const d of readdirSync('fixtures/terraform', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
    if (readdirSync(`fixtures/terraform/${d}`, { withFileTypes: true }).some((e) => e.name === 'plan.json')) out.push(`fixtures/terraform/${d}/plan.json`);
  }
  return out.filter((p) => !p.includes('/_bad/'));
}

describe('markdown review', () => {
  it('starts with the verdict line', () => {
    const blocked = renderAs(reportFor(DB, { protect: ['terraform_data.db_node*'] }), 'markdown');
    expect(blocked.split('\n')[0]).toBe('## 🛑 Blocked: 5 destructive changes (6 blocking findings)');
    expect(renderAs(reportFor('fixtures/terraform/creates-only/plan.json'), 'markdown').split('\n')[0]).toBe('## ✅ No destructive changes');
    expect(renderAs(reportFor(DB, { rules: [] }), 'markdown').split('\n')[0]).toBe('## ⚠️ Passed: 5 destructive changes, none blocking');
  });

  it('findings come before the diff and are never collapsed; sections with blocking changes are open', () => {
    const report = reportFor(DB, { protect: ['terraform_data.db_node*'] });
    const md = renderAs(report, 'markdown');
    const firstDetails = md.indexOf('<details');
    expect(firstDetails).toBeGreaterThan(0);
    for (const k of ['db\\-11', 'db\\-12', 'db\\-13', 'db\\-14', 'db\\-15']) {
      const at = md.indexOf(`terraform\\_data\\.db\\_node\\["${k}"\\] is protected`);
      expect(at, k).toBeGreaterThan(0);
      expect(at).toBeLessThan(firstDetails);
    }
    expect(md.slice(0, firstDetails)).toContain('5 of 15 instances of `terraform_data.db_node`');
    expect(md).toContain('<details open><summary><b>Changes with blocking findings: 5</b></summary>');
    expect(md).toContain('<details><summary><b>Update: 40</b></summary>');
    // The diff itself: one line per replaced node, then the 40 updates as one line.
    expect(md).toContain('    ["db-13"]  ~ triggers_replace.hostname: "db-13.old.example.internal" -> "db-13.new.example.internal"');
    expect(md).toMatch(/~ terraform_data\.app_config {2}40 to update/);
  });

  it('creates show their attributes (collapsed), values that differ per instance marked', () => {
    const md = renderAs(reportFor('fixtures/terraform/many-tag-updates/plan.json'), 'markdown');
    expect(md).toContain('<details><summary><b>Create: 20</b></summary>');
    expect(md).toContain('    + input.cost_center: "cc-2002"');
    expect(md).toContain('    + input.Name: (differs per instance)');
  });

  it('is well-formed and inert on every real plan we hold', () => {
    for (const p of realPlans()) {
      let report: Report;
      try {
        report = reportFor(p, { protect: ['*'] });
      } catch {
        continue; // unreadable on purpose (tested elsewhere)
      }
      const md = renderAs(report, 'markdown');
      expect(markdownProblems(md), p).toEqual([]);
      expect(md.length, p).toBeLessThanOrEqual(DEFAULT_MARKDOWN_BUDGET);
    }
  });

  it('re-renders the same from the JSON report (planguard comment --from report.json)', () => {
    for (const p of [DB, 'fixtures/terraform/sensitive/plan.json', 'fixtures/terraform/foreach-key-rename-moved/plan.json']) {
      const report = reportFor(p, { protect: ['*'] });
      const reread = JSON.parse(renderAs(report, 'json')) as Report;
      expect(renderAs(reread, 'markdown')).toBe(renderAs(report, 'markdown'));
      expect(renderAs(reread, 'text', { width: 90 })).toBe(renderAs(report, 'text', { width: 90 }));
    }
  });

  it('renders a report made before the review existed (no review, no diff)', () => {
    const report = reportFor(DB) as Partial<Report>;
    delete report.review;
    for (const c of report.changes ?? []) delete c.diff;
    const md = renderAs(report as Report, 'markdown');
    expect(markdownProblems(md)).toEqual([]);
    expect(md).toContain('["db-15"]');
    expect(md).toMatch(/terraform_data\.app_config {2}40 to update/);
  });
});

describe('size: a comment fits GitHub', () => {
  /** A real plan's update entry copied 4,000 times under distinct resource names, with long values, plus 5 protected replaces. */
  function hugePlan(): Report {
    const doc = readJson(DB) as { resource_changes: { address: string; name: string; change: { actions: string[]; before: { input: unknown }; after: { input: unknown } } }[] };
    const update = doc.resource_changes.find((r) => r.change.actions[0] === 'update')!;
    const replaces = doc.resource_changes.filter((r) => r.change.actions.join() === 'delete,create');
    const many = Array.from({ length: 4000 }, (_, i) => {
      const c = structuredClone(update);
      c.name = `app_${i}`;
      c.address = `terraform_data.app_${i}`;
      delete (c as { index?: unknown }).index;
      (c.change.after as { input: unknown }).input = { note: `value ${i} `.repeat(20) };
      return c;
    });
    doc.resource_changes = [...many, ...replaces];
    return reportOf(planFromJson(doc), { protect: ['terraform_data.db_node*'] });
  }

  it('findings are never cut; the diff is trimmed from the lowest risk up, and the comment says so', () => {
    const report = hugePlan();
    const md = renderAs(report, 'markdown');
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_BUDGET);
    expect(markdownProblems(md)).toEqual([]);
    for (const k of ['db\\-11', 'db\\-12', 'db\\-13', 'db\\-14', 'db\\-15']) expect(md).toContain(`terraform\\_data\\.db\\_node\\["${k}"\\] is protected`);
    expect(report.findings.filter((f) => f.ruleId === 'protected-resource-destroyed')).toHaveLength(5);
    // The blocking replaces are kept, most updates are left out and counted.
    expect(md).toContain('<details open><summary><b>Changes with blocking findings: 5</b></summary>');
    const note = /\*\*Left out to fit a comment:\*\* the diff of (\d+) to update \((\d+) groups, the lowest risk first; every finding is above\)\. See the whole review with `planguard check [^`]+`, or every attribute with `planguard check [^`]+ --format json`\./.exec(md);
    expect(note).not.toBeNull();
    const shown = (md.match(/^~ terraform_data\.app_\d+ {2}update/gm) ?? []).length;
    expect(shown + Number(note![1])).toBe(4000);
    expect(shown).toBeGreaterThan(0);
  });

  it('a smaller budget keeps every finding even when nothing else fits', () => {
    const report = reportFor(DB, { protect: ['terraform_data.db_node*'] });
    const md = renderAs(report, 'markdown', { budget: 1000 });
    expect(markdownProblems(md)).toEqual([]);
    expect(md).not.toContain('<details');
    expect((md.match(/is protected \\\(matches/g) ?? []).length).toBe(5);
    expect(md).toContain('**Left out to fit a comment:** the diff of 5 to replace, 40 to update');
  });

  it('every fence is closed by its own partner line', () => {
    const { fences } = markdownScan(renderAs(reportFor('fixtures/terraform/handwritten-hostile-text/plan.json', { protect: ['*'] }), 'markdown'));
    expect(fences.length % 2).toBe(0);
    for (let i = 0; i < fences.length; i += 2) {
      const open = /^\s*(`+)/.exec(fences[i]!)![1]!;
      expect(fences[i + 1]!.trim()).toBe(open);
    }
  });

  it('the short form (a comment integration\'s fallback) stays under its budget whatever the report holds', () => {
    const base = reportFor('fixtures/terraform/handwritten-hostile-text/plan.json', { protect: ['*'] });
    const f0 = base.findings[0]!;
    const report: Report = { ...base, findings: Array.from({ length: 5000 }, (_, i) => ({ ...f0, address: `x${i}`, message: `${f0.message} ${'long '.repeat(200)}` })) };
    const md = renderMarkdownSummary(report);
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(markdownProblems(md)).toEqual([]);
    expect(md.split('\n')[0]).toBe('## 🛑 Blocked: 1 destructive change (2 blocking findings)');
    expect(md).toMatch(/- … and \d+ more findings: see the whole review with `planguard check [^`]+` \(in CI: the job log\)\./);
  });
});

describe('code to paste in a fix', () => {
  const PULUMI_RENAME = 'fixtures/pulumi/handwritten-rename-without-aliases/preview.json';
  const OLD = 'urn:pulumi:prod::billing::aws:dynamodb/table:Table::orders';

  it('the `aliases` option of a Pulumi rename is a fenced code block, unescaped and not indented', () => {
    const md = renderAs(reportFor(PULUMI_RENAME), 'markdown');
    expect(md).toContain(`destroying it:\n\n\`\`\`\naliases: ["${OLD}"]\n\`\`\`\n`);
  });

  it('the text review shows it on its own line, the GitHub annotation on one line', () => {
    const text = renderAs(reportFor(PULUMI_RENAME), 'text');
    expect(text).toMatch(new RegExp(`destroying it:\\n {2,}aliases: \\["${OLD.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\]\\n`));
    const gh = renderAs(reportFor(PULUMI_RENAME), 'github');
    expect(gh).toContain(`destroying it: aliases: ["${OLD}"]`);
    const tf = renderAs(reportFor('fixtures/terraform/module-rename/plan.json'), 'github');
    expect(tf).toContain('destroying it: moved { from = module.db to   = module.database }');
  });
});

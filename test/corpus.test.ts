/**
 * Every real plan we hold (our generated fixtures and the public corpus copied from
 * ../shared/corpus) is read without error, and the model's action counts equal the counts
 * taken from the raw JSON, and those in fixtures/corpus/SOURCES.tsv.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlan } from '../src/ingest/index.js';
import { summarize } from '../src/engine/report.js';
import { ROOT } from './helpers/plans.js';

function terraformPlans(): string[] {
  const out: string[] = [];
  const corpus = join(ROOT, 'fixtures/corpus/terraform');
  for (const f of readdirSync(corpus)) if (f.endsWith('.json')) out.push(join(corpus, f));
  const ours = join(ROOT, 'fixtures/terraform');
  for (const d of readdirSync(ours)) {
    const p = join(ours, d, 'plan.json');
    if (d.startsWith('handwritten-')) continue;
    try {
      if (statSync(p).isFile()) out.push(p);
    } catch {
      /* not a scenario */
    }
  }
  return out.sort();
}

interface RawCounts {
  create: number;
  update: number;
  replace: number;
  deleteFirst: number;
  createFirst: number;
  delete: number;
  noop: number;
  read: number;
  forget: number;
}

function rawCounts(doc: { resource_changes?: { change: { actions: string[] } }[] }): RawCounts {
  const c: RawCounts = { create: 0, update: 0, replace: 0, deleteFirst: 0, createFirst: 0, delete: 0, noop: 0, read: 0, forget: 0 };
  for (const rc of doc.resource_changes ?? []) {
    const a = rc.change.actions.join(',');
    if (a === 'create' || a === 'create,forget') c.create++;
    else if (a === 'update') c.update++;
    else if (a === 'delete,create') (c.replace++, c.deleteFirst++);
    else if (a === 'create,delete') (c.replace++, c.createFirst++);
    else if (a === 'delete') c.delete++;
    else if (a === 'no-op') c.noop++;
    else if (a === 'read') c.read++;
    else if (a === 'forget') c.forget++;
  }
  return c;
}

const sources = new Map<string, string>();
for (const line of readFileSync(join(ROOT, 'fixtures/corpus/SOURCES.tsv'), 'utf8').split('\n').slice(1)) {
  const [file, , , , , notes] = line.split('\t');
  if (file && notes) sources.set(file, notes);
}

describe('every real Terraform plan is read with the right counts', () => {
  const plans = terraformPlans();
  it('holds the corpus and our fixtures', () => {
    expect(plans.length).toBeGreaterThan(130);
  });
  for (const p of plans) {
    const rel = relative(ROOT, p);
    it(rel, () => {
      const doc = JSON.parse(readFileSync(p, 'utf8'));
      const plan = readPlan(p);
      const s = summarize(plan);
      const raw = rawCounts(doc);
      // importing no-ops are counted as imports, not no-ops
      const imports = plan.changes.filter((c) => c.action === 'import').length;
      expect({ create: s.create, update: s.update, replace: s.replace, delete: s.delete, noop: s.noop + imports, read: s.read, forget: s.forget }).toEqual({
        create: raw.create,
        update: raw.update,
        replace: raw.replace,
        delete: raw.delete,
        noop: raw.noop,
        read: raw.read,
        forget: raw.forget,
      });
      expect(plan.changes.filter((c) => c.replaceOrder === 'delete-first').length).toBe(raw.deleteFirst);
      expect(plan.changes.filter((c) => c.replaceOrder === 'create-first').length).toBe(raw.createFirst);
      expect(s.unknown).toBe(0);
      const notes = sources.get(`terraform/${rel.split('/').pop()}`);
      if (notes) {
        const m = /create=(\d+) update=(\d+) replace=(\d+)\(delete-first=(\d+),create-first=(\d+)\) delete=(\d+) noop=(\d+) read=(\d+) forget=(\d+)/.exec(notes);
        expect(m, `SOURCES.tsv notes of ${rel}`).not.toBeNull();
        const [, cr, up, rep, df, cf, del, noop, read, forget] = m!.map(Number);
        expect([raw.create, raw.update, raw.replace, raw.deleteFirst, raw.createFirst, raw.delete, raw.noop, raw.read, raw.forget]).toEqual([
          cr, up, rep, df, cf, del, noop, read, forget,
        ]);
      }
    });
  }
});

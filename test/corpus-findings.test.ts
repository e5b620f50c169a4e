/**
 * The findings on every real corpus plan were reviewed by hand, and the review is recorded in
 * fixtures/corpus/FINDINGS.tsv (file, exit, findings, verdict, note). This test holds the rules to
 * that review: a rule change that makes a real plan block, pass, or report something else fails
 * here until a person looks at the plan again (`node scripts/corpus-findings.mjs --write`, then
 * review the rows marked "unreviewed").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeConfig } from '../src/engine/config.js';
import { runRules } from '../src/engine/run.js';
import { readPlan } from '../src/ingest/index.js';
import { rules } from '../rules/index.js';
import { corpusPlanPaths } from './helpers/corpus-plans.js';
import { ROOT } from './helpers/plans.js';

const VERDICTS = ['agree', 'fixed', 'left'] as const;

interface Row {
  exit: number;
  findings: string;
  verdict: string;
  note: string;
}

const lines = readFileSync(join(ROOT, 'fixtures/corpus/FINDINGS.tsv'), 'utf8').split('\n');
const rows = new Map<string, Row>();
for (const line of lines.slice(1)) {
  if (!line.trim()) continue;
  const [file, exit, findings, verdict, note] = line.split('\t');
  rows.set(file!, { exit: Number(exit), findings: findings!, verdict: verdict!, note: note ?? '' });
}

function judge(rel: string): { exit: number; findings: string } {
  const plan = readPlan(join(ROOT, rel));
  const result = runRules(plan, rules, mergeConfig({}, {}), { today: '2026-01-01' });
  const counts = new Map<string, number>();
  for (const f of result.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  const findings = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => `${id}:${n}`).join(',') || '-';
  return { exit: result.gate.passed ? 0 : 1, findings };
}

describe('the hand review of the findings on the real corpus (fixtures/corpus/FINDINGS.tsv)', () => {
  const files = corpusPlanPaths().map((p) => p.replace(/^fixtures\/corpus\//, ''));

  it('has its header and one row for every corpus file, and none for a file that is gone', () => {
    expect(lines[0]).toBe('file\texit\tfindings\tverdict\tnote');
    expect([...rows.keys()].sort()).toEqual(files);
  });

  for (const file of files) {
    it(file, () => {
      const row = rows.get(file);
      expect(row, `${file} has no row in FINDINGS.tsv`).toBeDefined();
      expect(VERDICTS, `${file}: verdict "${row!.verdict}" (review the plan, then agree/fixed/left)`).toContain(row!.verdict);
      expect(row!.note.trim().length, `${file}: the note says what fires and why`).toBeGreaterThan(10);
      expect(judge(`fixtures/corpus/${file}`)).toEqual({ exit: row!.exit, findings: row!.findings });
    });
  }
});

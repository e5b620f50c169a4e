/**
 * Every real Pulumi preview and event log in the corpus (copied from ../shared/corpus) is read
 * without error; the step ops counted in the raw file equal the counts in
 * fixtures/corpus/SOURCES.tsv and those the reader saw, and the model's actions follow from them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/engine/report.js';
import { readPlan } from '../src/ingest/index.js';
import { pulumiEventLogBuilder } from '../src/ingest/pulumi-events.js';
import { pulumiPreviewBuilder } from '../src/ingest/pulumi.js';
import { ROOT } from './helpers/plans.js';

const DIR = join(ROOT, 'fixtures/corpus/pulumi');

interface RawStep {
  op: string;
  urn: string;
  /** The old state's URN (differs from `urn` when an alias renamed the resource). */
  oldUrn?: string;
}

/** The events of an event log (one a line, or pretty-printed one after another). */
function rawEvents(text: string): Record<string, unknown>[] {
  try {
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    return JSON.parse(`[${text.trim().replace(/\}\s*\n\{/g, '},{')}]`) as Record<string, unknown>[];
  }
}

/** Whether the run the log records failed: a failed step, an error diagnostic, a failed or possibly corrupt summary. */
function rawFailed(file: string, text: string): boolean {
  if (!file.endsWith('.jsonl')) return false;
  return rawEvents(text).some((e) => {
    const d = e.diagnosticEvent as { severity?: string } | undefined;
    const s = e.summaryEvent as { result?: string; maybeCorrupt?: boolean } | undefined;
    return e.resOpFailedEvent !== undefined || d?.severity === 'error' || (s?.result !== undefined && s.result !== 'succeeded') || s?.maybeCorrupt === true;
  });
}

/** The steps of a raw file, read here independently of the reader under test. */
function rawSteps(file: string, text: string): RawStep[] {
  if (file.endsWith('.json')) {
    const steps = (JSON.parse(text) as { steps?: (RawStep & { oldState?: { urn?: string } })[] }).steps ?? [];
    return steps.map((s) => ({ op: s.op, urn: s.urn, oldUrn: s.oldState?.urn }));
  }
  let events: Record<string, unknown>[];
  try {
    events = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    // Pretty-printed events one after another.
    events = JSON.parse(`[${text.trim().replace(/\}\s*\n\{/g, '},{')}]`) as Record<string, unknown>[];
  }
  return events
    .filter((e) => e.resourcePreEvent)
    .map((e) => (e.resourcePreEvent as { metadata: RawStep & { old?: { urn?: string } | null } }).metadata)
    .map((m) => ({ op: m.op, urn: m.urn, oldUrn: m.old?.urn }));
}

function countOps(steps: readonly RawStep[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of steps) out[s.op] = (out[s.op] ?? 0) + 1;
  return out;
}

const notes = new Map<string, string>();
for (const line of readFileSync(join(ROOT, 'fixtures/corpus/SOURCES.tsv'), 'utf8').split('\n').slice(1)) {
  const [file, , , , , note] = line.split('\t');
  if (file && note) notes.set(file, note);
}

/** `ops: same=1 update=4 replaceReasons=0` → { same: 1, update: 4 } (the op names only). */
function opsFromNotes(note: string): Record<string, number> {
  const m = /ops: (.*?)(?: replaceReasons=| diagnostics=|$)/.exec(note);
  const out: Record<string, number> = {};
  for (const part of (m?.[1] ?? '').trim().split(/\s+/)) {
    const kv = /^([a-z-]+)=(\d+)$/.exec(part);
    if (kv) out[kv[1]!] = Number(kv[2]);
  }
  return out;
}

describe('every real Pulumi preview and event log is read with the right counts', () => {
  const files = readdirSync(DIR).sort();

  it('holds the Pulumi corpus', () => {
    expect(files.filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.endsWith('.jsonl')).length).toBeGreaterThanOrEqual(9);
  });

  for (const f of files) {
    it(f, () => {
      const path = join(DIR, f);
      const text = readFileSync(path, 'utf8');
      const raw = rawSteps(f, text);
      const rawOps = countOps(raw);

      // The raw file against SOURCES.tsv.
      const note = notes.get(`pulumi/${f}`);
      expect(note, `SOURCES.tsv row of ${f}`).toBeDefined();
      expect(rawOps).toEqual(opsFromNotes(note!));

      // The reader saw every step.
      const builder = f.endsWith('.json') ? pulumiPreviewBuilder(f, JSON.parse(text) as Record<string, unknown>) : pulumiEventLogBuilder(f, text);
      expect(Object.fromEntries(builder.rawOpCounts)).toEqual(rawOps);

      // The model: one change a resource (a repeated step once, the steps of a replacement merged).
      const plan = readPlan(path);
      expect(plan.source).toBe('pulumi');
      // Only the interrupted `pulumi up` is not the whole run (test/ingest/pulumi-events.test.ts).
      // A run that failed (a failed step, an error diagnostic) is reported as errored.
      if (rawFailed(f, text)) expect(plan.problems.map((p) => p.kind)).toContain('errored');
      else expect(plan.problems.map((p) => p.kind)).toEqual(f === 'pulumi__eventlog__up-interrupted.jsonl' ? ['incomplete'] : []);
      // A refresh step is drift found before the plan, not a change of the plan.
      expect(plan.drift ?? []).toHaveLength(raw.filter((s) => s.op === 'refresh').length);
      const unique = [...new Map(raw.filter((s) => s.op !== 'refresh').map((s) => [`${s.op} ${s.urn}`, s])).values()];
      const n = (op: string) => unique.filter((s) => s.op === op).length;
      // The steps of one replacement (new side by its URN, old side by the URN it had) are one change.
      const NEW_SIDE = ['replace', 'create-replacement', 'import-replacement', 'read-replacement'];
      const OLD_SIDE = ['delete-replaced', 'discard-replaced'];
      const groups = new Map<string, Set<string>>();
      const byOld = new Map<string, string>();
      for (const x of unique.filter((x) => NEW_SIDE.includes(x.op))) {
        if (!groups.has(x.urn)) groups.set(x.urn, new Set());
        groups.get(x.urn)!.add(x.op);
        byOld.set(x.oldUrn ?? x.urn, x.urn);
      }
      for (const x of unique.filter((x) => OLD_SIDE.includes(x.op))) {
        const key = byOld.get(x.urn) ?? x.urn;
        if (!groups.has(key)) groups.set(key, new Set());
        groups.get(key)!.add(x.op);
      }
      // A replacement whose new object is only read deletes the managed one; one whose old object was
      // only read (discarded, not deleted) deletes nothing.
      const kind = (ops: Set<string>) =>
        ops.has('read-replacement')
          ? 'delete'
          : ops.has('discard-replaced') && !ops.has('delete-replaced')
            ? ops.has('create-replacement') || ops.has('replace') || ops.has('import-replacement')
              ? 'create'
              : 'forget'
            : 'replace';
      const groupKinds = [...groups.values()].map(kind);
      const replaced = new Set([...groups].filter(([, ops]) => kind(ops) === 'replace').map(([urn]) => urn));
      const s = summarize(plan);
      expect({ create: s.create, update: s.update, delete: s.delete, noop: s.noop, replace: s.replace, unknown: s.unknown }).toEqual({
        create: n('create') + groupKinds.filter((k) => k === 'create').length,
        update: n('update'),
        delete: n('delete') + groupKinds.filter((k) => k === 'delete').length,
        noop: n('same'),
        replace: replaced.size,
        unknown: 0,
      });
      expect(plan.changes.filter((c) => c.action === 'import')).toHaveLength(n('import'));
      expect(plan.changes).toHaveLength(unique.filter((x) => !NEW_SIDE.includes(x.op) && !OLD_SIDE.includes(x.op)).length + groups.size);
      expect(plan.changes.every((c) => c.address.startsWith('urn:pulumi:'))).toBe(true);

      // Replacement order: from the step sequence where both halves are shown.
      for (const urn of replaced) {
        const cre = raw.findIndex((x) => x.op === 'create-replacement' && x.urn === urn);
        const oldUrn = raw[cre]?.oldUrn ?? urn;
        const del = raw.findIndex((x) => x.op === 'delete-replaced' && x.urn === oldUrn);
        const c = plan.changes.find((x) => x.address === urn && x.action === 'replace')!;
        if (del >= 0 && cre >= 0) {
          expect(c.replaceOrder).toBe(del < cre ? 'delete-first' : 'create-first');
          if (oldUrn !== urn) expect(c.previousAddress).toBe(oldUrn);
        }
      }
    });
  }
});

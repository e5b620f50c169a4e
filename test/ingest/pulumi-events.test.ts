import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { looksLikePulumiDigest, sniffBytes } from '../../src/ingest/detect.js';
import { readPlan } from '../../src/ingest/index.js';
import { splitJsonStream } from '../../src/ingest/pulumi-events.js';
import { fixturePath, loadPlan } from '../helpers/plans.js';

const CORPUS = 'fixtures/corpus/pulumi';
const DESTROY = `${CORPUS}/pulumi__eventlog__destroy-deep-hierarchy.jsonl`;

function fromText(text: string, file = 'events.jsonl') {
  return readPlan(file, { bytes: Buffer.from(text) });
}

function errorOf(text: string, file = 'events.jsonl'): string {
  try {
    fromText(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  return 'no error';
}

const lines = (rel: string) => readFileSync(fixturePath(rel), 'utf8').split('\n').filter((l) => l.trim() !== '');

/** One engine event line (the real shape: sequence, timestamp, one `...Event` object). */
const event = (seq: number, body: Record<string, unknown>) => JSON.stringify({ sequence: seq, timestamp: 1700000000 + seq, ...body });

describe('detection', () => {
  it('every corpus event log is a stream of events, every corpus digest one document', () => {
    for (const f of readdirSync(fixturePath(CORPUS))) {
      const head = readFileSync(fixturePath(`${CORPUS}/${f}`)).subarray(0, 64 * 1024);
      expect([f, sniffBytes(f, head)]).toEqual([f, f.endsWith('.jsonl') ? 'jsonl' : 'json']);
    }
  });

  it('knows events by a timestamp when they carry no sequence, and pretty-printed streams', () => {
    expect(sniffBytes('a', readFileSync(fixturePath(`${CORPUS}/drift-adopter__eventlog__simple-s3-drift.jsonl`)))).toBe('jsonl');
    expect(sniffBytes('b', readFileSync(fixturePath(`${CORPUS}/pulumi__eventlog__preview-json-text-change.jsonl`)))).toBe('jsonl');
    // One event, no newline at the end: still an event log.
    expect(sniffBytes('c', Buffer.from(event(0, { preludeEvent: { config: {} } })))).toBe('jsonl');
    // A Terraform plan stays a JSON document.
    expect(sniffBytes('d', readFileSync(fixturePath('fixtures/terraform/noop/plan.json')))).toBe('json');
  });

  it('knows a preview digest by its first key, also with sorted keys or a byte order mark', () => {
    const digest = readFileSync(fixturePath('fixtures/pulumi/handwritten-bucket-tag-update/preview.json'));
    expect(looksLikePulumiDigest(digest)).toBe(true);
    const sorted = Buffer.from(`\ufeff${JSON.stringify({ changeSummary: { same: 1 }, duration: 5, steps: [] }, null, 2)}`);
    expect(looksLikePulumiDigest(sorted)).toBe(true);
    expect(readPlan('sorted.json', { bytes: sorted }).changes).toEqual([]);
    expect(looksLikePulumiDigest(readFileSync(fixturePath('fixtures/terraform/noop/plan.json')))).toBe(false);
    expect(looksLikePulumiDigest(Buffer.from('{"name": "x"}'))).toBe(false);
  });

  it('splits JSON Lines and concatenated pretty-printed objects, with the line of each', () => {
    const values = splitJsonStream('x', '{"a": 1}\n\n{\n  "b": "}{"\n}\n{"c":\n[1, 2]}');
    expect(values).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { b: '}{' }, line: 3 },
      { value: { c: [1, 2] }, line: 6 },
    ]);
  });
});

describe('reading event logs', () => {
  it('reads resourcePreEvents as steps and ignores their resOutputsEvents', () => {
    const plan = loadPlan(DESTROY);
    expect(plan.source).toBe('pulumi');
    expect(plan.changes.map((c) => [c.action, c.name])).toEqual([
      ['no-op', 'myproject-dev'],
      ['delete', 'mygrandchild'],
      ['delete', 'mychild'],
      ['delete', 'myparent'],
    ]);
    // A component's child: the parent URN is its module.
    expect(plan.changes[1]!.module).toBe('urn:pulumi:dev::myproject::my:component:Child::mychild');
    expect(plan.problems).toEqual([]);
  });

  it('merges a replacement whose URN changed through an alias: previousAddress, delete-first', () => {
    const plan = loadPlan(`${CORPUS}/pulumi__eventlog__lifecycle-alias-force-new-preview.jsonl`);
    expect(plan.changes).toHaveLength(1);
    const c = plan.changes[0]!;
    expect(c.address).toBe('urn:pulumi:test::test::pkgA:index:t7::n5');
    expect(c.previousAddress).toBe('urn:pulumi:test::test::pkgA:index:t6::n4');
    expect(c.type).toBe('pkgA:index:t7');
    expect(c.action).toBe('replace');
    expect(c.replaceOrder).toBe('delete-first');
    expect(c.rawActions).toEqual(['delete-replaced', 'replace', 'create-replacement']);
    expect(c.replacePaths).toEqual([['forcesReplacement']]);
    expect(c.before).toEqual({ forcesReplacement: 1000 });
    expect(c.after).toEqual({ forcesReplacement: 999 });
  });

  it('reads explicit delete-before-replace of two resources', () => {
    const plan = loadPlan(`${CORPUS}/pulumi__eventlog__lifecycle-explicit-delete-before-replace-preview.jsonl`);
    const replaced = plan.changes.filter((c) => c.action === 'replace');
    expect(replaced.map((c) => [c.name, c.replaceOrder])).toEqual([
      ['resB', 'delete-first'],
      ['resA', 'delete-first'],
    ]);
  });

  it('a delete of an object pending deletion (`delete: true`, left by an earlier replace) is a deposed object', () => {
    const plan = loadPlan(`${CORPUS}/pulumi__eventlog__lc-TestPendingDeleteReplacement.jsonl`);
    const resB = plan.changes.filter((c) => c.name === 'resB');
    expect(resB.map((c) => [c.action, c.deposed])).toEqual([
      ['delete', '3'],
      ['replace', undefined],
    ]);
    expect(plan.changes.find((c) => c.name === 'resA')?.deposed).toBeUndefined();
  });

  it('a component replaced by a custom resource under a new URN is one finished replacement, not an interrupted run', () => {
    // The old URN's delete-replaced has no outputs event and the summary counts one replace.
    const plan = loadPlan(`${CORPUS}/pulumi__eventlog__lc-TestComponentToCustomUpdate-1.jsonl`);
    expect(plan.problems).toEqual([]);
    expect(plan.changes.map((c) => [c.action, c.previousAddress])).toEqual([['replace', 'urn:pulumi:test::test::prog::myType::resA']]);
  });

  it('counts a step the log repeats once', () => {
    const plan = loadPlan(`${CORPUS}/pulumi__eventlog__preview-cloudformation-template-body.jsonl`);
    expect(plan.changes.filter((c) => c.action === 'update')).toHaveLength(1);
    expect(plan.changes.filter((c) => c.action === 'no-op')).toHaveLength(57);
  });

  it('an error diagnostic is a problem at its URN; warnings are not', () => {
    const l = lines(DESTROY);
    const urn = 'urn:pulumi:dev::myproject::my:component:Parent::myparent';
    const diag = (severity: string) =>
      event(20, { diagnosticEvent: { urn, prefix: `${severity}: `, message: '<{%reset%}>unable to delete resource\n<{%reset%}>', color: 'raw', severity } });
    const plan = fromText([...l.slice(0, -2), diag('warning'), diag('error'), ...l.slice(-2)].join('\n'));
    expect(plan.problems).toEqual([{ kind: 'diagnostic', message: 'Pulumi reported an error: error: unable to delete resource', address: urn }]);
  });

  it('a log without its summary event did not finish: incomplete', () => {
    const l = lines(DESTROY);
    const plan = fromText(l.slice(0, 4).join('\n') + '\n');
    expect(plan.problems.map((p) => p.kind)).toEqual(['incomplete']);
  });

  it('an interrupted `pulumi up` (steps started, never finished, uncounted) is incomplete', () => {
    const plan = loadPlan(`${CORPUS}/pulumi__eventlog__up-interrupted.jsonl`);
    expect(plan.problems).toEqual([
      {
        kind: 'incomplete',
        message: 'the Pulumi run was interrupted: 4 steps started and never finished, and the summary counts 2 of the 5 started; the log is not the whole run',
        address: 'urn:pulumi:dev::myproject::my:component:WebService::interrupted-component',
      },
    ]);
  });

  it('a finished run is not called interrupted, nor a trimmed log whose summary counts every step', () => {
    // Logs of failed runs (a failed step, a failed result, a possibly corrupt stack) are errored instead.
    const failedRun = (n: string) => /"resOpFailedEvent"|"result": ?"failed"|"maybeCorrupt": ?true/.test(readFileSync(fixturePath(`${CORPUS}/${n}`), 'utf8'));
    for (const name of readdirSync(fixturePath(CORPUS)).filter((n) => n.endsWith('.jsonl') && n !== 'pulumi__eventlog__up-interrupted.jsonl' && !failedRun(n))) {
      expect([name, loadPlan(`${CORPUS}/${name}`).problems]).toEqual([name, []]);
    }
    // The destroy log without its resOutputsEvents: the summary still counts all 4 steps.
    const trimmed = lines(DESTROY).filter((x) => !x.includes('"resOutputsEvent"'));
    expect(fromText(trimmed.join('\n')).problems).toEqual([]);
    // ... and with a summary that counts only 2 of them, it is the interrupted run.
    const uncounted = trimmed.map((x) => (x.includes('summaryEvent') ? x.replace('"delete":3', '"delete":1') : x));
    expect(fromText(uncounted.join('\n')).problems.map((p) => p.kind)).toEqual(['incomplete']);
  });

  it('a failed step, an engine error or a failed result is errored', () => {
    const l = lines(DESTROY);
    const failed = event(30, { resOpFailedEvent: { metadata: { op: 'delete', urn: 'urn:pulumi:dev::myproject::my:component:Child::mychild' }, status: 1, steps: 1 } });
    const engine = event(31, { errorEvent: { error: 'boom' } });
    const plan = fromText([...l.slice(0, -2), failed, engine, ...l.slice(-2)].join('\n'));
    expect(plan.problems.map((p) => p.kind)).toEqual(['errored', 'errored']);
    expect(plan.problems[0]!.address).toBe('urn:pulumi:dev::myproject::my:component:Child::mychild');
    const result = l.map((x) => (x.includes('summaryEvent') ? x.replace('"PolicyPacks":{}', '"PolicyPacks":{},"result":"failed"') : x));
    expect(fromText(result.join('\n')).problems.map((p) => p.message)).toEqual(['Pulumi reported the run as "failed", not succeeded']);
  });

  it('masks secrets of event states (the sigil with its ciphertext)', () => {
    const l = lines(DESTROY);
    const withSecret = l.map((x, i) =>
      i === 2
        ? x.replace(
            '"inputs":{}',
            '"inputs":{"password":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:AAAAsecretCIPHER"}}',
          )
        : x,
    );
    const plan = fromText(withSecret.join('\n'));
    const c = plan.changes[1]!;
    expect(c.before).toEqual({ password: null });
    expect(c.beforeSensitive).toEqual({ password: true });
    expect(JSON.stringify(plan)).not.toContain('secretCIPHER');
  });
});

describe('bad event logs get one line that names the file and the line', () => {
  const l = lines(DESTROY);
  it.each<[string, string, RegExp]>([
    ['a truncated last line', [...l.slice(0, 3), l[3]!.slice(0, 80)].join('\n'), /^events\.jsonl: line 4: the event log ends in the middle of an event \(truncated\)$/],
    ['invalid JSON in a line', [...l.slice(0, 2), '{"sequence": 3, "resourcePreEvent": {,}}', ...l.slice(3)].join('\n'), /^events\.jsonl: line 3: invalid JSON in the event log$/],
    ['text between events', [...l.slice(0, 2), 'oops', ...l.slice(2)].join('\n'), /^events\.jsonl: line 3: expected a JSON event object/],
    ['an object that is not an event', [...l.slice(0, 2), '{"hello": "world"}', ...l.slice(2)].join('\n'), /^events\.jsonl: line 3: not a Pulumi engine event/],
    [
      'a step without op',
      [...l.slice(0, 2), l[2]!.replace('"op":"delete",', ''), ...l.slice(3)].join('\n'),
      /^events\.jsonl: line 3: metadata has no "op"/,
    ],
    [
      'a resource event without metadata',
      [...l.slice(0, 2), event(3, { resourcePreEvent: { planning: true } }), ...l.slice(3)].join('\n'),
      /^events\.jsonl: line 3: the resource event has no "metadata" object/,
    ],
  ])('%s', (_name, text, expected) => {
    const msg = errorOf(text);
    expect(msg).toMatch(expected);
    expect(msg).not.toContain('\n');
    expect(msg).not.toContain('myproject');
  });
});

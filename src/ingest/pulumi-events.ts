/**
 * Pulumi engine event logs (`pulumi preview --event-log FILE`, `pulumi up --event-log FILE`):
 * one JSON event after another, normally one a line (JSON Lines), sometimes pretty-printed.
 * Each `resourcePreEvent` carries a step with the same facts as a `steps[]` entry of
 * `pulumi preview --json`, so the events go through the same builder.
 */
import { InputError } from '../errors.js';
import type { Plan } from '../model/types.js';
import { PulumiPlanBuilder, readDetailedDiff, readState, requireOpAndUrn, type PulumiStep } from './pulumi.js';
import { typeName } from './terraform.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Where the first JSON object or array in `buf` (starting at `start`, at a `{` or `[`) ends:
 * the index just past its closing bracket, or -1 when it does not end inside the buffer.
 * Strings (with escapes) are skipped, so brackets inside them do not count.
 */
export function jsonValueEnd(buf: Uint8Array | string, start: number): number {
  if (typeof buf !== 'string') return bytesValueEnd(buf, start);
  const at = (i: number) => buf.charCodeAt(i);
  let depth = 0;
  let inString = false;
  for (let i = start; i < buf.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * jsonValueEnd over bytes: the same walk, with strings skipped by the native indexOf (a quote
 * ends a string when an even run of backslashes stands before it). Every file is sniffed with
 * it (64 KiB of a Terraform plan, which is one value), so it runs before anything is warm.
 */
function bytesValueEnd(buf: Uint8Array, start: number): number {
  let depth = 0;
  const n = buf.length;
  for (let i = start; i < n; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      const open = i + 1;
      let q = buf.indexOf(QUOTE, open);
      while (q >= 0) {
        let k = q - 1;
        while (k >= open && buf[k] === BACKSLASH) k--;
        if ((q - 1 - k) % 2 === 0) break;
        q = buf.indexOf(QUOTE, q + 1);
      }
      if (q < 0) return -1;
      i = q;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Is this parsed value a Pulumi engine event (`{sequence|timestamp, <name>Event: {...}}`)? */
export function isEngineEvent(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (!('sequence' in v) && !('timestamp' in v)) return false;
  return Object.entries(v).some(([k, x]) => k.endsWith('Event') && k.length > 5 && isObject(x));
}

export interface JsonValueAt {
  value: unknown;
  /** 1-based line of the value's first character. */
  line: number;
}

/** Split a stream of JSON objects (JSON Lines, or concatenated pretty-printed objects). */
export function splitJsonStream(file: string, text: string): JsonValueAt[] {
  const out: JsonValueAt[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (c === 0x0a) line++;
      i++;
      continue;
    }
    if (c !== OPEN_BRACE) {
      throw new InputError(file, `line ${line}: expected a JSON event object, found ${JSON.stringify(text[i])} (not a Pulumi event log)`);
    }
    const end = jsonValueEnd(text, i);
    if (end < 0) {
      throw new InputError(file, `line ${line}: the event log ends in the middle of an event (truncated)`, 'was the log cut off while Pulumi wrote it?');
    }
    const chunk = text.slice(i, end);
    let value: unknown;
    try {
      value = JSON.parse(chunk) as unknown;
    } catch {
      // Never echo the text: it may hold secrets.
      throw new InputError(file, `line ${line}: invalid JSON in the event log`);
    }
    out.push({ value, line });
    for (let k = i; k < end; k++) if (text.charCodeAt(k) === 0x0a) line++;
    i = end;
  }
  return out;
}

function readEventStep(file: string, where: string, metadata: unknown): PulumiStep {
  if (!isObject(metadata)) throw new InputError(file, `${where}: the resource event has no "metadata" object, found ${typeName(metadata)}`);
  const { op, urn } = requireOpAndUrn(file, `${where}: metadata`, metadata.op, metadata.urn);
  const step: PulumiStep = {
    where,
    op,
    urn,
    replaceReasons: Array.isArray(metadata.keys) ? metadata.keys.filter((k): k is string => typeof k === 'string') : [],
    diffReasons: Array.isArray(metadata.diffs) ? metadata.diffs.filter((k): k is string => typeof k === 'string') : [],
    detailedDiff: readDetailedDiff(metadata.detailedDiff),
  };
  if (typeof metadata.type === 'string' && metadata.type !== '') step.type = metadata.type;
  if (typeof metadata.provider === 'string' && metadata.provider !== '') step.provider = metadata.provider;
  const old = readState(file, `${where}: metadata.old`, metadata.old);
  if (old) step.old = old;
  const neu = readState(file, `${where}: metadata.new`, metadata.new);
  if (neu) step.new = neu;
  return step;
}

const REPLACEMENT_NEW_OPS: ReadonlySet<string> = new Set(['replace', 'create-replacement', 'import-replacement', 'read-replacement']);
const REPLACEMENT_OLD_OPS: ReadonlySet<string> = new Set(['delete-replaced', 'discard-replaced']);

/** The builder filled from an event log (exposed for tests that count raw ops). */
export function pulumiEventLogBuilder(file: string, text: string): PulumiPlanBuilder {
  const b = new PulumiPlanBuilder(file);
  const events = splitJsonStream(file, text);
  if (events.length === 0) throw new InputError(file, 'the event log holds no events');
  let sawSummary = false;
  // Pulumi follows every step it starts with a resOutputsEvent for the same URN, in a preview as
  // in an update, and its summary counts the steps that ran. Steps without that event, and a
  // summary that counts fewer steps than started, mean the run was interrupted part-way (the
  // two together: trimmed logs, such as Pulumi's own test data, lack some outputs events).
  const started = new Map<string, string>();
  const finished = new Set<string>();
  // Old URNs of replacements whose URN changed (an alias, a component made a custom resource):
  // their delete-replaced step is the other half of one replacement, which the summary counts once.
  const replacedOld = new Set<string>();
  let summarized = 0;
  for (const { value, line } of events) {
    const where = `line ${line}`;
    if (!isEngineEvent(value)) {
      throw new InputError(file, `${where}: not a Pulumi engine event (expected "sequence" or "timestamp" and one "...Event" object)`);
    }
    const e = value as Json;
    if (isObject(e.resourcePreEvent)) {
      const step = readEventStep(file, where, e.resourcePreEvent.metadata);
      if (!started.has(step.urn)) started.set(step.urn, step.op);
      if (step.old?.urn && step.old.urn !== step.urn && REPLACEMENT_NEW_OPS.has(step.op)) replacedOld.add(step.old.urn);
      b.step(step);
    } else if (isObject(e.resOutputsEvent)) {
      const m = e.resOutputsEvent.metadata;
      if (isObject(m) && typeof m.urn === 'string') finished.add(m.urn);
    } else if (isObject(e.diagnosticEvent)) {
      const d = e.diagnosticEvent;
      const prefix = typeof d.prefix === 'string' ? d.prefix : '';
      b.diagnostic(d.severity, prefix + (typeof d.message === 'string' ? d.message : ''), d.urn);
    } else if (isObject(e.policyEvent)) {
      const p = e.policyEvent;
      // A mandatory policy violation stops the update: the preview cannot pass.
      if (p.enforcementLevel === 'mandatory') {
        const name = typeof p.policyName === 'string' ? p.policyName : 'a policy';
        b.diagnostic('error', `mandatory policy violation (${name}): ${typeof p.message === 'string' ? p.message : ''}`, p.resourceUrn);
      }
    } else if (isObject(e.resOpFailedEvent)) {
      const m = isObject(e.resOpFailedEvent.metadata) ? e.resOpFailedEvent.metadata : {};
      const urn = typeof m.urn === 'string' ? m.urn : undefined;
      const op = typeof m.op === 'string' ? m.op : 'step';
      b.problem({ kind: 'errored', message: `Pulumi reported that the ${op} of a resource failed`, ...(urn ? { address: urn } : {}) });
    } else if (isObject(e.errorEvent)) {
      b.problem({ kind: 'errored', message: 'Pulumi reported an internal engine error during the run' });
    } else if (isObject(e.summaryEvent)) {
      sawSummary = true;
      const s = e.summaryEvent;
      b.changeSummary(s.resourceChanges);
      if (isObject(s.resourceChanges)) for (const n of Object.values(s.resourceChanges)) if (typeof n === 'number') summarized += n;
      if (s.maybeCorrupt === true) {
        b.problem({ kind: 'errored', message: 'Pulumi reported that the stack may be corrupt (maybeCorrupt): fix the state before judging a preview' });
      }
      if (typeof s.result === 'string' && s.result !== 'succeeded') {
        b.problem({ kind: 'errored', message: `Pulumi reported the run as ${JSON.stringify(s.result)}, not succeeded` });
      }
    }
    // preludeEvent, stdout, progress,
    // policy summaries and cancelEvent (the normal end of a stream) carry nothing to judge.
  }
  for (const [urn, op] of started) if (replacedOld.has(urn) && REPLACEMENT_OLD_OPS.has(op)) started.delete(urn);
  const unfinished = [...started].filter(([urn]) => !finished.has(urn));
  if (sawSummary && unfinished.length > 0 && summarized < started.size) {
    const [urn] = unfinished.find(([, op]) => op !== 'same') ?? unfinished[0]!;
    b.problem({
      kind: 'incomplete',
      message: `the Pulumi run was interrupted: ${unfinished.length === 1 ? 'a step' : `${unfinished.length} steps`} started and never finished, and the summary counts ${summarized} of the ${started.size} started; the log is not the whole run`,
      address: urn,
    });
  }
  if (!sawSummary) {
    b.problem({
      kind: 'incomplete',
      message: 'the Pulumi event log ends before its summary event: the run did not finish, so more changes may be missing',
    });
  }
  return b;
}

/** Build the model from the text of a Pulumi engine event log. */
export function pulumiPlanFromEventLog(file: string, text: string): Plan {
  return pulumiEventLogBuilder(file, text).finish();
}

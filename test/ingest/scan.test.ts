/**
 * The scanner validates the whole JSON grammar, also inside members it skips: whatever
 * JSON.parse of the whole document refuses, the scanner refuses (nothing unreadable passes the
 * gate), and whatever JSON.parse accepts (an object with distinct member names), it accepts,
 * whatever the chunk boundaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { TopLevelScanner, type MemberMode } from '../../src/ingest/scan.js';

/** Scan `text` in chunks of `size` bytes with every member in `mode`; the members read, or the error. */
function scan(bytes: Buffer, size: number, mode: MemberMode): { ok: true; members: Record<string, unknown> } | { ok: false; message: string } {
  const members: Record<string, unknown> = {};
  const scanner = new TopLevelScanner('s.json', {
    mode: () => mode,
    member: (k, v) => {
      members[k] = v;
    },
    element: (k, v, i) => {
      ((members[k] ??= []) as unknown[])[i] = v;
    },
  });
  try {
    for (let off = 0; off < bytes.length; off += size) scanner.push(bytes.subarray(off, off + size));
    scanner.end();
    return { ok: true, members };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { ok: false, message: e.message };
  }
}

function parses(bytes: Buffer): { ok: boolean; value?: unknown } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One byte changed, inserted or deleted at a position given as a fraction of the length. */
const arbMutation = fc.record({
  kind: fc.constantFrom('insert', 'replace', 'delete'),
  where: fc.double({ min: 0, max: 1, noNaN: true }),
  byte: fc.oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(...[...'{}[]:,"\\ntfu0-.eE+ \t\x01\x1f'].map((c) => c.charCodeAt(0))),
  ),
});

function mutate(bytes: Buffer, m: { kind: string; where: number; byte: number }): Buffer {
  const at = Math.min(bytes.length - 1, Math.floor(m.where * bytes.length));
  if (m.kind === 'delete') return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  const b = Buffer.from([m.byte]);
  if (m.kind === 'insert') return Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at)]);
  return Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at + 1)]);
}

const arbDoc = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 });

describe('the scanner refuses exactly what JSON.parse refuses', () => {
  it('on mutated documents, in every mode and chunk size', () => {
    fc.assert(
      fc.property(arbDoc, fc.boolean(), arbMutation, fc.integer({ min: 1, max: 64 }), fc.constantFrom<MemberMode>('skip', 'whole', 'elements'), (doc, pretty, m, size, mode) => {
        const bytes = mutate(Buffer.from(JSON.stringify(doc, null, pretty ? 2 : undefined)), m);
        const parsed = parses(bytes);
        const got = scan(bytes, size, mode);
        if (!parsed.ok || !isPlainObject(parsed.value)) {
          expect(got.ok, `accepted: ${JSON.stringify(bytes.toString('latin1'))}`).toBe(false);
          return;
        }
        if (got.ok) {
          if (mode === 'whole') expect(got.members).toEqual(parsed.value);
          return;
        }
        // JSON.parse keeps the last of two members of one name; the scanner refuses the document.
        expect(got.message).toMatch(/appears twice/);
      }),
      { numRuns: 3000, seed: 8259 },
    );
  });

  it('on unmutated documents, read whole, with the values JSON.parse gives', () => {
    fc.assert(
      fc.property(arbDoc, fc.integer({ min: 1, max: 16 }), (doc, size) => {
        const got = scan(Buffer.from(JSON.stringify(doc)), size, 'whole');
        expect(got).toEqual({ ok: true, members: JSON.parse(JSON.stringify(doc)) });
      }),
      { numRuns: 500, seed: 20 },
    );
  });

  const skipped = (inner: string): string => `{"format_version":"1.2","prior_state":${inner},"resource_changes":[]}`;
  it.each([
    ['a raw control character in a string', skipped('{"a":"x\u0001y"}'), /control character/],
    ['a raw line break in a string', skipped('{"a":"x\ny"}'), /control character/],
    ['an invalid escape', skipped('{"a":"\\x41"}'), /invalid escape/],
    ['a short \\u escape', skipped('{"a":"\\u12"}'), /invalid \\u escape/],
    ['a misspelt literal', skipped('{"a":tru}'), /"tru" is not a number, true, false or null/],
    ['a number with a leading zero', skipped('[01]'), /"01" is not a number/],
    ['a bare word', skipped('[yes]'), /unexpected character "y"/],
    ['a missing colon', skipped('{"a" 1}'), /expected ':'/],
    ['a missing comma', skipped('{"a":1 "b":2}'), /expected ',' or '}'/],
    ['two values in an array without a comma', skipped('[1 2]'), /expected ',' or '\]'/],
    ['a number as a member name', skipped('{1:2}'), /expected a member name/],
    ['a trailing comma in an object', skipped('{"a":1,}'), /trailing comma/],
    ['a trailing comma in an array', skipped('[1,]'), /trailing comma/],
    ['a leading comma', skipped('[,1]'), /expected a value/],
    ['a top-level literal misspelt', '{"format_version":"1.2","applyable":ture,"resource_changes":[]}', /"ture" is not a number/],
    ['a control character in a top-level string', '{"format_version":"1.2","timestamp":"2026\u0001","resource_changes":[]}', /control character/],
  ])('refuses %s, with the byte position', (_what, text, error) => {
    const got = scan(Buffer.from(text), 7, 'skip');
    expect(got.ok).toBe(false);
    if (!got.ok) {
      expect(got.message).toMatch(error);
      expect(got.message).toMatch(/^s\.json: invalid JSON at byte \d+: /);
    }
    expect(parses(Buffer.from(text)).ok).toBe(false);
  });

  it('accepts what is valid but unusual: escapes, exponents, nesting, whitespace, UTF-8', () => {
    const text = ' {\n "a" : [ -0.5e+10 , 0 , 1E-2, true,false , null, "\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t", "é😀" ] ,"b":{"":{}} , "c":[[[]]] }\r\n';
    for (const size of [1, 2, 3, 5, 1000]) {
      const got = scan(Buffer.from(text), size, 'whole');
      expect(got).toEqual({ ok: true, members: JSON.parse(text) });
      expect(scan(Buffer.from(text), size, 'skip')).toEqual({ ok: true, members: {} });
    }
  });
});

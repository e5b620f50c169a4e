/**
 * The performance rewrites (issue 8) give exactly what the simple versions gave:
 * - the streaming reader, fed in chunks of any size through ONE reused buffer, gives the plan
 *   (or the error, byte position included) that reading the whole buffer gives;
 * - the hashed secret scrub (many secrets) equals the one regular expression (few secrets);
 * - the frame-based stringify equals JSON.stringify (and a key-sorted JSON.stringify);
 * - splitAddress and jsonValueEnd over bytes equal the character-by-character references;
 * - the reader shares unchanged `after` values with `before` and identical masks, and the
 *   result is structurally the plan without sharing.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from '../../src/diff/values.js';
import { hashedScrubber, regexpScrubber, secretScrubber } from '../../src/engine/redact.js';
import { jsonValueEnd } from '../../src/ingest/pulumi-events.js';
import { terraformScanner, readTerraformBytes } from '../../src/ingest/stream.js';
import { splitAddress } from '../../src/model/address.js';
import { ROOT } from '../helpers/plans.js';
import { valueEnd } from '../fuzz/json.js';

/** Feed the scanner `size` bytes at a time through one buffer that is overwritten every time. */
function readInChunks(bytes: Buffer, size: number): string {
  try {
    const { scanner, builder } = terraformScanner('f.json');
    const buf = Buffer.alloc(size);
    for (let off = 0; off < bytes.length; off += size) {
      const n = Math.min(size, bytes.length - off);
      bytes.copy(buf, 0, off, off + n);
      buf.fill(0x41, n); // garbage after the chunk, as a reused buffer holds
      scanner.push(n === size ? buf : buf.subarray(0, n));
      buf.fill(0x5d); // the scanner must not look at this buffer again
    }
    scanner.end();
    return JSON.stringify(builder.finish(), (_k, v: unknown) => (v instanceof Map ? [...v] : v));
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const PLANS = [
  'fixtures/terraform/db-node-rename/plan.json',
  'fixtures/terraform/sensitive/plan.json',
  'fixtures/terraform/handwritten-hostile-text/plan.json',
  'fixtures/corpus/terraform/checkov__plan-encoding-win-utf8.json',
];

const TRICKY = [
  // escaped quotes and backslashes in skipped, whole and element members
  '{"format_version":"1.2","prior_state":{"a":"x\\\\\\"]}","b":[1,{"c":"\\\\"}]},"resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["no-op"],"before":{"s":"q\\"\\\\"},"after":{"s":"q\\"\\\\"}}}]}',
  '{"format_version":"1.2","prior_state":{"a":[1,2}},"resource_changes":[]}',
  '{"format_version":"1.2","prior_state":{"a":[1,2] x},"resource_changes":[]}',
  '{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"x":[[[["]]]"]]]]}}}, 5 ]}',
  '{"format_version":"1.2","planned_values":{"x":"unterminated}',
  '{"format_version":"1.2","planned_values":{"x":"\\u00e9\\\\"},"resource_changes":[],"errored":false}',
];

describe('streaming reader: chunk size and buffer reuse change nothing', () => {
  const sources = [...PLANS.map((p) => readFileSync(join(ROOT, p))), ...TRICKY.map((t) => Buffer.from(t))];
  for (const [i, bytes] of sources.entries()) {
    it(`source ${i}: chunks of 1 to 64 bytes and 1 KiB`, () => {
      const whole = readInChunks(bytes, bytes.length + 1);
      for (const size of [1, 2, 3, 4, 5, 7, 8, 13, 31, 64, 1024]) expect(readInChunks(bytes, size), `chunk size ${size}`).toBe(whole);
    });
  }

  it('random JSON in prior_state and the changes, random chunk sizes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.integer({ min: 1, max: 40 }), (skipped, value, size) => {
        const doc = { format_version: '1.2', prior_state: skipped, resource_changes: [{ address: 'a.b', change: { actions: ['update'], before: value, after: value } }] };
        const bytes = Buffer.from(JSON.stringify(doc));
        expect(readInChunks(bytes, size)).toBe(readInChunks(bytes, bytes.length + 1));
      }),
      { numRuns: 300 },
    );
  });
});

describe('reader sharing: unchanged values and identical masks are one object', () => {
  it('a no-op shares after with before; an update shares its unchanged attributes; the plan is unchanged structurally', () => {
    const noop = { address: 'a.n', change: { actions: ['no-op'], before: { x: [1, { y: 2 }], t: { k: 'v' } }, after: { x: [1, { y: 2 }], t: { k: 'v' } }, before_sensitive: { t: {} }, after_sensitive: { t: {} } } };
    const upd = { address: 'a.u', change: { actions: ['update'], before: { same: { deep: [1, 2] }, diff: { a: 1 }, order: { a: 1, b: 2 } }, after: { same: { deep: [1, 2] }, diff: { a: 2 }, order: { b: 2, a: 1 } }, before_sensitive: { t: {} }, after_sensitive: { t: {} } } };
    const text = JSON.stringify({ format_version: '1.2', resource_changes: [noop, upd] });
    const plan = readTerraformBytes('f.json', Buffer.from(text));
    const [n, u] = plan.changes;
    expect(n!.after).toBe(n!.before);
    const ub = u!.before as Record<string, unknown>;
    const ua = u!.after as Record<string, unknown>;
    expect(ua.same).toBe(ub.same);
    expect(ua.diff).not.toBe(ub.diff);
    // Equal values in another member order are not shared: the order is kept as written.
    expect(ua.order).not.toBe(ub.order);
    expect(Object.keys(ua.order as object)).toEqual(['b', 'a']);
    // Identical masks, across changes too.
    expect(n!.afterSensitive).toBe(n!.beforeSensitive);
    expect(u!.beforeSensitive).toBe(n!.beforeSensitive);
    // Structurally what the document says.
    expect(JSON.parse(JSON.stringify(plan.changes.map((c) => [c.before, c.after])))).toEqual([
      [noop.change.before, noop.change.after],
      [upd.change.before, upd.change.after],
    ]);
  });

  it('-0 and 0 are not shared', () => {
    const text = '{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["update"],"before":{"n":{"v":0}},"after":{"n":{"v":-0}}}}]}';
    const c = readTerraformBytes('f.json', Buffer.from(text)).changes[0]!;
    expect(Object.is(((c.after as Record<string, Record<string, number>>).n as Record<string, number>).v, -0)).toBe(true);
  });
});

describe('secret scrub: hashed search = regular expression', () => {
  const arbSecret = fc.string({ minLength: 6, maxLength: 12, unit: fc.constantFrom('a', 'b', 'c', '-', '.', '*', '(', 'é', '\u{1F600}', '\\', '$') });
  it('on random secrets and strings holding them', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbSecret, { minLength: 1, maxLength: 12 }), fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.nat()), { maxLength: 6 }), (secrets, parts) => {
        const sorted = [...secrets].sort((a, b) => b.length - a.length);
        const s = parts.map(([p, k]) => p + (k % 3 === 0 ? '' : sorted[k % sorted.length]!.slice(0, k % 2 === 0 ? undefined : 5))).join('');
        expect(hashedScrubber(sorted)(s)).toBe(regexpScrubber(sorted)(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('secretScrubber remembers its answers: the same as the scrubber it wraps, asked again and again', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbSecret, { minLength: 1, maxLength: 80 }), fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.nat()), { maxLength: 6 }), (secrets, parts) => {
        const sorted = [...secrets].sort((a, b) => b.length - a.length);
        const plain = sorted.length > 64 ? hashedScrubber(sorted) : regexpScrubber(sorted);
        const scrub = secretScrubber(new Set(secrets))!;
        const strings = parts.map(([p, k]) => p + (k % 3 === 0 ? '' : sorted[k % sorted.length]!));
        // Each string twice, and once more at the end: answers from the memo and fresh ones agree.
        for (const s of [...strings, ...strings, strings.join('')]) expect(scrub(s)).toBe(plain(s));
      }),
      { numRuns: 500 },
    );
  });

  it('many secrets: every copy replaced, longest first, nothing else touched', () => {
    const secrets = new Set(Array.from({ length: 500 }, (_, i) => `secret-${i}-value`));
    secrets.add('secret-1-value-longer');
    const scrub = secretScrubber(secrets)!;
    expect(scrub('x secret-1-value-longer y secret-499-value secret-500-value')).toBe('x (sensitive) y (sensitive) secret-500-value');
    expect(scrub('secret-7-valuesecret-8-value')).toBe('(sensitive)(sensitive)');
    expect(scrub('short')).toBe('short');
  });
});

describe('stringify (no recursion) = JSON.stringify', () => {
  /** Canonical JSON: members in sorted order (a rebuilt object would list integer-like keys first). */
  const sortedJson = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`)
        .join(',')}}`;
    }
    return JSON.stringify(v);
  };
  it('in member order and sorted', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(stringify(v, false)).toBe(JSON.stringify(v));
        expect(stringify(v, true)).toBe(sortedJson(v));
      }),
      { numRuns: 500 },
    );
  });

  it('undefined members, NaN, nested empties, and 100,000 levels', () => {
    expect(stringify({ a: undefined, b: [undefined, NaN, Infinity, -0], c: {}, d: [[]] }, false)).toBe('{"b":[null,null,null,0],"c":{},"d":[[]]}');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(stringify(deep, true)).toBe(`${'['.repeat(100_000)}1${']'.repeat(100_000)}`);
  });
});

describe('splitAddress = the character-by-character reference', () => {
  function reference(address: string): string[] {
    const parts: string[] = [];
    let cur = '';
    let depth = 0;
    let inString = false;
    for (let i = 0; i < address.length; i++) {
      const ch = address[i]!;
      if (inString) {
        cur += ch;
        if (ch === '\\' && i + 1 < address.length) cur += address[++i];
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '[') depth++;
      else if (ch === ']') depth = Math.max(0, depth - 1);
      if (ch === '.' && depth === 0) {
        parts.push(cur);
        cur = '';
      } else cur += ch;
    }
    parts.push(cur);
    return parts;
  }
  it('on random addresses', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30, unit: fc.constantFrom('a', 'b', '.', '[', ']', '"', '\\', '0', '_', 'é') }), (s) => {
        expect(splitAddress(s)).toEqual(reference(s));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('jsonValueEnd over bytes = the character-by-character walk', () => {
  // The fuzzer's character walk over text; latin1 maps each byte to one character, positions alike.
  const reference = (buf: Buffer, start: number): number => valueEnd(buf.toString('latin1'), start);
  it('on random bracket, quote and backslash soup', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30, unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', 'a', ' ', ':', ',') }), fc.nat(), (s, at) => {
        const b = Buffer.from(s);
        const start = b.length === 0 ? 0 : at % (b.length + 1);
        expect(jsonValueEnd(b, start)).toBe(reference(b, start));
        expect(jsonValueEnd(s, start)).toBe(reference(b, start));
      }),
      { numRuns: 5000 },
    );
  });
});

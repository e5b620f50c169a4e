/**
 * Small plans (up to SMALL_PLAN_BYTES) are parsed whole by JSON.parse (issue 16, start-up); the
 * streaming reader reads the rest. Both must give the same model, and the same refusals.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlan, SMALL_PLAN_BYTES, topLevelKeyCount } from '../../src/ingest/index.js';
import { readTerraformBytes } from '../../src/ingest/stream.js';
import { ROOT } from '../helpers/plans.js';

const serial = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x));

function terraformPlans(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) terraformPlans(p, out);
    else if (name.endsWith('.json') && !name.endsWith('.counts.json')) {
      const head = readFileSync(p, 'utf8').slice(0, 4096);
      if (head.includes('"format_version"') && statSync(p).size <= SMALL_PLAN_BYTES) out.push(p);
    }
  }
  return out;
}

describe('the small-plan path', () => {
  const files = [...terraformPlans(join(ROOT, 'fixtures/terraform')), ...terraformPlans(join(ROOT, 'fixtures/corpus/terraform'))];

  it('gives the model the streaming reader gives, on every Terraform fixture and corpus plan', () => {
    expect(files.length).toBeGreaterThan(100);
    let compared = 0;
    for (const f of files) {
      let streamed: string;
      try {
        streamed = serial(readTerraformBytes(f, readFileSync(f)));
      } catch (e) {
        // A fixture of bad input: both paths refuse it with the same line.
        expect(() => readPlan(f), f).toThrow((e as Error).message);
        continue;
      }
      expect(serial(readPlan(f)), f).toBe(streamed);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('still refuses a member twice at the top level, as the streaming reader does', () => {
    const bytes = Buffer.from('{"format_version":"1.2","resource_changes":[],"resource_changes":[{"address":"x"}]}');
    expect(() => readPlan('dup.json', { bytes })).toThrow(/the member "resource_changes" appears twice/);
  });

  it('topLevelKeyCount counts members of the top level only, duplicates included', () => {
    expect(topLevelKeyCount('{"a":1,"b":{"a":2,"c":[{"d":"\\\\"}]},"e":"x:\\"y"}')).toBe(3);
    expect(topLevelKeyCount('{"a":1,"a":2}')).toBe(2);
    expect(topLevelKeyCount(' { "k" : "v" , "l":[] } ')).toBe(2);
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.nat(), (obj, dupAt) => {
        const text = JSON.stringify(obj, null, dupAt % 2 === 0 ? undefined : 2);
        expect(topLevelKeyCount(text)).toBe(Object.keys(obj).length);
        const keys = Object.keys(obj);
        if (keys.length > 0) {
          const k = keys[dupAt % keys.length] as string;
          const dup = `${text.slice(0, -1)},${JSON.stringify(k)}:null}`;
          expect(topLevelKeyCount(dup)).toBe(keys.length + 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('topLevelKeyCount is not fooled by brackets, quotes, colons and escapes inside strings', () => {
    const tricky = fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', '\\"', '":', '\\\\', '\u2028', ' ', '\n', 'a', '\u00e9');
    const str = fc.array(tricky, { maxLength: 12 }).map((xs) => xs.join(''));
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.constant(null), fc.boolean(), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(str, tie('v'), { maxKeys: 4 })),
    })).v;
    const ws = fc.constantFrom('', ' ', '\n  ', '\t', '\r\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(str, value), { maxLength: 8 }), ws, fc.boolean(), (members, space, escapeKeys) => {
        // Members written by hand (JSON.stringify would drop the duplicates), keys optionally \u-escaped.
        const key = (k: string) => (escapeKeys ? `"${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(k));
        const text = `${space}{${members.map(([k, v]) => `${space}${key(k)}${space}:${space}${JSON.stringify(v, null, space === '' ? undefined : 1)}${space}`).join(',')}}${space}`;
        expect(() => JSON.parse(text)).not.toThrow();
        expect(topLevelKeyCount(text)).toBe(members.length);
      }),
      { numRuns: 2000 },
    );
  });
});

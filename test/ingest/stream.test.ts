/**
 * The streaming reader (used for every Terraform plan) and the in-memory reader (JSON.parse of
 * the whole document) must give identical plans, whatever the chunk boundaries.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readTerraformBytes } from '../../src/ingest/stream.js';
import { terraformScanner } from '../../src/ingest/stream.js';
import { terraformPlanFromObject } from '../../src/ingest/terraform.js';
import type { Plan } from '../../src/model/types.js';
import { ROOT } from '../helpers/plans.js';

const files = [
  ...readdirSync(join(ROOT, 'fixtures/corpus/terraform')).map((f) => join(ROOT, 'fixtures/corpus/terraform', f)),
  ...readdirSync(join(ROOT, 'fixtures/terraform'))
    .map((d) => join(ROOT, 'fixtures/terraform', d, 'plan.json'))
    .filter((f) => existsSync(f)),
];

function inMemory(file: string, bytes: Buffer): Plan {
  return terraformPlanFromObject(file, JSON.parse(bytes.toString('utf8')));
}

function chunked(file: string, bytes: Buffer, sizes: number[]): Plan {
  const { scanner, builder } = terraformScanner(file);
  let off = 0;
  let k = 0;
  while (off < bytes.length) {
    const n = sizes[k++ % sizes.length]!;
    scanner.push(bytes.subarray(off, off + n));
    off += n;
  }
  scanner.end();
  return builder.finish();
}

describe('streaming and in-memory readers agree', () => {
  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_rel, f) => {
    const bytes = readFileSync(f);
    expect(readTerraformBytes(f, bytes)).toEqual(inMemory(f, bytes));
  });

  it('whatever the chunk boundaries (keys, escapes and values split across chunks)', () => {
    const f = join(ROOT, 'fixtures/terraform/sensitive/plan.json');
    const bytes = readFileSync(f);
    const expected = inMemory(f, bytes);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        expect(chunked(f, bytes, sizes)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('strings with escaped quotes and backslashes, split at every byte', () => {
    const doc = {
      format_version: '1.2',
      prior_state: { note: 'a \\" tricky \\\\" string ] } [ {', more: ['"', '\\', '\\"'] },
      resource_changes: [
        {
          address: 'terraform_data.x["k\\"ey"]',
          type: 'terraform_data',
          name: 'x',
          change: { actions: ['update'], before: { input: 'a"b\\' }, after: { input: '\\\\"' } },
        },
      ],
    };
    const bytes = Buffer.from(JSON.stringify(doc));
    const expected = inMemory('x.json', bytes);
    expect(chunked('x.json', bytes, [1])).toEqual(expected);
    expect(chunked('x.json', bytes, [2, 3])).toEqual(expected);
    expect(expected.changes[0]!.address).toBe('terraform_data.x["k\\"ey"]');
  });

  it('100,000 levels of nesting neither overflow the stack nor pass unchecked', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = `{"format_version":"1.2","prior_state":${deep},"resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"deep":${deep}},"after":null}}]}`;
    const plan = readTerraformBytes('deep.json', Buffer.from(text));
    expect(plan.changes).toHaveLength(1);
    const unbalanced = `{"format_version":"1.2","prior_state":${'['.repeat(100_000)}${']'.repeat(99_999)}}`;
    expect(() => readTerraformBytes('deep.json', Buffer.from(unbalanced))).toThrow(/unexpected '}'|truncated/);
  });

  it('garbage inside a member nobody reads is still refused', () => {
    expect(() => readTerraformBytes('g.json', Buffer.from('{"format_version":"1.2","prior_state":{"a": <b>},"resource_changes":[]}'))).toThrow(
      /invalid JSON at byte 44: unexpected character "<"/,
    );
    expect(() => readTerraformBytes('g.json', Buffer.from('{"format_version":"1.2","prior_state":{"a": [1,2}]}'))).toThrow(/unexpected '}'/);
    expect(() => readTerraformBytes('g.json', Buffer.from('{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["update"]}},]}'))).toThrow(/trailing comma/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPlan } from '../../src/ingest/index.js';
import { fixturePath } from '../helpers/plans.js';

const real = readFileSync(fixturePath('fixtures/terraform/db-node-rename/plan.json'));

function errorOf(bytes: Buffer | string, file = 'plan.json'): string {
  try {
    readPlan(file, { bytes: Buffer.from(bytes) });
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('bad input gets one line that names the file and the problem', () => {
  it.each([
    ['empty file', '', /plan\.json: the file is empty/],
    ['only whitespace', ' \n\t\n', /the file is empty/],
    ['truncated JSON', real.subarray(0, 5000), /plan\.json: truncated JSON/],
    ['JSON that is not an object', '[{"format_version":"1.2"}]', /the JSON is an array, not a plan object/],
    ['a number', '42', /the JSON is a number, not a plan object/],
    ['a string', '"plan"', /the JSON is a string, not a plan object/],
    ['null', 'null', /the JSON is null, not a plan object/],
    ['a word that is not JSON', 'hello', /not JSON: expected a plan/],
    ['a state file', readFileSync(fixturePath('fixtures/terraform/_bad/state.json')), /this is a Terraform state file, not a plan/],
    ['the text output of terraform plan', readFileSync(fixturePath('fixtures/terraform/_bad/plan-text.txt')), /text output of `terraform plan`/],
    ['terraform plan text of another scenario', readFileSync(fixturePath('fixtures/terraform/db-node-rename/plan.txt')), /text output of `terraform plan`/],
    ['show -json of state', '{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}', /show -json` of the state, not of a plan/],
    ['an unrelated JSON object', '{"name":"my-app","version":"1.0.0"}', /not a Terraform plan or Pulumi preview \(top-level keys: name, version\)/],
    ['invalid JSON', '{"format_version": "1.2",, }', /plan\.json: invalid JSON at byte 25: expected a member name/],
    ['a duplicate member', '{"format_version": "1.2", "resource_changes": [], "resource_changes": []}', /the member "resource_changes" appears twice/],
    ['trailing data after the document', '{"format_version": "1.2", "resource_changes": []} {}', /unexpected data after the end of the document/],
    ['invalid JSON never echoes the file', '{"password": "hunter2-snippet" x}', /^(?!.*hunter2).*invalid JSON/],
    ['binary garbage', Buffer.from([0x00, 0x01, 0x02, 0xff]), /binary file, not a plan/],
  ])('%s', (_name, bytes, expected) => {
    const msg = errorOf(bytes as Buffer | string);
    expect(msg).toMatch(expected);
    expect(msg).not.toContain('\n');
  });

  it('accepts a byte order mark before the JSON', () => {
    const plan = readPlan('bom.json', { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), real]) });
    expect(plan.changes.length).toBeGreaterThan(0);
  });
});

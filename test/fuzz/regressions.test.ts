/**
 * Bugs the fuzzer found (test/fuzz), each reduced to a minimal case on a real plan, with the fix.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringifyIteratively, stringifyJson } from '../../src/render/json.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/plans.js';
import { readPlan } from '../../src/ingest/index.js';
import { everyOutput, reportFor, reportOf } from '../render/helpers.js';
import { FORMATS } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'planguard-fuzz-regression-'));

/** A real plan, changed by `edit`, written to a temporary file. */
function planFile(rel: string, edit: (doc: Record<string, unknown>) => void, splice?: [string, string]): string {
  const doc = JSON.parse(readFileSync(join(ROOT, rel), 'utf8')) as Record<string, unknown>;
  edit(doc);
  let text = JSON.stringify(doc);
  if (splice) text = text.split(JSON.stringify(splice[0])).join(splice[1]);
  const file = join(dir, `${rel.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, text);
  return file;
}

type Change = { address: string; change: Record<string, unknown> };

/** `check FILE --protect GLOB` in every format: exit 1 (the protected delete blocks), nothing on stderr. */
async function expectEveryFormatBlocks(file: string, glob: string): Promise<void> {
  for (const format of FORMATS) {
    const r = await runCli(['check', file, '--format', format, `--protect=${glob}`], {}, dir);
    expect([format, r.code, r.stderr]).toEqual([format, 1, '']);
  }
}

describe('a plan value nested deeper than the call stack (fuzz: deep-nesting)', () => {
  // seed 20260601 path 41, 335, ...: `--format json` crashed with "Maximum call stack size
  // exceeded" (JSON.stringify recurses), then, written iteratively, with "Invalid string length"
  // (two spaces per level of indentation at 20k levels is gigabytes); every other format passed.
  const depth = 40_000;
  const deep = '['.repeat(depth) + '"deep"' + ']'.repeat(depth);

  it('--format json exits like the other formats and prints the value, compact below 64 levels', async () => {
    const file = planFile(
      'fixtures/terraform/create-before-destroy/plan.json',
      (doc) => {
        const rc = (doc.resource_changes as Change[])[0]!;
        (rc.change.after as Record<string, unknown>).input = '@@deep@@';
      },
      ['@@deep@@', deep],
    );
    const codes: Record<string, number> = {};
    for (const format of FORMATS) {
      const r = await runCli(['check', file, '--format', format], {}, dir);
      expect(r.stderr, format).toBe('');
      codes[format] = r.code;
      if (format === 'json') {
        const report = JSON.parse(r.stdout) as { changes: { diff: { path: unknown[]; after?: unknown }[] }[] };
        expect(r.stdout).toContain(`${'['.repeat(200)}"deep"`);
        expect(report.changes[0]!.diff.some((d) => d.path[0] === 'input')).toBe(true);
      }
    }
    expect(new Set(Object.values(codes)).size).toBe(1);
  });

  it('the iterative writer gives JSON.stringify(value, null, 2) for every real report', () => {
    for (const rel of ['fixtures/terraform/db-node-rename/plan.json', 'fixtures/terraform/sensitive/plan.json', 'fixtures/pulumi/handwritten-rds-identifier-replace/preview.json']) {
      const report = reportFor(rel, { protect: ['*'] });
      expect(stringifyIteratively(report)).toBe(JSON.stringify(report, null, 2));
    }
    const odd = { a: [undefined, () => 1, NaN, -0, { b: undefined }], c: {}, d: [], e: 'x"\u2028\u0000', f: new Date(0) };
    expect(stringifyIteratively(odd)).toBe(JSON.stringify(odd, null, 2));
    expect(stringifyIteratively(odd, 1)).toBe(`{\n  "a": ${JSON.stringify(odd.a)},\n  "c": {},\n  "d": [],\n  "e": ${JSON.stringify(odd.e)},\n  "f": ${JSON.stringify(odd.f)}\n}`);
    const text = stringifyJson({ v: JSON.parse(deep) as unknown });
    expect(text.startsWith('{\n  "v": [\n    [\n      [')).toBe(true);
    expect(text.split('\n').length).toBeLessThan(2 * 64 + 4);
    expect(text.replace(/\s/g, '')).toBe(`{"v":${deep}}`);
  });
});

describe('a plan string with 200k line breaks in a finding (fuzz: huge-string)', () => {
  // seed 20260601 path 1524: an address of 1 MB ("line\n" repeated) made the finding message a
  // 200k-line paragraph; `out.push(...lines)` passed each line as an argument and overflowed the
  // stack: text, markdown and github exited 2 with an internal error, json and sarif exited 1.
  it('every format exits 1 (the protected delete blocks), none crashes', async () => {
    const address = 'line\n'.repeat(200_000);
    const file = planFile('fixtures/terraform/destroy/plan.json', (doc) => {
      (doc.resource_changes as Change[])[0]!.address = address;
    });
    await expectEveryFormatBlocks(file, `${address.slice(0, 10)}*`);
  });

  it('the report of such a plan renders in every format', () => {
    const file = planFile('fixtures/terraform/destroy/plan.json', (doc) => {
      (doc.resource_changes as Change[])[1]!.address = 'x\n'.repeat(150_000);
    });
    const outputs = everyOutput(reportOf(readPlan(file), { protect: ['x*'] }));
    for (const [format, text] of Object.entries(outputs)) expect(text.length, format).toBeGreaterThan(150_000);
  });
});

describe('a top-level member name with a line break (fuzz: odd-string)', () => {
  // seed 424242 path 13147: `format_version` renamed to "\r" made the file "not a Terraform plan";
  // the error listed the member names raw, so the one-line error spanned two lines on a terminal.
  it('exit 2 with exactly one printable line naming the odd member escaped', async () => {
    for (const odd of ['\r', 'a\nb', '\u001b[31mred', '\u202eevil', 'k'.repeat(100_000)]) {
      const file = planFile('fixtures/corpus/terraform/opentofu__equivalence__null-provider-delete.json', (doc) => {
        const entries = Object.entries(doc);
        for (const k of Object.keys(doc)) delete doc[k];
        for (const [k, v] of entries) doc[k === 'format_version' ? odd : k] = v;
      });
      const r = await runCli(['check', file], {}, dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^planguard: .*: not a Terraform plan or Pulumi preview \(top-level keys: [\x20-\x7e…]*\)\n$/);
      expect(r.stderr.length).toBeLessThan(400);
    }
  });
});

describe('a control character inside a string of a member no rule reads (fuzz: garbage)', () => {
  // seed 20260601: "\u0001" inserted at byte 2269 of fixtures/terraform/_binary/plan.json, inside
  // the top-level "timestamp" string. JSON.parse refuses the file; the scanner skipped the member
  // and only looked for its closing quote, so the plan passed (exit 0).
  it('exits 2 with one line naming the file and the byte, in every format', async () => {
    const bytes = readFileSync(join(ROOT, 'fixtures/terraform/_binary/plan.json'));
    const at = bytes.indexOf('"timestamp":"') + '"timestamp":"'.length + 4;
    const file = join(dir, 'control-character.json');
    writeFileSync(file, Buffer.concat([bytes.subarray(0, at), Buffer.from([1]), bytes.subarray(at)]));
    for (const format of FORMATS) {
      const r = await runCli(['check', file, '--format', format]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`planguard: ${file}: invalid JSON at byte ${at}: a control character ("\\u0001") inside a string\n`);
    }
  });
});

describe('a sensitive value of a megabyte (fuzz: huge-string + mark-sensitive)', () => {
  // seed 91001 path 5746: the scrub built one regular expression of every secret; V8 refused its
  // 1 MB source ("Invalid regular expression: /<the secrets>/"), and the internal error line
  // quoted that source: the secrets, on stderr.
  it('every format exits with the gate and the value appears nowhere, stderr included', async () => {
    const secret = `pw-${'line\n'.repeat(220_000)}end`;
    const file = planFile('fixtures/terraform/handwritten-sensitive-db-password/plan.json', (doc) => {
      const rc = (doc.resource_changes as Change[]).find((c) => c.address === 'aws_db_instance.orders')!;
      (rc.change.after as Record<string, unknown>).password = secret;
    });
    for (const format of FORMATS) {
      const r = await runCli(['check', file, '--format', format], {}, dir);
      expect([format, r.code, r.stderr]).toEqual([format, 1, '']);
      expect(r.stdout).not.toContain('line\nline\nline');
      expect(r.stdout).not.toContain(secret.slice(0, 40));
    }
  });

  it('an unexpected error is one short line that quotes no regular expression source', async () => {
    const { internalMessage } = await import('../../src/cli/main.js');
    let err: unknown;
    try {
      new RegExp(`hunter2-secret|${'('.repeat(3)}`);
    } catch (e) {
      err = e;
    }
    expect(internalMessage(err)).toBe('SyntaxError: Invalid regular expression');
    expect(internalMessage(new Error(`x${'y'.repeat(500)}\nsecond line`))).toMatch(/^xy{159}…$/);
    expect(internalMessage(new TypeError('bad \u001b[31m thing'))).toBe('TypeError: bad ?[31m thing');
  });
});

describe('an attribute a rule compares, nested 15,000 levels deep (fuzz: deep-nesting)', () => {
  // seed 91001 path 1007: database-restart-now compared values with JSON.stringify, which
  // recursed and overflowed: the rule crashed and the plan could not be judged.
  it('every rule judges the plan; nothing crashes', async () => {
    // As text: JSON.stringify itself overflows on such a value.
    const deep = `${'{"v":['.repeat(7_500)}"db.r6g.xlarge"${']}'.repeat(7_500)}`;
    const file = planFile(
      'fixtures/terraform/handwritten-rds-resize-apply-immediately/plan.json',
      (doc) => {
        for (const rc of doc.resource_changes as Change[]) (rc.change.before as Record<string, unknown>).instance_class = '@DEEP@';
      },
      ['@DEEP@', deep],
    );
    for (const format of FORMATS) {
      const r = await runCli(['check', file, '--format', format], {}, dir);
      expect(r.stderr).toBe('');
      expect([0, 1]).toContain(r.code);
      expect(r.stdout).not.toMatch(/rule [a-z-]+ failed on this plan/);
    }
    const report = JSON.parse((await runCli(['check', file, '--format', 'json'], {}, dir)).stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).toContain('database-restart-now');
  });
});

describe('a change whose after is an array (fuzz: swap-container)', () => {
  // seeds 92001 path 8501, 92002 path 4751, 92005 path 1176: `after` (or `before`) turned from an
  // object into an array. The reader took it, the text review crashed reading a field of it
  // ("Cannot read properties of undefined") while --format json exited 0: formats disagreed.
  it('exits 2 with one line naming the field, in every format', async () => {
    for (const side of ['before', 'after'] as const) {
      const file = planFile('fixtures/corpus/terraform/opentofu__equivalence__local-provider-basic.json', (doc) => {
        const rc = (doc.resource_changes as Change[])[0]!;
        rc.change[side] = [rc.change[side] ?? {}];
      });
      for (const format of FORMATS) {
        const r = await runCli(['check', file, '--format', format]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(new RegExp(`^planguard: .*: resource_changes\\[0\\]\\.change\\.${side} must be an object or null, found an array\\n$`));
      }
    }
  });
});

describe('an address of 200k lines in a rule fix (fuzz: huge-string)', () => {
  // seed 20261204 path 29224: the module-rename fix quotes the deleted address in a `moved` block;
  // the Markdown writer pushed its 200k lines as call arguments (`out.push(...fix)`) and overflowed
  // the stack: --format markdown exited 2 with an internal error while every other format exited 1.
  it('every format exits 1, none crashes', async () => {
    const address = 'line\n'.repeat(200_000);
    const file = planFile('fixtures/terraform/module-rename/plan.json', (doc) => {
      (doc.resource_changes as Change[])[4]!.address = address;
    });
    await expectEveryFormatBlocks(file, 'module.db.terraform_data.instance');
  });
});

describe('a byte after a backslash that is not an escape (fuzz: garbage)', () => {
  // seed 20261204 path 36632: bytes 0d e2 d1 28 inserted after a backslash; the error quoted the
  // raw carriage return ("an invalid escape (\<CR>)"), so the one-line error broke on a terminal.
  it('exits 2 with one printable line naming the byte, in every format', async () => {
    const bytes = readFileSync(join(ROOT, 'fixtures/terraform/_binary/plan.json'));
    const at = bytes.indexOf('"timestamp":"') + '"timestamp":"'.length + 4;
    const file = join(dir, 'invalid-escape.json');
    writeFileSync(file, Buffer.concat([bytes.subarray(0, at), Buffer.from([0x5c, 0x0d, 0xe2]), bytes.subarray(at)]));
    for (const format of FORMATS) {
      const r = await runCli(['check', file, '--format', format]);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toBe(`planguard: ${file}: invalid JSON at byte ${at + 1}: an invalid escape (a backslash before byte 0x0d) inside a string\n`);
    }
  });
});

describe('JSON.parse quoting the bytes around an unexpected token (fuzz: garbage)', () => {
  // seed 20261204 path 8077 (a Pulumi preview) and 67353: V8's message ("Unexpected token '…',
  // ..."tion": fal<CR><0x11>se"...") carried raw control characters, and text of the plan, to stderr.
  it('the message names the character escaped and quotes no text of the plan', async () => {
    const text = readFileSync(join(ROOT, 'fixtures/pulumi/handwritten-protected-delete/preview.json'), 'utf8');
    const at = text.indexOf('false');
    const file = join(dir, 'garbage-token.json');
    writeFileSync(file, `${text.slice(0, at + 3)}\ufffd\r\u0011hunter2${text.slice(at + 3)}`);
    const r = await runCli(['check', file]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(`planguard: ${file}: invalid JSON: unexpected character "\\u{fffd}"\n`);
  });

  it('jsonParseMessage keeps V8 positions and drops every snippet', async () => {
    const { jsonParseMessage } = await import('../../src/ingest/scan.js');
    const message = (t: string): string => {
      try {
        JSON.parse(t);
      } catch (e) {
        return jsonParseMessage(e);
      }
      throw new Error(`parsed: ${t}`);
    };
    const long = message(`{"password": "hunter2", "padding": "${'p'.repeat(40)}", "x": \u0011hunter2 and more}`);
    expect(long).toBe('unexpected character "\\u0011"');
    expect(message('{"a": tru\r\n}')).toBe('unexpected character "\\r"');
    expect(message('[1,\u202e]')).toBe('unexpected character "\\u{202e}"');
    expect(message("{\"a\": 'q'}")).toBe("unexpected character '''");
    expect(message('{"a":1} x')).toBe('Unexpected non-whitespace character after JSON at position 8');
    expect(message('{"password": "hunter2" x}')).toBe("Expected ',' or '}' after property value in JSON at position 23");
  });
});

describe('an empty address (fuzz: odd-string)', () => {
  // seed 20261204 path 67353: resource_changes[0].address set to "" and `--protect ""`: the
  // replace passed (exit 0); the empty glob protected nothing and the review named no resource.
  it('a resource change with an empty address exits 2 naming the field', async () => {
    const file = planFile('fixtures/corpus/terraform/opentofu__equivalence__basic-json-string-update.json', (doc) => {
      (doc.resource_changes as Change[])[0]!.address = '';
    });
    for (const format of FORMATS) {
      const r = await runCli(['check', file, '--format', format]);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toBe(`planguard: ${file}: resource_changes[0].address is empty\n`);
    }
  });

  it('an empty or blank --protect glob is a usage error in check, terraform and comment', async () => {
    const plan = join(ROOT, 'fixtures/terraform/destroy/plan.json');
    for (const args of [['check', plan, '--protect', ''], ['check', plan, '-p', '  '], ['terraform', '--protect='], ['comment', plan, '--protect', '']]) {
      const r = await runCli(args);
      expect([args.join(' '), r.code, r.stdout]).toEqual([args.join(' '), 2, '']);
      expect(r.stderr).toMatch(/^error: option '-p, --protect <glob>' argument '\s*' is invalid\. an empty glob protects nothing/);
    }
  });
});

describe('a configuration resource with 300k depends_on entries (found reading the fix for path 29224)', () => {
  // The dependency index pushed every entry as a call argument (`refs.push(...list)`), which
  // overflows the stack past ~120k entries: the reader crashed instead of judging the plan.
  it('the plan is judged; the destroy still blocks when protected', async () => {
    const file = planFile('fixtures/terraform/module-rename/plan.json', (doc) => {
      const cfg = doc.configuration as { root_module: { resources: Record<string, unknown>[] } };
      cfg.root_module.resources[0]!.depends_on = Array.from({ length: 300_000 }, (_, i) => `terraform_data.dep_${i}`);
    });
    const r = await runCli(['check', file, '--protect', 'module.db.*'], {}, dir);
    expect([r.code, r.stderr]).toEqual([1, '']);
  });
});

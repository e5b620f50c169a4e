/**
 * The streaming Terraform reader: the file is read in chunks, the scanner hands over only the
 * members the model needs, and each `resource_changes[]` entry becomes a ResourceChange as soon as
 * it is complete. Memory is bounded by the model, not by the file; `prior_state` and
 * `planned_values` (often half the file) are never built.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Plan } from '../model/types.js';
import { classifyDocument } from './detect.js';
import { TopLevelScanner, type MemberMode } from './scan.js';
import { ELEMENT_MEMBERS, TerraformPlanBuilder, WHOLE_MEMBERS } from './terraform.js';

export interface Progress {
  bytesRead: number;
  totalBytes?: number;
  changes: number;
}

const ELEMENTS: ReadonlySet<string> = new Set(ELEMENT_MEMBERS);
const WHOLE: ReadonlySet<string> = new Set(WHOLE_MEMBERS);
const CHUNK = 4 * 1024 * 1024;

/** A scanner wired to a TerraformPlanBuilder. */
export function terraformScanner(
  file: string,
  opts: { fastElements?: boolean } = {},
): { scanner: TopLevelScanner; builder: TerraformPlanBuilder; changes: () => number } {
  const builder = new TerraformPlanBuilder(file);
  let changes = 0;
  const scanner = new TopLevelScanner(file, {
    mode(key): MemberMode {
      if (ELEMENTS.has(key)) return 'elements';
      return WHOLE.has(key) ? 'whole' : 'skip';
    },
    member(key, value) {
      if (ELEMENTS.has(key)) {
        if (value === null) return;
        throw builder.notAnArray(key, value);
      }
      builder.member(key, value);
    },
    element(key, value, index) {
      if (key === 'resource_changes') changes++;
      builder.element(key as (typeof ELEMENT_MEMBERS)[number], value, index);
    },
  }, opts);
  return { scanner, builder, changes: () => changes };
}

/** Thrown when the scanned document is valid JSON of another kind (a Pulumi preview): read it whole. */
export class NotTerraform extends Error {}

/** After the scan: the same classification the in-memory path makes, from the member names. */
function finish(file: string, scanner: TopLevelScanner, builder: TerraformPlanBuilder): Plan {
  scanner.end();
  const shape = Object.fromEntries(scanner.keys.map((k) => [k, true]));
  if (classifyDocument(file, shape) !== 'terraform-json') throw new NotTerraform();
  return builder.finish();
}

/** Read a Terraform plan from bytes already in memory, without parsing the members it does not need. */
export function readTerraformBytes(file: string, bytes: Buffer): Plan {
  const { scanner, builder } = terraformScanner(file);
  for (let off = 0; off < bytes.length; off += CHUNK) scanner.push(bytes.subarray(off, Math.min(bytes.length, off + CHUNK)));
  return finish(file, scanner, builder);
}

/** Read a Terraform plan file in chunks; `onProgress` is called after each chunk. */
export function readTerraformFile(file: string, path: string, onProgress?: (p: Progress) => void): Plan {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(file, `cannot read: ${(e as Error).message}`);
  }
  try {
    const total = fstatSync(fd).size;
    const { scanner, builder, changes } = terraformScanner(file);
    // One buffer for every chunk (the scanner copies what it keeps of a chunk): fresh memory for
    // each read would cost more than the read. Sized to the file when it is smaller (+1: the
    // read that finds the end).
    const size = total > 0 && total < CHUNK ? total + 1 : CHUNK;
    const buf = Buffer.allocUnsafeSlow(size);
    for (;;) {
      const n = readSync(fd, buf, 0, size, null);
      if (n === 0) break;
      scanner.push(n === size ? buf : buf.subarray(0, n));
      onProgress?.({ bytesRead: scanner.bytesRead, totalBytes: total, changes: changes() });
    }
    return finish(file, scanner, builder);
  } finally {
    closeSync(fd);
  }
}

/**
 * ingest: bytes in, one model.Plan out. Detects the format, never guesses silently.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Plan } from '../model/types.js';
import { convertBinaryPlan, type BinaryPlanOptions } from './binary-plan.js';
import { classifyDocument, sniffBytes } from './detect.js';
import { terraformPlanFromObject } from './terraform.js';

export interface ReadOptions extends BinaryPlanOptions {
  /** Bytes to use instead of reading `file` (stdin, tests). */
  bytes?: Buffer;
}

/** Parse JSON text, turning the parser's complaint into one line that names the file. */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // V8 quotes a snippet of the input in some messages: never echo plan text (it may hold secrets).
    const msg = (e instanceof Error ? e.message.split('\n')[0]! : String(e)).replace(/, ".*" is not valid JSON$/s, ' (not valid JSON)');
    if (/end of JSON input|Unterminated string/i.test(msg)) {
      throw new InputError(file, 'truncated JSON: the file ends in the middle of the document', 'was the plan cut off while it was written?');
    }
    throw new InputError(file, `invalid JSON: ${msg}`);
  }
}

function readBytes(file: string): Buffer {
  try {
    return file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new InputError(file, 'no such file');
    if (err.code === 'EISDIR') throw new InputError(file, 'is a directory, not a plan file');
    if (err.code === 'EACCES') throw new InputError(file, 'permission denied');
    if (err.code === 'ERR_STRING_TOO_LONG' || err.code === 'ERR_FS_FILE_TOO_LARGE' || /too large|Array buffer allocation/i.test(err.message)) {
      throw new InputError(file, 'the file is too large to read into memory');
    }
    throw new InputError(file, `cannot read: ${err.message}`);
  }
}

/** Read a plan from a parsed document (already classified). */
export function planFromDocument(file: string, doc: unknown): Plan {
  const kind = classifyDocument(file, doc);
  if (kind === 'terraform-json') return terraformPlanFromObject(file, doc as Record<string, unknown>);
  return pulumiNotYet(file);
}

function pulumiNotYet(file: string): never {
  throw new InputError(file, 'Pulumi previews are not supported by this build yet');
}

export function readPlan(path: string, opts: ReadOptions = {}): Plan {
  const file = path === '-' ? 'stdin' : path;
  const bytes = opts.bytes ?? readBytes(path);
  return readPlanBytes(file, path, bytes, opts);
}

function readPlanBytes(file: string, path: string, bytes: Buffer, opts: ReadOptions): Plan {
  const kind = sniffBytes(file, bytes.subarray(0, 64 * 1024));
  if (kind === 'binary-plan') {
    if (path === '-') throw new InputError(file, 'a saved binary plan cannot be read from stdin', 'pass its path instead');
    const json = convertBinaryPlan(path, opts);
    const doc = parseJson(file, json);
    return planFromDocument(file, doc);
  }
  if (kind === 'jsonl') return pulumiNotYet(file);
  let text: string;
  try {
    text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  } catch {
    throw new InputError(file, 'the file is too large to read into memory');
  }
  return planFromDocument(file, parseJson(file, text));
}

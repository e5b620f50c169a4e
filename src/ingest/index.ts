/**
 * ingest: bytes in, one model.Plan out. Detects the format, never guesses silently.
 *
 * Terraform plan JSON above SMALL_PLAN_BYTES goes through the streaming reader
 * (src/ingest/stream.ts): it parses only the members the model needs, so it is faster than
 * JSON.parse of the whole file and reads plans above V8's 512 MB string limit in bounded memory.
 * A small plan (most pre-apply checks) is parsed whole by JSON.parse, whose native code is done
 * before the streaming scanner, still interpreted at start-up, has warmed up (issue 16: about 15
 * ms of a 10-change check); the same builder makes the model, so the result is the same, and a
 * document JSON.parse refuses is handed to the streaming reader, so every error message is too.
 * Other documents (Pulumi) are parsed whole.
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { Plan } from '../model/types.js';
import { convertBinaryPlan, type BinaryPlanOptions } from './binary-plan.js';
import { classifyDocument, looksLikePulumiDigest, sniffBytes } from './detect.js';
import { jsonParseMessage } from './scan.js';
import { readTerraformBytes, readTerraformFile, NotTerraform, type Progress } from './stream.js';
import { pulumiPlanFromEventLog } from './pulumi-events.js';
import { pulumiPlanFromObject } from './pulumi.js';
import { terraformPlanFromObject } from './terraform.js';

export type { Progress } from './stream.js';

export interface ReadOptions extends BinaryPlanOptions {
  /** Bytes to use instead of reading `file` (stdin, tests). */
  bytes?: Buffer;
  /** The name of the plan in the model and in errors (default: the path, `stdin` for -). */
  displayName?: string;
  /** Called as a large file is read. */
  onProgress?: (p: Progress) => void;
}

const HEAD = 64 * 1024;

/** Up to this size a Terraform plan file is parsed whole (see the top of this file). */
export const SMALL_PLAN_BYTES = 4 * 1024 * 1024;

/** Parse JSON text, turning the parser's complaint into one line that names the file. */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = jsonParseMessage(e);
    if (/end of JSON input|Unterminated string/i.test(msg)) {
      throw new InputError(file, 'truncated JSON: the file ends in the middle of the document', 'was the plan cut off while it was written?');
    }
    throw new InputError(file, `invalid JSON: ${msg}`);
  }
}

function fsError(file: string, e: unknown): InputError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return new InputError(file, 'no such file');
  if (err.code === 'EISDIR') return new InputError(file, 'is a directory, not a plan file');
  if (err.code === 'EACCES') return new InputError(file, 'permission denied');
  if (err.code === 'ERR_STRING_TOO_LONG' || err.code === 'ERR_FS_FILE_TOO_LARGE' || /too large|Array buffer allocation/i.test(err.message)) {
    return new InputError(file, 'the file is too large to read into memory');
  }
  return new InputError(file, `cannot read: ${err.message}`);
}

/** The first HEAD bytes, and the whole file when it is a small plan (one open, one read). */
function readHead(file: string, path: string): { head: Buffer; whole?: Buffer } {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size > 0 && size <= SMALL_PLAN_BYTES) {
      // +1: a file that grew since fstat is read by the streaming path instead.
      const buf = Buffer.allocUnsafe(size + 1);
      let n = 0;
      for (let r; n < buf.length && (r = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += r;
      if (n <= size) return { head: buf.subarray(0, Math.min(n, HEAD)), whole: buf.subarray(0, n) };
    }
    const buf = Buffer.alloc(HEAD);
    const n = readSync(fd, buf, 0, HEAD, 0);
    return { head: buf.subarray(0, n) };
  } catch (e) {
    throw fsError(file, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readWhole(file: string, path: string): Buffer {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    throw fsError(file, e);
  }
}

/** Read a plan from a parsed document. */
export function planFromDocument(file: string, doc: unknown): Plan {
  const kind = classifyDocument(file, doc);
  if (kind === 'terraform-json') return terraformPlanFromObject(file, doc as Record<string, unknown>);
  return pulumiPlanFromObject(file, doc as Record<string, unknown>);
}

function wholeDocument(file: string, bytes: Buffer): Plan {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return planFromDocument(file, parseJson(file, text));
}

function pulumiEventLog(file: string, bytes: Buffer): Plan {
  let text: string;
  try {
    text = bytes.toString('utf8');
  } catch {
    throw new InputError(file, 'the file is too large to read into memory');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return pulumiPlanFromEventLog(file, text);
}

function stripBom(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Read any supported plan. `path` `-` is stdin. */
export function readPlan(path: string, opts: ReadOptions = {}): Plan {
  const file = opts.displayName ?? (path === '-' ? 'stdin' : path);
  let inMemory = opts.bytes ?? (path === '-' ? readWhole(file, path) : undefined);
  let head: Buffer;
  if (inMemory) head = inMemory.subarray(0, HEAD);
  else {
    const r = readHead(file, path);
    head = r.head;
    inMemory = r.whole;
  }
  const kind = sniffBytes(file, head);
  if (kind === 'binary-plan') {
    if (path === '-') throw new InputError(file, 'a saved binary plan cannot be read from stdin', 'pass its path instead');
    return readBinaryPlan(file, path, opts);
  }
  if (kind === 'jsonl') return pulumiEventLog(file, inMemory ?? readWhole(file, path));
  // A Pulumi digest is parsed whole, without a pass of the Terraform reader first.
  if (looksLikePulumiDigest(head)) return wholeDocument(file, inMemory ?? readWhole(file, path));
  if (inMemory && inMemory.length <= SMALL_PLAN_BYTES) {
    const doc = tryParse(inMemory);
    if (doc !== undefined) return planFromDocument(file, doc);
  }
  // Not valid JSON, or a member twice at the top level: the streaming reader says exactly why.
  try {
    if (inMemory) return readTerraformBytes(file, stripBom(inMemory));
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return readTerraformBytes(file, stripBom(readWhole(file, path)));
    return readTerraformFile(file, path, opts.onProgress);
  } catch (e) {
    if (e instanceof NotTerraform) return wholeDocument(file, inMemory ?? readWhole(file, path));
    throw e;
  }
}

/**
 * The document, or undefined when the streaming reader must read it instead: not valid JSON, not
 * an object, or an object with a member twice at the top level (JSON.parse would keep the last
 * one silently; the streaming reader refuses the document, as a gate must: two `resource_changes`
 * could show a reviewer one list and apply another).
 */
function tryParse(bytes: Buffer): Record<string, unknown> | undefined {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  return topLevelKeyCount(text) === Object.keys(doc).length ? (doc as Record<string, unknown>) : undefined;
}

/** One token at the top level: a string (its closing quote escaped-aware), or a bracket. */
const TOKEN = /"[^"\\]*(?:\\[^][^"\\]*)*"|[{}[\]]/y;
/**
 * Inside a member's value: everything up to and including the next bracket that is not in a
 * string, in one step. Unrolled loops (`[^"\\]*(?:\\.[^"\\]*)*`), so the engine keeps one
 * backtrack entry per string or escape, not one per character.
 */
const SKIP = /[^"{}[\]]*(?:"[^"\\]*(?:\\[^][^"\\]*)*"[^"{}[\]]*)*[{}[\]]/y;
const SPACE = /[ \t\n\r]*/y;

/**
 * How many members the top-level object of valid JSON text has, duplicates included: at the top
 * level each string followed by `:` is a member; inside a member's value the scan jumps from
 * bracket to bracket with one regular-expression step each, strings included (an 88 KB plan:
 * ~3,400 steps instead of ~8,500 tokens; this runs at start-up, before the JIT helps).
 */
export function topLevelKeyCount(text: string): number {
  let depth = 0;
  let count = 0;
  let i = 0;
  for (;;) {
    const re = depth <= 1 ? TOKEN : SKIP;
    if (depth <= 1) {
      SPACE.lastIndex = i;
      SPACE.test(text);
      i = SPACE.lastIndex;
      // Between tokens at the top level only `,` and `:` and scalars (numbers, true, false, null).
      while (i < text.length && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x7b && text.charCodeAt(i) !== 0x7d && text.charCodeAt(i) !== 0x5b && text.charCodeAt(i) !== 0x5d) i++;
    }
    re.lastIndex = i;
    if (!re.test(text)) return count;
    i = re.lastIndex;
    const c = text.charCodeAt(i - 1);
    if (c === 0x22) {
      if (depth === 1) {
        SPACE.lastIndex = i;
        SPACE.test(text);
        if (text.charCodeAt(SPACE.lastIndex) === 0x3a) count++;
      }
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (--depth === 0) return count;
  }
}

/** `terraform show -json` writes into a temporary file that the streaming reader reads. */
function readBinaryPlan(file: string, path: string, opts: ReadOptions): Plan {
  const dir = mkdtempSync(join(tmpdir(), 'planguard-'));
  const out = join(dir, 'plan.json');
  try {
    convertBinaryPlan(path, opts, out);
    return readTerraformFile(file, out, opts.onProgress);
  } catch (e) {
    if (e instanceof NotTerraform) throw new InputError(file, '`show -json` of this saved plan did not print a Terraform plan');
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

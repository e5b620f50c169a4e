/**
 * A chunked scanner for one large JSON object: it walks the bytes once, hands over the top-level
 * members a reader asks for (whole, or array element by array element) as byte slices to parse
 * with the native JSON.parse, and validates the members nobody needs (`prior_state`,
 * `planned_values`, ...) without building them. An array element that is handed over is, when
 * its end can be guessed (see fastElement), only parsed: JSON.parse validates it instead.
 *
 * Why not a streaming JSON parser library: the ones on npm tokenize in JavaScript and build every
 * value, several times slower than JSON.parse. Here JSON.parse still does the parsing, of each
 * element on its own, so a plan above V8's 512 MB string limit is read in bounded memory and a
 * 100k-change plan is read faster than JSON.parse of the whole file.
 *
 * Validation is the whole JSON grammar (RFC 8259), everywhere: strings closed, free of raw
 * control characters and with valid escapes; numbers and literals well formed; members and
 * elements separated and closed as they must be; one document, nothing after it. Whatever
 * JSON.parse of the whole file would refuse, this refuses too, even inside a member no rule
 * reads: the gate fails closed, and a garbled file never passes because the garbage sat in
 * `prior_state`. Members that are handed over are parsed by JSON.parse as well.
 */
import { InputError } from '../errors.js';

export type MemberMode = 'skip' | 'whole' | 'elements';

export interface ScanHandlers {
  /** What to do with the value of a top-level member. */
  mode(key: string): MemberMode;
  /** A member read whole (also an `elements` member whose value is not an array). */
  member(key: string, value: unknown): void;
  /** One element of an `elements` member. */
  element(key: string, value: unknown, index: number): void;
}

const OBJ = 1;
const ARR = 2;

/** Outside strings: 0 illegal, 1 whitespace, 2 starts a number or literal, 3 structural or quote. */
const CLASS = new Uint8Array(256);
for (const c of ' \t\n\r') CLASS[c.charCodeAt(0)] = 1;
for (const c of '-0123456789tfn') CLASS[c.charCodeAt(0)] = 2;
for (const c of '{}[]:,"') CLASS[c.charCodeAt(0)] = 3;

/** Bytes that continue a number or literal token (what is checked once the token ends). */
const TOKEN = new Uint8Array(256);
for (const c of '0123456789+-.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') TOKEN[c.charCodeAt(0)] = 1;

/** The element fast path gives up on a document after this many misses in a row. */
const FAST_MAX_MISSES = 16;
/** Elements longer than this are left to the scanner (a wrong guess would parse that much in vain). */
const FAST_MAX_ELEMENT = 1 << 20;

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;

/** Are bytes [start, end) `true`, `false`, `null` or a JSON number (`-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?`)? */
function validToken(buf: Buffer, start: number, end: number): boolean {
  const len = end - start;
  const b0 = buf[start];
  if (b0 === 0x74) return len === 4 && buf[start + 1] === 0x72 && buf[start + 2] === 0x75 && buf[start + 3] === 0x65;
  if (b0 === 0x6e) return len === 4 && buf[start + 1] === 0x75 && buf[start + 2] === 0x6c && buf[start + 3] === 0x6c;
  if (b0 === 0x66) return len === 5 && buf[start + 1] === 0x61 && buf[start + 2] === 0x6c && buf[start + 3] === 0x73 && buf[start + 4] === 0x65;
  let p = start;
  if (buf[p] === 0x2d) p++;
  if (p >= end) return false;
  if (buf[p] === 0x30) p++;
  else if (isDigit(buf[p])) while (p < end && isDigit(buf[p])) p++;
  else return false;
  if (p < end && buf[p] === 0x2e) {
    p++;
    if (p >= end || !isDigit(buf[p])) return false;
    while (p < end && isDigit(buf[p])) p++;
  }
  if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
    p++;
    if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) p++;
    if (p >= end || !isDigit(buf[p])) return false;
    while (p < end && isDigit(buf[p])) p++;
  }
  return p === end;
}

/** Inside strings: 0 plain (UTF-8 bytes included), 1 control character (illegal), 2 backslash, 3 quote. */
const STR = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) STR[b] = 1;
STR[0x5c] = 2;
STR[0x22] = 3;

/** What may follow a backslash. */
const ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrtu') ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** What the grammar expects next, outside strings and tokens. */
const enum Expect {
  Start, // before the document
  Value, // after ':' or ',' in an array
  ValueOrClose, // just after '['
  Key, // after ',' in an object
  KeyOrClose, // just after '{'
  Colon, // after a member name
  Next, // after a value: ',' or the closing bracket
  Done, // after the document
}

export class TopLevelScanner {
  /** Open containers, innermost last; its length is the depth (the plan object is depth 1). */
  private readonly stack: number[] = [];
  private expect: Expect = Expect.Start;
  private inString = false;
  /** The string being read is a member name. */
  private stringIsKey = false;
  /** In a string: 0 plain, 1 after a backslash, 5 to 2: the \u digits still to come, plus one. */
  private esc = 0;
  /** In a number or literal: its text so far from earlier chunks, and where it starts in this one. */
  private inToken = false;
  private tokenHead = '';
  private tokenStart = -1;
  private key = '';
  private keyPieces: Buffer[] | undefined;
  private keyStart = -1;
  /** Capture of a whole member or of one element: pieces from earlier chunks + start in this chunk. */
  private capturing = false;
  private capPieces: Buffer[] = [];
  private capStart = -1;
  /** Inside the array of an `elements` member (its elements are at depth 2). */
  private inElements = false;
  private elemIndex = 0;
  private offset = 0;
  readonly keys: string[] = [];
  private readonly seen = new Set<string>();
  /** Element fast path (see fastElement): separators by first member name, and the misses in a row. */
  private readonly separators = new Map<string, Buffer>();
  private fastMisses = 0;
  /** The last separator searched for in this chunk and where it was found (-1: not in the rest of it). */
  private fastSeparator: Buffer | undefined;
  private fastFound = -1;
  private fastFrom = 0;

  /** Elements read by the fast path (tests check that it is taken). */
  fastRead = 0;

  constructor(
    private readonly file: string,
    private readonly handlers: ScanHandlers,
    opts: { fastElements?: boolean } = {},
  ) {
    // Off: the byte scanner reads every element (tests compare both ways).
    if (opts.fastElements === false) this.fastMisses = FAST_MAX_MISSES;
  }

  /** Bytes read so far. */
  get bytesRead(): number {
    return this.offset;
  }

  private fail(pos: number, what: string): never {
    throw new InputError(this.file, `invalid JSON at byte ${this.offset + pos}: ${what}`);
  }

  push(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    this.fastSeparator = undefined;
    while (i < n) {
      if (this.inString) {
        i = this.string(buf, i, n);
        continue;
      }
      if (this.inToken) {
        i = this.token(buf, i, n);
        continue;
      }
      const b = buf[i]!;
      const cls = CLASS[b]!;
      if (cls === 1) {
        i++;
        continue;
      }
      switch (this.expect) {
        case Expect.Value:
        case Expect.ValueOrClose:
          if (b === 0x5d && this.expect === Expect.ValueOrClose) {
            this.close(buf, i, ARR);
            break;
          }
          if (b === 0x5d || b === 0x7d || b === 0x2c || b === 0x3a) {
            this.fail(i, b === 0x5d && this.stack.length > 0 && this.stack[this.stack.length - 1] === ARR ? 'a trailing comma' : 'expected a value');
          }
          if (cls === 0) this.fail(i, `unexpected character ${JSON.stringify(String.fromCharCode(b))}`);
          if (b === 0x7b && this.inElements && this.stack.length === 2 && this.fastMisses < FAST_MAX_MISSES) {
            const end = this.fastElement(buf, i, n);
            if (end > 0) {
              i = end;
              continue;
            }
          }
          this.beginValue(i, b);
          if (b === 0x7b) {
            this.stack.push(OBJ);
            this.expect = Expect.KeyOrClose;
          } else if (b === 0x5b) {
            this.stack.push(ARR);
            this.expect = Expect.ValueOrClose;
          } else if (b === 0x22) {
            this.inString = true;
            this.stringIsKey = false;
          } else {
            this.inToken = true;
            this.tokenHead = '';
            this.tokenStart = i;
          }
          break;
        case Expect.Key:
        case Expect.KeyOrClose:
          if (b === 0x22) {
            this.inString = true;
            this.stringIsKey = true;
            if (this.stack.length === 1) {
              this.keyStart = i + 1;
              this.keyPieces = undefined;
            }
          } else if (b === 0x7d && this.expect === Expect.KeyOrClose) {
            this.close(buf, i, OBJ);
          } else if (b === 0x7d) {
            this.fail(i, 'a trailing comma');
          } else if (cls === 0) {
            this.fail(i, `unexpected character ${JSON.stringify(String.fromCharCode(b))}`);
          } else {
            this.fail(i, 'expected a member name');
          }
          break;
        case Expect.Colon:
          if (b !== 0x3a) this.fail(i, cls === 0 ? `unexpected character ${JSON.stringify(String.fromCharCode(b))}` : "expected ':'");
          this.expect = Expect.Value;
          break;
        case Expect.Next: {
          const top = this.stack[this.stack.length - 1];
          if (b === 0x2c) {
            this.expect = top === OBJ ? Expect.Key : Expect.Value;
          } else if (b === 0x7d || b === 0x5d) {
            this.close(buf, i, b === 0x7d ? OBJ : ARR);
          } else if (cls === 0) {
            this.fail(i, `unexpected character ${JSON.stringify(String.fromCharCode(b))}`);
          } else {
            this.fail(i, top === OBJ ? "expected ',' or '}'" : "expected ',' or ']'");
          }
          break;
        }
        case Expect.Start:
          if (b !== 0x7b) {
            throw new InputError(this.file, b === 0x5b ? 'the JSON is an array, not a plan object' : 'the JSON is not a plan object');
          }
          this.stack.push(OBJ);
          this.expect = Expect.KeyOrClose;
          break;
        default:
          this.fail(i, 'unexpected data after the end of the document');
      }
      i++;
    }
    this.carry(buf);
    this.offset += n;
  }

  /** The bytes of a string from `i`: returns the position after its closing quote, or `n`. */
  private string(buf: Buffer, i: number, n: number): number {
    let esc = this.esc;
    while (i < n) {
      if (esc === 0) {
        // Most of a plan's bytes: plain string content.
        while (i < n && STR[buf[i]!] === 0) i++;
        if (i >= n) break;
        const c = STR[buf[i]!];
        if (c === 3) {
          this.esc = 0;
          this.inString = false;
          this.endString(buf, i);
          return i + 1;
        }
        if (c === 1) this.fail(i, `a control character (${JSON.stringify(String.fromCharCode(buf[i]!))}) inside a string`);
        esc = 1;
      } else if (esc === 1) {
        const b = buf[i]!;
        if (ESCAPE[b] !== 1) {
          const shown = b > 0x20 && b < 0x7f ? `\\${String.fromCharCode(b)}` : `a backslash before byte 0x${b.toString(16).padStart(2, '0')}`;
          this.fail(i, `an invalid escape (${shown}) inside a string`);
        }
        esc = b === 0x75 ? 5 : 0;
      } else {
        if (HEX[buf[i]!] !== 1) this.fail(i, 'an invalid \\u escape inside a string');
        esc = esc === 2 ? 0 : esc - 1;
      }
      i++;
    }
    this.esc = esc;
    return n;
  }

  private endString(buf: Buffer, quote: number): void {
    if (this.stringIsKey) {
      if (this.stack.length === 1) this.endKey(buf, quote);
      this.expect = Expect.Colon;
    } else {
      this.endValue(buf, quote + 1);
    }
  }

  /** The bytes of a number or literal from `i`: returns the position of the byte after it, or `n`. */
  private token(buf: Buffer, i: number, n: number): number {
    const start = this.tokenStart;
    while (i < n && TOKEN[buf[i]!] === 1) i++;
    if (i >= n) return n; // goes on in the next chunk: carry() keeps its text
    const head = this.tokenHead;
    this.inToken = false;
    this.tokenHead = '';
    this.tokenStart = -1;
    // Checked on the bytes (no string per token) unless the token began in an earlier chunk.
    const ok = head === '' ? validToken(buf, start, i) : validToken(Buffer.from(head + buf.toString('latin1', start, i), 'latin1'), 0, head.length + i - start);
    if (!ok) {
      const text = head + buf.toString('latin1', start, i);
      const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
      this.fail(i - text.length, `${JSON.stringify(shown)} is not a number, true, false or null`);
    }
    this.endValue(buf, i);
    return i;
  }

  /**
   * An element of an `elements` array that starts with `{` at `start`, read without walking its
   * bytes: its end is guessed and JSON.parse confirms it. Returns the position after the element,
   * or -1 to let the byte scanner read it (nothing consumed, nothing reported).
   *
   * Terraform writes the entries compactly, each starting with the same member (`{"address":`),
   * so an entry followed by another ends right before `,{"address":`. Only the end is guessed:
   * the bytes from `start` to it parse (JSON.parse, which also validates them, as it validates
   * every captured element) only when they are exactly one complete value, and a value that
   * begins with `{` ends at its own closing brace, so a success is the element itself, the same
   * bytes the scanner would have captured. Any doubt (the same text nested deeper, an element
   * that goes on in the next chunk, the last element, whitespace between entries, invalid JSON)
   * fails the parse or finds no candidate, and the scanner reads the element as before, with its
   * exact errors. After FAST_MAX_MISSES misses in a row (a pretty-printed plan), the scanner
   * reads the rest alone.
   */
  private fastElement(buf: Buffer, start: number, n: number): number {
    // The first member name, `{"address":`, plain ASCII without escapes.
    if (buf[start + 1] !== 0x22) return this.fastMiss();
    let q = start + 2;
    const limit = Math.min(n, start + 66);
    while (q < limit && buf[q] !== 0x22 && buf[q] !== 0x5c && buf[q]! >= 0x20 && buf[q]! < 0x80) q++;
    if (q >= limit || buf[q] !== 0x22 || buf[q + 1] !== 0x3a) return this.fastMiss();
    const head = buf.toString('latin1', start, q + 2);
    let sep = this.separators.get(head);
    if (sep === undefined) {
      sep = Buffer.from(`},${head}`, 'latin1');
      // Bounded: one plan has one or two first members; a document of odd entries may have many.
      if (this.separators.size < 64) this.separators.set(head, sep);
    }
    // One search per separator and chunk, not per element: reused while it lies ahead.
    if (this.fastSeparator !== sep || (this.fastFound >= 0 && this.fastFound <= start) || (this.fastFound < 0 && this.fastFrom > start)) {
      this.fastSeparator = sep;
      this.fastFrom = start;
      this.fastFound = buf.indexOf(sep, start + 1);
    }
    const brace = this.fastFound;
    if (brace < 0 || brace - start > FAST_MAX_ELEMENT) return this.fastMiss();
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', start, brace + 1)) as unknown;
    } catch {
      return this.fastMiss();
    }
    this.fastMisses = 0;
    this.fastRead++;
    // The scanner's state after an element: the next byte is the ',' of the separator.
    this.expect = Expect.Next;
    this.handlers.element(this.key, value, this.elemIndex++);
    return brace + 1;
  }

  private fastMiss(): number {
    this.fastMisses++;
    return -1;
  }

  /** A value starts at `i` in the container on top of the stack. */
  private beginValue(i: number, b: number): void {
    const depth = this.stack.length;
    if (depth === 1) {
      const mode = this.handlers.mode(this.key);
      if (mode === 'elements' && b === 0x5b) {
        this.inElements = true;
        this.elemIndex = 0;
      } else if (mode !== 'skip') {
        this.startCapture(i);
      }
    } else if (depth === 2 && this.inElements) {
      this.startCapture(i);
    }
  }

  /** A value ended right before `end` (exclusive) in the container now on top of the stack. */
  private endValue(buf: Buffer, end: number): void {
    const depth = this.stack.length;
    if (depth === 0) {
      this.expect = Expect.Done;
      return;
    }
    this.expect = Expect.Next;
    if (depth === 1) {
      this.endMember(buf, end);
    } else if (depth === 2 && this.inElements) {
      this.endElement(buf, end);
    }
  }

  /** The closing bracket at `i` of a container of `kind`. */
  private close(buf: Buffer, i: number, kind: number): void {
    const stack = this.stack;
    if (stack[stack.length - 1] !== kind) this.fail(i, `unexpected '${String.fromCharCode(buf[i]!)}'`);
    stack.pop();
    if (stack.length === 1 && this.inElements) this.inElements = false;
    this.endValue(buf, i + 1);
  }

  /**
   * Keep the unfinished capture, key and token of this chunk for the next one, as copies: the
   * caller may reuse the chunk's buffer for the next read (fresh memory for every chunk costs a
   * page fault per 4 KiB, more than the read itself).
   */
  private carry(buf: Buffer): void {
    if (this.capturing && this.capStart >= 0) {
      if (this.capStart < buf.length) this.capPieces.push(Buffer.from(buf.subarray(this.capStart)));
      this.capStart = 0;
    }
    if (this.keyStart >= 0) {
      (this.keyPieces ??= []).push(Buffer.from(buf.subarray(this.keyStart)));
      this.keyStart = 0;
    }
    if (this.inToken) {
      this.tokenHead += buf.toString('latin1', this.tokenStart, buf.length);
      this.tokenStart = 0;
      if (this.tokenHead.length > 1 << 20) this.fail(buf.length, 'a number or literal longer than 1 MiB');
    }
    // Slices into the next chunk start at 0.
  }

  private startCapture(i: number): void {
    this.capturing = true;
    this.capPieces = [];
    this.capStart = i;
  }

  private takeCapture(buf: Buffer, end: number): string {
    const last = buf.subarray(this.capStart, end);
    const bytes = this.capPieces.length ? Buffer.concat([...this.capPieces, last]) : last;
    this.capturing = false;
    this.capPieces = [];
    this.capStart = -1;
    return bytes.toString('utf8');
  }

  private parse(text: string, where: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new InputError(this.file, `invalid JSON in ${where}: ${jsonParseMessage(e)}`);
    }
  }

  private endKey(buf: Buffer, quote: number): void {
    const last = buf.subarray(this.keyStart, quote);
    const bytes = this.keyPieces ? Buffer.concat([...this.keyPieces, last]) : last;
    this.keyStart = -1;
    this.keyPieces = undefined;
    this.key = this.parse(`"${bytes.toString('utf8')}"`, 'a member name') as string;
    if (this.seen.has(this.key)) throw new InputError(this.file, `the member "${this.key}" appears twice`);
    this.seen.add(this.key);
    this.keys.push(this.key);
  }

  private endElement(buf: Buffer, end: number): void {
    const text = this.takeCapture(buf, end);
    const where = `${this.key}[${this.elemIndex}]`;
    this.handlers.element(this.key, this.parse(text, where), this.elemIndex++);
  }

  private endMember(buf: Buffer, end: number): void {
    if (!this.capturing) return;
    const text = this.takeCapture(buf, end);
    this.handlers.member(this.key, this.parse(text, `"${this.key}"`));
  }

  /** The document must be complete. */
  end(): void {
    if (this.expect === Expect.Start) throw new InputError(this.file, 'the file is empty');
    if (this.expect !== Expect.Done) {
      throw new InputError(this.file, 'truncated JSON: the file ends in the middle of the document', 'was the plan cut off while it was written?');
    }
  }
}

/**
 * JSON.parse's complaint as one line that quotes no plan text. V8 follows an unexpected token
 * with a snippet of the input around it (`Unexpected token 'x', ..."ord": "hunt"... is not valid
 * JSON`): that snippet may hold a secret and any byte (line breaks, terminal escapes), so it is
 * dropped, and the token itself is shown escaped.
 */
export function jsonParseMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const token = /^Unexpected token '([\s\S]*?)', [\s\S]*$/.exec(msg);
  if (token) {
    const ch = token[1]!;
    return `unexpected character ${/^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : ascii(JSON.stringify(ch))}`;
  }
  return ascii(msg.split('\n')[0]!);
}

/** Printable ASCII only: anything else as a `\u{…}` escape. */
function ascii(s: string): string {
  return s.replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/**
 * A chunked scanner for one large JSON object: it walks the bytes once, hands over the top-level
 * members a reader asks for (whole, or array element by array element) as byte slices to parse
 * with the native JSON.parse, and only checks the structure of the members nobody needs
 * (`prior_state`, `planned_values`, ...) without building them.
 *
 * Why not a streaming JSON parser library: the ones on npm tokenize in JavaScript and build every
 * value, several times slower than JSON.parse. Here JSON.parse still does the parsing, of each
 * element on its own, so a plan above V8's 512 MB string limit is read in bounded memory and a
 * 100k-change plan is read faster than JSON.parse of the whole file.
 *
 * Validation: every member that is handed over is parsed by JSON.parse (full validation); a
 * skipped member is checked for balanced brackets, closed strings and legal characters outside
 * strings, and the document must end exactly once. A truncated or garbled file never passes.
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

// Per-byte class outside strings: 0 illegal, 1 whitespace, 2 literal character, 3 structural/quote.
const CLASS = new Uint8Array(256);
for (const c of ' \t\n\r') CLASS[c.charCodeAt(0)] = 1;
for (const c of '0123456789-+.eEtrufalsn') CLASS[c.charCodeAt(0)] = 2;
for (const c of '{}[]:,"') CLASS[c.charCodeAt(0)] = 3;

const enum Top {
  Start, // before the document
  Key, // in the top object, expecting a key or '}'
  Colon, // after a key
  Value, // expecting the start of a value
  InValue, // inside a value, until ',' or '}' at depth 1
  End, // after the top object
}

export class TopLevelScanner {
  private depth = 0;
  private stack: number[] = [];
  private inString = false;
  private escape = false;
  private top: Top = Top.Start;
  private key = '';
  private keyPieces: Buffer[] | undefined;
  private keyStart = -1;
  private mode: MemberMode = 'skip';
  /** Capture of a whole member or of one element: pieces from earlier chunks + start in this chunk. */
  private capturing = false;
  private capPieces: Buffer[] = [];
  private capStart = -1;
  /** Elements mode: inside the member's array at depth 2. */
  private inElements = false;
  private elemIndex = 0;
  /** 0: just after '[' ; 1: after ',' ; 2: inside an element */
  private elemState = 0;
  private offset = 0;
  readonly keys: string[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly handlers: ScanHandlers,
  ) {}

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
    while (i < n) {
      // Inside a value, below the depth where members and elements end: only strings and
      // brackets matter, scanned by a tight loop (most of the bytes of a plan).
      if (!this.inString && this.top === Top.InValue && this.depth > (this.inElements ? 2 : 1)) {
        i = this.deep(buf, i, n);
        continue;
      }
      const b = buf[i]!;
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          i++;
          continue;
        }
        // Jump to the next quote (native search); it closes the string unless an odd run of
        // backslashes stands right before it.
        let q = buf.indexOf(0x22, i);
        while (q >= 0) {
          let k = q - 1;
          while (k >= i && buf[k] === 0x5c) k--;
          if ((q - 1 - k) % 2 === 0) break;
          q = buf.indexOf(0x22, q + 1);
        }
        if (q < 0) {
          // The string goes on in the next chunk; an odd run of backslashes at the end escapes its first byte.
          let k = n - 1;
          while (k >= i && buf[k] === 0x5c) k--;
          this.escape = (n - 1 - k) % 2 === 1;
          i = n;
          break;
        }
        this.inString = false;
        i = q + 1;
        if (this.keyStart >= 0 || this.keyPieces) this.endKey(buf, q);
        continue;
      }
      const cls = CLASS[b]!;
      if (cls === 1) {
        i++;
        continue;
      }
      if (cls === 0) this.fail(i, `unexpected character ${JSON.stringify(String.fromCharCode(b))}`);
      switch (this.top) {
        case Top.Start:
          if (b !== 0x7b) {
            throw new InputError(this.file, b === 0x5b ? 'the JSON is an array, not a plan object' : 'the JSON is not a plan object');
          }
          this.stack.push(OBJ);
          this.depth = 1;
          this.top = Top.Key;
          i++;
          continue;
        case Top.Key:
          if (b === 0x22) {
            this.inString = true;
            this.keyStart = i + 1;
            this.keyPieces = undefined;
            i++;
            continue;
          }
          if (b === 0x7d && this.keys.length === 0) {
            this.closeTop();
            i++;
            continue;
          }
          this.fail(i, 'expected a member name');
          break;
        case Top.Colon:
          if (b !== 0x3a) this.fail(i, "expected ':'");
          this.top = Top.Value;
          i++;
          continue;
        case Top.Value:
          if (b === 0x2c || b === 0x7d || b === 0x5d || b === 0x3a) this.fail(i, 'expected a value');
          this.mode = this.handlers.mode(this.key);
          this.top = Top.InValue;
          if (this.mode === 'elements' && b === 0x5b) {
            this.stack.push(ARR);
            this.depth = 2;
            this.inElements = true;
            this.elemIndex = 0;
            this.elemState = 0;
            i++;
            continue;
          }
          if (this.mode !== 'skip') this.startCapture(i);
          break; // process the byte below
        default:
          break;
      }
      if (this.top === Top.End) this.fail(i, 'unexpected data after the end of the document');
      // Inside a value (depth >= 1).
      if (this.inElements && this.depth === 2) {
        if (this.elemState !== 2) {
          if (b === 0x5d) {
            if (this.elemState === 1) this.fail(i, 'a trailing comma');
            this.stack.pop();
            this.depth = 1;
            this.inElements = false;
            i++;
            continue;
          }
          if (b === 0x2c) this.fail(i, 'expected a value');
          this.elemState = 2;
          this.startCapture(i);
        } else if (b === 0x2c) {
          this.endElement(buf, i);
          this.elemState = 1;
          i++;
          continue;
        } else if (b === 0x5d) {
          this.endElement(buf, i);
          this.stack.pop();
          this.depth = 1;
          this.inElements = false;
          i++;
          continue;
        }
      }
      if (this.depth === 1 && this.top === Top.InValue && (b === 0x2c || b === 0x7d)) {
        this.endMember(buf, i);
        if (b === 0x2c) {
          this.top = Top.Key;
        } else {
          this.closeTop();
        }
        i++;
        continue;
      }
      switch (b) {
        case 0x22:
          this.inString = true;
          break;
        case 0x7b:
          this.stack.push(OBJ);
          this.depth++;
          break;
        case 0x5b:
          this.stack.push(ARR);
          this.depth++;
          break;
        case 0x7d:
        case 0x5d: {
          const want = b === 0x7d ? OBJ : ARR;
          if (this.depth <= 1 || this.stack[this.stack.length - 1] !== want) this.fail(i, `unexpected '${String.fromCharCode(b)}'`);
          this.stack.pop();
          this.depth--;
          break;
        }
        default:
          break;
      }
      i++;
    }
    this.carry(buf);
    this.offset += n;
  }

  /**
   * The bytes of a value deeper than the member or element boundary, from `i` until the value
   * climbs back to that boundary (the byte after the closing bracket) or the chunk ends. The same
   * checks as the general loop, which does nothing else at these depths: strings closed, legal
   * characters outside strings, brackets balanced. Returns the next position.
   */
  private deep(buf: Buffer, i: number, n: number): number {
    const floor = this.inElements ? 2 : 1;
    const stack = this.stack;
    let depth = this.depth;
    while (i < n) {
      const b = buf[i]!;
      if (b === 0x22) {
        const start = i + 1;
        let q = buf.indexOf(0x22, start);
        while (q >= 0) {
          let k = q - 1;
          while (k >= start && buf[k] === 0x5c) k--;
          if ((q - 1 - k) % 2 === 0) break;
          q = buf.indexOf(0x22, q + 1);
        }
        if (q < 0) {
          // The string goes on in the next chunk; an odd run of backslashes at the end escapes its first byte.
          let k = n - 1;
          while (k >= start && buf[k] === 0x5c) k--;
          this.inString = true;
          this.escape = (n - 1 - k) % 2 === 1;
          i = n;
          break;
        }
        i = q + 1;
        continue;
      }
      const cls = CLASS[b]!;
      if (cls === 3) {
        if (b === 0x7b) {
          stack.push(OBJ);
          depth++;
        } else if (b === 0x5b) {
          stack.push(ARR);
          depth++;
        } else if (b === 0x7d || b === 0x5d) {
          if (stack[stack.length - 1] !== (b === 0x7d ? OBJ : ARR)) {
            this.depth = depth;
            this.fail(i, `unexpected '${String.fromCharCode(b)}'`);
          }
          stack.pop();
          depth--;
          if (depth === floor) {
            i++;
            break;
          }
        }
      } else if (cls === 0) {
        this.depth = depth;
        this.fail(i, `unexpected character ${JSON.stringify(String.fromCharCode(b))}`);
      }
      i++;
    }
    this.depth = depth;
    return i;
  }

  /**
   * Keep the unfinished capture (and key) of this chunk for the next one, as copies: the caller
   * may reuse the chunk's buffer for the next read (fresh memory for every chunk costs a page
   * fault per 4 KiB, more than the read itself).
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
    // Slices into the next chunk start at 0; mark "whole next chunk so far" with 0.
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
      const msg = (e instanceof Error ? e.message.split('\n')[0]! : String(e)).replace(/, ".*" is not valid JSON$/s, ' (not valid JSON)');
      throw new InputError(this.file, `invalid JSON in ${where}: ${msg}`);
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
    this.top = Top.Colon;
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

  private closeTop(): void {
    this.stack.pop();
    this.depth = 0;
    this.top = Top.End;
  }

  /** The document must be complete. */
  end(): void {
    if (this.top === Top.Start) throw new InputError(this.file, 'the file is empty');
    if (this.top !== Top.End) {
      throw new InputError(this.file, 'truncated JSON: the file ends in the middle of the document', 'was the plan cut off while it was written?');
    }
  }
}

/**
 * Making text from a plan harmless where it is printed. Everything a plan contains (addresses,
 * for_each keys, values, rule messages quoting them) is hostile until it passed through here.
 *
 * - Terminal: control characters (C0, DEL, C1: ANSI escapes, OSC hyperlinks, bells) and the
 *   invisible format characters used to disguise text (bidi overrides, zero-width characters)
 *   are shown as `\u{…}` escapes, never sent raw.
 * - Markdown prose: no raw HTML (`<`, `>`, `&` become entities), every ASCII punctuation mark is
 *   backslash-escaped (no emphasis, links, images, tables, headings), line breaks become spaces
 *   (a new line could start an HTML block such as `</details>`), and `@name`, `#123`, `GH-123`,
 *   `http://` and `www.` get a zero-width space so no mention, issue link or autolink fires.
 * - Markdown code: inline code spans use a backtick run longer than any inside; fenced blocks
 *   a fence longer than any backtick run in the content.
 * - HTML (the `<summary>` line): entities for `& < > " '`, plus the zero-width spaces.
 * - GitHub workflow commands: `%`, CR, LF (and in properties `:` and `,`) percent-encoded.
 */

/** Characters never printed raw: C0 controls, DEL, C1 controls, soft hyphen, bidi and zero-width format characters, line/paragraph separators, BOM, interlinear annotations. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/gu;

function hex(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

/** One line of terminal-safe text: every unsafe character (newlines included) as a visible escape. */
export function safeLine(s: string): string {
  return s.replace(UNSAFE, hex);
}

/** Terminal-safe text where a line break may be shown as a space (messages, reasons). */
export function safeProse(s: string): string {
  return s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(UNSAFE, hex);
}

/** A string value as a JSON literal, with the characters JSON leaves raw escaped too. */
export function quoteString(s: string): string {
  return safeLine(JSON.stringify(s));
}

// ---------------------------------------------------------------------------------------------
// Markdown

const ZWSP = '&#8203;';

/** Break what GitHub would turn into a live reference: mentions, issue/PR links, autolinks. */
function defuse(s: string, zw: string): string {
  return s
    .replace(/(?<!&)#(?=\d)/g, `#${zw}`)
    .replace(/@/g, `@${zw}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${zw}-`)
    .replace(/:\/\//g, `:${zw}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${zw}.`);
}

/**
 * ASCII punctuation that means something in CommonMark, GFM or GitHub (emphasis, code, links,
 * images, headings, lists, block quotes, tables, strikethrough, math, setext underlines,
 * backslash itself) is backslash-escaped; `< > & |` become entities.
 */
const MD_PUNCT = new Set('\\`*_[]()!#+-.~{}=$');

/**
 * Plain text inside Markdown prose (a paragraph, a list item, a table cell): renders as the
 * literal text, on one line, with no markup, HTML, mention, issue link or autolink.
 */
export function mdText(s: string): string {
  const oneLine = s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(UNSAFE, hex);
  let out = '';
  for (const ch of oneLine) {
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '|') out += '&#124;';
    else if (ch === '@') out += '&#64;';
    else if (MD_PUNCT.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  // Entities are decoded before GitHub looks for mentions and links, so break those with a
  // zero-width space (after the encoding above, `@` only appears as `&#64;`).
  return out
    .replace(/&#64;/g, `&#64;${ZWSP}`)
    .replace(/\\#(?=\d)/g, `\\#${ZWSP}`)
    .replace(/\b(GH)\\-(?=\d)/gi, `$1${ZWSP}\\-`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\\\./gi, (m) => `${m.slice(0, 3)}${ZWSP}\\.`);
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let cur = 0;
  for (const c of s) {
    if (c === ch) {
      cur++;
      if (cur > best) best = cur;
    } else cur = 0;
  }
  return best;
}

/**
 * An inline code span holding `s` literally, on one line. The delimiter is one backtick more
 * than the longest run inside; a space pads content that starts or ends with a backtick.
 * Inside a code span nothing is a mention, a link or HTML, so only line breaks and unsafe
 * characters are changed (`⏎` and `\u{…}`). Not for table cells (use mdText there).
 */
export function mdCode(s: string): string {
  let body = s.replace(/\r\n|[\r\n\u2028\u2029]/g, '⏎').replace(UNSAFE, hex);
  if (body.length === 0) body = ' ';
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A fenced code block holding `lines` literally. The fence is longer than any backtick run in
 * the content, so no line inside can close it; unsafe characters are escaped per line.
 */
export function mdFence(lines: string[], info = ''): string {
  const body = lines.map((l) => safeLine(l));
  let longest = 0;
  for (const l of body) longest = Math.max(longest, longestRun(l, '`'));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body.join('\n')}\n${fence}`;
}

/** Text inside an HTML element on a raw-HTML line (`<summary>…</summary>`). */
export function htmlText(s: string): string {
  const oneLine = s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(UNSAFE, hex);
  const esc = oneLine.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
  return defuse(esc, ZWSP);
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands

/** The message part of `::error …::message`. */
export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`title=…`). */
export function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

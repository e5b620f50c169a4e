// Used by scripts/bundle.mjs; tested by test/catalog/lazy-json.test.ts.
import { createHash } from 'node:crypto';
/**
 * A catalog table file as an object whose members are parsed when first read (rules/catalog/
 * index.ts reads a table when a look-up first needs it): a Terraform plan never parses the
 * Pulumi token table, nor any file's description. Same keys, in the same order, enumerable,
 * each read returning the same parsed value; frozen members stay the loader's job.
 *
 * A member that is a list of rows with a string `type` can also be read one type at a time,
 * through the non-enumerable function at Symbol.for('planguard.catalog.rowsOfType'):
 * `(member, type)` gives the rows of that type, in file order, parsed from their own text (a
 * 10-change plan touches a handful of types, not the ~600 rows of every table); undefined for a
 * member that is not such a list. The rows are the member's text cut at row boundaries: the
 * whole member is `[` + that text + `]`, so both ways read the same bytes.
 */
export function lazyMembers(doc, store) {
  if (Object.hasOwn(doc, '__proto__')) return `export default JSON.parse(${JSON.stringify(JSON.stringify(doc))});`;
  const texts = {};
  const index = {};
  for (const [k, v] of Object.entries(doc)) {
    if (Array.isArray(v) && v.length > 0 && v.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && typeof r.type === 'string')) {
      let all = '';
      const ranges = Object.create(null);
      for (const row of v) {
        if (all !== '') all += ',';
        const start = all.length;
        all += asciiJson(row);
        (ranges[row.type] ??= []).push(start, all.length);
      }
      texts[k] = all;
      index[k] = JSON.stringify(ranges);
    } else texts[k] = asciiJson(v);
  }
  const q = JSON.stringify;
  // Inline: the texts are string constants of the module. With a store: each member's text is
  // kept outside the code (the store gives its offset) and read by `${store.read}(offset, length)`.
  const at = Object.create(null);
  if (store) for (const [k, t] of Object.entries(texts)) at[k] = store.add(t);
  const text = (k) => (store ? `${store.read}(${at[k]}, ${texts[k].length})` : `texts[${q(k)}]`);
  const slice = store ? `${store.read}(at[member] + r[i], r[i + 1] - r[i])` : 'texts[member].slice(r[i], r[i + 1])';
  const getters = Object.keys(doc)
    .map((k) => `${q(k)}: { enumerable: true, get: () => (${q(k)} in parsed ? parsed[${q(k)}] : (parsed[${q(k)}] = JSON.parse(${k in index ? `'[' + ${text(k)} + ']'` : text(k)}))) }`)
    .join(',\n  ');
  return [
    store ? `const at = ${q(at)};` : `const texts = ${q(texts)};`,
    `const index = ${q(index)};`,
    'const parsed = Object.create(null);',
    'const ranges = Object.create(null);',
    'function rowsOfType(member, type) {',
    '  if (!Object.hasOwn(index, member)) return undefined;',
    '  const r = (ranges[member] ??= new Map(Object.entries(JSON.parse(index[member])))).get(type);',
    '  const rows = [];',
    `  if (r !== undefined) for (let i = 0; i < r.length; i += 2) rows.push(JSON.parse(${slice}));`,
    '  return rows;',
    '}',
    `export default Object.defineProperties({}, {\n  ${getters},\n  [Symbol.for('planguard.catalog.rowsOfType')]: { value: rowsOfType }\n});`,
    '',
  ].join('\n');
}

/**
 * JSON text of `v` in ASCII only (non-ASCII characters as \u escapes, which can only occur inside
 * strings): JSON.parse gives the same value, and a character is a byte, so offsets into a store
 * are byte offsets.
 */
export function asciiJson(v) {
  return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The store of one catalog file's texts in the bundle: an ASCII file written beside the bundle
 * (FILE_NAME), read a range at a time. It opens with a header naming the SHA-256 of what follows,
 * which the module also holds: a data file from another build is refused, never read as this
 * one's. `finish` gives the file's contents and the code that defines the module's `read`
 * function, to be appended to the module lazyMembers made (the function is only called later,
 * when a member is first read).
 */
export function catalogStore(fileName) {
  const parts = [];
  let length = 0;
  return {
    read: 'readCatalogRange',
    add(text) {
      const offset = length;
      parts.push(text);
      length += text.length;
      return offset;
    },
    finish() {
      const body = parts.join('');
      const header = `planguard catalog ${createHash('sha256').update(body).digest('hex')}\n`;
      const q = JSON.stringify;
      return {
        contents: header + body,
        code: `import { readCatalogText } from ${q(READER)};\nfunction readCatalogRange(offset, length) { return readCatalogText(${q(fileName)}, ${q(header)}, offset, length); }\n`,
      };
    },
  };
}

/** The module the stores' code imports: scripts/bundle.mjs resolves it to scripts/catalog-reader.mjs. */
export const READER = 'planguard:catalog-reader';

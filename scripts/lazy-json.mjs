// Used by scripts/bundle.mjs; tested by test/catalog/lazy-json.test.ts.
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
export function lazyMembers(doc) {
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
        all += JSON.stringify(row);
        (ranges[row.type] ??= []).push(start, all.length);
      }
      texts[k] = all;
      index[k] = JSON.stringify(ranges);
    } else texts[k] = JSON.stringify(v);
  }
  const q = JSON.stringify;
  const getters = Object.keys(doc)
    .map((k) => `${q(k)}: { enumerable: true, get: () => (${q(k)} in parsed ? parsed[${q(k)}] : (parsed[${q(k)}] = JSON.parse(${k in index ? `'[' + texts[${q(k)}] + ']'` : `texts[${q(k)}]`}))) }`)
    .join(',\n  ');
  return [
    `const texts = ${q(texts)};`,
    `const index = ${q(index)};`,
    'const parsed = Object.create(null);',
    'const ranges = Object.create(null);',
    'function rowsOfType(member, type) {',
    '  if (!Object.hasOwn(index, member)) return undefined;',
    '  const r = (ranges[member] ??= new Map(Object.entries(JSON.parse(index[member])))).get(type);',
    '  const rows = [];',
    '  if (r !== undefined) for (let i = 0; i < r.length; i += 2) rows.push(JSON.parse(texts[member].slice(r[i], r[i + 1])));',
    '  return rows;',
    '}',
    `export default Object.defineProperties({}, {\n  ${getters},\n  [Symbol.for('planguard.catalog.rowsOfType')]: { value: rowsOfType }\n});`,
    '',
  ].join('\n');
}

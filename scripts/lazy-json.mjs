// Used by scripts/bundle.mjs; tested by test/catalog/lazy-json.test.ts.
/**
 * A catalog table file as an object whose members are parsed when first read (rules/catalog/
 * index.ts reads a table when a look-up first needs it): a Terraform plan never parses the
 * Pulumi token table, nor any file's description. Same keys, in the same order, enumerable,
 * each read returning the same parsed value; frozen members stay the loader's job.
 */
export function lazyMembers(doc) {
  if (Object.hasOwn(doc, '__proto__')) return `export default JSON.parse(${JSON.stringify(JSON.stringify(doc))});`;
  const texts = Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, JSON.stringify(v)]));
  const getters = Object.keys(doc)
    .map((k) => `${JSON.stringify(k)}: { enumerable: true, get: () => (${JSON.stringify(k)} in parsed ? parsed[${JSON.stringify(k)}] : (parsed[${JSON.stringify(k)}] = JSON.parse(texts[${JSON.stringify(k)}]))) }`)
    .join(',\n  ');
  return `const texts = ${JSON.stringify(texts)};\nconst parsed = Object.create(null);\nexport default Object.defineProperties({}, {\n  ${getters}\n});\n`;
}


#!/usr/bin/env node
// Build step after `tsc -p tsconfig.build.json` (which type-checks and emits dist/src and
// dist/rules, still used by scripts/gen-docs.mjs): bundle the CLI with esbuild into one file,
// dist/bundle/planguard.cjs, which bin/planguard.js loads. Start-up is most of the time of a
// small plan (issue 8: a 10-change plan in <= 150 ms): ~50 ES modules resolved, linked and
// compiled one by one cost more than the checking.
//
// - One CommonJS file (measured: faster to load than ES module chunks, whose loader resolves and
//   links each chunk). Code reached only through a dynamic import (each command's code, the
//   comment integrations) is evaluated only when that import runs.
// - commander is bundled (every command needs it). The other dependencies stay external and are
//   loaded from node_modules only when used: yaml and ajv (a config file exists), octokit
//   (`planguard comment` on GitHub).
// - JSON imports (the catalog, the config schema) become `JSON.parse('...')`: V8 parses JSON
//   text several times faster than it compiles the same data as an object literal.
// - crypto and child_process (several ms each, with net, dgram and streams) are loaded on first
//   call only: SARIF and GitHub output hash, a saved binary plan runs terraform, commander spawns
//   nothing here. os too (a temporary directory for a saved binary plan; ~2 M instructions).
// - Catalog files are parsed a member, and a type, at a time (scripts/lazy-json.mjs), and their
//   text is kept out of the code, in dist/bundle/catalog/*.txt, read a range at a time: in the
//   bundle it was ~260 KB of string constants that every start read, and decoded from the code
//   cache, for the few kilobytes a small plan looks up.
// - Whitespace and syntax are minified (less to read at every start); names are kept, so stack
//   traces (--debug) still name functions.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogStore, lazyMembers, READER } from './lazy-json.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
const require = createRequire(import.meta.url);

/** Built-ins loaded on first use rather than at start-up. */
const LAZY = new Set(['crypto', 'child_process', 'os']);

rmSync(outdir, { recursive: true, force: true });
/** Data files written beside the bundle (catalog texts), by name. */
const dataFiles = new Map();

const result = await build({
  absWorkingDir: root,
  metafile: true,
  entryPoints: ['src/cli/main.ts'],
  outfile: join(outdir, 'planguard.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['yaml', 'ajv', '@octokit/*'],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning',
  charset: 'ascii',
  plugins: [jsonAsParse(), lazyBuiltins()],
});
writeNotices(result.metafile);
assertAscii(join(outdir, 'planguard.cjs'));
mkdirSync(join(outdir, 'catalog'), { recursive: true });
for (const [name, contents] of dataFiles) writeFileSync(join(outdir, name), contents);

/**
 * bin/compile-cache.cjs reads the bundle as latin1 (half the time of decoding UTF-8 at every
 * start), which is only the same text when every byte is ASCII. esbuild escapes non-ASCII text
 * in strings but not in regular expression literals: write those with \u escapes.
 */
function assertAscii(file) {
  const bytes = readFileSync(file);
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) {
    const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
    throw new Error(`${file}:${line}: a non-ASCII byte in the bundle (bin/compile-cache.cjs reads it as latin1); escape it in the source`);
  }
}

/** The licences of the packages bundled in (commander), next to the bundle. */
function writeNotices(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  const parts = [];
  for (const name of [...packages].sort()) {
    const dir = join(root, 'node_modules', name);
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    parts.push(`${name} ${version} (${license})\n\n${file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : ''}`);
  }
  if (parts.length > 0) writeFileSync(join(outdir, 'THIRD-PARTY-NOTICES.txt'), `Bundled in planguard.cjs:\n\n${parts.join('\n\n---\n\n')}\n`);
}

function jsonAsParse() {
  return {
    name: 'json-as-parse',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${READER}$`) }, () => ({ path: join(root, 'scripts', 'catalog-reader.mjs') }));
      b.onLoad({ filter: /\.json$/ }, (args) => {
        const doc = JSON.parse(readFileSync(args.path, 'utf8'));
        if (/[\\/]rules[\\/]catalog[\\/][^\\/]+\.json$/.test(args.path) && doc && typeof doc === 'object' && !Array.isArray(doc)) {
          const name = `catalog/${basename(args.path, '.json')}.txt`;
          const store = catalogStore(name);
          const module = lazyMembers(doc, store);
          const { contents, code } = store.finish();
          dataFiles.set(name, contents);
          return { contents: module + code, loader: 'js' };
        }
        return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(doc))});`, loader: 'js' };
      });
    },
  };
}

function lazyBuiltins() {
  return {
    name: 'lazy-builtins',
    setup(b) {
      b.onResolve({ filter: /^(node:)?(crypto|child_process|os)$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        // The stand-in's own require() of the real module.
        if (args.namespace === 'lazy-builtin') return { path: `node:${name}`, external: true };
        return LAZY.has(name) ? { path: name, namespace: 'lazy-builtin' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({ contents: lazyModule(args.path), loader: 'js' }));
    },
  };
}

/**
 * A stand-in for a built-in: each of its functions is a wrapper that loads the real module on
 * its first call; the default export is a proxy that loads it on first access. Classes and
 * constants are left out, so importing one fails the build rather than misbehave.
 */
function lazyModule(name) {
  const mod = require(`node:${name}`);
  const lines = [
    'let m;',
    `const load = () => (m ??= require(${JSON.stringify(`node:${name}`)}));`,
    'export default new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });',
  ];
  for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(mod))) {
    if (!/^[a-z][\w$]*$/.test(key) || !('value' in d) || typeof d.value !== 'function') continue;
    lines.push(`export const ${key} = (...args) => load().${key}(...args);`);
  }
  return lines.join('\n');
}

#!/usr/bin/env node
'use strict';
// Thin: load the built CLI and run it. The CLI is one bundled file (dist/bundle/planguard.cjs,
// made by `npm run build`), which starts several times faster than the ~50 modules tsc emits.
// This directory is CommonJS (bin/package.json): no ES module loader at start-up.
//
// Start-up (issue 16): the bundle is compiled through a V8 code cache (bin/compile-cache.cjs):
// the compiled code of every function a run used is kept in the user's cache directory and
// reused, keyed by the bundle's identity and Node's version, ignored when stale or refused by V8,
// skipped when nothing can be written. PLANGUARD_COMPILE_CACHE=0 turns it off.
let loaded;
try {
  // A path, not require.resolve(): the bundle's place is fixed, and __dirname is already the real
  // directory (Node resolves symbolic links of the main script), so no resolution is needed.
  loaded = require('./compile-cache.cjs').load(require('node:path').join(__dirname, '..', 'dist', 'bundle', 'planguard.cjs'));
} catch (e) {
  const missing = e && (e.code === 'MODULE_NOT_FOUND' || e.code === 'ENOENT') && String(e.message).includes('planguard.cjs');
  process.stderr.write(`planguard: cannot load the built CLI (${missing ? 'run `npm run build` first' : e}); exit 2\n`);
  process.exitCode = 2;
}
if (loaded) {
  loaded.cli.main(process.argv).then((code) => {
    process.exitCode = code;
    if (loaded.cache) loaded.cache.save();
  });
}

#!/usr/bin/env node
// Thin: load the built CLI and run it. Nothing else. The CLI is one bundled file
// (dist/bundle/planguard.cjs, made by `npm run build`), which starts several times faster than
// the ~50 modules tsc emits.
import { createRequire } from 'node:module';

let cli;
try {
  cli = createRequire(import.meta.url)('../dist/bundle/planguard.cjs');
} catch (e) {
  const missing = e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('planguard.cjs');
  process.stderr.write(`planguard: cannot load the built CLI (${missing ? 'run `npm run build` first' : e}); exit 2\n`);
  process.exitCode = 2;
}
if (cli) process.exitCode = await cli.main(process.argv);

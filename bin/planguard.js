#!/usr/bin/env node
// Thin: load the built CLI and run it. Nothing else.
import('../dist/src/cli/main.js').then(
  async ({ main }) => {
    process.exitCode = await main(process.argv);
  },
  (e) => {
    process.stderr.write(
      `planguard: cannot load the built CLI (${e && e.code === 'ERR_MODULE_NOT_FOUND' ? 'run `npm run build` first' : e}); exit 2\n`,
    );
    process.exitCode = 2;
  },
);

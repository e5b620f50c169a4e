'use strict';
// The V8 code cache for the bundled CLI (issue 16: start-up). Without it every run parses the
// 600 KB bundle and compiles, one by one and interpreted at first, every function the run
// calls; with it V8 deserializes the code a previous run produced.
//
// - Produced AFTER a run (script.createCachedData() once main() has finished), so it holds every
//   function that run compiled, not only the top level.
// - Kept in the user's cache directory (PLANGUARD_CACHE_DIR, else $XDG_CACHE_HOME/planguard,
//   else ~/.cache/planguard, else <tmp>/planguard-<uid>), never in the install directory, which
//   may be read-only. Nothing writable: no cache, same result. Compiled code is code, so a cache
//   directory or file that another user owns or can write is never read.
// - Keyed by the bundle's size, modification time and inode and by Node's and V8's versions and
//   the architecture: a rebuilt or reinstalled bundle, or another Node, gets a new file (older
//   ones are removed when the new one is written). V8 checks the data too, and a cache it refuses
//   (corrupt, from another V8 flag set) is ignored and written again.
// - A cache changes how fast code is compiled, never what it does: V8 only accepts it for the
//   same source, and it holds compiled code, not results.
// - import() from code compiled this way fails on Node 20, so the bundle's few import() calls
//   (yaml, ajv, octokit, rule plugins) go through a function this file provides
//   (src/dynamic-import.ts). Node 20 before 20.12 lacks vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER:
//   there, and with PLANGUARD_COMPILE_CACHE=0, the bundle is loaded with require() as before.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
// The CommonJS Module class, as require('node:module') gives it, without loading the public
// module (which loads the ES module loader and source maps: ~2 M instructions at every start).
const Module = module.constructor;

function cacheDir(env) {
  if (env.PLANGUARD_CACHE_DIR) return env.PLANGUARD_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'planguard');
  if (env.HOME) return path.join(env.HOME, '.cache', 'planguard');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(require('node:os').tmpdir(), `planguard-${uid}`);
}

/**
 * Compiled code is code: a cache someone else could have written is never read. The directory
 * must be ours and writable by nobody else (it is made 0700), and so must the file.
 */
function trusted(st) {
  if (typeof process.getuid !== 'function') return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** Load the CommonJS file `file` as require() would, through the code cache when possible. */
function load(file, env = process.env) {
  const loader = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (env.PLANGUARD_COMPILE_CACHE === '0' || !loader) return { cli: require(file), cache: undefined };
  const st = fs.statSync(file);
  // ASCII only (scripts/bundle.mjs checks): latin1 is the same text, decoded in half the time.
  const source = fs.readFileSync(file, 'latin1');
  const key = [process.versions.node, process.versions.v8, process.arch, st.size, Math.floor(st.mtimeMs), st.ino].join('-').replace(/[^\w.-]/g, '_');
  const dir = cacheDir(env);
  const cachePath = path.join(dir, `planguard-${key}.v8cache`);
  let cachedData;
  try {
    if (trusted(fs.statSync(dir)) && trusted(fs.statSync(cachePath))) cachedData = fs.readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData, importModuleDynamically: loader });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  // import() inside code compiled from a cache fails on Node 20 ("A dynamic import callback was
  // not specified"): the bundle imports through this function instead (src/dynamic-import.ts).
  globalThis[Symbol.for('planguard.import')] = (specifier) => import(specifier);
  const fn = script.runInThisContext();
  fn.call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  const cache = {
    /** Whether a cache was read and accepted by V8 (tests). */
    accepted,
    path: cachePath,
    /** Write the cache when there was none (or V8 refused it); any failure is silent. */
    save() {
      if (accepted) return;
      try {
        const data = script.createCachedData();
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!trusted(fs.statSync(dir))) return;
        const tmp = `${cachePath}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, data, { mode: 0o600 });
        fs.renameSync(tmp, cachePath);
        for (const name of fs.readdirSync(dir)) {
          if (/^planguard-.*\.v8cache$/.test(name) && name !== path.basename(cachePath)) fs.rmSync(path.join(dir, name), { force: true });
        }
      } catch {
        // Read-only or full: run without a cache.
      }
    },
  };
  return { cli: m.exports, cache };
}

module.exports = { load, cacheDir };

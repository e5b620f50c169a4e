/**
 * `import()` of a package, a built-in or a plugin file, from anywhere in the CLI.
 *
 * The bundled CLI is compiled through a V8 code cache (bin/compile-cache.cjs, issue 16), and on
 * Node 20 an `import()` inside code compiled that way fails ("A dynamic import callback was not
 * specified"). The loader therefore hands over an import function of its own, compiled normally,
 * under a global symbol; without it (tests, the tsc build, the bundle loaded with require()) the
 * native import() is used. Relative specifiers are not allowed here: resolve to a file URL first.
 */
type Importer = (specifier: string) => Promise<unknown>;

const KEY = Symbol.for('planguard.import');

export function importModule<T>(specifier: string): Promise<T> {
  const provided = (globalThis as Record<symbol, unknown>)[KEY] as Importer | undefined;
  return (provided ? provided(specifier) : import(specifier)) as Promise<T>;
}

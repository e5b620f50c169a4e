// Bundled into dist/bundle/planguard.cjs (scripts/bundle.mjs, as `planguard:catalog-reader`):
// the reader of the catalog data files written beside the bundle (scripts/lazy-json.mjs,
// catalogStore). `__dirname` is the bundle's directory.
/**
 * `readCatalogText(fileName, header, offset, length)`: the text at `offset` of the body of the
 * data file FILE_NAME beside the bundle, read with one pread. A file is opened, and its header
 * checked, on its first read only: a 10-change plan reads a few kilobytes of the ~260 KB.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
const open = new Map();
function readAt(fd, file, offset, length) {
  const buf = Buffer.allocUnsafe(length);
  let n = 0;
  while (n < length) {
    const r = readSync(fd, buf, n, length - n, offset + n);
    if (r === 0) throw new Error(`${file} ends early: it does not belong to this build of planguard (run npm run build, or reinstall)`);
    n += r;
  }
  return buf.toString('latin1');
}
export function readCatalogText(fileName, header, offset, length) {
  let fd = open.get(fileName);
  const file = join(__dirname, fileName);
  if (fd === undefined) {
    fd = openSync(file, 'r');
    let head;
    try {
      head = readAt(fd, file, 0, header.length);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    if (head !== header) {
      closeSync(fd);
      throw new Error(`${file} does not belong to this build of planguard (run npm run build, or reinstall)`);
    }
    open.set(fileName, fd);
  }
  return readAt(fd, file, header.length + offset, length);
}

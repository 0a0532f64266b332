/** An in-memory file system for the `readFile` edge: missing paths reject with ENOENT, as fs does. */
import type { ReadFile } from '../../src/index.js';

export function memoryFiles(contents: Record<string, string>): ReadFile {
  return (path) =>
    path in contents ? Promise.resolve(contents[path] ?? '') : Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
}

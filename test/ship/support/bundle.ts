/** esbuild bundles of src/ for the ship tests, with the subpath imports resolved as off Node. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { subpathImportsPlugin } from '../../../scripts/conditions.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A classic script defining `globalThis.sigv4kitRunner` with the exports of test/ship/support/`entry`.ts,
 * the library bundled as a browser (or neutral) consumer gets it.
 */
export async function runnerScript(platform: 'browser' | 'neutral', entry: 'runner' | 'page' = 'runner'): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [resolve(ROOT, `test/ship/support/${entry}.ts`)],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'iife',
    globalName: 'sigv4kitRunner',
    target: 'es2022',
    platform,
    ...(platform === 'neutral' ? { mainFields: ['module', 'main'] } : {}),
    write: false,
    logLevel: 'silent',
    plugins: [subpathImportsPlugin(ROOT, 'default')],
  });
  const [file] = result.outputFiles;
  if (file === undefined) throw new Error('esbuild produced no output');
  return file.text;
}

/** Runs a Python snippet as an independent peer (urllib, shlex). Missing python3: loud skip, or a failure under CI=true. */
import { execFileSync } from 'node:child_process';

/** stdout of `python3 -c script ...args`, or undefined (after a warning) when python3 cannot run. */
export function python(script: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    if (process.env['CI'] === 'true') throw new Error('python3 is required under CI=true', { cause: error });
    console.warn('\n!!! python3 not found: Python peer checks SKIPPED\n');
    return undefined;
  }
}

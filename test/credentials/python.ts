/** Runs a Python snippet as an independent peer (urllib, shlex). Missing python3: one SKIPPED line, or a failure under CI=true. */
import { execFileSync } from 'node:child_process';
import { requirePeers } from '../support/peers.js';

/** stdout of `python3 -c script ...args`, or undefined (after one SKIPPED line naming `what`) when python3 cannot run. */
export function python(script: string, args: readonly string[], what = 'Python standard-library cross-checks'): string | undefined {
  if (!requirePeers(['python3'], what)) return undefined;
  return execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
}

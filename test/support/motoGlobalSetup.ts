/**
 * vitest globalSetup: one moto_server per test run, on 127.0.0.1, signature and IAM checking on,
 * provisioned with test/peers/moto_setup.py (plus the chain roles of motoServer.ts).
 * Tests read it with `useMoto()` / `describeWithMoto()` from ./moto.ts.
 * When moto or its Python packages are missing, tests get a marker and skip with one line (fail under CI=true).
 */
import type { TestProject } from 'vitest/node';
import { type MotoProvided, motoMissing, type RunningMoto, startMoto, stopMoto } from './motoServer.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let running: RunningMoto | undefined;
  let provided: MotoProvided;
  const missing = motoMissing();
  if (missing !== undefined) {
    provided = { available: false, reason: missing };
  } else {
    try {
      running = await startMoto();
      provided = { available: true, setup: running.setup };
    } catch (error) {
      provided = { available: false, reason: `moto_server did not start: ${(error as Error).message}` };
    }
  }
  project.provide('moto', provided);
  // If vitest dies without running teardown, do not leave the server behind.
  const backstop = (): void => void running?.child.kill('SIGKILL');
  process.once('exit', backstop);
  return async () => {
    process.off('exit', backstop);
    if (running) await stopMoto(running.child);
  };
}

/**
 * moto for tests. The server is started once per run by motoGlobalSetup.ts (registered in
 * vitest.config.ts), provisioned, and checks every signature and IAM policy.
 *
 *   import { describeWithMoto } from '../support/moto.js';
 *   describeWithMoto('STS with moto', (moto) => {
 *     it('...', async () => { ... moto.endpoint, moto.user.accessKeyId, moto.roles.basic.arn ... });
 *   });
 *
 * - `moto` is the provisioning result (`MotoSetup` in motoServer.ts): users, roles, ARNs, endpoint.
 * - The server is shared by every test file, and provisioning runs once: a test that needs extra
 *   state must create uniquely named resources, and must never reset moto or call `reset-auth`.
 *   Tests that must flip `reset-auth` (unsigned web identity/SAML calls) start a private server
 *   with `startMoto()` / `stopMoto()` from motoServer.ts.
 * - moto checks body-less requests only when `x-amz-content-sha256` is signed.
 * - Missing peers: the tests are skipped with one line saying why; under CI=true that is a failure.
 */
import { describe, inject, it } from 'vitest';
import type { MotoSetup } from './motoServer.js';
import { reportSkip } from './peers.js';

export type { MotoSetup } from './motoServer.js';

/** The shared server's setup, or undefined (after one SKIPPED line naming `what`) when moto is unavailable. */
export function useMoto(what = 'moto interop tests'): MotoSetup | undefined {
  const provided = inject('moto');
  if (provided === undefined) throw new Error('moto globalSetup is not registered: add test/support/motoGlobalSetup.ts to vitest.config.ts');
  if (provided.available) return provided.setup;
  reportSkip(what, [provided.reason]); // throws under CI=true
  return undefined;
}

/** `describe` that receives the moto setup, or one loudly skipped test when moto is unavailable. */
export function describeWithMoto(name: string, body: (moto: MotoSetup) => void): void {
  const provided = inject('moto');
  if (provided?.available) {
    describe(name, () => body(provided.setup));
    return;
  }
  useMoto(`${name} (moto)`); // throws under CI=true or when the globalSetup is missing; one SKIPPED line otherwise
  const reason = provided === undefined ? 'globalSetup missing' : provided.reason;
  it.skip(`${name} (SKIPPED: ${reason})`, () => {});
}

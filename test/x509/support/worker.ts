/**
 * The dedicated worker of test/x509/browser.test.ts, bundled for the browser: the portable
 * sigv4-kit/x509 (WebCrypto) signs a CreateSession request for each job it is sent and posts the
 * signed headers back; the test forwards them to the Python fake, which verifies them.
 */
import { signRequestAsync } from '../../../src/index.js';
import { x509 } from '../../../src/x509.portable.js';

interface Job { readonly certificate: string; readonly privateKey: string; readonly chain?: string; readonly url: string; readonly body: string; readonly region: string }

const scope = globalThis as unknown as { onmessage: ((event: { data: Job }) => void) | null; postMessage(value: unknown): void };
scope.onmessage = (event) => {
  const job = event.data;
  (async () => {
    const algorithm = x509({ certificate: job.certificate, privateKey: job.privateKey, chain: job.chain });
    const signed = await signRequestAsync({ method: 'POST', url: job.url, headers: { 'content-type': 'application/json' }, body: job.body }, {
      credentials: algorithm.credentials, region: job.region, service: 'rolesanywhere', algorithm,
    });
    return { headers: { ...signed.headers }, serial: algorithm.certificate.serial, hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined', hasBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer !== 'undefined' };
  })().then(
    (result) => scope.postMessage(result),
    (error: unknown) => scope.postMessage({ error: String((error as Error)?.stack ?? error) }),
  );
};

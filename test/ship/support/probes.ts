/**
 * Signed requests made from inside the browser page to the test's verifying endpoint (same origin).
 * Each probe says what the server must answer; two are tampered so a verifier that accepts anything fails.
 */
import { createSignedFetch, presignUrl, signRequest, type Credentials } from '../../../src/index.js';

/** What one probe sent and what came back. */
export interface ProbeOutcome {
  readonly name: string;
  readonly expect: 'valid' | 'SignatureDoesNotMatch';
  readonly status: number;
  readonly body: string;
}

const REGION = 'us-east-1';
const SERVICE = 'service';

/** Runs the probes against `origin` with `credentials` (the server knows the real secret). */
export async function runProbes(origin: string, credentials: Credentials): Promise<ProbeOutcome[]> {
  const params = { credentials, region: REGION, service: SERVICE };
  const outcomes: ProbeOutcome[] = [];
  const send = async (name: string, expect: ProbeOutcome['expect'], url: string, init: RequestInit): Promise<void> => {
    const response = await fetch(url, init);
    outcomes.push({ name, expect, status: response.status, body: await response.text() });
  };

  const body = JSON.stringify({ flow: 'demo', note: 'signed in the page' });
  const post = signRequest(
    { method: 'POST', url: `${origin}/v1/flows?b=2&a=x%20y`, headers: { 'content-type': 'application/json' }, body },
    params,
  );
  // signed.headers goes to fetch as is: the browser drops `host` (a forbidden name) and sends its own, equal one.
  await send('header-signed POST with a session token', 'valid', post.url, { method: post.method, headers: post.headers, body });

  const presigned = presignUrl({ method: 'GET', url: `${origin}/reports/2026.csv?x-id=GetObject` }, { ...params, expiresIn: 60 });
  await send('presigned GET', 'valid', presigned.url, { headers: presigned.headers });

  await send('body changed after signing', 'SignatureDoesNotMatch', post.url, { method: 'POST', headers: post.headers, body: `${body} ` });

  // The fetch wrapper, with the page's own fetch; no retries, so each probe is one request.
  const signedFetch = createSignedFetch({ credentials, region: REGION, service: SERVICE, retry: false });
  const bytes = new TextEncoder().encode('bytes from the page');
  const response = await signedFetch(`${origin}/v1/flows/demo?tags=a,b&x=%E2%9C%93`, { method: 'PUT', body: bytes });
  outcomes.push({ name: 'createSignedFetch PUT with a byte body', expect: 'valid', status: response.status, body: await response.text() });

  const wrong = signRequest({ method: 'GET', url: `${origin}/v1/flows` }, { ...params, credentials: { ...credentials, secretAccessKey: `${credentials.secretAccessKey}x` } });
  await send('signed with the wrong secret', 'SignatureDoesNotMatch', wrong.url, { headers: wrong.headers });
  return outcomes;
}

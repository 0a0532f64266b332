/** A MediaConnect ListFlows call signed by sigv4-kit, used to prove that moto accepts credentials. */
import { signRequest } from '../../src/sigv4/sign.js';
import type { Credentials } from '../../src/sigv4/types.js';

/** Sends a signed GET /v1/flows and returns the HTTP status and body text. */
export async function listFlows(endpoint: string, credentials: Credentials, region = 'us-east-1'): Promise<{ status: number; text: string }> {
  // moto checks a body-less request only if x-amz-content-sha256 is signed (with checking on).
  const signed = signRequest({ method: 'GET', url: `${endpoint}/v1/flows` }, { credentials, region, service: 'mediaconnect', contentSha256Header: true });
  const response = await fetch(signed.url, { method: 'GET', headers: signed.headers });
  return { status: response.status, text: await response.text() };
}

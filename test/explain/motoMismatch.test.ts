/**
 * explainSignatureMismatch on moto's real SignatureDoesNotMatch (issue 20, item 11): moto answers a
 * body-less request that does not sign x-amz-content-sha256 with a bare error (no canonical
 * strings), because it hashes the request's headers instead of the empty body (peers.md, sections
 * 1 and 11). The explainer must name that case and the fix, and the fix must work.
 */
import { expect, it } from 'vitest';
import { explainSignatureMismatch } from '../../src/explain.js';
import { signRequest, type SigningParams } from '../../src/index.js';
import { describeWithMoto } from '../support/moto.js';

describeWithMoto('explaining moto', (moto) => {
  const params: SigningParams = { credentials: { accessKeyId: moto.user.accessKeyId, secretAccessKey: moto.user.secretAccessKey }, region: 'us-east-1', service: 'mediaconnect' };
  const send = async (signed: ReturnType<typeof signRequest>) => {
    const { host: _host, ...headers } = signed.headers;
    return fetch(signed.url, { method: signed.method, headers });
  };

  it('names the unsigned x-amz-content-sha256 in the answer to a body-less GET, and the fix works', async () => {
    const request = { method: 'GET', url: `${moto.endpoint}/v1/flows` };
    const unsigned = signRequest(request, { ...params, contentSha256Header: false });
    const refused = await send(unsigned);
    expect(refused.status).toBe(403);
    const body = await refused.text();
    expect(body).toContain('<Code>SignatureDoesNotMatch</Code>'); // moto's real answer, without canonical strings
    const explanation = explainSignatureMismatch(body, unsigned);
    expect(explanation.causes.map((c) => c.kind)).toEqual(['payload-hash']);
    expect(explanation.causes[0]?.detail).toContain('contentSha256Header: true');
    expect(explanation.text).toContain('x-amz-content-sha256 is not signed');

    const fixed = await send(signRequest(request, { ...params, contentSha256Header: true }));
    expect(fixed.status).toBe(200);
  });

  it('still answers unknown when x-amz-content-sha256 was signed (the cause is elsewhere)', async () => {
    const wrong = signRequest({ method: 'GET', url: `${moto.endpoint}/v1/flows` }, { ...params, credentials: { ...params.credentials, secretAccessKey: 'not-the-secret' }, contentSha256Header: true });
    const refused = await send(wrong);
    expect(refused.status).toBe(403);
    expect(explainSignatureMismatch(await refused.text(), wrong).causes.map((c) => c.kind)).toEqual(['unknown']);
  });
});

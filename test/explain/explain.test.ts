/**
 * explainSignatureMismatch on realistic error bodies. Each "service" side is computed from a real
 * request: sign it, change it the way a proxy or a buggy client would, let verifyRequest compute
 * what the service computes, and write that in AWS's own error layouts (S3 XML with the Bytes
 * forms, API Gateway's JSON message, the query services' XML Message).
 */
import { describe, expect, it } from 'vitest';
import { explainSignatureMismatch, type MismatchCauseKind } from '../../src/explain.js';
import { formatVerifyError, presignUrl, signRequest, type SigningParams, verifyRequest, type VerifyFailure } from '../../src/index.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+value==';
const user = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const temp = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'temp/secret+key', sessionToken: TOKEN };
const keys = new Map([[user.accessKeyId, user], [temp.accessKeyId, temp]]);
const params: SigningParams = { credentials: temp, region: 'us-east-1', service: 'execute-api', signingDate: NOW };
const BODY = '{"name":"flow","size":1}';
const request = { method: 'POST', url: 'https://api.example.com/prod/items?b=2&a=1', headers: { 'content-type': 'application/json' }, body: BODY };

type Wire = { method: string; url: string; headers: Record<string, string>; body?: string };

/** What the service computes for the request it received. */
async function serverSide(wire: Wire, extra: { regions?: string[]; now?: Date } = {}): Promise<VerifyFailure> {
  const result = await verifyRequest(wire, { getCredentials: (id) => keys.get(id), now: NOW, ...extra });
  if (result.valid) throw new Error('expected the perturbed request to fail');
  return result;
}

const hex = (text: string): string => [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
const xmlEscape = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** S3's layout, with the Bytes forms and the surrounding elements S3 sends. */
function s3Xml(f: VerifyFailure): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>${f.accessKeyId}</AWSAccessKeyId><StringToSign>${f.stringToSign}</StringToSign><SignatureProvided>0000</SignatureProvided><StringToSignBytes>${hex(f.stringToSign!)}</StringToSignBytes><CanonicalRequest>${xmlEscape(f.canonicalRequest!)}</CanonicalRequest><CanonicalRequestBytes>${hex(f.canonicalRequest!)}</CanonicalRequestBytes><RequestId>TX1</RequestId><HostId>host-id</HostId></Error>`;
}

/** API Gateway / JSON services: the canonical strings quoted inside `message`. */
function jsonMessage(f: VerifyFailure): string {
  return JSON.stringify({ message: `${f.message}\n\nThe Canonical String for this request should have been\n'${f.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${f.stringToSign}'\n` });
}

/** STS / IAM (query protocol): the same text inside an XML ErrorResponse Message. */
function queryXml(f: VerifyFailure): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>${xmlEscape(JSON.parse(jsonMessage(f)).message as string)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
}

const LAYOUTS = [['S3 XML', s3Xml], ['JSON message', jsonMessage], ['query XML Message', queryXml], ['our own server (JSON)', (f: VerifyFailure) => formatVerifyError(f, 'json', true).body], ['our own server (XML)', (f: VerifyFailure) => formatVerifyError(f, 'xml', true).body]] as const;

function wireOf(s: ReturnType<typeof signRequest>): Wire {
  return { method: s.method, url: s.url, headers: { ...s.headers }, body: BODY };
}

const signed = signRequest(request, params);
const perturbations: Array<[string, MismatchCauseKind, () => Promise<{ failure: VerifyFailure; local: { canonicalRequest: string; stringToSign: string } }>]> = [
  ['a proxy adds the port to Host', 'header-changed', async () => {
    const w = wireOf(signed);
    return { failure: await serverSide({ ...w, url: w.url.replace('api.example.com', 'api.example.com:8443'), headers: { ...w.headers, host: 'api.example.com:8443' } }), local: signed };
  }],
  ['a proxy adds a charset to Content-Type', 'header-changed', async () => {
    const w = wireOf(signed);
    return { failure: await serverSide({ ...w, headers: { ...w.headers, 'content-type': 'application/json; charset=utf-8' } }), local: signed };
  }],
  ['a proxy re-serializes the JSON body', 'payload-hash', async () => ({ failure: await serverSide({ ...wireOf(signed), body: JSON.stringify(JSON.parse(BODY), null, 1) }), local: signed })],
  ['the client encoded the path once for a non-S3 service', 'path-encoding', async () => {
    const s = signRequest({ method: 'GET', url: 'https://api.example.com/v1/flows/arn%3Aaws%3Aflow' }, { ...params, uriEscapePath: false });
    return { failure: await serverSide(wireOf(s)), local: s };
  }],
  ['a router rewrote the path', 'path', async () => {
    const w = wireOf(signed);
    return { failure: await serverSide({ ...w, url: w.url.replace('/prod/items', '/items') }), local: signed };
  }],
  ['a proxy normalized dot segments away', 'path-normalization', async () => {
    const s = signRequest({ method: 'GET', url: 'https://b.s3.amazonaws.com/a/./b' }, { ...params, service: 's3' });
    const w = wireOf(s);
    return { failure: await serverSide({ ...w, url: w.url.replace('/a/./b', '/a/b') }), local: s };
  }],
  ['the client signed an unsorted query (curl style)', 'query-order', async () => {
    const local = { canonicalRequest: signed.canonicalRequest.replace('\na=1&b=2\n', '\nb=2&a=1\n'), stringToSign: signed.stringToSign };
    return { failure: await serverSide({ ...wireOf(signed), headers: { ...signed.headers, authorization: signed.headers['authorization']!.replace(/.$/, '0') } }), local };
  }],
  ['the client signed + as a space (form semantics)', 'query-encoding', async () => {
    const s = signRequest({ method: 'GET', url: 'https://api.example.com/search?q=a%20b' }, params);
    const w = wireOf(s);
    return { failure: await serverSide({ ...w, url: w.url.replace('q=a%20b', 'q=a+b') }), local: s };
  }],
  ['a query parameter was added', 'query', async () => {
    const w = wireOf(signed);
    return { failure: await serverSide({ ...w, url: `${w.url}&utm_source=x` }), local: signed };
  }],
  ['the method changed (redirect)', 'method', async () => ({ failure: await serverSide({ ...wireOf(signed), method: 'GET' }), local: signed })],
  ['another token was sent than signed', 'session-token', async () => {
    const other = signRequest(request, { ...params, credentials: { ...temp, sessionToken: `${TOKEN}OTHER` } });
    return { failure: await serverSide({ ...wireOf(other), headers: { ...other.headers, 'x-amz-security-token': TOKEN } }), local: other };
  }],
  ['a proxy rewrote X-Amz-Date', 'clock', async () => {
    const w = wireOf(signed);
    return { failure: await serverSide({ ...w, headers: { ...w.headers, 'x-amz-date': '20261128T120007Z' } }), local: signed };
  }],
  ['the secret key is wrong', 'secret-key', async () => {
    const s = signRequest(request, { ...params, credentials: { ...temp, secretAccessKey: 'not-the-secret' } });
    return { failure: await serverSide(wireOf(s)), local: s };
  }],
];

describe.each(LAYOUTS)('%s', (_layout, format) => {
  it.each(perturbations)('%s: names %s', async (_what, kind, make) => {
    const { failure, local } = await make();
    const explanation = explainSignatureMismatch(format(failure), local);
    expect(explanation.causes.map((c) => c.kind)).toContain(kind);
    expect(explanation.causes[0]?.kind).toBe(kind);
    expect(explanation.serverCanonicalRequest).toBeDefined();
    expect(explanation.text).toContain(`${kind}:`);
    for (const out of [explanation.text, JSON.stringify(explanation)]) {
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain(encodeURIComponent(TOKEN));
      expect(out).not.toContain(temp.secretAccessKey);
    }
  });
});

describe('explainSignatureMismatch', () => {
  it('parses S3 XML exactly (Bytes forms, entities) and diffs line by line', async () => {
    const w = wireOf(signed);
    const failure = await serverSide({ ...w, headers: { ...w.headers, 'content-type': 'text/plain' } });
    const e = explainSignatureMismatch(s3Xml(failure), signed);
    expect(e).toMatchObject({ format: 's3-xml', code: 'SignatureDoesNotMatch', serverStringToSign: failure.stringToSign });
    expect(e.canonicalRequestDiff).toContainEqual({ op: '-', text: 'content-type:text/plain' });
    expect(e.canonicalRequestDiff).toContainEqual({ op: '+', text: 'content-type:application/json' });
    expect(e.canonicalRequestDiff).toContainEqual({ op: '=', text: 'POST' });
    expect(e.canonicalRequestDiff).toContainEqual({ op: '=', text: 'x-amz-security-token:[redacted]' });
    expect(e.text).toContain('- content-type:text/plain');
  });

  it('reads a parsed JSON object, bytes, and a namespaced __type', async () => {
    const failure = await serverSide({ ...wireOf(signed), method: 'PUT' });
    const body = { __type: 'com.amazon.coral.service#InvalidSignatureException', ...JSON.parse(jsonMessage(failure)) as object };
    expect(explainSignatureMismatch(body, signed)).toMatchObject({ format: 'json', code: 'InvalidSignatureException', causes: [{ kind: 'method' }] });
    expect(explainSignatureMismatch(new TextEncoder().encode(s3Xml(failure)), signed).causes[0]?.kind).toBe('method');
  });

  it('a presigned URL: the token in the query is redacted, and the cause named', async () => {
    const p = presignUrl({ method: 'GET', url: 'https://b.s3.amazonaws.com/k.txt' }, { ...params, service: 's3', expiresIn: 300 });
    const failure = await serverSide({ method: 'GET', url: p.url.replace('/k.txt', '/K.txt'), headers: p.headers });
    const e = explainSignatureMismatch(s3Xml(failure), p);
    expect(e.causes[0]?.kind).toBe('path');
    expect(e.localCanonicalRequest).toContain('X-Amz-Security-Token=[redacted]');
    expect(JSON.stringify(e)).not.toContain(encodeURIComponent(TOKEN));
  });

  it('time and scope errors come without canonical strings: the message names the cause', async () => {
    const late = await serverSide(wireOf(signed), { now: new Date(NOW.getTime() + 3_600_000) });
    expect(explainSignatureMismatch(formatVerifyError(late, 'xml', true).body, signed).causes[0]?.kind).toBe('clock');
    const region = await serverSide(wireOf(signed), { regions: ['eu-west-1'] });
    expect(explainSignatureMismatch(formatVerifyError(region, 'json', true).body, signed).causes[0]?.kind).toBe('scope-region');
    expect(explainSignatureMismatch({ code: 'RequestTimeTooSkewed', message: 'The difference between the request time and the current time is too large.' }, signed).causes[0]?.kind).toBe('clock');
  });

  it('the signed headers list differs (the service saw a request re-signed without a header)', () => {
    const server = signed.canonicalRequest.replace('content-type:application/json\n', '').replace('content-type;host', 'host');
    const body = JSON.stringify({ message: `x\n\nThe Canonical String for this request should have been\n'${server}'\n\nThe String-to-Sign should have been\n'${signed.stringToSign}'\n` });
    const e = explainSignatureMismatch(body, signed);
    expect(e.causes[0]).toMatchObject({ kind: 'signed-headers', detail: expect.stringContaining('content-type (only yours)') });
  });

  it('an unrecognized body says so, and never echoes it', () => {
    const e = explainSignatureMismatch(`<html>Forbidden ${TOKEN}</html>`, signed);
    expect(e.format).toBe('xml');
    expect(e.causes).toEqual([{ kind: 'unknown', detail: expect.stringContaining('neither a canonical request nor a string to sign') }]);
    expect(explainSignatureMismatch('plain text', signed).format).toBe('unrecognized');
    expect(JSON.stringify(e)).not.toContain(TOKEN);
  });
});

/** signRequest behaviour beyond the vectors: request shapes, hosts, query reading, defaults, token modes, immutability. */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { signRequest, SigningKeyCache, type SigningParams } from '../../src/index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const date = new Date('2026-11-28T12:00:00Z');
const params: SigningParams = { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, region: 'us-east-1', service: 'mediaconnect', signingDate: date };

const lines = (canonicalRequest: string) => canonicalRequest.split('\n');

describe('request shapes', () => {
  it('signs an @smithy/protocol-http HttpRequest like the equivalent URL, and agrees with smithy on it', async () => {
    const request = new HttpRequest({
      method: 'GET', protocol: 'https:', hostname: 'mediaconnect.us-east-1.amazonaws.com', path: '/v1/flows',
      query: { maxResults: '20', nextToken: 'a/b+c', flag: null }, headers: { 'x-custom': 'v' },
    });
    const fromShape = signRequest(request, params);
    const fromUrl = signRequest({ method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=20&nextToken=a%2Fb%2Bc&flag', headers: { 'x-custom': 'v' } }, params);
    expect(fromShape.signature).toBe(fromUrl.signature);
    expect(fromShape.url).toBe('https://mediaconnect.us-east-1.amazonaws.com/v1/flows?flag=&maxResults=20&nextToken=a%2Fb%2Bc');
    // smithy drops null-valued keys, so it signs the same request with the bare key as ''.
    const smithyRequest = new HttpRequest({ ...request, query: { ...request.query, flag: '' }, headers: { ...request.headers, host: request.hostname } });
    const smithy = new SignatureV4({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, region: 'us-east-1', service: 'mediaconnect', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const theirs = await smithy.sign(smithyRequest, { signingDate: date });
    expect(theirs.headers['authorization']).toBe(fromShape.headers['authorization']);
  });

  it('accepts a URL object as WHATWG encoded it, Headers, Maps and arrays of pairs', () => {
    const url = 'https://example.amazonaws.com/a%20b?x=1';
    const base = signRequest({ method: 'GET', url, headers: { 'X-A': '1', 'x-b': ['2', '3'] } }, params);
    for (const headers of [new Headers([['x-a', '1'], ['x-b', '2'], ['x-b', '3']]), new Map([['x-a', '1'], ['x-b', '2,3']]), [['x-a', '1'], ['X-B', '2'], ['x-b', '3']] as const]) {
      const other = signRequest({ method: 'GET', url: new URL(url), headers }, params);
      expect(other.canonicalRequest.replace('x-b:2, 3', 'x-b:2,3')).toBe(base.canonicalRequest);
    }
  });

  it('never mutates its input', () => {
    const headers = Object.freeze({ 'x-a': ' 1 ', authorization: 'old', 'x-amz-date': 'old' });
    const body = new Uint8Array([1, 2, 3]);
    const request = Object.freeze({ method: 'post', url: 'https://example.amazonaws.com/x', headers, body });
    const credentials = Object.freeze({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: 'tok' });
    const p = Object.freeze({ ...params, credentials, unsignedHeaders: Object.freeze(['x-b']) });
    const before = JSON.stringify({ request, p, body: [...body] });
    const signed = signRequest(request, p);
    expect(JSON.stringify({ request, p, body: [...body] })).toBe(before);
    expect(signed.body).toBe(body);
    const smithyRequest = new HttpRequest({ method: 'GET', hostname: 'example.amazonaws.com', path: '/', headers: { a: 'b' }, query: { q: ['1', '2'] } });
    const snapshot = JSON.stringify(smithyRequest);
    signRequest(smithyRequest, params);
    expect(JSON.stringify(smithyRequest)).toBe(snapshot);
  });
});

describe('host, method and URL', () => {
  it.each([
    ['https://Example.AmazonAWS.com:443/', 'example.amazonaws.com'],
    ['http://example.amazonaws.com:80/', 'example.amazonaws.com'],
    ['https://example.amazonaws.com:8443/', 'example.amazonaws.com:8443'],
    ['http://127.0.0.1:5000/', '127.0.0.1:5000'],
    ['https://[::1]:9000/', '[::1]:9000'],
    ['https://[0:0:0:0:0:0:0:1]/', '[::1]'],
    ['https://user:pass@example.amazonaws.com/', 'example.amazonaws.com'],
    ['https://bücher.example/', 'xn--bcher-kva.example'],
  ])('%s signs host %s', (url, host) => {
    const signed = signRequest({ method: 'GET', url }, params);
    expect(signed.headers['host']).toBe(host);
    expect(lines(signed.canonicalRequest)).toContain(`host:${host}`);
    expect(signed.url.startsWith(`${url.split(':')[0]}://${host}/`)).toBe(true);
  });

  it('accepts a host header that names the same host, and signs the URL host', () => {
    const signed = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: { Host: 'EXAMPLE.amazonaws.com:443' } }, params);
    expect(signed.headers['host']).toBe('example.amazonaws.com');
  });

  it('upper-cases the methods fetch upper-cases, and only those', () => {
    expect(signRequest({ method: 'get', url: 'https://e.com/' }, params).method).toBe('GET');
    expect(signRequest({ method: 'delete', url: 'https://e.com/' }, params).canonicalRequest.startsWith('DELETE\n')).toBe(true);
    expect(signRequest({ method: 'patch', url: 'https://e.com/' }, params).method).toBe('patch');
  });

  it('reads the query without form semantics and sends it in canonical form', () => {
    const signed = signRequest({ method: 'GET', url: 'https://e.com/p?b=2&a=x+y&a=%7e&c&d=&e=%2b%2F&&' }, params);
    expect(lines(signed.canonicalRequest)[2]).toBe('a=x%2By&a=~&b=2&c=&d=&e=%2B%2F');
    expect(signed.url).toBe('https://e.com/p?a=x%2By&a=~&b=2&c=&d=&e=%2B%2F');
  });

  it("reads a URL object's query as its searchParams do: '+' is a space there, and a plus is %2B", () => {
    const url = new URL('https://e.com/p');
    url.searchParams.set('filter', 'name eq a+b');
    expect(url.search).toBe('?filter=name+eq+a%2Bb');
    const signed = signRequest({ method: 'GET', url }, params);
    expect(signed.url).toBe('https://e.com/p?filter=name%20eq%20a%2Bb');
    expect(signRequest({ method: 'GET', url: url.href }, params).url).toBe('https://e.com/p?filter=name%2Beq%2Ba%2Bb');
  });

  it('keeps the path exactly as written, drops the fragment', () => {
    const signed = signRequest({ method: 'GET', url: 'https://e.com/a/../b//c%2Fd/ e#frag' }, params);
    expect(signed.url).toBe('https://e.com/a/../b//c%2Fd/ e');
    expect(lines(signed.canonicalRequest)[1]).toBe('/b/c%252Fd/%20e');
  });
});

describe('path rules', () => {
  it.each([
    ['/a/./b//c/', '/a/b/c/'],
    ['/a/.', '/a'],
    ['/a/b/..', '/a'],
    ['/..', '/'],
    ['//', '/'],
    ['', '/'],
    ['/a%20b/c@d/(x)*!\'~/', '/a%2520b/c%40d/%28x%29%2A%21%27~/'],
  ])('non-S3 %s → %s', (path, canonical) => {
    expect(lines(signRequest({ method: 'GET', url: `https://e.com${path}` }, params).canonicalRequest)[1]).toBe(canonical);
  });

  it.each([
    ['/bucket/a=(1)', '/bucket/a%3D%281%29'],
    ['/bucket/a/../b', '/bucket/a/../b'],
    ['/bucket//x/./y', '/bucket//x/./y'],
    ['/bucket/a%2fb', '/bucket/a/b'],
    ['/bucket/%7e%41+b', '/bucket/~A%2Bb'],
    ['/bucket/caf%C3%A9 ሴ', '/bucket/caf%C3%A9%20%E1%88%B4'],
  ])('S3 %s → %s (decoded, encoded once, not normalized)', (path, canonical) => {
    const signed = signRequest({ method: 'GET', url: `https://b.s3.amazonaws.com${path}` }, { ...params, service: 's3' });
    expect(lines(signed.canonicalRequest)[1]).toBe(canonical);
    expect(signed.headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(signed.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date');
  });

  it('lets explicit params override the service defaults', () => {
    const s3Like = signRequest({ method: 'GET', url: 'https://e.com/a/./b%3D' }, { ...params, normalizePath: false, uriEscapePath: false });
    expect(lines(s3Like.canonicalRequest)[1]).toBe('/a/./b%3D');
    const s3Normalized = signRequest({ method: 'GET', url: 'https://b.s3.amazonaws.com/a/./b' }, { ...params, service: 's3', normalizePath: true, contentSha256Header: false });
    expect(lines(s3Normalized.canonicalRequest)[1]).toBe('/a/b');
    expect(s3Normalized.headers['x-amz-content-sha256']).toBeUndefined();
  });
});

describe('headers', () => {
  it('merges repeats in order, trims and collapses spaces and tabs, keeps values case', () => {
    const signed = signRequest({ method: 'GET', url: 'https://e.com/', headers: [['X-A', '  b   c\t d '], ['x-a', 'Z'], ['x-b', '']] }, params);
    expect(lines(signed.canonicalRequest)).toEqual(expect.arrayContaining(['x-a:b c d,Z', 'x-b:']));
  });

  it('does not sign the default unsignable headers but still sends them', () => {
    const signed = signRequest({ method: 'GET', url: 'https://e.com/', headers: { 'User-Agent': 'ua', Expect: '100-continue', 'X-Amzn-Trace-Id': 't', 'Transfer-Encoding': 'chunked', Connection: 'close', 'Content-Type': 'x' } }, params);
    expect(signed.signedHeaders).toBe('content-type;host;x-amz-date');
    expect(signed.headers['user-agent']).toBe('ua');
  });

  it('honours unsignedHeaders and a signedHeaders allowlist', () => {
    const request = { method: 'GET', url: 'https://e.com/', headers: { 'x-a': '1', 'x-b': '2', 'user-agent': 'ua' } };
    expect(signRequest(request, { ...params, unsignedHeaders: ['X-B'] }).signedHeaders).toBe('host;x-a;x-amz-date');
    expect(signRequest(request, { ...params, signedHeaders: ['x-b', 'user-agent'] }).signedHeaders).toBe('host;user-agent;x-amz-date;x-b');
  });

  it('replaces stale authorization and x-amz-date headers, returns every header to send', () => {
    const signed = signRequest({ method: 'POST', url: 'https://e.com/', headers: { Authorization: 'stale', 'X-Amz-Date': '20000101T000000Z', 'x-a': '1' }, body: 'hi' }, params);
    expect(Object.keys(signed.headers)).toEqual(['host', 'x-a', 'x-amz-date', 'authorization']);
    expect(signed.headers['x-amz-date']).toBe('20261128T120000Z');
    expect(signed.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261128\/us-east-1\/mediaconnect\/aws4_request, SignedHeaders=host;x-a;x-amz-date, Signature=[0-9a-f]{64}$/);
  });

  it('treats a header named __proto__ as an ordinary header', () => {
    const signed = signRequest({ method: 'GET', url: 'https://e.com/', headers: [['__proto__', 'x']] }, params);
    expect(Object.getPrototypeOf(signed.headers)).toBe(Object.prototype);
    expect(Object.entries(signed.headers)).toContainEqual(['__proto__', 'x']);
  });
});

describe('payload and session token', () => {
  const withToken = { ...params, credentials: { ...params.credentials, sessionToken: 'tok/en+==' } };

  it('uses payloadHash, or a caller x-amz-content-sha256, instead of hashing the body', () => {
    const hash = 'a'.repeat(64);
    const a = signRequest({ method: 'PUT', url: 'https://e.com/', body: 'ignored' }, { ...params, payloadHash: hash });
    expect(lines(a.canonicalRequest).at(-1)).toBe(hash);
    const b = signRequest({ method: 'PUT', url: 'https://e.com/', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'x' }, params);
    expect(lines(b.canonicalRequest).at(-1)).toBe('UNSIGNED-PAYLOAD');
    expect(b.signedHeaders).toContain('x-amz-content-sha256');
  });

  it("'sign' signs the token, 'append' adds it unsigned, 'omit' leaves it out", () => {
    const request = { method: 'GET', url: 'https://e.com/' };
    const signed = signRequest(request, withToken);
    expect(signed.signedHeaders).toBe('host;x-amz-date;x-amz-security-token');
    const appended = signRequest(request, { ...withToken, sessionTokenMode: 'append' });
    expect(appended.signedHeaders).toBe('host;x-amz-date');
    expect(appended.headers['x-amz-security-token']).toBe('tok/en+==');
    expect(appended.signature).toBe(signRequest(request, params).signature);
    const omitted = signRequest(request, { ...withToken, sessionTokenMode: 'omit' });
    expect(omitted.headers['x-amz-security-token']).toBeUndefined();
    expect(omitted.signature).toBe(appended.signature);
  });
});

describe('signing-key cache', () => {
  it('is bounded and never serves a key derived from another secret', () => {
    const keyCache = new SigningKeyCache(3);
    const request = { method: 'GET', url: 'https://e.com/' };
    const right = signRequest(request, { ...params, keyCache });
    const wrong = signRequest(request, { ...params, keyCache, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-the-secret' } });
    expect(wrong.signature).not.toBe(right.signature);
    expect(wrong.signature).toBe(signRequest(request, { ...params, keyCache: new SigningKeyCache(), credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-the-secret' } }).signature);
    for (const region of ['a', 'b', 'c', 'd', 'e']) signRequest(request, { ...params, keyCache, region });
    expect(keyCache.size).toBe(3);
    expect(JSON.stringify(keyCache)).not.toContain(SECRET);
  });

  it('gives the same signatures with an injected SHA-256', async () => {
    const { createHash } = await import('node:crypto');
    const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
    const request = { method: 'POST', url: 'https://e.com/x?y=1', body: 'payload', headers: { 'x-a': 'b' } };
    expect(signRequest(request, { ...params, sha256, keyCache: new SigningKeyCache() }).signature).toBe(signRequest(request, params).signature);
  });
});

/** parseRawHttpRequest: the request line, header lines (folded, repeated), and the body, from text or bytes. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRawHttpRequest } from '../../src/cli/rawHttp.js';
import { captureError } from '../support/errors.js';
import { VECTORS_DIR } from '../support/vectors.js';

const text = (body: Uint8Array): string => Buffer.from(body).toString('latin1');

describe('parseRawHttpRequest', () => {
  it('reads a CRLF request with a body cut to Content-Length', () => {
    const r = parseRawHttpRequest('POST /v1/flows?x=1 HTTP/1.1\r\nHost: example.com\r\nContent-Type:  application/json \r\nContent-Length: 7\r\n\r\n{"a":1}\n');
    expect(r).toMatchObject({ method: 'POST', url: '/v1/flows?x=1', headers: [['Host', 'example.com'], ['Content-Type', 'application/json'], ['Content-Length', '7']] });
    expect(text(r.body)).toBe('{"a":1}');
  });

  it('reads LF-only text, and a head without an empty line as a request without a body', () => {
    const r = parseRawHttpRequest('GET / HTTP/1.1\nHost:example.amazonaws.com\n');
    expect(r).toMatchObject({ method: 'GET', url: '/', headers: [['Host', 'example.amazonaws.com']] });
    expect(r.body).toHaveLength(0);
  });

  it('unfolds obs-fold continuation lines to one space, and keeps repeated headers apart', () => {
    const r = parseRawHttpRequest('GET / HTTP/1.1\r\nX-A: one\r\n   two\r\n\tthree\r\nX-B: 1\r\nx-b: 2\r\n\r\n');
    expect(r.headers).toEqual([['X-A', 'one two three'], ['X-B', '1'], ['x-b', '2']]);
  });

  it('keeps the target as written: spaces, raw UTF-8, an absolute URL, no HTTP version', () => {
    expect(parseRawHttpRequest('GET /example space/ HTTP/1.1\n\n').url).toBe('/example space/');
    expect(parseRawHttpRequest('GET /ሴ?ሴ=bar HTTP/1.1\n\n').url).toBe('/ሴ?ሴ=bar');
    expect(parseRawHttpRequest('GET https://h.example/a?b HTTP/1.0\r\n\r\n').url).toBe('https://h.example/a?b');
    expect(parseRawHttpRequest('POST /2015-03-31/functions/x/invocations\nHost:h\n\n')).toMatchObject({ method: 'POST', url: '/2015-03-31/functions/x/invocations' });
  });

  it('keeps binary bodies byte for byte', () => {
    const head = new TextEncoder().encode('PUT /k HTTP/1.1\r\nHost: h\r\n\r\n');
    const body = Uint8Array.from([0, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 0xc3]);
    const r = parseRawHttpRequest(new Uint8Array([...head, ...body]));
    expect([...r.body]).toEqual([...body]);
  });

  it('de-chunks a chunked body', () => {
    const r = parseRawHttpRequest('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n');
    expect(text(r.body)).toBe('hello world');
  });

  it.each<[string, string, string]>([
    ['an empty input', '', 'INVALID_METHOD'],
    ['a request line without a target', 'GET\r\n\r\n', 'INVALID_METHOD'],
    ['a method that is not a token', 'G(T / HTTP/1.1\r\n\r\n', 'INVALID_METHOD'],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost example.com\r\n\r\n', 'INVALID_HEADER_NAME'],
    ['a continuation before any header', 'GET / HTTP/1.1\r\n folded\r\n\r\n', 'INVALID_HEADER_NAME'],
    ['a Content-Length that is not a number', 'POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\nx', 'INVALID_HEADER_VALUE'],
    ['a chunked body without its last chunk', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n', 'INVALID_BODY'],
    ['a chunk longer than the body', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nhello\r\n0\r\n\r\n', 'INVALID_BODY'],
  ])('refuses %s', (_what, input, code) => {
    expect(captureError(() => parseRawHttpRequest(input))).toMatchObject({ name: 'InvalidRequestError', code });
  });
});

describe('on the AWS vectors (request grammar of their README, section 1.2)', () => {
  const root = join(VECTORS_DIR, 'aws-c-auth', 'v4');
  it.each(readdirSync(root).sort())('%s', (name) => {
    const raw = readFileSync(join(root, name, 'header-signed-request.txt'));
    const r = parseRawHttpRequest(raw);
    const lines = raw.toString('utf8').split('\n');
    expect(`${r.method} ${r.url} HTTP/1.1`).toBe(lines[0]);
    // Each header line that is not a continuation is one pair; continuations fold into the previous one.
    expect(r.headers.length).toBe(lines.slice(1).filter((l) => /^[^ \t][^:]*:/.test(l)).length);
    if (name.startsWith('post-x-www-form-urlencoded')) expect(text(r.body)).toBe('Param1=value1');
  });
});

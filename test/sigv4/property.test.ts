/**
 * Seeded property test: for thousands of random requests, an independent signer
 * (@smithy/signature-v4 with @smithy/hash-node) recomputes the same signature from what
 * signRequest / presignUrl say to send. The generator knows the intended path, key and query
 * pairs; the wire form it hands to sigv4-kit is encoded at random (raw where legal, %XX in upper or
 * lower case), so the test also checks that sigv4-kit reads the wire the way a server does.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest, type SignedRequest } from '../../src/index.js';
import { type Random, seeded } from '../support/random.js';

const CASES = 2000;
const PRESIGN_CASES = 500;

const UNRESERVED = 'abcXYZ019-_.~';
const WIRE_SAFE_RESERVED = "!$&'()*+,;=:@"; // legal raw in a path segment (RFC 3986 pchar)
const OTHER_ASCII = ' "#%/<>?[\\]^`{|}';
const UNICODE = ['é', 'ü', 'ሴ', '中', '😀', '\u00a0'];

function char(r: Random): string {
  const roll = r.next();
  if (roll < 0.55) return r.pick([...UNRESERVED]);
  if (roll < 0.75) return r.pick([...WIRE_SAFE_RESERVED]);
  if (roll < 0.9) return r.pick([...OTHER_ASCII]);
  return r.pick(UNICODE);
}

const text = (r: Random, min: number, max: number): string => r.array(min, max, () => char(r)).join('');

/** RFC 3986 encoding of a decoded string; `/` kept when asked (S3 keys). Written independently of src/. */
function rfc3986(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** Encodes one decoded character for the wire: %XX (random hex case) or raw where `rawOk` allows. */
function wireChar(r: Random, c: string, rawOk: (c: string) => boolean): string {
  if (/^[A-Za-z0-9\-_.~]$/.test(c) && r.bool(0.9)) return c;
  if (rawOk(c) && r.bool(0.5)) return c;
  const escaped = /^[A-Za-z0-9\-_.~]$/.test(c) ? `%${c.charCodeAt(0).toString(16).toUpperCase()}` : rfc3986(c);
  return r.bool(0.3) ? escaped.toLowerCase() : escaped;
}

const toWire = (r: Random, value: string, rawOk: (c: string) => boolean): string =>
  Array.from(value, (c) => wireChar(r, c, rawOk)).join('');

// In a query component '&', '#', '%', '=' (in names) and '+' must be escaped for an unambiguous reading:
// sigv4-kit reads a raw '+' as a plus sign, but we leave that choice out of the oracle's input.
const queryRawOk = (name: boolean) => (c: string): boolean => !'&#%+ '.includes(c) && !(name && c === '=') && c.charCodeAt(0) > 0x20;
const pathRawOk = (c: string): boolean => WIRE_SAFE_RESERVED.includes(c) || c.charCodeAt(0) > 0x7f;

interface Generated {
  s3: boolean;
  service: string;
  method: string;
  url: string;
  /** The path smithy must sign: the wire path (non-S3, smithy double-encodes it) or the S3 canonical path. */
  oraclePath: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body: string | Uint8Array | undefined;
  sessionToken: string | undefined;
}

function generate(seed: number): Generated {
  const r = seeded(seed);
  const s3 = r.bool(0.3);
  let wirePath: string;
  let oraclePath: string;
  if (s3) {
    const key = r.array(1, 4, () => text(r, 0, 6)).join('/');
    wirePath = `/bucket/${toWire(r, key, pathRawOk)}`;
    oraclePath = `/bucket/${rfc3986(key, true)}`;
  } else {
    const segments = r.array(0, 5, () => r.pick(['.', '..', '', 'v1', 'flows', text(r, 1, 6), text(r, 1, 6)]));
    wirePath = `/${segments.map((s) => (s === '.' || s === '..' ? s : toWire(r, s, pathRawOk))).join('/')}${r.bool(0.3) ? '/' : ''}`;
    oraclePath = wirePath;
  }
  const query = r.array(0, 6, () => [text(r, 1, 5), r.bool(0.2) ? '' : text(r, 0, 6)] as [string, string]);
  if (query.length > 1 && r.bool(0.3)) query.push([query[0]![0], text(r, 0, 4)]); // a repeated key
  const wireQuery = query.map(([n, v]) => `${toWire(r, n, queryRawOk(true))}${v === '' && r.bool(0.5) ? '' : `=${toWire(r, v, queryRawOk(false))}`}`);
  const headers: Array<[string, string]> = [];
  for (let i = r.int(0, 5); i > 0; i--) {
    const name = r.pick(['X-Custom', 'x-amz-meta-a', 'Content-Type', 'X-Trace', 'Range', 'Cache-Control', 'user-agent', 'X-Multi']);
    const value = `${r.pick(['', ' ', '\t', '  '])}${r.array(1, 3, () => text(r, 0, 5).replace(/[^\x21-\x7e]/g, 'x')).join(r.pick([' ', '   ', '\t ']))}${r.pick(['', ' ', '\t'])}`;
    headers.push([r.bool(0.5) ? name.toUpperCase() : name, value]);
  }
  const bodyKind = r.int(0, 3);
  const body = bodyKind === 0 ? undefined : bodyKind === 1 ? text(r, 0, 40) : Uint8Array.from(r.array(0, 40, () => r.int(0, 255)));
  return {
    s3,
    service: s3 ? 's3' : r.pick(['mediaconnect', 'execute-api', 'sts']),
    method: r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']),
    url: `https://${r.pick(['example.amazonaws.com', 'Example.AmazonAWS.com:443', '127.0.0.1:8080', '[::1]:9000'])}${wirePath}${wireQuery.length ? `?${wireQuery.join('&')}` : r.pick(['', '?'])}`,
    oraclePath,
    query,
    headers,
    body,
    sessionToken: r.bool(0.3) ? `tok/${text(r, 5, 20).replace(/[^\x21-\x7e]/g, '+')}=` : undefined,
  };
}

const SIGNING_DATE = new Date('2026-11-28T10:20:30Z');
const creds = (g: Generated) => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', ...(g.sessionToken ? { sessionToken: g.sessionToken } : {}) });

function smithyQuery(pairs: Array<[string, string]>): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const prior = query[name];
    query[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return query;
}

function smithy(g: Generated): SignatureV4 {
  return new SignatureV4({ credentials: creds(g), region: 'us-east-1', service: g.service, sha256: Hash.bind(null, 'sha256'), uriEscapePath: !g.s3, applyChecksum: false });
}

/** The request smithy signs: the sent host, method, signed headers and body, with the generator's intended path and query. */
function oracleRequest(g: Generated, sent: { method: string; url: string; headers: Record<string, string> }, signed: string[], extraQuery: Record<string, string> = {}) {
  const url = new URL(sent.url);
  const headers = Object.fromEntries(signed.filter((n) => n !== 'x-amz-date' && n !== 'x-amz-security-token').map((n) => [n, sent.headers[n] ?? '']));
  return new HttpRequest({
    method: sent.method, protocol: 'https:', hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}),
    path: g.oraclePath, query: { ...smithyQuery(g.query), ...extraQuery }, headers,
    ...(g.body === undefined ? {} : { body: g.body }),
  });
}

/** The decoded query the URL carries, read the way a server splits it. */
function sentQuery(url: string): Array<[string, string]> {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return url.slice(q + 1).split('&').map((p) => {
    const eq = p.indexOf('=');
    return [decodeURIComponent(p.slice(0, eq)), decodeURIComponent(p.slice(eq + 1))];
  });
}

const sortPairs = (pairs: Array<[string, string]>) => [...pairs].sort((a, b) => (`${a[0]}\0${a[1]}` < `${b[0]}\0${b[1]}` ? -1 : 1));

describe('signRequest agrees with @smithy/signature-v4 on random requests', () => {
  it(`${CASES} seeded header-signed requests`, async () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const g = generate(seed);
      const signed: SignedRequest = signRequest({ method: g.method, url: g.url, headers: g.headers, body: g.body ?? null }, {
        credentials: creds(g), region: 'us-east-1', service: g.service, signingDate: SIGNING_DATE,
      });
      const names = signed.signedHeaders.split(';');
      const context = `seed ${seed}: ${g.method} ${g.url}`;
      expect(signed.url.slice(0, signed.url.indexOf('?') < 0 ? undefined : signed.url.indexOf('?')), context).toMatch(/^https:\/\/[^/]+/);
      expect(sortPairs(sentQuery(signed.url)), context).toEqual(sortPairs(g.query));
      const theirs = await smithy(g).sign(oracleRequest(g, signed, names), { signingDate: SIGNING_DATE, signableHeaders: new Set(names) });
      expect(theirs.headers['authorization'], `${context}\n${signed.canonicalRequest}`).toBe(signed.headers['authorization']);
    }
  });

  it(`${PRESIGN_CASES} seeded presigned URLs`, async () => {
    for (let seed = 10_001; seed < 10_001 + PRESIGN_CASES; seed++) {
      const g = generate(seed);
      const expiresIn = 1 + (seed % 604_800);
      const presigned = presignUrl({ method: g.method, url: g.url, headers: g.headers, body: g.body ?? null }, {
        credentials: creds(g), region: 'us-east-1', service: g.service, signingDate: SIGNING_DATE, expiresIn,
      });
      const names = presigned.signedHeaders.split(';');
      const request = oracleRequest(g, { method: g.method, url: presigned.url, headers: presigned.headers }, names);
      if (g.s3) request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      const theirs = await smithy(g).presign(request, {
        signingDate: SIGNING_DATE, expiresIn, signableHeaders: new Set(names), unhoistableHeaders: new Set([...names, 'x-amz-content-sha256']),
        // smithy presigns S3 with whatever payload hash this header names; sigv4-kit's S3 default is UNSIGNED-PAYLOAD.
        ...(g.s3 ? { unsignableHeaders: new Set(['x-amz-content-sha256']) } : {}),
      });
      expect(theirs.query?.['X-Amz-Signature'], `seed ${seed}: ${g.url}\n${presigned.canonicalRequest}`).toBe(presigned.signature);
    }
  });
});

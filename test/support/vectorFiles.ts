/**
 * Signed requests from AWS's vectors in fixtures/aws-vectors, as a server would receive them: the vectors' own
 * `*-signed-request.txt` / `.sreq` files (read in place), or the request rebuilt from an extra/
 * case plus its published Authorization / presigned URL. Nothing here is produced by our signer.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyCredentials, VerifyOptions } from '../../src/index.js';
import { extraCases, type HeaderPairs, parseRawRequest, readAwsCAuthInputs, VECTORS_DIR } from './vectors.js';

export interface SignedVector {
  readonly id: string;
  readonly mode: 'header' | 'query';
  readonly method: string;
  /** Request target as on the request line: path and query, raw. */
  readonly target: string;
  readonly headers: HeaderPairs;
  readonly body: string | Uint8Array;
  readonly credentials: VerifyCredentials & { readonly accessKeyId: string };
  readonly now: Date;
  readonly options: Pick<VerifyOptions, 'normalizePath' | 'uriEscapePath' | 'sessionTokenMode'>;
  /** Lowercase names the vector says are signed (from its Authorization / X-Amz-SignedHeaders). */
  readonly signedHeaders: readonly string[];
}

const read = (path: string): string => readFileSync(path, 'utf8');
const header = (pairs: HeaderPairs, name: string): string | undefined => pairs.find(([n]) => n.toLowerCase() === name)?.[1];

function signedNames(headers: HeaderPairs, target: string): string[] {
  const fromHeader = /SignedHeaders=([^,\s]+)/.exec(header(headers, 'authorization') ?? '')?.[1];
  const fromQuery = /[?&]X-Amz-SignedHeaders=([^&]+)/.exec(target)?.[1];
  return decodeURIComponent(fromHeader ?? fromQuery ?? '').split(';');
}

function fromFile(id: string, mode: SignedVector['mode'], text: string, rest: Omit<SignedVector, 'id' | 'mode' | 'method' | 'target' | 'headers' | 'body' | 'signedHeaders'>): SignedVector {
  const raw = parseRawRequest(text);
  return { id, mode, method: raw.method, target: raw.target, headers: raw.headers, body: raw.body, signedHeaders: signedNames(raw.headers, raw.target), ...rest };
}

/** aws-c-auth/v4, and v4a (SigV4a: ECDSA signatures, region set in x-amz-region-set); v4a's two input-only folders are skipped. */
function awsCAuth(suite: 'v4' | 'v4a'): SignedVector[] {
  const root = join(VECTORS_DIR, 'aws-c-auth', suite);
  return readdirSync(root).sort().filter((name) => existsSync(join(root, name, 'header-signed-request.txt'))).flatMap((name) => {
    const dir = join(root, name);
    const { base, appendedToken } = readAwsCAuthInputs(dir);
    const rest = {
      credentials: base.credentials,
      now: base.signingDate,
      options: { normalizePath: base.normalizePath, uriEscapePath: true, sessionTokenMode: appendedToken ? 'append' as const : 'sign' as const },
    };
    return [
      fromFile(`aws-c-auth/${suite}/${name} (header)`, 'header', read(join(dir, 'header-signed-request.txt')), rest),
      fromFile(`aws-c-auth/${suite}/${name} (query)`, 'query', read(join(dir, 'query-signed-request.txt')), rest),
    ];
  });
}

function findFiles(dir: string, ext: string): string[] {
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? findFiles(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

/** The .sreq files, with Authorization from .authz (the README's erratum: one .sreq carries another case's signature). */
function botocore(): SignedVector[] {
  return findFiles(join(VECTORS_DIR, 'botocore-aws4'), '.sreq').map((path) => {
    const stem = path.slice(0, -'.sreq'.length);
    const raw = parseRawRequest(read(path));
    const headers: HeaderPairs = raw.headers.map(([n, v]) => [n, n.toLowerCase() === 'authorization' ? read(`${stem}.authz`) : v]);
    const token = header(headers, 'x-amz-security-token');
    return {
      id: `botocore-aws4/${stem.slice(stem.lastIndexOf('/') + 1)}`, mode: 'header', method: raw.method, target: raw.target, headers, body: raw.body,
      signedHeaders: signedNames(headers, raw.target),
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', ...(token ? { sessionToken: token } : {}) },
      now: new Date('2015-08-30T12:36:00Z'),
      options: {},
    };
  });
}

interface SmithyContext {
  name: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  timestamp?: string;
  signedRequestContext?: { timestamp: string };
}

function smithyRs(): SignedVector[] {
  const { cases } = JSON.parse(read(join(VECTORS_DIR, 'extra', 'smithy-rs-double-encode.json'))) as { cases: SmithyContext[] };
  return cases.map((ctx) => fromFile(`smithy-rs/${ctx.name}`, 'header', read(join(VECTORS_DIR, 'smithy-rs', 'v4', ctx.name, 'header-signed-request.txt')), {
    credentials: ctx.credentials,
    now: new Date(ctx.signedRequestContext?.timestamp ?? ctx.timestamp ?? ''),
    options: {},
  }));
}

const amzDate = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const sha256 = (body: string | Uint8Array): string => createHash('sha256').update(body).digest('hex');

/** extra/header-sign.json and presign.json: the case's request plus its published Authorization or URL. */
function extra(): SignedVector[] {
  return extraCases().flatMap((c): SignedVector[] => {
    const url = c.mode === 'query' ? c.expected.url ?? withQuery(c.request.url, c.expected.query ?? []) : c.request.url;
    const target = url.replace(/^https?:\/\/[^/]+/, '');
    const p = c.params;
    const headers: HeaderPairs = [...c.request.headers];
    if (c.mode === 'header') {
      const authorization = c.expected.authorization;
      if (authorization === undefined) return [];
      const names = signedNames([['authorization', authorization]], '');
      const has = (n: string): boolean => header(headers, n) !== undefined;
      if (!has('x-amz-date')) headers.push(['X-Amz-Date', amzDate(p.signingDate ?? new Date(0))]);
      if (names.includes('x-amz-content-sha256') && !has('x-amz-content-sha256')) headers.push(['x-amz-content-sha256', p.payloadHash ?? sha256(c.request.body)]);
      if (p.credentials.sessionToken !== undefined) headers.push(['x-amz-security-token', p.credentials.sessionToken]);
      headers.push(['Authorization', authorization]);
    }
    return [{
      id: `${c.suite}/${c.name}`, mode: c.mode, method: c.request.method, target, headers, body: c.request.body,
      signedHeaders: signedNames(headers, target),
      credentials: p.credentials,
      now: p.signingDate ?? new Date(0),
      options: { ...(p.normalizePath === undefined ? {} : { normalizePath: p.normalizePath }), ...(p.uriEscapePath === undefined ? {} : { uriEscapePath: p.uriEscapePath }) },
    }];
  });
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function withQuery(url: string, pairs: HeaderPairs): string {
  const query = pairs.map(([n, v]) => `${encode(n)}=${encode(v)}`).join('&');
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/** Every signed request the vectors publish or let us rebuild exactly. */
export function signedVectors(): SignedVector[] {
  return [...awsCAuth('v4'), ...awsCAuth('v4a'), ...botocore(), ...smithyRs(), ...extra()];
}

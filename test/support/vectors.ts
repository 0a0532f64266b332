/**
 * The only code that knows the layout of AWS's vectors in fixtures/aws-vectors (provenance and
 * licences: its README). Every case becomes a VectorCase: the
 * request and parameters to sign, and what each stage must produce. Files are read as raw bytes
 * (UTF-8), never trimmed, as the vectors' README asks.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PresignParams, SigningParams } from '../../src/index.js';

/** AWS's vectors, copied byte for byte into the repository: they always run. */
export const VECTORS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/aws-vectors');

export type HeaderPairs = Array<[string, string]>;

export interface RawRequest {
  method: string;
  /** The request target exactly as written (may contain spaces and raw UTF-8). */
  target: string;
  /** Header pairs in order, obs-fold continuation lines unfolded to one space (RFC 9112 5.2). */
  headers: HeaderPairs;
  body: string;
}

export interface VectorCase {
  suite: string;
  name: string;
  mode: 'header' | 'query';
  request: { method: string; url: string; headers: HeaderPairs; body: string | Uint8Array };
  params: SigningParams | PresignParams;
  /** Token added after signing (omit_session_token / post-sts-header-after). */
  appendedToken?: string;
  expected: {
    canonicalRequest?: string;
    stringToSign?: string;
    signature?: string;
    authorization?: string | undefined;
    /** Header multiset of the signed request. */
    headers?: HeaderPairs;
    /** Decoded query parameter set of the presigned URL. */
    query?: HeaderPairs;
    /** The whole presigned URL, where the source prints it. */
    url?: string;
  };
}

const read = (path: string): string => readFileSync(path, 'utf8');
const readIf = (path: string): string | undefined => (existsSync(path) ? read(path) : undefined);

/** The vectors' raw request grammar (README 1.2), shared by request.txt, .req and signed files. */
export function parseRawRequest(text: string): RawRequest {
  const headerEnd = text.indexOf('\n\n');
  const head = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const body = headerEnd < 0 ? '' : text.slice(headerEnd + 2);
  const [requestLine = '', ...lines] = head.split('\n');
  const firstSpace = requestLine.indexOf(' ');
  const method = requestLine.slice(0, firstSpace);
  let target = requestLine.slice(firstSpace + 1);
  if (target.endsWith(' HTTP/1.1')) target = target.slice(0, -' HTTP/1.1'.length);
  const headers: HeaderPairs = [];
  for (const line of lines) {
    if (line === '') continue;
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) last[1] = `${last[1]} ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      headers.push([line.slice(0, colon), line.slice(colon + 1)]);
    }
  }
  return { method, target, headers, body };
}

/** Canonical form of a header multiset, for comparing signed requests: lowercase names, values trimmed, repeats joined with ','. */
export function headerSet(pairs: HeaderPairs | Record<string, string>): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Array.isArray(pairs) ? pairs : Object.entries(pairs)) {
    (out[name.toLowerCase()] ??= []).push(value.replace(/[ \t]+/g, ' ').trim());
  }
  return Object.fromEntries(Object.entries(out).map(([n, v]) => [n, v.join(',')]));
}

/** Pairs in a stable order, for comparing parameter sets. */
export const sortPairs = (pairs: HeaderPairs): HeaderPairs => [...pairs].sort((a, b) => (a[0] + '\0' + a[1] < b[0] + '\0' + b[1] ? -1 : 1));

/** Decoded name/value pairs of a query string (values may contain raw UTF-8). */
export function decodeQuery(query: string): HeaderPairs {
  if (query === '') return [];
  return query.split('&').map((piece) => {
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    return [decodeURIComponent(name), decodeURIComponent(value)];
  });
}

function hostOf(headers: HeaderPairs): string {
  return headers.find(([n]) => n.toLowerCase() === 'host')?.[1].trim() ?? 'example.amazonaws.com';
}

function queryOfTarget(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? '' : target.slice(q + 1);
}

/** context.json of an aws-c-auth case folder (README 1.1), v4 and v4a alike. */
export interface AwsCAuthContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  expiration_in_seconds: number;
  normalize: boolean;
  region: string;
  service: string;
  sign_body: boolean;
  timestamp: string;
  omit_session_token?: boolean;
}

/** The inputs of one aws-c-auth case folder (v4 or v4a): the request and the signing params common to both modes. */
export function readAwsCAuthInputs(dir: string) {
  const ctx = JSON.parse(read(join(dir, 'context.json'))) as AwsCAuthContext;
  const raw = parseRawRequest(read(join(dir, 'request.txt')));
  const token = ctx.credentials.token;
  const omit = ctx.omit_session_token === true;
  const base = {
    credentials: { accessKeyId: ctx.credentials.access_key_id, secretAccessKey: ctx.credentials.secret_access_key, ...(token ? { sessionToken: token } : {}) },
    region: ctx.region,
    service: ctx.service,
    signingDate: new Date(ctx.timestamp),
    normalizePath: ctx.normalize,
    uriEscapePath: true,
    ...(omit ? { sessionTokenMode: 'append' as const } : {}),
  };
  const request = { method: raw.method, url: `https://${hostOf(raw.headers)}${raw.target}`, headers: raw.headers, body: raw.body };
  return { ctx, base, request, appendedToken: omit ? token : undefined };
}

/** aws-c-auth/v4: every case in header and query mode. */
export function awsCAuthCases(): VectorCase[] {
  const root = join(VECTORS_DIR, 'aws-c-auth', 'v4');
  return readdirSync(root).sort().flatMap((name) => {
    const dir = join(root, name);
    const { ctx, base, request, appendedToken } = readAwsCAuthInputs(dir);
    const signedHeader = parseRawRequest(read(join(dir, 'header-signed-request.txt')));
    const signedQuery = parseRawRequest(read(join(dir, 'query-signed-request.txt')));
    const cases: VectorCase[] = [
      {
        suite: 'aws-c-auth/v4', name, mode: 'header', request,
        params: { ...base, contentSha256Header: ctx.sign_body },
        ...(appendedToken ? { appendedToken } : {}),
        expected: {
          canonicalRequest: read(join(dir, 'header-canonical-request.txt')),
          stringToSign: read(join(dir, 'header-string-to-sign.txt')),
          signature: read(join(dir, 'header-signature.txt')),
          authorization: signedHeader.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1],
          headers: signedHeader.headers,
        },
      },
      {
        suite: 'aws-c-auth/v4', name, mode: 'query', request,
        params: { ...base, expiresIn: ctx.expiration_in_seconds },
        ...(appendedToken ? { appendedToken } : {}),
        expected: {
          canonicalRequest: read(join(dir, 'query-canonical-request.txt')),
          stringToSign: read(join(dir, 'query-string-to-sign.txt')),
          signature: read(join(dir, 'query-signature.txt')),
          query: decodeQuery(queryOfTarget(signedQuery.target)),
          headers: signedQuery.headers,
        },
      },
    ];
    return cases;
  });
}

const BOTOCORE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

function findReqFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findReqFiles(path);
    return path.endsWith('.req') ? [path] : [];
  });
}

/** botocore-aws4: the 2015 suite, header signing only. */
export function botocoreCases(): VectorCase[] {
  const readme = read(join(VECTORS_DIR, 'botocore-aws4', 'post-sts-token', 'readme.txt'));
  const readmeToken = /example value for X-Amz-Security-Token:\s*(\S+)/.exec(readme)?.[1];
  return findReqFiles(join(VECTORS_DIR, 'botocore-aws4')).map((reqPath) => {
    const stem = reqPath.slice(0, -'.req'.length);
    const name = stem.slice(stem.lastIndexOf('/') + 1);
    const raw = parseRawRequest(read(reqPath));
    const creq = read(`${stem}.creq`);
    const signedToken = /\nx-amz-security-token:([^\n]*)\n/.exec(creq)?.[1];
    const after = name === 'post-sts-header-after';
    const token = signedToken ?? (after ? readmeToken : undefined);
    const authorization = read(`${stem}.authz`);
    // The .sreq of get-vanilla-with-session-token carries get-vanilla's signature (a known erratum): trust .authz.
    const sreq = name === 'get-vanilla-with-session-token' ? undefined : readIf(`${stem}.sreq`);
    return {
      suite: 'botocore-aws4', name, mode: 'header',
      request: { method: raw.method, url: `https://${hostOf(raw.headers)}${raw.target}`, headers: raw.headers, body: raw.body },
      params: {
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: BOTOCORE_SECRET, ...(token ? { sessionToken: token } : {}) },
        region: 'us-east-1', service: 'service', signingDate: new Date('2015-08-30T12:36:00Z'),
        ...(after ? { sessionTokenMode: 'append' as const } : {}),
      },
      ...(after && token ? { appendedToken: token } : {}),
      expected: {
        canonicalRequest: creq,
        stringToSign: read(`${stem}.sts`),
        signature: /Signature=([0-9a-f]{64})/.exec(authorization)?.[1] ?? '',
        authorization,
        ...(sreq ? { headers: parseRawRequest(sreq).headers } : {}),
      },
    } satisfies VectorCase;
  });
}

interface SmithyRsContext {
  name: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  service?: string;
  timestamp?: string;
  canonicalRequestContext?: { region: string; service: string; timestamp: string };
  signedRequestContext?: { region: string; service: string; timestamp: string; signature: string };
}

/** smithy-rs: the two double-encoding cases, with their context from extra/. */
export function smithyRsCases(): VectorCase[] {
  const contexts = (JSON.parse(read(join(VECTORS_DIR, 'extra', 'smithy-rs-double-encode.json'))) as { cases: SmithyRsContext[] }).cases;
  return contexts.flatMap((ctx) => {
    const dir = join(VECTORS_DIR, 'smithy-rs', 'v4', ctx.name);
    const raw = parseRawRequest(read(join(dir, 'request.txt')));
    const request = { method: raw.method, url: `https://${hostOf(raw.headers)}${raw.target}`, headers: raw.headers, body: raw.body };
    const signed = parseRawRequest(read(join(dir, 'header-signed-request.txt')));
    const authorization = signed.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1].trim();
    const creq = read(join(dir, 'header-canonical-request.txt'));
    const sts = readIf(join(dir, 'header-string-to-sign.txt'));
    const cases: VectorCase[] = [];
    const scope = ctx.canonicalRequestContext ?? { region: ctx.region ?? '', service: ctx.service ?? '', timestamp: ctx.timestamp ?? '' };
    cases.push({
      suite: 'smithy-rs', name: ctx.name, mode: 'header', request,
      params: { credentials: ctx.credentials, region: scope.region, service: scope.service, signingDate: new Date(scope.timestamp) },
      expected: {
        canonicalRequest: creq,
        // The file ends with a newline, unlike the aws-c-auth ones (README section 3).
        ...(sts === undefined ? {} : { stringToSign: sts.replace(/\n$/, '') }),
        ...(ctx.signedRequestContext ? {} : { authorization, headers: signed.headers, signature: /Signature=([0-9a-f]{64})/.exec(authorization ?? '')?.[1] ?? '' }),
      },
    });
    const s = ctx.signedRequestContext;
    if (s) {
      cases.push({
        suite: 'smithy-rs', name: `${ctx.name} (signed request)`, mode: 'header', request,
        params: { credentials: ctx.credentials, region: s.region, service: s.service, signingDate: new Date(s.timestamp) },
        expected: { signature: s.signature, authorization, headers: signed.headers },
      });
    }
    return cases;
  });
}

interface ExtraCase {
  name: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  service: string;
  timestamp: string;
  expiresIn?: number;
  options: { uriEscapePath?: boolean; normalizePath?: boolean; contentSha256Header?: boolean; payloadHash?: string };
  request: { method: string; host: string; path: string; query: HeaderPairs; headers: HeaderPairs; body?: string; bodyHex?: string };
  expected: { canonicalRequest?: string; stringToSign?: string; signature: string; authorization?: string; queryParameters?: Record<string, string>; url?: string };
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function extraRequest(c: ExtraCase): VectorCase['request'] {
  const query = c.request.query.map(([n, v]) => `${encodeRfc3986(n)}=${encodeRfc3986(v)}`).join('&');
  const body = c.request.bodyHex !== undefined ? Uint8Array.from(Buffer.from(c.request.bodyHex, 'hex')) : (c.request.body ?? '');
  return { method: c.request.method, url: `https://${c.request.host}${c.request.path}${query ? `?${query}` : ''}`, headers: c.request.headers, body };
}

function extraParams(c: ExtraCase): SigningParams {
  const { payloadHash } = c.options;
  return {
    credentials: c.credentials, region: c.region, service: c.service, signingDate: new Date(c.timestamp),
    ...(c.options.uriEscapePath === undefined ? {} : { uriEscapePath: c.options.uriEscapePath }),
    ...(c.options.normalizePath === undefined ? {} : { normalizePath: c.options.normalizePath }),
    ...(c.options.contentSha256Header === undefined ? {} : { contentSha256Header: c.options.contentSha256Header }),
    // "sha256(body)" is the README's way of saying "hash the body", which is what the signer does by default.
    ...(payloadHash === undefined || payloadHash === 'sha256(body)' ? {} : { payloadHash }),
  };
}

/** extra/header-sign.json and extra/presign.json. */
export function extraCases(): VectorCase[] {
  const load = (file: string): ExtraCase[] => (JSON.parse(read(join(VECTORS_DIR, 'extra', file))) as { cases: ExtraCase[] }).cases;
  const header = load('header-sign.json').map((c): VectorCase => ({
    suite: 'extra/header-sign', name: c.name, mode: 'header', request: extraRequest(c), params: extraParams(c),
    expected: {
      ...(c.expected.canonicalRequest === undefined ? {} : { canonicalRequest: c.expected.canonicalRequest }),
      ...(c.expected.stringToSign === undefined ? {} : { stringToSign: c.expected.stringToSign }),
      signature: c.expected.signature,
      ...(c.expected.authorization === undefined ? {} : { authorization: c.expected.authorization }),
    },
  }));
  const presign = load('presign.json').map((c): VectorCase => ({
    suite: 'extra/presign', name: c.name, mode: 'query', request: extraRequest(c),
    params: { ...extraParams(c), expiresIn: c.expiresIn ?? 0 },
    expected: {
      ...(c.expected.canonicalRequest === undefined ? {} : { canonicalRequest: c.expected.canonicalRequest }),
      ...(c.expected.stringToSign === undefined ? {} : { stringToSign: c.expected.stringToSign }),
      signature: c.expected.signature,
      ...(c.expected.queryParameters ? { query: Object.entries(c.expected.queryParameters) } : {}),
      ...(c.expected.url === undefined ? {} : { url: c.expected.url }),
    },
  }));
  return [...header, ...presign];
}

/** Every SigV4 signing case in AWS's vectors (fixtures/aws-vectors). */
export function allSigV4Cases(): VectorCase[] {
  return [...awsCAuthCases(), ...botocoreCases(), ...smithyRsCases(), ...extraCases()];
}

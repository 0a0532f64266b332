/**
 * verifyRequest on aws-chunked uploads (S3 streaming, STREAMING-* markers): the published chunk
 * signatures of fixtures/aws-vectors/extra/s3-chunked-upload.json verify on the wire as AWS documents it;
 * bodies from sigv4-kit's encoder in every mode (SigV4, SigV4a, trailers, unsigned) verify and decode;
 * a changed, reordered, truncated or extended body is refused, given whole or streamed, and a streamed
 * body yields nothing from the first bad chunk on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BodyVerificationError, signRequest, type SignedRequest, type SigningParams, verifyRequest, type VerifyResult } from '../../src/index.js';
import { sigv4a } from '../../src/sigv4a.js';
import type { ChecksumAlgorithm } from '../../src/chunked/checksum.js';
import { encodeChunkedBody } from '../../src/chunked/encode.js';
import { chunkedUploadHeaders } from '../../src/chunked/layout.js';
import { type HeaderPairs, VECTORS_DIR } from '../support/vectors.js';

const credentials = { accessKeyId: 'AKIDCHUNKED', secretAccessKey: 'chunked/secret+KEY0123456789abcdefghijklmn' };
const signingDate = new Date('2026-11-28T12:00:00Z');
const getCredentials = (id: string) => (id === credentials.accessKeyId ? credentials : undefined);
const URL_OBJECT = 'https://bucket.s3.us-east-1.amazonaws.com/uploads/object.bin';

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const concat = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** A deterministic object: every byte different from its neighbours, so a moved byte shows. */
function object(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + (i >> 8)) & 0xff;
  return out;
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return concat(parts);
}

interface Upload {
  readonly seed: SignedRequest;
  readonly wire: Uint8Array;
  readonly data: Uint8Array;
}

async function upload(size: number, mode: { payload?: 'signed' | 'unsigned'; checksum?: ChecksumAlgorithm; v4a?: boolean; chunkSize?: number } = {}): Promise<Upload> {
  const data = object(size);
  const headers = chunkedUploadHeaders({
    decodedContentLength: size,
    chunkSize: mode.chunkSize ?? 8192,
    payload: mode.payload,
    checksum: mode.checksum,
    algorithm: mode.v4a ? sigv4a() : undefined,
  });
  const params: SigningParams = { credentials, region: 'us-east-1', service: 's3', signingDate, ...(mode.v4a ? { algorithm: sigv4a() } : {}) };
  const seed = signRequest({ method: 'PUT', url: URL_OBJECT, headers }, params);
  const wire = await collect(encodeChunkedBody([data], seed, { credentials, chunkSize: mode.chunkSize ?? 8192, algorithm: params.algorithm }));
  return { seed, wire, data };
}

const verify = (seed: SignedRequest, body?: Uint8Array | string): Promise<VerifyResult> =>
  verifyRequest({ method: 'PUT', url: seed.url, headers: seed.headers, ...(body === undefined ? {} : { body }) }, { getCredentials, now: signingDate, algorithms: [sigv4a()] });

/** Reads `wire` through readChunkedBody in `piece`-byte pieces; what was yielded, and the error if any. */
async function stream(seed: SignedRequest, wire: Uint8Array, piece: number): Promise<{ yielded: Uint8Array; error?: unknown }> {
  const result = await verify(seed);
  expect(result).toMatchObject({ valid: true, payload: 'unsigned' });
  if (!result.valid || result.readChunkedBody === undefined) throw new Error('no readChunkedBody');
  const pieces = function* () {
    for (let at = 0; at < wire.length; at += piece) yield wire.subarray(at, at + piece);
  };
  const parts: Uint8Array[] = [];
  try {
    for await (const part of result.readChunkedBody(pieces())) parts.push(part.slice());
    return { yielded: concat(parts) };
  } catch (error) {
    return { yielded: concat(parts), error };
  }
}

/** Positions of each chunk's data in the wire (header lines parsed the plain way, independently of the reader). */
function chunkSpans(wire: Uint8Array): Array<{ header: [number, number]; data: [number, number] }> {
  const t = text(wire);
  const spans: Array<{ header: [number, number]; data: [number, number] }> = [];
  for (let at = 0; ;) {
    const end = t.indexOf('\r\n', at);
    const size = parseInt(t.slice(at, end).split(';')[0]!, 16);
    spans.push({ header: [at, end], data: [end + 2, end + 2 + size] });
    if (size === 0) return spans;
    at = end + 2 + size + 2;
  }
}

describe('verifyRequest: aws-chunked bodies from the encoder, every mode', () => {
  const modes = [
    ['SigV4, signed chunks', {}],
    ['SigV4, signed chunks + CRC32 trailer', { checksum: 'CRC32' }],
    ['SigV4, signed chunks + CRC32C trailer', { checksum: 'CRC32C' }],
    ['SigV4, signed chunks + SHA1 trailer', { checksum: 'SHA1' }],
    ['SigV4, signed chunks + SHA256 trailer', { checksum: 'SHA256' }],
    ['unsigned chunks + CRC32 trailer', { payload: 'unsigned', checksum: 'CRC32' }],
    ['SigV4a, signed chunks', { v4a: true }],
    ['SigV4a, signed chunks + CRC32C trailer', { v4a: true, checksum: 'CRC32C' }],
  ] as const;

  it.each(modes)('%s: the whole body verifies and decodes; streamed in odd pieces it yields the object', async (_name, mode) => {
    const { seed, wire, data } = await upload(8192 * 3 + 1000, mode);
    const whole = await verify(seed, wire);
    expect(whole).toMatchObject({ valid: true, payload: 'verified', payloadHash: seed.headers['x-amz-content-sha256'] });
    expect(whole.valid && Buffer.from(whole.decodedBody!).equals(Buffer.from(data))).toBe(true);
    for (const piece of [1, 7, 8193, wire.length]) {
      const { yielded, error } = await stream(seed, wire, piece);
      expect(error).toBeUndefined();
      expect(Buffer.from(yielded).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('an empty object (only the final chunk) verifies', async () => {
    const { seed, wire } = await upload(0, { checksum: 'CRC32' });
    const result = await verify(seed, wire);
    expect(result).toMatchObject({ valid: true, payload: 'verified' });
    expect(result.valid && result.decodedBody?.length).toBe(0);
  });

  it('a string body is read as its UTF-8 bytes (what a server that decoded the upload as text holds)', async () => {
    const { seed, wire } = await upload(100);
    // The object is binary: as a latin1-decoded string its UTF-8 form differs, so it must be refused.
    expect(await verify(seed, text(wire))).toMatchObject({ valid: false });
  });
});

describe('verifyRequest: tampered aws-chunked bodies are refused', () => {
  const size = 8192 * 3 + 1000;

  it.each([
    ['SigV4', {}],
    ['SigV4a', { v4a: true }],
  ] as const)('%s: one changed data byte in any chunk is SignatureDoesNotMatch, and streaming yields only the chunks before it', async (_name, mode) => {
    const { seed, wire, data } = await upload(size, mode);
    const spans = chunkSpans(wire);
    for (const [index, span] of spans.entries()) {
      if (span.data[1] === span.data[0]) continue;
      const changed = wire.slice();
      changed[span.data[0] + 5]! ^= 0x01;
      expect(await verify(seed, changed)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
      const { yielded, error } = await stream(seed, changed, 1000);
      expect(error).toBeInstanceOf(BodyVerificationError);
      expect(error).toMatchObject({ code: 'BODY_REJECTED', awsCode: 'SignatureDoesNotMatch' });
      expect(Buffer.from(yielded).equals(Buffer.from(data.subarray(0, 8192 * index)))).toBe(true);
    }
  });

  it('a changed chunk signature, swapped chunks, a chunk from another upload', async () => {
    const { seed, wire } = await upload(size);
    const spans = chunkSpans(wire);
    const sig = wire.slice();
    sig[spans[1]!.header[1] - 1] = sig[spans[1]!.header[1] - 1] === 0x30 ? 0x31 : 0x30;
    expect(await verify(seed, sig)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    // Chunks 0 and 1 (same size) swapped with their header lines: each signature is valid, but not at that place in the chain.
    const [a, b] = [spans[0]!, spans[1]!];
    const swapped = concat([wire.subarray(b.header[0], b.data[1] + 2), wire.subarray(a.header[0], a.data[1] + 2), wire.subarray(b.data[1] + 2)]);
    expect(swapped.length).toBe(wire.length);
    expect(await verify(seed, swapped)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    // The same object uploaded again a second later: its chunks chain from another seed signature.
    const other = await upload(size);
    const later = signRequest({ method: 'PUT', url: URL_OBJECT, headers: chunkedUploadHeaders({ decodedContentLength: size, chunkSize: 8192 }) }, { credentials, region: 'us-east-1', service: 's3', signingDate: new Date(signingDate.getTime() + 1000) });
    const foreign = await collect(encodeChunkedBody([other.data], later, { credentials, chunkSize: 8192 }));
    expect(await verify(seed, foreign)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
  });

  it('truncated, extended, wrong framing: IncompleteBody', async () => {
    const { seed, wire } = await upload(size);
    const spans = chunkSpans(wire);
    const last = spans.at(-1)!;
    expect(await verify(seed, wire.subarray(0, last.header[0]))).toMatchObject({ valid: false, code: 'IncompleteBody' });
    expect(await verify(seed, wire.subarray(0, wire.length - 1))).toMatchObject({ valid: false, code: 'IncompleteBody' });
    expect(await verify(seed, concat([wire, latin1('x')]))).toMatchObject({ valid: false, code: 'IncompleteBody' });
    expect(await verify(seed, latin1(text(wire).replace('\r\n', '\n')))).toMatchObject({ valid: false, code: 'IncompleteBody' });
    expect(await verify(seed, latin1(`zz;chunk-signature=${'0'.repeat(64)}\r\n`))).toMatchObject({ valid: false, code: 'IncompleteBody' });
    expect(await verify(seed, latin1('x'.repeat(10_000)))).toMatchObject({ valid: false, code: 'IncompleteBody' });
    // A chunk claiming more than x-amz-decoded-content-length, before any of its data is read.
    expect(await verify(seed, latin1(`ffffff;chunk-signature=${'0'.repeat(64)}\r\n`))).toMatchObject({ valid: false, code: 'IncompleteBody' });
    const { error } = await stream(seed, wire.subarray(0, last.header[0]), 4096);
    expect(error).toMatchObject({ awsCode: 'IncompleteBody' });
  });

  it('unsigned chunks: changed data is caught by the trailer checksum (BadDigest), a changed checksum too', async () => {
    const { seed, wire } = await upload(size, { payload: 'unsigned', checksum: 'CRC32' });
    const changed = wire.slice();
    changed[chunkSpans(wire)[1]!.data[0]]! ^= 0x01;
    expect(await verify(seed, changed)).toMatchObject({ valid: false, code: 'BadDigest' });
    const trailer = text(wire);
    const wrongSum = latin1(trailer.replace(/x-amz-checksum-crc32:([^\r]+)/, (_m, v: string) => `x-amz-checksum-crc32:${v === 'AAAAAA==' ? 'AAAAAQ==' : 'AAAAAA=='}`));
    expect(await verify(seed, wrongSum)).toMatchObject({ valid: false, code: 'BadDigest' });
    const { error } = await stream(seed, changed, 3000);
    expect(error).toMatchObject({ awsCode: 'BadDigest' });
  });

  it('signed trailer: a changed checksum value breaks the trailer signature', async () => {
    const { seed, wire } = await upload(size, { checksum: 'SHA256' });
    const t = text(wire);
    const changed = latin1(t.replace(/x-amz-checksum-sha256:(.)/, (_m, c: string) => `x-amz-checksum-sha256:${c === 'A' ? 'B' : 'A'}`));
    expect(changed.length).toBe(wire.length);
    expect(await verify(seed, changed)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    const unsignedTrailer = latin1(t.replace(/x-amz-trailer-signature:[^\r]*\r\n/, ''));
    expect(await verify(seed, unsignedTrailer)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
  });

  it('headers that describe no aws-chunked body are refused before the body is read', async () => {
    const headers = { ...chunkedUploadHeaders({ decodedContentLength: 10, chunkSize: 8192 }) };
    delete (headers as Record<string, string>)['x-amz-decoded-content-length'];
    const seed = signRequest({ method: 'PUT', url: URL_OBJECT, headers }, { credentials, region: 'us-east-1', service: 's3', signingDate });
    expect(await verify(seed)).toMatchObject({ valid: false, code: 'MissingContentLength' });
    const trailerless = signRequest({ method: 'PUT', url: URL_OBJECT, headers: { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-decoded-content-length': '10' } }, { credentials, region: 'us-east-1', service: 's3', signingDate });
    expect(await verify(trailerless, 'x')).toMatchObject({ valid: false, code: 'InvalidRequest' });
    // A SigV4 request announcing SigV4a chunks.
    const mixed = signRequest({ method: 'PUT', url: URL_OBJECT, headers: { 'x-amz-content-sha256': 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD', 'x-amz-decoded-content-length': '10' } }, { credentials, region: 'us-east-1', service: 's3', signingDate });
    expect(await verify(mixed)).toMatchObject({ valid: false, code: 'InvalidRequest' });
  });

  it('the result never prints the secret, and the reader holds no more than one chunk', async () => {
    const { seed } = await upload(100);
    const result = await verify(seed);
    expect(JSON.stringify(result)).not.toContain(credentials.secretAccessKey);
    expect((await import('node:util')).inspect(result, { depth: 5, showHidden: true })).not.toContain(credentials.secretAccessKey);
  });
});

interface VectorChunk { size: number; fillByte: string; chunkHeaderLine?: string }
interface VectorCase {
  name: string;
  algorithm: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  service: string;
  timestamp: string;
  options: { uriEscapePath: boolean; normalizePath: boolean };
  request: { method: string; host: string; path: string; headers: HeaderPairs };
  expected: { seedSignature?: string };
  chunks: VectorChunk[];
  trailer?: { headers: HeaderPairs; signature?: string; wire?: string };
}

const vectorCases: VectorCase[] = (JSON.parse(readFileSync(join(VECTORS_DIR, 'extra', 's3-chunked-upload.json'), 'utf8')) as { cases: VectorCase[] }).cases;
// The SigV4 cases S3 itself accepts: a STREAMING-* marker and, with -TRAILER, one checksum trailer
// (aws-c-auth's "first/second/third" trailer exercises the signer only: S3 takes checksum trailers).
const s3Cases = vectorCases.filter((c) => c.algorithm === 'AWS4-HMAC-SHA256' && (c.trailer === undefined || c.trailer.wire !== undefined));

describe('verifyRequest: the published chunk signatures of extra/s3-chunked-upload.json', () => {
  it('covers the S3 documentation example with and without a trailer', () => expect(s3Cases.map((c) => c.name)).toEqual(['s3-doc-chunked-upload', 's3-doc-chunked-upload-with-trailer']));

  it.each(s3Cases.map((c) => [c.name, c] as const))('%s: the wire body built from the published header lines verifies; a published signature changed does not', async (_name, c) => {
    const seed = signRequest(
      { method: c.request.method, url: `https://${c.request.host}${c.request.path}`, headers: c.request.headers },
      { credentials: c.credentials, region: c.region ?? '', service: c.service, signingDate: new Date(c.timestamp), uriEscapePath: c.options.uriEscapePath, normalizePath: c.options.normalizePath },
    );
    expect(seed.signature).toBe(c.expected.seedSignature);
    const parts: Uint8Array[] = [];
    for (const chunk of c.chunks) {
      parts.push(latin1(`${chunk.chunkHeaderLine!}\r\n`));
      if (chunk.size > 0) parts.push(new Uint8Array(chunk.size).fill(chunk.fillByte.charCodeAt(0)), latin1('\r\n'));
    }
    parts.push(latin1(c.trailer?.wire ?? '\r\n'));
    const wire = concat(parts);
    const options = { getCredentials: (id: string) => (id === c.credentials.accessKeyId ? c.credentials : undefined), now: new Date(c.timestamp) };
    const result = await verifyRequest({ method: 'PUT', url: seed.url, headers: seed.headers, body: wire }, options);
    expect(result).toMatchObject({ valid: true, payload: 'verified' });
    expect(result.valid && result.decodedBody?.length).toBe(c.chunks.reduce((n, chunk) => n + chunk.size, 0));
    const firstSignature = c.chunks[0]!.chunkHeaderLine!.split('=')[1]!;
    const bad = latin1(text(wire).replace(firstSignature, firstSignature.replace(/^./, (ch) => (ch === '0' ? '1' : '0'))));
    expect(await verifyRequest({ method: 'PUT', url: seed.url, headers: seed.headers, body: bad }, options)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
  });
});

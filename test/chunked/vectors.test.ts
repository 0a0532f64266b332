/**
 * aws-chunked streaming uploads against AWS's vectors in fixtures/aws-vectors (extra/s3-chunked-upload.json):
 * seed signature, every chunk signature, final chunk, trailer signature and the
 * Content-Length arithmetic, exactly (SigV4); by verification for SigV4a (ECDSA is randomized).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signRequest, type SignedRequest, type SigningParams } from '../../src/index.js';
import { createChecksum } from '../../src/chunked/checksum.js';
import { encodeChunkedBody } from '../../src/chunked/encode.js';
import { chunkedUploadHeaders } from '../../src/chunked/layout.js';
import { buildCanonicalTrailer, createChunkSigner } from '../../src/chunked/signChain.js';
import { sigv4a, verifySigV4aSignature } from '../../src/sigv4a.js';
import { type HeaderPairs, VECTORS_DIR } from '../support/vectors.js';
import { opensslVerifies } from '../support/v4aVectors.js';

interface Chunk { size: number; fillByte: string; sha256: string; stringToSign?: string; stringToSignTemplate?: string; signature?: string; chunkHeaderLine?: string }
interface ChunkCase {
  name: string;
  algorithm: 'AWS4-HMAC-SHA256' | 'AWS4-ECDSA-P256-SHA256';
  credentials: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  regionSet?: string;
  service: string;
  timestamp: string;
  options: { uriEscapePath: boolean; normalizePath: boolean };
  request: { method: string; host: string; path: string; headers: HeaderPairs };
  publicKey?: { x: string; y: string };
  expected: { canonicalRequest?: string; stringToSign?: string; seedSignature?: string; authorization?: string };
  chunks: Chunk[];
  trailer?: { headers: HeaderPairs; canonicalTrailer?: string; stringToSign?: string; stringToSignTemplate?: string; signature?: string; wire?: string };
}

const cases: ChunkCase[] = (JSON.parse(readFileSync(join(VECTORS_DIR, 'extra', 's3-chunked-upload.json'), 'utf8')) as { cases: ChunkCase[] }).cases;
const v4 = cases.filter((c) => c.algorithm === 'AWS4-HMAC-SHA256');
const v4a = cases.filter((c) => c.algorithm === 'AWS4-ECDSA-P256-SHA256');

function paramsOf(c: ChunkCase): SigningParams {
  return {
    credentials: c.credentials, region: c.region ?? c.regionSet ?? '', service: c.service, signingDate: new Date(c.timestamp),
    uriEscapePath: c.options.uriEscapePath, normalizePath: c.options.normalizePath,
    ...(c.algorithm === 'AWS4-ECDSA-P256-SHA256' ? { algorithm: sigv4a() } : {}),
  };
}
const algorithmOf = (c: ChunkCase) => paramsOf(c).algorithm;

const seedOf = (c: ChunkCase): SignedRequest =>
  signRequest({ method: c.request.method, url: `https://${c.request.host}${c.request.path}`, headers: c.request.headers }, paramsOf(c));
const dataOf = (chunk: Chunk): Uint8Array => new Uint8Array(chunk.size).fill(chunk.fillByte.charCodeAt(0));
const header = (c: ChunkCase, name: string): string | undefined => c.request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
const ascii = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** The object as odd-sized pieces, so chunk boundaries never line up with the source's. */
async function* pieces(total: number, fill = 0x61): AsyncGenerator<Uint8Array> {
  const sizes = [1, 4095, 70_001, 3];
  for (let sent = 0, i = 0; sent < total; i++) {
    const size = Math.min(sizes[i % sizes.length]!, total - sent);
    yield new Uint8Array(size).fill(fill);
    sent += size;
  }
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

/** Splits an encoded body into its chunk header lines and what follows the final chunk line. */
function parseChunked(body: Uint8Array): { lines: string[]; data: number[]; tail: string } {
  const text = ascii(body);
  const lines: string[] = [];
  const data: number[] = [];
  let at = 0;
  for (;;) {
    const end = text.indexOf('\r\n', at);
    const line = text.slice(at, end);
    lines.push(line);
    const size = parseInt(line.split(';')[0]!, 16);
    at = end + 2;
    if (size === 0) return { lines, data, tail: text.slice(at) };
    data.push(size);
    expect(text.slice(at, at + size)).toBe('a'.repeat(size));
    expect(text.slice(at + size, at + size + 2)).toBe('\r\n');
    at += size + 2;
  }
}

describe('extra/s3-chunked-upload.json', () => {
  it('has the five cases', () => expect(cases.map((c) => c.algorithm)).toEqual(['AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256', 'AWS4-ECDSA-P256-SHA256']));

  describe.each(v4.map((c) => [c.name, c] as const))('SigV4 %s', (_name, c) => {
    it('seed request: canonical request, string to sign, signature and Authorization exact', () => {
      const seed = seedOf(c);
      if (c.expected.canonicalRequest !== undefined) expect(seed.canonicalRequest).toBe(c.expected.canonicalRequest);
      if (c.expected.stringToSign !== undefined) expect(seed.stringToSign).toBe(c.expected.stringToSign);
      expect(seed.signature).toBe(c.expected.seedSignature);
      if (c.expected.authorization !== undefined) expect(seed.headers['authorization']).toBe(c.expected.authorization);
    });

    it('every chunk (final one included): string to sign and signature exact', () => {
      const seed = seedOf(c);
      const signer = createChunkSigner({ algorithm: algorithmOf(c), amzDate: seed.headers['x-amz-date']!, scope: seed.credentialScope, seedSignature: seed.signature }, paramsOf(c));
      expect(c.chunks.map((chunk) => signer.signChunk(dataOf(chunk)))).toEqual(c.chunks.map((chunk) => ({ stringToSign: chunk.stringToSign, signature: chunk.signature })));
      if (c.trailer !== undefined) {
        if (c.trailer.canonicalTrailer !== undefined) expect(buildCanonicalTrailer(c.trailer.headers)).toBe(c.trailer.canonicalTrailer);
        expect(signer.signTrailer(c.trailer.headers)).toEqual({ stringToSign: c.trailer.stringToSign, signature: c.trailer.signature });
      }
    });
  });

  it('s3-doc-chunked-upload: encoded body has the chunk header lines, the final chunk and Content-Length 66824', async () => {
    const c = v4[0]!;
    const headers = chunkedUploadHeaders({ decodedContentLength: 66_560 });
    for (const name of ['content-length', 'content-encoding', 'x-amz-decoded-content-length', 'x-amz-content-sha256']) expect(headers[name]).toBe(header(c, name));
    expect(headers['x-amz-trailer']).toBeUndefined();
    const body = await collect(encodeChunkedBody(pieces(66_560), seedOf(c), { credentials: c.credentials }));
    expect(body.length).toBe(Number(header(c, 'content-length')));
    const { lines, data, tail } = parseChunked(body);
    expect(lines).toEqual(c.chunks.map((chunk) => chunk.chunkHeaderLine));
    expect(data).toEqual([65_536, 1024]);
    expect(tail).toBe('\r\n');
  });

  it('s3-doc-chunked-upload-with-trailer: CRC32C trailer and its signature on the wire, exact; Content-Length arithmetic matches the body', async () => {
    const c = v4.find((x) => x.trailer?.wire !== undefined)!;
    const crc = createChecksum('CRC32C');
    crc.update(new Uint8Array(66_560).fill(0x61));
    expect([[crc.headerName, crc.digest()]]).toEqual(c.trailer!.headers);
    const body = await collect(encodeChunkedBody(pieces(66_560), seedOf(c), { credentials: c.credentials }));
    const { lines, tail } = parseChunked(body);
    expect(lines).toEqual(c.chunks.map((chunk) => chunk.chunkHeaderLine));
    expect(tail).toBe(c.trailer!.wire);
    const headers = chunkedUploadHeaders({ decodedContentLength: 66_560, checksum: 'CRC32C' });
    expect(headers['x-amz-trailer']).toBe(header(c, 'x-amz-trailer'));
    expect(headers['x-amz-content-sha256']).toBe(header(c, 'x-amz-content-sha256'));
    expect(Number(headers['content-length'])).toBe(body.length);
  });

  describe.each(v4a.map((c) => [c.name, c] as const))('SigV4a %s', (_name, c) => {
    const verifies = (stringToSign: string, signature: string): boolean =>
      verifySigV4aSignature(c.publicKey!, stringToSign, signature) && opensslVerifies(c.publicKey!, stringToSign, signature.replace(/\*+$/, ''));

    it('seed request: canonical request and string to sign exact, signature verifies', () => {
      const seed = seedOf(c);
      expect(seed.canonicalRequest).toBe(c.expected.canonicalRequest);
      expect(seed.stringToSign).toBe(c.expected.stringToSign);
      expect(verifies(seed.stringToSign, seed.signature)).toBe(true);
    });

    it('encoded body: every chunk and trailer string to sign is the template, every padded signature verifies', async () => {
      const seed = seedOf(c);
      const trailer = c.trailer === undefined ? undefined : 'CRC32' as const;
      // aws-c-auth signs its own trailer headers; the encoder sends one checksum, so the trailer is checked through the signer below.
      const headers = chunkedUploadHeaders({ decodedContentLength: 66_560, algorithm: algorithmOf(c), ...(trailer ? { checksum: trailer } : {}) });
      const streamingSeed = signRequest({ method: 'PUT', url: `https://${c.request.host}${c.request.path}`, headers }, paramsOf(c));
      const body = await collect(encodeChunkedBody(pieces(66_560), streamingSeed, { credentials: c.credentials, algorithm: algorithmOf(c) }));
      expect(body.length).toBe(Number(headers['content-length']));
      const { lines } = parseChunked(body);
      let previous = streamingSeed.signature;
      lines.forEach((line, i) => {
        const signature = line.split(';chunk-signature=')[1]!;
        expect(signature).toHaveLength(144);
        const stringToSign = c.chunks[i]!.stringToSignTemplate!.replace('{previousSignature}', previous);
        expect(verifies(stringToSign, signature)).toBe(true);
        previous = signature.replace(/\*+$/, '');
      });
      const signer = createChunkSigner({ algorithm: algorithmOf(c), amzDate: seed.headers['x-amz-date']!, scope: seed.credentialScope, seedSignature: seed.signature }, paramsOf(c));
      let chained = seed.signature;
      for (const chunk of c.chunks) {
        const link = signer.signChunk(dataOf(chunk));
        expect(link.stringToSign).toBe(chunk.stringToSignTemplate!.replace('{previousSignature}', chained));
        expect(verifies(link.stringToSign, link.signature)).toBe(true);
        chained = link.signature.replace(/\*+$/, '');
      }
      if (c.trailer !== undefined) {
        const link = signer.signTrailer(c.trailer.headers);
        expect(link.stringToSign).toBe(c.trailer.stringToSignTemplate!.replace('{previousSignature}', chained));
        expect(verifies(link.stringToSign, link.signature)).toBe(true);
      }
    });
  });
});

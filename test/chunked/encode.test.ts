/**
 * The aws-chunked encoder beyond the published vectors: botocore's AwsChunkedWrapper as the
 * independent oracle for STREAMING-UNSIGNED-PAYLOAD-TRAILER, the chunk chain re-derived with
 * node:crypto from the recipe (README section 4) on multi-chunk bodies, Content-Length arithmetic,
 * bounded reading, and typed errors.
 */
import { execFileSync } from 'node:child_process';
import { inspect } from 'node:util';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, signRequest, type SigningParams } from '../../src/index.js';
import { type ChecksumAlgorithm, createChecksum } from '../../src/chunked/checksum.js';
import { encodeChunkedBody, toReadableStream } from '../../src/chunked/encode.js';
import { chunkedUploadHeaders, type ChunkedUploadOptions } from '../../src/chunked/layout.js';
import { createChunkSigner } from '../../src/chunked/signChain.js';
import { sigv4a } from '../../src/sigv4a.js';
import { createEventStreamSigner } from '../../src/eventstream/sign.js';
import { captureError, captureRejection } from '../support/errors.js';
import { requirePeers } from '../support/peers.js';
import { seeded } from '../support/random.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const params: SigningParams = { credentials, region: 'us-east-1', service: 's3', signingDate: new Date('2024-05-06T07:08:09Z') };
const url = 'https://bucket.s3.us-east-1.amazonaws.com/key.bin';

/** Deterministic object bytes: byte i is (i * 7 + 3) mod 251. */
const objectBytes = (size: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 251);

async function* split(data: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = Math.min(sizes[i % sizes.length]!, data.length - at);
    yield data.slice(at, at + size);
    at += size;
  }
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

function seedFor(options: ChunkedUploadOptions) {
  return signRequest({ method: 'PUT', url, headers: chunkedUploadHeaders(options) }, params);
}

function python(script: string, input: string): string | undefined {
  if (!requirePeers(['python-botocore'], 'the botocore aws-chunked oracle test')) return undefined;
  return execFileSync('python3', ['-c', script], { input, maxBuffer: 64 * 1024 * 1024 }).toString();
}

const BOTOCORE_CHUNKED = `
import io, json, sys
from botocore.httpchecksum import AwsChunkedWrapper, Crc32Checksum, Sha1Checksum, Sha256Checksum
classes = {'CRC32': Crc32Checksum, 'SHA1': Sha1Checksum, 'SHA256': Sha256Checksum}
out = []
for case in json.load(sys.stdin):
    data = bytes((i * 7 + 3) % 251 for i in range(case['size']))
    body = AwsChunkedWrapper(io.BytesIO(data), checksum_cls=classes[case['checksum']],
                             checksum_name='x-amz-checksum-' + case['checksum'].lower(), chunk_size=case['chunkSize'])
    out.append(body.read().hex())
print(json.dumps(out))
`;

describe('STREAMING-UNSIGNED-PAYLOAD-TRAILER against botocore AwsChunkedWrapper', () => {
  const cases = (['CRC32', 'SHA1', 'SHA256'] as const).flatMap((checksum) =>
    [0, 1, 8191, 8192, 8193, 3 * 8192, 100_000].map((size) => ({ checksum, size, chunkSize: 8192 })));
  const expected = python(BOTOCORE_CHUNKED, JSON.stringify(cases));

  it.skipIf(expected === undefined)('is byte-identical for every checksum and size, and Content-Length is its length', async () => {
    const want = JSON.parse(expected ?? '[]') as string[];
    for (const [i, c] of cases.entries()) {
      const options = { decodedContentLength: c.size, chunkSize: c.chunkSize, payload: 'unsigned', checksum: c.checksum } as const;
      const seed = seedFor(options);
      expect(seed.headers['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
      const body = await collect(encodeChunkedBody(split(objectBytes(c.size), [5000, 1, 20_000]), seed, { credentials, chunkSize: c.chunkSize }));
      expect(body.toString('hex')).toBe(want[i]);
      expect(String(body.length)).toBe(seed.headers['content-length']);
    }
  });
});

/** The recipe of README section 4, written out with node:crypto: the expected chain for any body. */
function expectedChain(seed: ReturnType<typeof seedFor>, chunks: Uint8Array[], trailer?: string): string[] {
  const [date, region, service] = seed.credentialScope.split('/') as [string, string, string];
  const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), service), 'aws4_request');
  const sha = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');
  const head = (kind: string): string => `AWS4-HMAC-SHA256-${kind}\n${seed.headers['x-amz-date']}\n${seed.credentialScope}\n`;
  const out: string[] = [];
  let previous = seed.signature;
  for (const chunk of chunks) out.push((previous = hmac(key, `${head('PAYLOAD')}${previous}\n${sha('')}\n${sha(chunk)}`).toString('hex')));
  if (trailer !== undefined) out.push(hmac(key, `${head('TRAILER')}${previous}\n${sha(trailer)}`).toString('hex'));
  return out;
}

describe('signed aws-chunked bodies', () => {
  it.each([
    [0, undefined], [1, undefined], [65_536, undefined], [200_000, 'SHA256'], [131_072, 'CRC32'], [70_000, 'SHA1'],
  ] as const)('size %i, trailer %s: the chain, the trailer and Content-Length follow the recipe', async (size, checksum) => {
    const options = { decodedContentLength: size, chunkSize: 65_536, ...(checksum ? { checksum } : {}) };
    const seed = seedFor(options);
    const data = objectBytes(size);
    const body = await collect(encodeChunkedBody(split(data, [9999, 70_001]), seed, { credentials }));
    expect(String(body.length)).toBe(seed.headers['content-length']);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < size; at += 65_536) chunks.push(data.subarray(at, Math.min(size, at + 65_536)));
    chunks.push(new Uint8Array(0));
    const digest = checksum === undefined ? undefined : checksum === 'CRC32' ? undefined : createHash(checksum === 'SHA1' ? 'sha1' : 'sha256').update(data).digest('base64');
    const trailerValue = checksum === undefined ? undefined : (digest ?? (() => { const c = createChecksum('CRC32'); c.update(data); return c.digest(); })());
    const trailerLine = checksum === undefined ? undefined : `x-amz-checksum-${checksum.toLowerCase()}:${trailerValue}`;
    const sigs = expectedChain(seed, chunks, trailerLine === undefined ? undefined : `${trailerLine}\n`);
    let wire = Buffer.alloc(0);
    chunks.forEach((chunk, i) => {
      wire = Buffer.concat([wire, Buffer.from(`${chunk.length.toString(16)};chunk-signature=${sigs[i]}\r\n`), chunk, Buffer.from(i < chunks.length - 1 ? '\r\n' : '')]);
    });
    const tail = trailerLine === undefined ? '\r\n' : `${trailerLine}\r\nx-amz-trailer-signature:${sigs.at(-1)}\r\n\r\n`;
    expect(body.equals(Buffer.concat([wire, Buffer.from(tail)]))).toBe(true);
  });

  it('Content-Length equals the encoded length for random sizes, chunk sizes and modes', async () => {
    const r = seeded(11);
    for (let i = 0; i < 40; i++) {
      const size = r.pick([0, 1, 8191, 8192, r.int(0, 300_000)]);
      const options: ChunkedUploadOptions = {
        decodedContentLength: size,
        chunkSize: r.pick([8192, 8193, 65_536, 100_000]),
        payload: r.pick(['signed', 'unsigned'] as const),
        algorithm: r.pick([undefined, sigv4a()]),
      };
      const checksum = options.payload === 'unsigned' || r.bool() ? r.pick<ChecksumAlgorithm>(['CRC32', 'CRC32C', 'SHA1', 'SHA256']) : undefined;
      const full = { ...options, ...(checksum ? { checksum } : {}) };
      const seed = signRequest({ method: 'PUT', url, headers: chunkedUploadHeaders(full) }, { ...params, algorithm: full.algorithm });
      const body = await collect(encodeChunkedBody(split(objectBytes(size), [r.int(1, 50_000)]), seed, { credentials, chunkSize: full.chunkSize, algorithm: full.algorithm }));
      expect(String(body.length)).toBe(seed.headers['content-length']);
    }
  });
});

describe('bounded, lazy reading', () => {
  it('reads at most one chunk ahead of what the consumer took, and yields pieces no larger than a chunk', async () => {
    const chunkSize = 65_536;
    const total = 64 * chunkSize + 123;
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let sent = 0; sent < total; sent += 10_000) {
        const piece = new Uint8Array(Math.min(10_000, total - sent));
        pulled += piece.length;
        yield piece;
      }
    }
    const seed = seedFor({ decodedContentLength: total, chunkSize });
    let emitted = 0;
    for await (const frame of encodeChunkedBody(source(), seed, { credentials, chunkSize })) {
      emitted += frame.length;
      expect(frame.length).toBeLessThanOrEqual(chunkSize + 100);
      // Read-ahead: the chunk being framed plus the source piece it ends in, never more.
      expect(pulled).toBeLessThanOrEqual(emitted + chunkSize + 10_000);
    }
    expect(String(emitted)).toBe(seed.headers['content-length']);
  });

  it('reads a ReadableStream, and cancels it when the consumer stops early', async () => {
    let cancelled = false;
    const data = objectBytes(100_000);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(data.slice(0, 70_000));
        controller.enqueue(data.slice(70_000));
        controller.close();
      },
    });
    const seed = seedFor({ decodedContentLength: 100_000 });
    const whole = await collect(toReadableStream(encodeChunkedBody(stream, seed, { credentials })) as unknown as AsyncIterable<Uint8Array>);
    expect(String(whole.length)).toBe(seed.headers['content-length']);
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(new Uint8Array(4096)), cancel: () => void (cancelled = true) });
    for await (const _frame of encodeChunkedBody(endless, seedFor({ decodedContentLength: 10 ** 9 }), { credentials })) break;
    expect(cancelled).toBe(true);
  });
});

describe('bad input: typed errors, before any byte when possible', () => {
  const seed = seedFor({ decodedContentLength: 10 });

  it('refuses seeds and options that do not fit, at call time (INVALID_OPTION)', () => {
    const plain = signRequest({ method: 'PUT', url, body: 'x' }, params);
    const trailerless = { ...seedFor({ decodedContentLength: 10, checksum: 'CRC32' }) };
    const noTrailer = { ...trailerless, headers: Object.fromEntries(Object.entries(trailerless.headers).filter(([n]) => n !== 'x-amz-trailer')) };
    const badTrailer = { ...trailerless, headers: { ...trailerless.headers, 'x-amz-trailer': 'x-amz-meta-foo' } };
    const attempts: Array<() => unknown> = [
      () => encodeChunkedBody([], plain, { credentials }),
      () => encodeChunkedBody([], noTrailer, { credentials }),
      () => encodeChunkedBody([], badTrailer, { credentials }),
      // Content-Length was computed for 64 KiB chunks: 100000 bytes make other frames with 8 KiB ones.
      () => encodeChunkedBody([], seedFor({ decodedContentLength: 100_000 }), { credentials, chunkSize: 8192 }),
      () => encodeChunkedBody([], seed, { credentials, chunkSize: 4096 }),
      () => encodeChunkedBody([], { ...seed, signature: 'nothex' }, { credentials }),
      () => encodeChunkedBody([], null as never, { credentials }),
      () => chunkedUploadHeaders({ decodedContentLength: -1 }),
      () => chunkedUploadHeaders({ decodedContentLength: 1, payload: 'unsigned' }),
      () => chunkedUploadHeaders({ decodedContentLength: 1, checksum: 'MD5' as ChecksumAlgorithm }),
      () => chunkedUploadHeaders({ decodedContentLength: 1, chunkSize: 1.5 }),
    ];
    for (const attempt of attempts) {
      const error = captureError(attempt);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
      expect(String((error as Error).message)).not.toContain(credentials.secretAccessKey);
    }
    const noSource = captureError(() => encodeChunkedBody(42 as never, seed, { credentials }));
    expect((noSource as InvalidRequestError).code).toBe('INVALID_BODY');
  });

  it('an algorithm that signs only asynchronously (the portable x509) is refused by name, not as "not an algorithm"', () => {
    const asyncOnly = { name: 'AWS4-X509-RSA-SHA256', scope: () => 'scope', signerAsync: () => async () => 'sig' } as never;
    for (const attempt of [
      () => chunkedUploadHeaders({ decodedContentLength: 1, algorithm: asyncOnly }),
      () => createChunkSigner({ amzDate: seed.headers['x-amz-date']!, scope: seed.credentialScope, seedSignature: seed.signature, algorithm: asyncOnly }, { credentials }),
    ]) {
      expect(captureError(attempt)).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/^aws-chunked signs every chunk synchronously, and AWS4-X509-RSA-SHA256 here signs only asynchronously \(WebCrypto\): .*signRequestAsync/) });
    }
  });

  it.each([
    ['too few bytes', [new Uint8Array(9)]],
    ['too many bytes', [new Uint8Array(11)]],
    ['a string piece', ['0123456789' as unknown as Uint8Array]],
  ])('rejects a source with %s (INVALID_BODY)', async (_label, source) => {
    const error = await captureRejection(() => collect(encodeChunkedBody(source, seed, { credentials })));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).code).toBe('INVALID_BODY');
  });
});

describe('secrets', () => {
  it('never show in JSON or inspect output of the chunk and event signers or the encoded body', async () => {
    const seed = seedFor({ decodedContentLength: 3 });
    const signer = createChunkSigner({ amzDate: seed.headers['x-amz-date']!, scope: seed.credentialScope, seedSignature: seed.signature }, { credentials });
    const events = createEventStreamSigner(seed.signature, { credentials, region: 'us-east-1', service: 'transcribe', clock: () => new Date(0) });
    const body = encodeChunkedBody([new Uint8Array(3)], seed, { credentials });
    for (const value of [signer, events, body, signer.signChunk(new Uint8Array(1)), events.sign(new Uint8Array(1))]) {
      expect(`${JSON.stringify(value)} ${inspect(value, { depth: 10, showHidden: true })}`).not.toContain(credentials.secretAccessKey);
    }
    expect((await collect(body)).toString('latin1')).not.toContain(credentials.secretAccessKey);
  });
});

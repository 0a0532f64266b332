/**
 * aws-chunked uploads with a CRC64NVME trailer (S3's full-object checksum): the encoder's trailer is the
 * AWS SDK's own CRC64NVME (@aws-sdk/crc64-nvme, an independent implementation) and its wire is the one
 * built here by hand from the chunk signer; verifyRequest accepts it and refuses a wrong CRC64NVME, signed
 * or unsigned, whole or streamed.
 */
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRequest, type SignedRequest, verifyRequest, type VerifyResult } from '../../src/index.js';
import { chunkedUploadHeaders, createChunkSigner, encodeChunkedBody } from '../../src/chunked.js';

const credentials = { accessKeyId: 'AKIDCRC64', secretAccessKey: 'crc64/secret+KEY0123456789abcdefghijklmnop' };
const signingDate = new Date('2026-12-04T12:00:00Z');
const CHUNK = 8192;
const SIZE = CHUNK * 2 + 1234;
const data = Uint8Array.from({ length: SIZE }, (_, i) => (i * 151 + (i >> 9)) & 0xff);

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

async function sdkCrc64nvme(bytes: Uint8Array): Promise<string> {
  const sdk = new Crc64Nvme();
  sdk.update(bytes);
  return Buffer.from(await sdk.digest()).toString('base64');
}

function seed(payload: 'signed' | 'unsigned'): SignedRequest {
  const headers = chunkedUploadHeaders({ decodedContentLength: SIZE, chunkSize: CHUNK, payload, checksum: 'CRC64NVME' });
  return signRequest({ method: 'PUT', url: 'https://bucket.s3.us-east-1.amazonaws.com/object.bin', headers }, { credentials, region: 'us-east-1', service: 's3', signingDate });
}

/** The wire written out by hand: chunk signatures from createChunkSigner, and the trailer value given. */
function handWire(s: SignedRequest, checksum: string, signed: boolean): Uint8Array {
  const signer = signed
    ? createChunkSigner({ amzDate: s.headers['x-amz-date']!, scope: s.credentialScope, seedSignature: s.signature }, { credentials })
    : undefined;
  const sig = (bytes: Uint8Array): string => (signer ? `;chunk-signature=${signer.signChunkHash(createHash('sha256').update(bytes).digest('hex')).signature}` : '');
  const parts: Uint8Array[] = [];
  for (let at = 0; at < SIZE; at += CHUNK) {
    const chunk = data.subarray(at, at + CHUNK);
    parts.push(latin1(`${chunk.length.toString(16)}${sig(chunk)}\r\n`), chunk, latin1('\r\n'));
  }
  let tail = `0${sig(new Uint8Array(0))}\r\nx-amz-checksum-crc64nvme:${checksum}\r\n`;
  if (signer) tail += `x-amz-trailer-signature:${signer.signTrailer([['x-amz-checksum-crc64nvme', checksum]]).signature}\r\n`;
  parts.push(latin1(`${tail}\r\n`));
  return concat(parts);
}

const verify = (s: SignedRequest, body?: Uint8Array): Promise<VerifyResult> =>
  verifyRequest({ method: 'PUT', url: s.url, headers: s.headers, ...(body === undefined ? {} : { body }) }, { getCredentials: (id) => (id === credentials.accessKeyId ? credentials : undefined), now: signingDate });

async function encoded(s: SignedRequest): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of encodeChunkedBody([data.subarray(0, 5000), data.subarray(5000)], s, { credentials, chunkSize: CHUNK })) parts.push(part);
  return concat(parts);
}

describe.each([['signed chunks', 'signed'], ['unsigned chunks', 'unsigned']] as const)('CRC64NVME trailer, %s', (_name, payload) => {
  it("the encoder's wire is the hand-built one with the AWS SDK's CRC64NVME, and it verifies", async () => {
    const s = seed(payload);
    expect(s.headers['x-amz-trailer']).toBe('x-amz-checksum-crc64nvme');
    const wire = await encoded(s);
    const expected = await sdkCrc64nvme(data);
    expect(Buffer.from(wire).toString('latin1')).toContain(`x-amz-checksum-crc64nvme:${expected}\r\n`);
    expect(Buffer.from(wire).equals(Buffer.from(handWire(s, expected, payload === 'signed')))).toBe(true);
    expect(String(wire.length)).toBe(s.headers['content-length']);
    const result = await verify(s, wire);
    expect(result).toMatchObject({ valid: true, payload: 'verified' });
    expect(result.valid && Buffer.from(result.decodedBody!).equals(Buffer.from(data))).toBe(true);
  });

  it('a wrong CRC64NVME (with a valid trailer signature) is refused: BadDigest, whole and streamed', async () => {
    const s = seed(payload);
    const right = await sdkCrc64nvme(data);
    // The CRC64NVME of the data with its last byte changed: well-formed, 12 characters, and wrong.
    const wrong = await sdkCrc64nvme(concat([data.subarray(0, SIZE - 1), Uint8Array.of(data[SIZE - 1]! ^ 1)]));
    expect(wrong).not.toBe(right);
    const wire = handWire(s, wrong, payload === 'signed');
    expect(await verify(s, wire)).toMatchObject({ valid: false, code: 'BadDigest' });

    const result = await verify(s);
    if (!result.valid || result.readChunkedBody === undefined) throw new Error('expected a chunked body reader');
    const pieces = function* () {
      for (let at = 0; at < wire.length; at += 3001) yield wire.subarray(at, at + 3001);
    };
    const error = await (async () => {
      try {
        for await (const _ of result.readChunkedBody!(pieces()));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ awsCode: 'BadDigest' });
  });
});

/**
 * createSignedFetch's `s3Checksum`: S3 bodies carry the checksum the AWS SDKs send. Values are checked
 * against the SDK's own implementations (@aws-crypto/crc32, @aws-crypto/crc32c, @aws-sdk/crc64-nvme);
 * what reached the loopback server verifies with verifyRequest (chunk signatures, trailer, checksum).
 */
import { AwsCrc32 } from '@aws-crypto/crc32';
import { AwsCrc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedFetch, InvalidRequestError, type SignedFetchOptions, verifyRequest } from '../../src/index.js';
import { captureError, captureRejection } from '../support/errors.js';
import { type Loopback, type Recorded, startLoopback } from './loopback.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2026-03-01T12:00:00Z');
const data = new Uint8Array(150_001).map((_, i) => (i * 7 + (i >> 10)) % 253);

async function sdkValue(algorithm: 'CRC32' | 'CRC32C' | 'CRC64NVME', bytes: Uint8Array): Promise<string> {
  const hash = algorithm === 'CRC32' ? new AwsCrc32() : algorithm === 'CRC32C' ? new AwsCrc32c() : new Crc64Nvme();
  hash.update(bytes);
  return Buffer.from(await hash.digest()).toString('base64');
}

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());

const s3 = (extra: Partial<SignedFetchOptions> = {}) => createSignedFetch({ credentials: KEYS, service: 's3', region: 'us-east-1', clock: () => NOW, ...extra });
const last = (): Recorded => server.log[server.log.length - 1]!;

async function verifyReceived(r: Recorded) {
  const result = await verifyRequest(
    { method: r.method, url: `${server.url}${r.target}`, headers: r.headers, body: r.body },
    { getCredentials: (id) => (id === KEYS.accessKeyId ? KEYS : undefined), now: NOW },
  );
  expect(result).toMatchObject({ valid: true });
  return result;
}

describe('createSignedFetch({ s3Checksum })', () => {
  it.each(['CRC32', 'CRC32C', 'CRC64NVME'] as const)('bytes: a signed x-amz-checksum-%s header with the SDK value', async (algorithm) => {
    const name = `x-amz-checksum-${algorithm.toLowerCase()}`;
    let signedHeaders = '';
    await s3({ s3Checksum: algorithm, onSigned: (s) => void (signedHeaders = s.signedHeaders) })(`${server.url}/bucket/key.bin`, { method: 'PUT', body: data });
    expect(last().header(name)).toBe(await sdkValue(algorithm, data));
    expect(signedHeaders.split(';')).toContain(name);
    await verifyReceived(last());
  });

  it('a stream of known length: aws-chunked with a signed CRC64NVME trailer (the SDK value) that verifies', async () => {
    await s3({ s3Checksum: 'CRC64NVME' })(`${server.url}/bucket/key.bin`, { method: 'PUT', body: new Blob([data]).stream(), headers: { 'content-length': String(data.length) } });
    const r = last();
    expect(r.header('x-amz-content-sha256')).toBe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER');
    expect(r.header('x-amz-trailer')).toBe('x-amz-checksum-crc64nvme');
    expect(Buffer.from(r.body).toString('latin1')).toContain(`\r\nx-amz-checksum-crc64nvme:${await sdkValue('CRC64NVME', data)}\r\nx-amz-trailer-signature:`);
    const result = await verifyReceived(r);
    expect(result.valid && Buffer.from(result.decodedBody!).equals(Buffer.from(data))).toBe(true);
  });

  it("s3Streaming 'unsigned' with a checksum: unsigned chunks and the CRC32C trailer, as the SDKs send", async () => {
    await s3({ s3Checksum: 'CRC32C', s3Streaming: 'unsigned' })(`${server.url}/bucket/key.bin`, { method: 'PUT', body: new Blob([data]).stream(), headers: { 'content-length': String(data.length) } });
    const r = last();
    expect(r.header('x-amz-content-sha256')).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(Buffer.from(r.body).toString('latin1')).toMatch(new RegExp(`\\r\\n0\\r\\nx-amz-checksum-crc32c:${(await sdkValue('CRC32C', data)).replace(/[+/]/g, '\\$&')}\\r\\n\\r\\n$`));
    await verifyReceived(r);
  });

  it("the caller's own x-amz-checksum-* header is kept; other services and bodiless requests get none", async () => {
    await s3({ s3Checksum: 'CRC32' })(`${server.url}/bucket/key.bin`, { method: 'PUT', body: data, headers: { 'x-amz-checksum-sha256': 'AAAA' } });
    expect(last().headers.filter(([n]) => n.startsWith('x-amz-checksum-'))).toEqual([['x-amz-checksum-sha256', 'AAAA']]);
    await s3({ s3Checksum: 'CRC32', service: 'mediaconnect' })(`${server.url}/v1/flows`, { method: 'POST', body: '{}' });
    expect(last().headers.some(([n]) => n.startsWith('x-amz-checksum-'))).toBe(false);
    await s3({ s3Checksum: 'CRC32' })(`${server.url}/bucket/key.bin`);
    expect(last().headers.some(([n]) => n.startsWith('x-amz-checksum-'))).toBe(false);
  });

  it('refuses an unknown algorithm at once, and a stream of unknown length (it could carry no trailer)', async () => {
    const bad = captureError(() => s3({ s3Checksum: 'MD5' as 'CRC32' }));
    expect(bad).toBeInstanceOf(InvalidRequestError);
    expect(bad).toMatchObject({ code: 'INVALID_OPTION' });
    expect((bad as Error).message).toContain('CRC64NVME');
    const before = server.log.length;
    const error = await captureRejection(() => s3({ s3Checksum: 'CRC64NVME' })(`${server.url}/bucket/key.bin`, { method: 'PUT', body: new Blob([data]).stream() }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'INVALID_BODY' });
    expect((error as Error).message).toMatch(/content-length/);
    expect(server.log.length).toBe(before);
  });
});

/**
 * Trailing checksums: the CRCs against the catalogue check values (CRC-32/ISO-HDLC cbf43926,
 * CRC-32/ISCSI e3069283, input "123456789"), SHA-1/SHA-256 of both backends against node:crypto,
 * fed in random splits.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { checkChecksumAlgorithm, checksumOfHeaderName, checksumValueLength, createChecksum } from '../../src/chunked/checksum.js';
import { createHashState as nodeHash } from '../../src/chunked/checksum.node.js';
import { createHashState as portableHash } from '../../src/chunked/checksum.portable.js';
import { captureError } from '../support/errors.js';
import { seeded } from '../support/random.js';

const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

describe('checksums', () => {
  it.each([['CRC32', 'cbf43926'], ['CRC32C', 'e3069283']] as const)('%s of "123456789" is the catalogue check value', (algorithm, check) => {
    const c = createChecksum(algorithm);
    c.update(Buffer.from('1234'));
    c.update(Buffer.from('56789'));
    expect(c.digest()).toBe(b64(check));
    expect(c.headerName).toBe(`x-amz-checksum-${algorithm.toLowerCase()}`);
  });

  it.each([['node:crypto', nodeHash], ['portable', portableHash]] as const)('SHA-1 and SHA-256 (%s) match node:crypto in random splits', (_name, create) => {
    const r = seeded(3);
    for (let i = 0; i < 60; i++) {
      const data = Uint8Array.from({ length: r.pick([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, r.int(0, 70_000)]) }, () => r.int(0, 255));
      for (const algorithm of ['sha1', 'sha256'] as const) {
        const state = create(algorithm);
        for (let at = 0; at < data.length; ) {
          const n = r.int(0, 130);
          state.update(data.subarray(at, at + n));
          at += n;
        }
        expect(Buffer.from(state.digest()).toString('hex')).toBe(createHash(algorithm).update(data).digest('hex'));
      }
    }
  });

  it('createChecksum digests as base64 of the big-endian digest, with the announced length', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    for (const [algorithm, node] of [['SHA1', 'sha1'], ['SHA256', 'sha256']] as const) {
      const c = createChecksum(algorithm);
      c.update(data);
      const value = c.digest();
      expect(value).toBe(createHash(node).update(data).digest('base64'));
      expect(value).toHaveLength(checksumValueLength(algorithm));
    }
  });

  it('maps header names, and refuses other algorithms with INVALID_OPTION', () => {
    expect(checksumOfHeaderName('X-Amz-Checksum-CRC32C')).toBe('CRC32C');
    expect(checksumOfHeaderName('x-amz-checksum-md5')).toBeUndefined();
    for (const bad of ['MD5', 'crc32', '', null, 'toString']) {
      const error = captureError(() => checkChecksumAlgorithm(bad));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
    }
  });
});

/**
 * The aws-chunked reader faces untrusted bytes: seeded fuzzing of valid bodies from the encoder.
 * Every single-byte change, insertion, deletion and truncation is refused (the only exception is the
 * case of a hex digit in a chunk size, which the signatures do not cover and which reads the same), no
 * input throws, and an unchanged body split at random points always yields exactly the object.
 */
import { describe, expect, it } from 'vitest';
import { signRequest, type SignedRequest, verifyRequest } from '../../src/index.js';
import type { ChecksumAlgorithm } from '../../src/chunked/checksum.js';
import { encodeChunkedBody } from '../../src/chunked/encode.js';
import { chunkedUploadHeaders } from '../../src/chunked/layout.js';
import { seeded } from '../support/random.js';

const credentials = { accessKeyId: 'AKIDFUZZ', secretAccessKey: 'fuzz/secret+KEY0123456789abcdefghijklmnop' };
const now = new Date('2026-11-28T12:00:00Z');
const options = { getCredentials: (id: string) => (id === credentials.accessKeyId ? credentials : undefined), now };

async function upload(size: number, payload: 'signed' | 'unsigned', checksum: ChecksumAlgorithm | undefined): Promise<{ seed: SignedRequest; wire: Uint8Array; data: Uint8Array }> {
  const data = Uint8Array.from({ length: size }, (_, i) => (i * 29 + 7) & 0xff);
  const headers = chunkedUploadHeaders({ decodedContentLength: size, chunkSize: 8192, payload, checksum });
  const seed = signRequest({ method: 'PUT', url: 'https://b.s3.us-east-1.amazonaws.com/k', headers }, { credentials, region: 'us-east-1', service: 's3', signingDate: now });
  const parts: Uint8Array[] = [];
  for await (const part of encodeChunkedBody([data], seed, { credentials, chunkSize: 8192 })) parts.push(part.slice());
  return { seed, wire: new Uint8Array(Buffer.concat(parts)), data };
}

/** Offsets of the hex digits of every chunk-size field (where a letter's case may change harmlessly). */
function sizeDigits(wire: Uint8Array): Set<number> {
  const text = Buffer.from(wire).toString('latin1');
  const out = new Set<number>();
  for (let at = 0; ;) {
    const end = text.indexOf('\r\n', at);
    const field = text.slice(at, end).split(';')[0]!;
    for (let i = 0; i < field.length; i++) out.add(at + i);
    const size = parseInt(field, 16);
    if (size === 0) return out;
    at = end + 2 + size + 2;
  }
}

const flipCase = (a: number, b: number): boolean => a !== b && String.fromCharCode(a).toLowerCase() === String.fromCharCode(b).toLowerCase();

describe('aws-chunked reader fuzz (seeded)', () => {
  it.each([
    ['signed', 'signed', undefined],
    ['signed + CRC32C trailer', 'signed', 'CRC32C'],
    ['unsigned + CRC32 trailer', 'unsigned', 'CRC32'],
  ] as const)('%s: 400 mutations are all refused, none throws', async (_name, payload, checksum) => {
    const random = seeded(0x5eed + (checksum?.length ?? 0) + payload.length);
    const { seed, wire } = await upload(8192 * 2 + 333, payload, checksum);
    const digits = sizeDigits(wire);
    let tried = 0;
    while (tried < 400) {
      const at = random.int(0, wire.length - 1);
      const kind = random.pick(['change', 'insert', 'delete', 'truncate'] as const);
      let mutated: Uint8Array;
      if (kind === 'change') {
        const value = random.bool(0.5) ? random.int(0, 255) : random.pick([0x0d, 0x0a, 0x3b, 0x3d, 0x2a, 0x30, 0x61, 0x41]);
        if (value === wire[at] || (digits.has(at) && flipCase(value, wire[at]!))) continue;
        mutated = wire.slice();
        mutated[at] = value;
      } else if (kind === 'insert') {
        mutated = new Uint8Array(Buffer.concat([wire.subarray(0, at), Uint8Array.of(random.int(0, 255)), wire.subarray(at)]));
      } else if (kind === 'delete') {
        mutated = new Uint8Array(Buffer.concat([wire.subarray(0, at), wire.subarray(at + 1)]));
      } else {
        mutated = wire.subarray(0, at);
      }
      tried++;
      const result = await verifyRequest({ method: 'PUT', url: seed.url, headers: seed.headers, body: mutated }, options);
      if (result.valid) throw new Error(`a ${kind} at ${at} was accepted`);
      expect(['SignatureDoesNotMatch', 'IncompleteBody', 'BadDigest']).toContain(result.code);
    }
  });

  it('an unchanged body split at random points yields exactly the object, for every mode', async () => {
    const random = seeded(0xc0ffee);
    for (const [payload, checksum] of [['signed', undefined], ['signed', 'SHA1'], ['unsigned', 'CRC32C']] as const) {
      const { seed, wire, data } = await upload(random.int(0, 30_000), payload, checksum);
      const result = await verifyRequest({ method: 'PUT', url: seed.url, headers: seed.headers }, options);
      if (!result.valid || result.readChunkedBody === undefined) throw new Error('not offered');
      for (let round = 0; round < 20; round++) {
        const cuts = [...new Set(random.array(0, 12, () => random.int(0, wire.length)))].sort((a, b) => a - b);
        const pieces = [0, ...cuts, wire.length].slice(1).map((end, i, all) => wire.subarray(i === 0 ? 0 : all[i - 1]!, end));
        const out: Uint8Array[] = [];
        for await (const part of result.readChunkedBody(pieces)) out.push(part.slice());
        expect(Buffer.concat(out).equals(Buffer.from(data))).toBe(true);
      }
    }
  });
});

/**
 * CRC32, CRC32C and CRC64NVME against published values (catalogue check values, RFC 3720 B.4, the NVMe NVM
 * Command Set 1.0a 64b CRC test cases, the AWS CRT / aws-checksums / aws-wasm-checksums test vectors),
 * Node's and Python's `zlib.crc32`, a bit-by-bit reference written here from each polynomial and another in
 * Python (test/peers/crc_reference.py) for CRC32C and CRC64NVME; on
 * aligned, unaligned, empty and 1-byte inputs, fed split at every boundary. `combineCrc*` against the
 * CRC of the whole input. (moto computes CRC32 in place of CRC32C and CRC64NVME without awscrt, so it
 * judges neither here.)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { type ChecksumAlgorithm, createChecksum } from '../../src/chunked/checksum.js';
import { crc32Update as nodeCrc32 } from '../../src/chunked/checksum.node.js';
import { combineCrc32, combineCrc32c, combineCrc64nvme } from '../../src/chunked/combine.js';
import { crc64nvmeUpdate } from '../../src/chunked/crc64nvme.js';
import { crc32, crc32Family, type CrcUpdate } from '../../src/crypto/crc32.js';
import { captureError } from '../support/errors.js';
import { requirePeers } from '../support/peers.js';
import { seeded } from '../support/random.js';

const POLY = { CRC32: 0xedb88320n, CRC32C: 0x82f63b78n, CRC64NVME: 0x9a6c9329ac4bc9b5n } as const;
const WIDTH = { CRC32: 32, CRC32C: 32, CRC64NVME: 64 } as const;
type Crc = keyof typeof POLY;

/** Bit-by-bit reflected CRC, initial value and final XOR all ones: the definition, one bit a step. */
function reference(crc: Crc, data: Uint8Array): bigint {
  const mask = (1n << BigInt(WIDTH[crc])) - 1n;
  const poly = POLY[crc];
  let state = mask;
  for (const byte of data) {
    state ^= BigInt(byte);
    for (let k = 0; k < 8; k++) state = state & 1n ? (state >> 1n) ^ poly : state >> 1n;
  }
  return state ^ mask;
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const fill = (n: number, f: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => f(i));
const fromB64 = (text: string): bigint => BigInt(`0x${Buffer.from(text, 'base64').toString('hex') || '0'}`);
const hex = (value: bigint, crc: Crc): string => value.toString(16).padStart(WIDTH[crc] / 4, '0');

/** Each implementation under test, fed the pieces in order; the CRC as a number. */
const fromUpdate = (update: CrcUpdate) => (pieces: readonly Uint8Array[]): bigint => BigInt(pieces.reduce((c, p) => update(c, p), 0));
const IMPLEMENTATIONS: ReadonlyArray<readonly [string, Crc, (pieces: readonly Uint8Array[]) => bigint]> = [
  ['CRC32, Node entry (zlib.crc32 where present)', 'CRC32', fromUpdate(nodeCrc32)],
  ['CRC32, portable (32-bit word reads)', 'CRC32', fromUpdate(crc32)],
  ['CRC32, portable (byte reads, as on a big-endian host)', 'CRC32', fromUpdate(crc32Family(0xedb88320, false))],
  ['CRC32C (32-bit word reads)', 'CRC32C', fromUpdate(crc32Family(0x82f63b78, true))],
  ['CRC32C (byte reads)', 'CRC32C', fromUpdate(crc32Family(0x82f63b78, false))],
  ['CRC32C, createChecksum', 'CRC32C', (pieces) => viaChecksum('CRC32C', pieces)],
  ['CRC64NVME, createChecksum', 'CRC64NVME', (pieces) => viaChecksum('CRC64NVME', pieces)],
  ['CRC64NVME, update (32-bit word reads)', 'CRC64NVME', crc64(true)],
  ['CRC64NVME, update (byte reads)', 'CRC64NVME', crc64(false)],
];

function crc64(wordReads: boolean): (pieces: readonly Uint8Array[]) => bigint {
  return (pieces) => {
    const state = new Int32Array(2);
    for (const p of pieces) crc64nvmeUpdate(state, p, wordReads);
    return (BigInt(state[1]! >>> 0) << 32n) | BigInt(state[0]! >>> 0);
  };
}

function viaChecksum(algorithm: ChecksumAlgorithm, pieces: readonly Uint8Array[]): bigint {
  const c = createChecksum(algorithm);
  for (const p of pieces) c.update(p);
  return fromB64(c.digest());
}

// Published values. Sources: the CRC catalogue's check values ("123456789"); RFC 3720 appendix B.4
// (CRC32C); awslabs/aws-checksums tests (CRC64NVME of 32 zeros and of 0..31); awslabs/aws-c-s3 tests
// ("aaaaaaaaaa"); awslabs/aws-wasm-checksums tests ("Hello, World!", base64); aws-crt-swift checksum tests
// ("Hello", the JSON document); NVM Express NVM Command Set 1.0a, 5.2.1.3.5 "64b CRC Test Cases" (4 KiB).
const PUBLISHED: ReadonlyArray<readonly [Crc, string, Uint8Array, string]> = [
  ['CRC32', '"123456789"', ascii('123456789'), 'cbf43926'],
  ['CRC32', '"Hello"', ascii('Hello'), (4157704578).toString(16)],
  ['CRC32', 'a JSON document', ascii('{"foo":"base64 encoded sha1 checksum"}'), (1195144130).toString(16)],
  ['CRC32', 'empty', new Uint8Array(0), '00000000'],
  ['CRC32C', '"123456789"', ascii('123456789'), 'e3069283'],
  ['CRC32C', '"Hello"', ascii('Hello'), (2178485787).toString(16)],
  ['CRC32C', '32 zero bytes', new Uint8Array(32), '8a9136aa'],
  ['CRC32C', '32 0xff bytes', new Uint8Array(32).fill(0xff), '62a8ab43'],
  ['CRC32C', 'bytes 0..31', fill(32, (i) => i), '46dd794e'],
  ['CRC32C', 'bytes 31..0', fill(32, (i) => 31 - i), '113fdb5c'],
  ['CRC32C', 'empty', new Uint8Array(0), '00000000'],
  ['CRC64NVME', '"123456789"', ascii('123456789'), 'ae8b14860a799888'],
  ['CRC64NVME', '32 zero bytes', new Uint8Array(32), 'cf3473434d4ecf3b'],
  ['CRC64NVME', 'bytes 0..31', fill(32, (i) => i), 'b9d9d4a8492cbd7f'],
  ['CRC64NVME', '"aaaaaaaaaa"', ascii('aaaaaaaaaa'), '0c1a80036d65c555'],
  ['CRC64NVME', '"Hello, World!"', ascii('Hello, World!'), Buffer.from('1Km+Qyat0k0=', 'base64').toString('hex')],
  ['CRC64NVME', 'empty', new Uint8Array(0), '0000000000000000'],
  ['CRC64NVME', '4 KiB of zeros (NVMe)', new Uint8Array(4096), '6482d367eb22b64e'],
  ['CRC64NVME', '4 KiB of 0xff (NVMe)', new Uint8Array(4096).fill(0xff), 'c0ddba7302eca3ac'],
  ['CRC64NVME', '4 KiB incrementing (NVMe)', fill(4096, (i) => i & 0xff), '3e729f5f6750449c'],
  ['CRC64NVME', '4 KiB decrementing (NVMe)', fill(4096, (i) => 0xff - (i & 0xff)), '9a2df64b8e9e517e'],
];

describe('the bit-by-bit reference', () => {
  it.each(PUBLISHED)('%s of %s is the published value', (crc, _name, data, expected) => {
    expect(hex(reference(crc, data), crc)).toBe(expected.padStart(WIDTH[crc] / 4, '0'));
  });
});

describe.each(IMPLEMENTATIONS)('%s', (_name, crc, run) => {
  it('gives every published value, whole and one byte at a time', () => {
    for (const [c, what, data, expected] of PUBLISHED.filter(([c]) => c === crc)) {
      const want = expected.padStart(WIDTH[c] / 4, '0');
      expect(hex(run([data]), c), what).toBe(want);
      expect(hex(run(Array.from(data, (_, i) => data.subarray(i, i + 1))), c), `${what}, bytewise`).toBe(want);
    }
  });

  it('matches the reference on empty and 1-byte inputs, at every alignment of the view', () => {
    const backing = fill(80 + 40, (i) => (i * 37 + 11) & 0xff);
    expect(run([])).toBe(0n);
    expect(run([new Uint8Array(0)])).toBe(0n);
    for (let offset = 0; offset < 8; offset++) {
      // Every length up to five 16-byte steps: head bytes, word steps and tail bytes in every mix.
      for (let length = 0; length <= 80; length++) {
        const data = backing.subarray(offset, offset + length);
        expect(run([data]), `offset ${offset}, length ${length}`).toBe(reference(crc, data));
      }
    }
    for (let byte = 0; byte < 256; byte++) expect(run([Uint8Array.of(byte)])).toBe(reference(crc, Uint8Array.of(byte)));
  });

  it('is the same split at every boundary, and in random pieces at random alignments', () => {
    const data = fill(131, (i) => (i * 131 + (i >> 3)) & 0xff);
    const whole = reference(crc, data);
    for (let at = 0; at <= data.length; at++) expect(run([data.subarray(0, at), data.subarray(at)]), `split at ${at}`).toBe(whole);
    const r = seeded(WIDTH[crc] + crc.length);
    for (let round = 0; round < 6; round++) {
      const big = fill(r.int(1, 20_000), () => r.int(0, 255));
      const pieces: Uint8Array[] = [];
      for (let at = 0; at < big.length; ) {
        const n = r.int(0, 4000);
        // A copy at a random offset of a fresh buffer: the words the fast path reads are misaligned.
        const skew = r.int(0, 7);
        const piece = new Uint8Array(n + skew).subarray(skew);
        piece.set(big.subarray(at, at + n));
        pieces.push(piece.subarray(0, Math.min(n, big.length - at)));
        at += n;
      }
      expect(run(pieces)).toBe(reference(crc, big));
    }
  });
});

describe('CRC32 against Node and Python zlib.crc32', () => {
  const r = seeded(32);
  const inputs = [new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(255), ...Array.from({ length: 20 }, () => fill(r.int(0, 70_000), () => r.int(0, 255)))];

  it.runIf(typeof (zlib as { crc32?: unknown }).crc32 === 'function')("Node's zlib.crc32 agrees with the portable CRC32 (both paths)", () => {
    const native = (zlib as unknown as { crc32: (d: Uint8Array) => number }).crc32;
    const bytewise = crc32Family(0xedb88320, false);
    for (const data of inputs) {
      expect(crc32(0, data)).toBe(native(data));
      expect(bytewise(0, data)).toBe(native(data));
    }
  });

  it.runIf(requirePeers(['python-botocore'], "CRC32 against Python's zlib.crc32"))("Python's zlib.crc32 agrees with both our CRC32s", () => {
    const run = spawnSync('python3', [join(__dirname, '../peers/crc32.py')], {
      input: inputs.map((d) => Buffer.from(d).toString('base64')).join('\n') + '\n',
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    expect(run.status, run.stderr).toBe(0);
    const python = run.stdout.trim().split('\n').map(Number);
    expect(python).toHaveLength(inputs.length);
    expect(inputs.map((d) => crc32(0, d))).toEqual(python);
    expect(inputs.map((d) => nodeCrc32(0, d))).toEqual(python);
  });
});

describe('CRC32C and CRC64NVME against a Python reference (test/peers/crc_reference.py, bit by bit from the polynomial)', () => {
  // Lengths 0-80 (every tail of the word loops) and a few of some KiB, each at an odd offset of its buffer too.
  const r = seeded(64);
  const inputs = [...Array.from({ length: 81 }, (_, n) => fill(n, () => r.int(0, 255))), ...Array.from({ length: 6 }, () => fill(r.int(1000, 4000), () => r.int(0, 255)))];
  const CASES: ReadonlyArray<readonly [Crc, (pieces: readonly Uint8Array[]) => bigint]> = IMPLEMENTATIONS.filter(([, crc]) => crc !== 'CRC32').map(([, crc, run]) => [crc, run]);

  it.runIf(requirePeers(['python3'], 'CRC32C and CRC64NVME against the Python reference'))('every implementation agrees with Python, whole and at an odd offset', () => {
    const lines = (['CRC32C', 'CRC64NVME'] as const).flatMap((crc) => inputs.map((d) => `${crc} ${Buffer.from(d).toString('base64')}`));
    const run = spawnSync('python3', [join(__dirname, '../peers/crc_reference.py')], { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(run.status, run.stderr).toBe(0);
    const python = run.stdout.trim().split('\n');
    expect(python).toHaveLength(lines.length);
    expect([python[0], python[inputs.length]]).toEqual(['00000000', '0000000000000000']); // the CRC of nothing, both widths
    for (const [crc, run] of CASES) {
      const expected = python.slice(crc === 'CRC32C' ? 0 : inputs.length, crc === 'CRC32C' ? inputs.length : 2 * inputs.length);
      for (const [i, data] of inputs.entries()) {
        const shifted = new Uint8Array(data.length + 3);
        shifted.set(data, 3);
        expect(hex(run([data]), crc)).toBe(expected[i]);
        expect(hex(run([shifted.subarray(3)]), crc)).toBe(expected[i]);
      }
    }
  });
});

describe('full-object CRCs from the parts (combineCrc32, combineCrc32c, combineCrc64nvme)', () => {
  const COMBINE = { CRC32: combineCrc32, CRC32C: combineCrc32c, CRC64NVME: combineCrc64nvme } as const;
  const digest = (algorithm: Crc, data: Uint8Array): string => {
    const c = createChecksum(algorithm);
    c.update(data);
    return c.digest();
  };

  it.each(['CRC32', 'CRC32C', 'CRC64NVME'] as const)('%s: the combined parts equal the CRC of the whole (reference), whatever the part sizes', (crc) => {
    const r = seeded(WIDTH[crc] * 7 + crc.length);
    for (let round = 0; round < 8; round++) {
      const whole = fill(r.int(0, 30_000), () => r.int(0, 255));
      const parts: Array<{ checksum: string; size: number }> = [];
      for (let at = 0; at < whole.length || parts.length === 0; ) {
        const n = Math.min(r.pick([0, 1, 7, 64, r.int(0, 12_000)]), whole.length - at);
        parts.push({ checksum: digest(crc, whole.subarray(at, at + n)), size: n });
        at += n;
      }
      const combined = COMBINE[crc](parts);
      expect(hex(fromB64(combined), crc)).toBe(hex(reference(crc, whole), crc));
      expect(combined).toBe(digest(crc, whole));
    }
  });

  it('CRC64NVME of "Hello," + " World!" combines to the published "Hello, World!" value; no parts is the empty CRC', () => {
    const parts = ['Hello,', ' World!'].map((t) => ({ checksum: digest('CRC64NVME', ascii(t)), size: t.length }));
    expect(combineCrc64nvme(parts)).toBe('1Km+Qyat0k0=');
    expect(combineCrc64nvme([])).toBe('AAAAAAAAAAA=');
    expect(combineCrc32([])).toBe('AAAAAA==');
  });

  it('refuses a checksum of the wrong size or not base64, and a bad size, with INVALID_OPTION', () => {
    const crc32Value = digest('CRC32', ascii('x'));
    const bad: Array<() => unknown> = [
      () => combineCrc64nvme([{ checksum: crc32Value, size: 1 }]),
      () => combineCrc32([{ checksum: 'not base64!', size: 1 }]),
      () => combineCrc32c([{ checksum: crc32Value, size: -1 }]),
      () => combineCrc32c([{ checksum: crc32Value, size: 1.5 }]),
      () => combineCrc32([null as unknown as { checksum: string; size: number }]),
      () => combineCrc32('parts' as unknown as []),
    ];
    for (const call of bad) {
      const error = captureError(call);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
      expect((error as Error).message).toMatch(/parts/);
    }
  });
});

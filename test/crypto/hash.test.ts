/** The two hashing backends (and one built from an injected SHA-256) agree with each other and with node:crypto. */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backendFromSha256 } from '../../src/crypto/hash.js';
import { backend as nodeBackend } from '../../src/crypto/hash.node.js';
import { backend as portableBackend } from '../../src/crypto/hash.portable.js';
import { seeded } from '../support/random.js';

const injected = backendFromSha256((data) => new Uint8Array(createHash('sha256').update(data).digest()));

describe.each([
  ['node:crypto', nodeBackend],
  ['@aws-crypto/sha256-js', portableBackend],
  ['injected SHA-256', injected],
])('%s backend', (_name, backend) => {
  it('matches node:crypto on seeded inputs of every length class', () => {
    const r = seeded(42);
    for (let i = 0; i < 300; i++) {
      const length = r.pick([0, 1, 55, 56, 63, 64, 65, 119, 128, 200, 1000]);
      const text = Array.from({ length }, () => String.fromCharCode(r.int(0x20, 0x7e))).join('') + (r.bool(0.2) ? 'é中😀' : '');
      const key = Uint8Array.from({ length: r.pick([16, 32, 64, 65, 100]) }, () => r.int(0, 255));
      expect(backend.sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
      expect(Buffer.from(backend.hmac(key, text)).toString('hex')).toBe(createHmac('sha256', key).update(text).digest('hex'));
      const ascii = text.replace(/[^\x20-\x7e]/g, '?');
      expect(backend.hmacHexSigner(key)(ascii)).toBe(createHmac('sha256', key).update(ascii).digest('hex'));
    }
  });

  it('reuses one signer for many strings, including ones longer than its first buffer', () => {
    const key = new Uint8Array(32).fill(7);
    const sign = backend.hmacHexSigner(key);
    for (const length of [10, 5000, 3, 300]) {
      const text = 'x'.repeat(length);
      expect(sign(text)).toBe(createHmac('sha256', key).update(text).digest('hex'));
    }
  });
});

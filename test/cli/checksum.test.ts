/** `sigv4 fetch --checksum`: the body's S3 checksum header, valued as the AWS SDK computes it (@aws-sdk/crc64-nvme, @aws-crypto/crc32c). */
import { AwsCrc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Loopback, type Recorded, startLoopback } from '../fetch/loopback.js';
import { sigv4 } from './io.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_REGION: 'us-east-1' };
const clock = (): Date => new Date('2026-03-01T12:00:00Z');
const body = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 13) & 0xff);

let server: Loopback;
let dir: string;
let file: string;
beforeAll(async () => {
  server = await startLoopback();
  dir = mkdtempSync(join(tmpdir(), 'sigv4kit-checksum-'));
  file = join(dir, 'object.bin');
  writeFileSync(file, body);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
const last = (): Recorded => server.log[server.log.length - 1]!;

describe('sigv4 fetch --checksum', () => {
  it.each([['crc64nvme', () => new Crc64Nvme()], ['CRC32C', () => new AwsCrc32c()]] as const)('--checksum %s sends x-amz-checksum-* with the SDK value', async (flag, sdk) => {
    const result = await sigv4(['fetch', `${server.url}/bucket/object.bin`, '--service', 's3', '-X', 'PUT', '-d', `@${file}`, '--checksum', flag], KEYS, { clock });
    expect(result.code, result.stderr).toBe(0);
    const hash = sdk();
    hash.update(body);
    const name = `x-amz-checksum-${flag.toLowerCase()}`;
    expect(last().header(name)).toBe(Buffer.from(await hash.digest()).toString('base64'));
    expect(last().header('authorization')).toContain(name);
  });

  it('an unknown algorithm is a usage error (exit 2) that lists the choices, and nothing is sent', async () => {
    const before = server.log.length;
    const result = await sigv4(['fetch', `${server.url}/bucket/object.bin`, '--service', 's3', '-X', 'PUT', '-d', 'x', '--checksum', 'md5'], KEYS, { clock });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--checksum must be CRC32, CRC32C, CRC64NVME, SHA1 or SHA256/);
    expect(server.log.length).toBe(before);
  });
});

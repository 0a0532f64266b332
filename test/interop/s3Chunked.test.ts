/**
 * aws-chunked uploads to moto's S3 with signature checking on: a 64 MiB generated object, streamed
 * through `fetch`, reads back byte-identical. moto checks the seed signature (botocore's
 * S3SigV4Auth) and decodes the chunks, but checks neither chunk signatures nor trailers: those
 * bytes are teed to an independent Python verifier (hmac/hashlib/zlib) as they go on the wire.
 * A private moto is started here because provisioning an S3 user needs `reset-auth`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, signRequest } from '../../src/index.js';
import { encodeChunkedBody, toReadableStream } from '../../src/chunked/encode.js';
import { chunkedUploadHeaders, type ChunkedUploadOptions } from '../../src/chunked/layout.js';
import { motoMissing, type RunningMoto, setMotoAuth, startMoto, stopMoto } from '../support/motoServer.js';
import { reportSkip } from '../support/peers.js';

const missing = motoMissing();
if (missing !== undefined) reportSkip('S3 aws-chunked interop tests', [missing]);

const MiB = 1024 * 1024;
const REGION = 'us-east-1';
const BUCKET = 'sigv4kit-chunked';

/** 64 MiB of xorshift32 output, in pieces of 1000003 bytes so no piece boundary meets a chunk boundary. */
function* generatedObject(size: number): Generator<Uint8Array> {
  let state = 0x9e3779b9;
  for (let sent = 0; sent < size; ) {
    const piece = new Uint8Array(Math.min(1_000_003, size - sent));
    for (let i = 0; i < piece.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      piece[i] = state & 0xff;
    }
    sent += piece.length;
    yield piece;
  }
}

const VERIFIER = `
import base64, hashlib, hmac, json, os, sys, zlib
secret = os.environ['CHUNK_SECRET']; amz_date, scope, seed, signed = sys.argv[1:5]
date, region, service, _ = scope.split('/')
mac = lambda k, m: hmac.new(k, m.encode(), hashlib.sha256).digest()
key = mac(mac(mac(mac(('AWS4' + secret).encode(), date), region), service), 'aws4_request')
empty = hashlib.sha256(b'').hexdigest()
f = sys.stdin.buffer
prev, chunks, total, crc, bad = seed, 0, 0, 0, 0
while True:
    line = f.readline()[:-2].decode()
    size_hex, _, sig = line.partition(';chunk-signature=')
    size = int(size_hex, 16)
    data = f.read(size)
    if signed == '1':
        sts = '\\n'.join(['AWS4-HMAC-SHA256-PAYLOAD', amz_date, scope, prev, empty, hashlib.sha256(data).hexdigest()])
        bad += hmac.new(key, sts.encode(), hashlib.sha256).hexdigest() != sig
        prev = sig
    chunks += 1
    if size == 0: break
    total += size; crc = zlib.crc32(data, crc)
    bad += f.read(2) != b'\\r\\n'
rest = f.read().decode().split('\\r\\n')
name, _, value = rest[0].partition(':')
trailer_ok = value == base64.b64encode(crc.to_bytes(4, 'big')).decode()
if signed == '1':
    sts = '\\n'.join(['AWS4-HMAC-SHA256-TRAILER', amz_date, scope, prev, hashlib.sha256(('%s:%s\\n' % (name, value)).encode()).hexdigest()])
    trailer_ok = trailer_ok and rest[1] == 'x-amz-trailer-signature:' + hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
print(json.dumps({'chunks': chunks, 'total': total, 'badChunks': bad, 'trailer': name, 'value': value, 'trailerOk': trailer_ok, 'end': rest[-2:]}))
`;

interface Verdict { chunks: number; total: number; badChunks: number; trailer: string; value: string; trailerOk: boolean; end: string[] }

/** Passes the body through while writing every frame to the Python verifier's stdin. */
async function* tee(body: AsyncIterable<Uint8Array>, child: ChildProcess): AsyncGenerator<Uint8Array> {
  for await (const frame of body) {
    if (!child.stdin!.write(frame)) await new Promise((resolve) => child.stdin!.once('drain', resolve));
    yield frame;
  }
  child.stdin!.end();
}

function startVerifier(secret: string, seed: { headers: Record<string, string>; credentialScope: string; signature: string }, signed: boolean): { child: ChildProcess; verdict: Promise<Verdict> } {
  const child = spawn('python3', ['-c', VERIFIER, seed.headers['x-amz-date']!, seed.credentialScope, seed.signature, signed ? '1' : '0'], {
    env: { ...process.env, CHUNK_SECRET: secret },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const verdict = new Promise<Verdict>((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Verdict) : reject(new Error(`verifier exited ${String(code)}`)))));
  return { child, verdict };
}

async function s3(moto: RunningMoto, credentials: Credentials, method: string, path: string, extra: Record<string, string> = {}, body?: string): Promise<Response> {
  const signed = signRequest({ method, url: `${moto.endpoint}${path}`, headers: extra, ...(body === undefined ? {} : { body }) }, { credentials, region: REGION, service: 's3' });
  return fetch(signed.url, { method, headers: signed.headers, ...(body === undefined ? {} : { body }) });
}

/** An IAM user allowed s3:*, and the bucket, created with checking briefly off (private server). */
async function provision(moto: RunningMoto): Promise<Credentials> {
  await setMotoAuth(moto.endpoint, 'inf');
  try {
    const admin = moto.setup.user;
    const iam = async (pairs: Array<[string, string]>): Promise<string> => {
      const body = new URLSearchParams([['Version', '2010-05-08'], ...pairs]).toString();
      const signed = signRequest({ method: 'POST', url: `${moto.endpoint}/`, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body }, { credentials: admin, region: REGION, service: 'iam' });
      const response = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
      const text = await response.text();
      if (!response.ok) throw new Error(`IAM ${pairs[0]![1]}: ${response.status} ${text}`);
      return text;
    };
    await iam([['Action', 'CreateUser'], ['UserName', 's3-chunked']]);
    await iam([['Action', 'PutUserPolicy'], ['UserName', 's3-chunked'], ['PolicyName', 's3-all'], ['PolicyDocument', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })]]);
    const key = await iam([['Action', 'CreateAccessKey'], ['UserName', 's3-chunked']]);
    const credentials = { accessKeyId: /<AccessKeyId>([^<]+)</.exec(key)![1]!, secretAccessKey: /<SecretAccessKey>([^<]+)</.exec(key)![1]! };
    const created = await s3(moto, credentials, 'PUT', `/${BUCKET}`);
    if (!created.ok) throw new Error(`CreateBucket: ${created.status} ${await created.text()}`);
    return credentials;
  } finally {
    await setMotoAuth(moto.endpoint, 0);
  }
}

describe.skipIf(missing !== undefined)('aws-chunked uploads to moto S3 (checking on)', () => {
  let moto: RunningMoto;
  let credentials: Credentials;
  beforeAll(async () => {
    moto = await startMoto('sigv4kit-chunked');
    credentials = await provision(moto);
  }, 60_000);
  afterAll(async () => {
    if (moto) await stopMoto(moto.child);
  });

  async function upload(key: string, size: number, options: Omit<ChunkedUploadOptions, 'decodedContentLength'>): Promise<{ status: number; text: string; verdict: Verdict }> {
    const headers = { ...chunkedUploadHeaders({ decodedContentLength: size, ...options }), 'x-amz-sdk-checksum-algorithm': options.checksum ?? '' };
    if (options.checksum === undefined) delete (headers as Record<string, string>)['x-amz-sdk-checksum-algorithm'];
    const seed = signRequest({ method: 'PUT', url: `${moto.endpoint}/${BUCKET}/${key}`, headers }, { credentials, region: REGION, service: 's3' });
    const { child, verdict } = startVerifier(credentials.secretAccessKey, seed, options.payload !== 'unsigned');
    const body = toReadableStream(tee(encodeChunkedBody(generatedObject(size), seed, { credentials, ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}) }), child));
    const response = await fetch(seed.url, { method: 'PUT', headers: seed.headers, body, duplex: 'half' } as RequestInit);
    return { status: response.status, text: await response.text(), verdict: await verdict };
  }

  async function readBack(key: string): Promise<{ sha256: string; length: number; checksum: string | null }> {
    const response = await s3(moto, credentials, 'GET', `/${BUCKET}/${key}`, { 'x-amz-checksum-mode': 'ENABLED' });
    expect(response.status).toBe(200);
    const hash = createHash('sha256');
    let length = 0;
    for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(piece);
      length += piece.length;
    }
    return { sha256: hash.digest('hex'), length, checksum: response.headers.get('x-amz-checksum-crc32') };
  }

  function expected(size: number): string {
    const hash = createHash('sha256');
    for (const piece of generatedObject(size)) hash.update(piece);
    return hash.digest('hex');
  }

  it('64 MiB, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER with CRC32: accepted, every chunk and the trailer verify, reads back byte-identical', async () => {
    const size = 64 * MiB;
    const result = await upload('big-trailer.bin', size, { checksum: 'CRC32' });
    expect(result.status, result.text).toBe(200);
    expect(result.verdict).toMatchObject({ chunks: 1025, total: size, badChunks: 0, trailer: 'x-amz-checksum-crc32', trailerOk: true, end: ['', ''] });
    const back = await readBack('big-trailer.bin');
    // moto stored the trailer's checksum (x-amz-sdk-checksum-algorithm) and returns it.
    expect(back.checksum).toBe(result.verdict.value);
    expect(back.length).toBe(size);
    expect(back.sha256).toBe(expected(size));
  }, 120_000);

  it.each([
    ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', {}],
    ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', { payload: 'unsigned', checksum: 'CRC32' }],
    ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD, 8 KiB chunks', { chunkSize: 8192 }],
  ] as const)('3 MiB + 5 bytes, %s: accepted and read back byte-identical', async (_label, options) => {
    const size = 3 * MiB + 5;
    const key = `small-${Object.values(options).join('-') || 'plain'}.bin`;
    const result = await upload(key, size, options);
    expect(result.status, result.text).toBe(200);
    expect(result.verdict.badChunks).toBe(0);
    expect(result.verdict.total).toBe(size);
    if ('checksum' in options) expect(result.verdict.trailerOk).toBe(true);
    const back = await readBack(key);
    expect(back).toMatchObject({ length: size, sha256: expected(size) });
  }, 60_000);

  it('a wrong secret is refused: SignatureDoesNotMatch on the seed', async () => {
    const headers = chunkedUploadHeaders({ decodedContentLength: 10 });
    const wrong = { ...credentials, secretAccessKey: `${credentials.secretAccessKey}x` };
    const seed = signRequest({ method: 'PUT', url: `${moto.endpoint}/${BUCKET}/wrong.bin`, headers }, { credentials: wrong, region: REGION, service: 's3' });
    const body = toReadableStream(encodeChunkedBody([new Uint8Array(10)], seed, { credentials: wrong }));
    const response = await fetch(seed.url, { method: 'PUT', headers: seed.headers, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('SignatureDoesNotMatch');
  });
});

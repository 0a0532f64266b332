/**
 * Real clients as peers: the aws CLI (botocore header signing), curl --aws-sigv4 and boto3
 * presigned URLs call a loopback server protected by withSigV4/verifyRequest. Their requests are
 * accepted; known-bad client output is refused; and tampered copies of each captured request
 * (method, path, query, a signed header, body, token, date) are refused with AWS's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRequest, type VerifyCredentials, type VerifyResult } from '../../src/index.js';
import { awsEnv, requirePeers, runPeer, runPython, tempDir, type TempDir } from '../support/peers.js';
import { type Captured, startVerifyServer, type VerifyServer } from './verifyServer.js';

const USER = { accessKeyId: 'AKIDEXAMPLEUSER', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMP = { accessKeyId: 'ASIAEXAMPLETEMP', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+sigv4kit/token==' };
const keys = new Map<string, VerifyCredentials>([[USER.accessKeyId, USER], [TEMP.accessKeyId, TEMP]]);
const S3_CONFIG = '[default]\ns3 =\n    addressing_style = path\n    signature_version = s3v4\n';

let server: VerifyServer;
let dir: TempDir;
beforeAll(async () => {
  server = await startVerifyServer(keys);
  dir = tempDir();
  dir.file('body.txt', 'hello, body');
});
afterAll(async () => {
  await server?.close();
  dir?.dispose();
});

/** Runs `call` and returns the requests the server received meanwhile. */
async function captured(call: () => Promise<unknown>): Promise<Captured[]> {
  const start = server.log.length;
  await call();
  return server.log.slice(start);
}

type Wire = { method: string; url: string; headers: Array<[string, string]>; body?: Uint8Array | string };
const header = (w: Wire, name: string): string | undefined => w.headers.find(([n]) => n.toLowerCase() === name)?.[1];
const withHeader = (w: Wire, name: string, value: string | undefined): Wire => ({
  ...w,
  headers: [...w.headers.filter(([n]) => n.toLowerCase() !== name), ...(value === undefined ? [] : [[name, value] as [string, string]])],
});

function replay(wire: Wire, now: Date): Promise<VerifyResult> {
  return verifyRequest(wire, { getCredentials: (id) => keys.get(id), now });
}

/** Tampered copies of an accepted request, each with the code AWS would answer. */
function tamperings(rec: Captured): Array<[string, Wire, Date, string]> {
  const identity = rec.identity!;
  const wire: Wire = { method: rec.method, url: rec.url, headers: rec.headers, body: rec.body ?? new Uint8Array() };
  const at = rec.at;
  const [path = '', query] = rec.url.split(/\?(.*)/s);
  const later = identity.presigned ? new Date(identity.expiresAt!.getTime() + 1000) : new Date(at.getTime() + 301_000);
  const token = identity.presigned ? undefined : header(wire, 'x-amz-security-token');
  const bodyCode = identity.payload === 'unsigned' ? 'valid' : identity.service === 's3' && !identity.presigned ? 'XAmzContentSHA256Mismatch' : 'SignatureDoesNotMatch';
  const out: Array<[string, Wire, Date, string]> = [
    ['method', { ...wire, method: rec.method === 'PUT' ? 'POST' : 'PUT' }, at, 'SignatureDoesNotMatch'],
    ['path', { ...wire, url: `${path}x${query === undefined ? '' : `?${query}`}` }, at, 'SignatureDoesNotMatch'],
    ['query', { ...wire, url: `${rec.url}${query === undefined ? '?' : '&'}extra=1` }, at, 'SignatureDoesNotMatch'],
    ['signed header (host)', withHeader(wire, 'host', '127.0.0.2:1'), at, 'SignatureDoesNotMatch'],
    ['body', { ...wire, body: `${Buffer.from(rec.body ?? []).toString('latin1')}x` }, at, bodyCode],
    ['date', wire, later, identity.presigned ? 'RequestExpired' : 'RequestTimeTooSkewed'],
  ];
  if (!identity.presigned) {
    out.push(['token', withHeader(wire, 'x-amz-security-token', token === undefined ? TEMP.sessionToken : `${token}x`), at, 'InvalidClientTokenId']);
  } else {
    const url = identity.sessionToken === undefined ? `${rec.url}&X-Amz-Security-Token=abc` : rec.url.replace(/X-Amz-Security-Token=[^&]*/, 'X-Amz-Security-Token=abc');
    out.push(['token', { ...wire, url }, at, 'InvalidClientTokenId']);
  }
  return out;
}

async function expectAcceptedAndTamperProof(recs: readonly Captured[]): Promise<void> {
  expect(recs.length).toBeGreaterThan(0);
  for (const rec of recs) {
    expect({ status: rec.status, code: rec.code, url: rec.url }).toMatchObject({ status: 200, code: undefined });
    expect((await replay({ method: rec.method, url: rec.url, headers: rec.headers, body: rec.body ?? new Uint8Array() }, rec.at)).valid).toBe(true);
    for (const [what, wire, now, expected] of tamperings(rec)) {
      const result = await replay(wire, now);
      expect(result.valid ? 'valid' : result.code, `${rec.method} ${rec.url}: tampered ${what}`).toBe(expected);
    }
  }
}

const hasAws = requirePeers(['aws-cli'], 'verify interop with the aws CLI');
const hasCurl = requirePeers(['curl'], 'verify interop with curl --aws-sigv4');
const hasBotocore = requirePeers(['python-botocore'], 'verify interop with boto3 presigned URLs');

describe.runIf(hasAws)('aws CLI (botocore header signing)', () => {
  const aws = (creds: typeof USER | typeof TEMP, ...args: string[]) =>
    runPeer('aws', [...args, '--endpoint-url', server.endpoint, '--region', 'us-east-1'], awsEnv(dir, creds, S3_CONFIG));

  it.each<[string, typeof USER | typeof TEMP, string[], string]>([
    // The server reads every body (empty here), so the empty payload hash is checked too.
    ['mediaconnect list-flows', USER, ['mediaconnect', 'list-flows'], 'verified'],
    ['mediaconnect list-flows with a session token', TEMP, ['mediaconnect', 'list-flows'], 'verified'],
    ['list-flows, query needing encoding', USER, ['mediaconnect', 'list-flows', '--max-results', '5', '--next-token', 'a/b+c= d'], 'verified'],
    ['describe-flow, ARN in the path (double encoding)', TEMP, ['mediaconnect', 'describe-flow', '--flow-arn', 'arn:aws:mediaconnect:us-east-1:111122223333:flow:1-abc:my-flow'], 'verified'],
    ['create-flow, JSON body', TEMP, ['mediaconnect', 'create-flow', '--name', 'my flow'], 'verified'],
    ['sts get-caller-identity, form body', USER, ['sts', 'get-caller-identity'], 'verified'],
    ['iam list-users, form body, token', TEMP, ['iam', 'list-users'], 'verified'],
    ['s3api get-object, S3 rules (single encoding)', USER, ['s3api', 'get-object', '--bucket', 'b', '--key', 'a b/ü+c=d.txt', '/dev/null'], 'verified'],
    ['s3api put-object, signed payload', TEMP, ['s3api', 'put-object', '--bucket', 'b', '--key', 'k.txt', '--body', 'BODY'], 'verified'],
  ])('%s: accepted, tampered copies refused', async (_what, creds, args, payload) => {
    const argv = args.map((a) => (a === 'BODY' ? `${dir.path}/body.txt` : a));
    let result = { code: -1, stderr: '' };
    const recs = await captured(async () => (result = await aws(creds, ...argv)));
    expect(result.code, result.stderr).toBe(0);
    expect(recs.map((r) => r.identity?.accessKeyId)).toEqual(recs.map(() => creds.accessKeyId));
    expect(recs[0]?.identity).toMatchObject({ presigned: false, payload, ...('sessionToken' in creds ? { sessionToken: creds.sessionToken } : {}) });
    await expectAcceptedAndTamperProof(recs);
  });

  it.each<[string, string, typeof USER | typeof TEMP]>([
    ['a wrong secret', 'SignatureDoesNotMatch', { ...USER, secretAccessKey: 'wrong' }],
    ['an unknown key', 'InvalidClientTokenId', { ...USER, accessKeyId: 'AKIDUNKNOWN' }],
    ['temporary keys without their token', 'InvalidClientTokenId', { accessKeyId: TEMP.accessKeyId, secretAccessKey: TEMP.secretAccessKey } as typeof USER],
    ['a long-term key with a token', 'InvalidClientTokenId', { ...USER, sessionToken: TEMP.sessionToken } as typeof TEMP],
  ])('refuses %s with %s, and the CLI reports it', async (_what, code, creds) => {
    let result = { code: 0, stderr: '' };
    const recs = await captured(async () => (result = await aws(creds, 'mediaconnect', 'list-flows')));
    expect(recs.map((r) => [r.status, r.code])).toEqual([[403, code]]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(code);
  });
});

describe.runIf(hasCurl)('curl --aws-sigv4', () => {
  const curl = (creds: typeof USER, service: string, path: string, ...extra: string[]) =>
    runPeer('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--aws-sigv4', `aws:amz:us-east-1:${service}`, '--user', `${creds.accessKeyId}:${creds.secretAccessKey}`, ...extra, `${server.endpoint}${path}`], {});

  it.each<[string, typeof USER, string, string, string[]]>([
    ['GET', USER, 'mediaconnect', '/v1/flows', []],
    ['GET with a sorted query', USER, 'mediaconnect', '/v1/flows?maxResults=5&nextToken=abc', []],
    ['GET with a session token header', TEMP, 'mediaconnect', '/v1/flows', ['-H', `x-amz-security-token: ${TEMP.sessionToken}`]],
    ['POST JSON', USER, 'mediaconnect', '/v1/flows', ['-H', 'content-type: application/json', '--data-binary', '{"name":"my flow"}']],
    ['POST form (STS)', TEMP, 'sts', '/', ['-H', `x-amz-security-token: ${TEMP.sessionToken}`, '-d', 'Action=GetCallerIdentity&Version=2011-06-15']],
    // curl signs the header's UTF-8 bytes; Node hands them over as latin1 characters.
    ['a UTF-8 header value', USER, 'mediaconnect', '/v1/flows', ['-H', 'x-amz-meta-name: caf\u00e9 \u00fcber']],
    ['S3 GET with x-amz-content-sha256', USER, 's3', '/bucket/key.txt', ['-H', 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']],
  ])('%s: accepted, tampered copies refused', async (_what, creds, service, path, extra) => {
    let status = '';
    const recs = await captured(async () => (status = (await curl(creds, service, path, ...extra)).stdout));
    expect(status).toBe('200');
    await expectAcceptedAndTamperProof(recs);
  });

  it.each<[string, string, string]>([
    // curl signs the query as sent, unsorted: not what SigV4 (or AWS) derives.
    ['an unsorted query', 'mediaconnect', '/v1/flows?nextToken=abc&maxResults=5'],
    // curl does not double-encode a non-S3 path.
    ['a %3A in a non-S3 path', 'mediaconnect', '/v1/flows/arn%3Aaws%3Amediaconnect'],
  ])('refuses its signature for %s (known-bad client output)', async (_what, service, path) => {
    const recs = await captured(() => curl(USER, service, path));
    expect(recs.map((r) => [r.status, r.code])).toEqual([[403, 'SignatureDoesNotMatch']]);
  });
});

const PRESIGN = `
import json, sys, boto3
from botocore.config import Config
e = sys.argv[1]
s = boto3.session.Session(region_name='us-east-1')
s3 = s.client('s3', endpoint_url=e, config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
sts = s.client('sts', endpoint_url=e)
mc = s.client('mediaconnect', endpoint_url=e)
print(json.dumps({
  's3': s3.generate_presigned_url('get_object', Params={'Bucket': 'b', 'Key': 'a b/\u00fc+c=d.txt'}, ExpiresIn=300),
  'sts': sts.generate_presigned_url('get_caller_identity', HttpMethod='GET', ExpiresIn=120),
  'mediaconnect': mc.generate_presigned_url('list_flows', Params={'MaxResults': 5}, HttpMethod='GET', ExpiresIn=60),
  'sts-for-post': sts.generate_presigned_url('get_caller_identity'),
}))
`;

describe.runIf(hasBotocore)('boto3 presigned URLs', () => {
  async function presign(creds: typeof USER | typeof TEMP): Promise<Record<string, string>> {
    const result = await runPython(PRESIGN, awsEnv(dir, creds), [server.endpoint]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Record<string, string>;
  }

  it.each([['long-term keys', USER], ['temporary keys (token in the URL)', TEMP]] as const)('with %s: S3 and non-S3 URLs are accepted, tampered copies refused', async (_what, creds) => {
    const urls = await presign(creds);
    for (const name of ['s3', 'sts', 'mediaconnect']) {
      const recs = await captured(async () => expect((await fetch(urls[name]!)).status, name).toBe(200));
      expect(recs[0]?.identity).toMatchObject({ presigned: true, service: name });
      await expectAcceptedAndTamperProof(recs);
    }
  });

  it('refuses a URL presigned for POST and fetched with GET (known-bad use)', async () => {
    const urls = await presign(USER);
    const recs = await captured(async () => expect((await fetch(urls['sts-for-post']!)).status).toBe(403));
    expect(recs.map((r) => r.code)).toEqual(['SignatureDoesNotMatch']);
  });
});

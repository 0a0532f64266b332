/**
 * The portable sigv4-kit/x509 (WebCrypto, no node:crypto) on Node's globalThis.crypto.subtle, against
 * the Python CreateSession fake, whose checks are independent: botocore recomputes the canonical
 * request, Python `cryptography` verifies the RSA/ECDSA signature against the certificate.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignUrlAsync, signRequest, signRequestAsync } from '../../src/index.js';
import { CredentialsError, InvalidRequestError } from '../../src/errors.js';
import { fromRolesAnywhere, x509, x509Verifiers } from '../../src/x509.portable.js';
import { x509 as nodeX509 } from '../../src/x509.js';
import { requirePeers, tempDir, type TempDir } from '../support/peers.js';
import { makePki, type Pki, PROFILE_ARN, REGION, ROLE_ARN, startFake, TRUST_ANCHOR_ARN } from './fake.js';

const havePeers = requirePeers(['python-botocore'], 'portable X.509 tests (botocore + cryptography oracle)');
const base = { trustAnchorArn: TRUST_ANCHOR_ARN, profileArn: PROFILE_ARN, roleArn: ROLE_ARN };
const body = JSON.stringify({ durationSeconds: 3600, profileArn: PROFILE_ARN, roleArn: ROLE_ARN, trustAnchorArn: TRUST_ANCHOR_ARN });

describe.skipIf(!havePeers)('portable X.509 (WebCrypto) against the Python CreateSession fake', () => {
  let dir: TempDir;
  let pki: Pki;
  beforeAll(() => {
    dir = tempDir('sigv4kit-x509-webcrypto-');
    pki = makePki(dir);
  });
  afterAll(() => dir?.dispose());

  const request = (endpoint: string, text = body) => ({ method: 'POST', url: `${endpoint}/sessions`, headers: { 'content-type': 'application/json' }, body: text });
  const send = (endpoint: string, headers: Record<string, string>, text = body) => fetch(`${endpoint}/sessions`, { method: 'POST', headers, body: text });

  for (const kind of ['rsa', 'p256', 'p384', 'rsa-int', 'p256-int', 'p384-int']) {
    it(`signRequestAsync with a ${kind} certificate: the fake verifies it; fromRolesAnywhere gets credentials`, async () => {
      const chain = kind.endsWith('-int') ? pki.read(`${kind}.chain.pem`) : undefined;
      const fake = await startFake(pki, `${kind}.cert.pem`, chain === undefined ? undefined : `${kind}.chain.pem`);
      try {
        const algorithm = x509({ certificate: pki.read(`${kind}.cert.pem`), privateKey: pki.read(`${kind}.key.pem`), chain });
        expect(algorithm.name).toBe(kind.startsWith('rsa') ? 'AWS4-X509-RSA-SHA256' : 'AWS4-X509-ECDSA-SHA256');
        expect(algorithm.certificate.serial).toBe(pki.serials[kind]);
        const signed = await signRequestAsync(request(fake.endpoint), { credentials: algorithm.credentials, region: REGION, service: 'rolesanywhere', algorithm });
        expect(signed.headers['authorization']).toMatch(new RegExp(`Credential=${pki.serials[kind]}/\\d{8}/${REGION}/rolesanywhere/aws4_request, SignedHeaders=[^,]*x-amz-x509[;,].* Signature=[0-9a-f]+$`));
        expect((await send(fake.endpoint, signed.headers)).status).toBe(201);

        const provider = fromRolesAnywhere({ ...base, certificate: pki.read(`${kind}.cert.pem`), privateKey: pki.read(`${kind}.key.pem`), chain, endpoint: fake.endpoint, durationSeconds: 900 });
        const credentials = await provider();
        expect(credentials.accessKeyId).toBe('ASIAFAKE00000002');
        expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now() + 800_000);
        await provider(); // cached
        expect(await fake.settled(2)).toEqual([{ ok: true, reason: null }, { ok: true, reason: null }]);
        expect(fake.verdicts).toHaveLength(2);
      } finally {
        fake.stop();
      }
    });
  }

  it('the same request as the node:crypto build, but for the signature (RSA PKCS#1 v1.5 is deterministic: equal too)', async () => {
    const options = { certificate: pki.read('rsa-int.cert.pem'), privateKey: pki.read('rsa-int.key.pem'), chain: pki.read('rsa-int.chain.pem') };
    const portable = x509(options);
    const node = nodeX509(options);
    const params = { region: REGION, service: 'rolesanywhere', signingDate: new Date() };
    const ours = await signRequestAsync(request('https://rolesanywhere.eu-west-1.amazonaws.com'), { ...params, credentials: portable.credentials, algorithm: portable });
    const theirs = signRequest(request('https://rolesanywhere.eu-west-1.amazonaws.com'), { ...params, credentials: node.credentials, algorithm: node });
    expect(ours).toEqual(theirs);
    const presigned = await presignUrlAsync(request('https://rolesanywhere.eu-west-1.amazonaws.com'), { ...params, credentials: portable.credentials, algorithm: portable, expiresIn: 60 });
    expect(presigned.url).toContain(`X-Amz-Signature=${presigned.signature}`);
    expect(presigned.signature).toMatch(/^[0-9a-f]{512}$/);
  });

  it('PKCS#1 and SEC1 keys: the fake accepts; encrypted PKCS#8 is refused naming the fix', async () => {
    const rsaFake = await startFake(pki, 'rsa.cert.pem');
    const ecFake = await startFake(pki, 'p256.cert.pem');
    try {
      await fromRolesAnywhere({ ...base, certificate: pki.read('rsa.cert.pem'), privateKey: pki.read('rsa.pkcs1.pem'), endpoint: rsaFake.endpoint })();
      await fromRolesAnywhere({ ...base, certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.sec1.pem'), endpoint: ecFake.endpoint })();
      expect(await rsaFake.settled(1)).toEqual([{ ok: true, reason: null }]);
      expect(await ecFake.settled(1)).toEqual([{ ok: true, reason: null }]);
    } finally {
      rsaFake.stop();
      ecFake.stop();
    }
    const encrypted = () => x509({ certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.enc.pem'), passphrase: 'correct horse' });
    expect(encrypted).toThrow(CredentialsError);
    expect(encrypted).toThrow(/decrypt it first .*or sign on Node/);
  });

  it('a SEC1 key without its public point (Python writes it by hand): paired with the certificate after import; another key is refused', async () => {
    const withoutPoint = (file: string) => execFileSync('python3', ['-c', `
import base64, sys
from cryptography.hazmat.primitives import serialization
k = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
d = k.private_numbers().private_value.to_bytes(32, "big")
oid = bytes.fromhex("06082a8648ce3d030107")  # P-256
body = bytes([2, 1, 1, 4, 32]) + d + bytes([0xA0, len(oid)]) + oid
der = bytes([0x30, len(body)]) + body
sys.stdout.write("-----BEGIN EC PRIVATE KEY-----\\n" + base64.b64encode(der).decode() + "\\n-----END EC PRIVATE KEY-----\\n")`, pki.path(file)], { encoding: 'utf8' });
    const fake = await startFake(pki, 'p256.cert.pem');
    try {
      await fromRolesAnywhere({ ...base, certificate: pki.read('p256.cert.pem'), privateKey: withoutPoint('p256.key.pem'), endpoint: fake.endpoint })();
      expect(await fake.settled(1)).toEqual([{ ok: true, reason: null }]);
      const other = x509({ certificate: pki.read('p256.cert.pem'), privateKey: withoutPoint('p256-int.key.pem') });
      const error = await signRequestAsync(request(fake.endpoint), { credentials: other.credentials, region: REGION, service: 'rolesanywhere', algorithm: other }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CredentialsError);
      expect((error as Error).message).toMatch(/does not belong to the certificate/);
      expect(fake.verdicts).toHaveLength(1);
    } finally {
      fake.stop();
    }
  });

  it('a non-extractable WebCrypto CryptoKey signs too', async () => {
    const fake = await startFake(pki, 'p384.cert.pem');
    try {
      const pem = pki.read('p384.key.pem');
      const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      const key = await crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign']);
      await fromRolesAnywhere({ ...base, certificate: pki.read('p384.cert.pem'), privateKey: key, endpoint: fake.endpoint })();
      expect(await fake.settled(1)).toEqual([{ ok: true, reason: null }]);
    } finally {
      fake.stop();
    }
  });

  it('the fake refuses a tampered request and a wrong serial in the credential', async () => {
    const fake = await startFake(pki, 'p256.cert.pem');
    try {
      const algorithm = x509({ certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.key.pem') });
      const sign = () => signRequestAsync(request(fake.endpoint), { credentials: algorithm.credentials, region: REGION, service: 'rolesanywhere', algorithm });
      expect((await send(fake.endpoint, (await sign()).headers)).status).toBe(201);
      expect((await send(fake.endpoint, (await sign()).headers, body.replace('3600', '43200'))).status).toBe(403);
      const signed = await sign();
      const serial = algorithm.certificate.serial;
      const wrong = (BigInt(serial) + 1n).toString();
      const forged = { ...signed.headers, authorization: signed.headers['authorization']!.replace(`Credential=${serial}/`, `Credential=${wrong}/`) };
      expect((await send(fake.endpoint, forged)).status).toBe(403);
      expect((await fake.settled(3)).map((v) => v.reason)).toEqual([null, 'signature does not verify', `wrong serial ${wrong}, certificate serial is ${serial}`]);
    } finally {
      fake.stop();
    }
  });

  it('an expired certificate: the fake refuses it, the portable fromRolesAnywhere refuses locally naming the dates', async () => {
    const fake = await startFake(pki, 'expired.cert.pem');
    try {
      const algorithm = x509({ certificate: pki.read('expired.cert.pem'), privateKey: pki.read('expired.key.pem') });
      const inside = new Date(algorithm.certificate.notBefore.getTime() + 86_400_000);
      const signed = await signRequestAsync(request(fake.endpoint), { credentials: algorithm.credentials, region: REGION, service: 'rolesanywhere', algorithm, signingDate: inside });
      expect((await send(fake.endpoint, signed.headers)).status).toBe(403);
      expect((await fake.settled(1))[0]!.reason).toMatch(/^certificate not valid now/);
      const error = (await fromRolesAnywhere({ ...base, certificate: pki.read('expired.cert.pem'), privateKey: pki.read('expired.key.pem'), endpoint: fake.endpoint })().catch((e: unknown) => e)) as CredentialsError;
      expect(error).toBeInstanceOf(CredentialsError);
      expect(error.code).toBe('CREDENTIALS_EXPIRED');
      expect(error.message).toContain(`expired at ${algorithm.certificate.notAfter.toISOString()}`);
      expect(fake.verdicts).toHaveLength(1);
    } finally {
      fake.stop();
    }
  });

  it('signRequest refuses the portable algorithm naming signRequestAsync; x509Verifiers is refused naming Node', () => {
    const algorithm = x509({ certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.key.pem') });
    expect(() => signRequest(request('https://rolesanywhere.eu-west-1.amazonaws.com'), { credentials: algorithm.credentials, region: REGION, service: 'rolesanywhere', algorithm }))
      .toThrow(/signRequestAsync/);
    expect(() => x509Verifiers({ checkCertificate: () => true })).toThrow(InvalidRequestError);
    expect(() => x509Verifiers({ checkCertificate: () => true })).toThrow(/node:crypto.*on Node/);
  });
});

/**
 * X.509 signing and fromRolesAnywhere against a loopback CreateSession fake whose checks are
 * independent: botocore recomputes the canonical request, Python `cryptography` verifies the
 * RSA/ECDSA signature against the certificate (test/peers/rolesanywhere_fake.py).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/index.js';
import { CredentialsError, InvalidRequestError } from '../../src/errors.js';
import { fromRolesAnywhere, x509 } from '../../src/x509.js';
import { requirePeers, tempDir, type TempDir } from '../support/peers.js';
import { makePki, type Pki, PROFILE_ARN, REGION, ROLE_ARN, startFake, TRUST_ANCHOR_ARN } from './fake.js';

const havePeers = requirePeers(['python-botocore'], 'X.509 / Roles Anywhere tests (botocore + cryptography oracle)');

describe.skipIf(!havePeers)('X.509 signing against the Python CreateSession fake', () => {
  let dir: TempDir;
  let pki: Pki;
  beforeAll(() => {
    dir = tempDir('sigv4kit-x509-');
    pki = makePki(dir);
  });
  afterAll(() => dir?.dispose());

  const base = { trustAnchorArn: TRUST_ANCHOR_ARN, profileArn: PROFILE_ARN, roleArn: ROLE_ARN };

  for (const kind of ['rsa', 'p256', 'p384', 'rsa-int', 'p256-int', 'p384-int']) {
    it(`fromRolesAnywhere gets credentials with a ${kind} certificate (fake verifies signature, X-Amz-X509${kind.endsWith('-int') ? ', chain' : ''})`, async () => {
      const chain = kind.endsWith('-int') ? `${kind}.chain.pem` : undefined;
      const fake = await startFake(pki, `${kind}.cert.pem`, chain);
      try {
        const provider = fromRolesAnywhere({
          ...base,
          certificate: pki.read(`${kind}.cert.pem`),
          privateKey: pki.read(`${kind}.key.pem`),
          ...(chain ? { chain: pki.read(chain) } : {}),
          endpoint: fake.endpoint,
          durationSeconds: 900,
        });
        const credentials = await provider();
        expect(await fake.settled(1)).toEqual([{ ok: true, reason: null }]);
        expect(credentials.accessKeyId).toBe('ASIAFAKE00000001');
        expect(credentials.sessionToken).toBe('fake-token-1');
        expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now() + 800_000);
        // Cached: a second call does not call CreateSession again.
        await provider();
        expect(fake.verdicts).toHaveLength(1);
      } finally {
        fake.stop();
      }
    });
  }

  it('the credential id is the serial in decimal, as Python reads it (20-octet serials, BigInt)', () => {
    for (const kind of ['rsa', 'p256', 'p384']) {
      const algorithm = x509({ certificate: pki.read(`${kind}.cert.pem`), privateKey: pki.read(`${kind}.key.pem`) });
      expect(algorithm.certificate.serial).toBe(pki.serials[kind]);
      expect(algorithm.name).toBe(kind === 'rsa' ? 'AWS4-X509-RSA-SHA256' : 'AWS4-X509-ECDSA-SHA256');
    }
  });

  it('PKCS#1, SEC1 and encrypted PKCS#8 keys sign requests the fake accepts', async () => {
    const rsaFake = await startFake(pki, 'rsa.cert.pem');
    const ecFake = await startFake(pki, 'p256.cert.pem');
    try {
      await fromRolesAnywhere({ ...base, certificate: pki.read('rsa.cert.pem'), privateKey: pki.read('rsa.pkcs1.pem'), endpoint: rsaFake.endpoint })();
      await fromRolesAnywhere({ ...base, certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.sec1.pem'), endpoint: ecFake.endpoint })();
      await fromRolesAnywhere({ ...base, certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.enc.pem'), passphrase: 'correct horse', endpoint: ecFake.endpoint })();
      expect(await rsaFake.settled(1)).toEqual([{ ok: true, reason: null }]);
      expect(await ecFake.settled(2)).toEqual([{ ok: true, reason: null }, { ok: true, reason: null }]);
    } finally {
      rsaFake.stop();
      ecFake.stop();
    }
  });

  it('key problems are CredentialsErrors naming the cause, never the key', () => {
    const cert = pki.read('p256.cert.pem');
    const enc = pki.read('p256.enc.pem');
    const attempt = (privateKey: string, passphrase?: string) => () => x509({ certificate: cert, privateKey, passphrase });
    expect(attempt(enc)).toThrow(/encrypted: give its passphrase/);
    expect(attempt(enc, 'wrong')).toThrow(/could not be decrypted: check the passphrase/);
    expect(attempt(pki.read('p384.key.pem'))).toThrow(/does not belong to the certificate/);
    expect(attempt('not a key')).toThrow(CredentialsError);
    try {
      attempt(pki.read('p384.key.pem'))();
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('PRIVATE KEY');
    }
    expect(() => x509({ certificate: 'nope', privateKey: pki.read('p256.key.pem') })).toThrow(InvalidRequestError);
  });

  async function send(fake: { endpoint: string }, signed: { headers: Record<string, string> }, body: string) {
    return fetch(`${fake.endpoint}/sessions`, { method: 'POST', headers: signed.headers, body });
  }

  it('the fake refuses a tampered request and a wrong serial in the credential', async () => {
    const fake = await startFake(pki, 'p256.cert.pem');
    try {
      const algorithm = x509({ certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.key.pem') });
      const body = JSON.stringify({ durationSeconds: 3600, profileArn: PROFILE_ARN, roleArn: ROLE_ARN, trustAnchorArn: TRUST_ANCHOR_ARN });
      const sign = () =>
        signRequest({ method: 'POST', url: `${fake.endpoint}/sessions`, headers: { 'content-type': 'application/json' }, body }, {
          credentials: algorithm.credentials, region: REGION, service: 'rolesanywhere', algorithm,
        });
      expect((await send(fake, sign(), body)).status).toBe(201);
      const tampered = await send(fake, sign(), body.replace('3600', '43200'));
      expect(tampered.status).toBe(403);
      const signed = sign();
      const serial = algorithm.certificate.serial;
      const wrong = (BigInt(serial) + 1n).toString();
      const forged = { headers: { ...signed.headers, authorization: signed.headers['authorization']!.replace(`Credential=${serial}/`, `Credential=${wrong}/`) } };
      expect((await send(fake, forged, body)).status).toBe(403);
      // The hex serial (Node's X509Certificate.serialNumber) is refused as well: AWS wants decimal.
      const hexSerial = BigInt(serial).toString(16);
      const hexForged = { headers: { ...signed.headers, authorization: signed.headers['authorization']!.replace(`Credential=${serial}/`, `Credential=${hexSerial}/`) } };
      expect((await send(fake, hexForged, body)).status).toBe(403);
      expect((await fake.settled(4)).map((v) => v.reason)).toEqual([
        null,
        'signature does not verify',
        `wrong serial ${wrong}, certificate serial is ${serial}`,
        `wrong serial ${hexSerial}, certificate serial is ${serial}`,
      ]);
    } finally {
      fake.stop();
    }
  });

  it('an expired certificate: the fake refuses it, fromRolesAnywhere refuses locally naming the dates', async () => {
    const fake = await startFake(pki, 'expired.cert.pem');
    try {
      const algorithm = x509({ certificate: pki.read('expired.cert.pem'), privateKey: pki.read('expired.key.pem') });
      const inside = new Date(algorithm.certificate.notBefore.getTime() + 86_400_000);
      const body = JSON.stringify({ durationSeconds: 3600, profileArn: PROFILE_ARN, roleArn: ROLE_ARN, trustAnchorArn: TRUST_ANCHOR_ARN });
      // Signed with a clock inside the validity (as a machine with a wrong clock would): the fake says no.
      const signed = signRequest({ method: 'POST', url: `${fake.endpoint}/sessions`, headers: { 'content-type': 'application/json' }, body }, {
        credentials: algorithm.credentials, region: REGION, service: 'rolesanywhere', algorithm, signingDate: inside,
      });
      expect((await send(fake, signed, body)).status).toBe(403);
      expect((await fake.settled(1))[0]!.reason).toMatch(/^certificate not valid now/);
      const provider = fromRolesAnywhere({ ...base, certificate: pki.read('expired.cert.pem'), privateKey: pki.read('expired.key.pem'), endpoint: fake.endpoint });
      const error = await provider().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CredentialsError);
      expect((error as CredentialsError).code).toBe('CREDENTIALS_EXPIRED');
      expect((error as Error).message).toContain(`expired at ${algorithm.certificate.notAfter.toISOString()}`);
      expect(fake.verdicts).toHaveLength(1); // no request sent
    } finally {
      fake.stop();
    }
  });

  it('AccessDeniedException (x-amzn-ErrorType "Type:...") names the likely causes', async () => {
    const fake = await startFake(pki, 'p256.cert.pem');
    try {
      const provider = fromRolesAnywhere({
        ...base, roleArn: 'arn:aws:iam::123456789012:role/other',
        certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.key.pem'), endpoint: fake.endpoint,
      });
      const error = (await provider().catch((e: unknown) => e)) as CredentialsError;
      expect(error).toBeInstanceOf(CredentialsError);
      expect(error.message).toMatch(/AccessDeniedException: Access denied: roleArn/);
      expect(error.message).toMatch(/trust anchor.*profile.*role trust policy/);
    } finally {
      fake.stop();
    }
  });

  it('endpoint from AWS_ENDPOINT_URL_ROLESANYWHERE, region from the trust anchor ARN', async () => {
    const fake = await startFake(pki, 'p384.cert.pem');
    try {
      const provider = fromRolesAnywhere({
        ...base, certificate: pki.read('p384.cert.pem'), privateKey: pki.read('p384.key.pem'),
        env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_ROLESANYWHERE: fake.endpoint },
      });
      await provider();
      expect(await fake.settled(1)).toEqual([{ ok: true, reason: null }]); // the fake checks the scope region is eu-west-1
    } finally {
      fake.stop();
    }
  });

  it('options are checked at once', () => {
    const ok = { ...base, certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.key.pem') };
    expect(() => fromRolesAnywhere({ ...ok, durationSeconds: 899 })).toThrow(/900 to 43200/);
    expect(() => fromRolesAnywhere({ ...ok, profileArn: PROFILE_ARN.replace('eu-west-1', 'us-east-1') })).toThrow(/a profile works with trust anchors of its own region/);
    expect(() => fromRolesAnywhere({ ...ok, trustAnchorArn: 'arn:aws:iam::1:role/x' })).toThrow(/trustAnchorArn must be/);
  });
});

/**
 * verifyRequest with x509Verifiers: requests signed by x509() (whose signatures the Python fake
 * accepts, see rolesAnywhere.test.ts) are accepted; a tampered body, another serial, an expired or
 * untrusted certificate are refused. Certificates come from Python `cryptography` (make_certs.py).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../../src/index.js';
import { x509, x509Verifiers, type CertificateCheck } from '../../src/x509.js';
import { requirePeers, tempDir, type TempDir } from '../support/peers.js';
import { makePki, type Pki } from './fake.js';

const havePeers = requirePeers(['python-botocore'], 'X.509 verifyRequest tests (certificates made with Python cryptography)');

describe.skipIf(!havePeers)('verifyRequest accepts X.509-signed requests', () => {
  let dir: TempDir;
  let pki: Pki;
  beforeAll(() => {
    dir = tempDir('sigv4kit-x509v-');
    pki = makePki(dir);
  });
  afterAll(() => dir?.dispose());

  const url = 'https://rolesanywhere.eu-west-1.amazonaws.com/sessions';
  const body = '{"durationSeconds":3600}';

  function signed(kind: string, signingDate = new Date(), chain?: string) {
    const algorithm = x509({ certificate: pki.read(`${kind}.cert.pem`), privateKey: pki.read(`${kind}.key.pem`), chain: chain && pki.read(chain) });
    const s = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, {
      credentials: algorithm.credentials, region: 'eu-west-1', service: 'rolesanywhere', algorithm, signingDate,
    });
    return { algorithm, request: { method: 'POST', url, headers: s.headers, body } };
  }

  for (const kind of ['rsa', 'p256', 'p384', 'p256-int']) {
    it(`accepts a ${kind} signature, asks checkCertificate with the chain, refuses a tampered body`, async () => {
      const { algorithm, request } = signed(kind, new Date(), kind.endsWith('-int') ? `${kind}.chain.pem` : undefined);
      const checks: CertificateCheck[] = [];
      const options = {
        getCredentials: (id: string) => (id === pki.serials[kind] ? { secretAccessKey: 'unused' } : undefined),
        algorithms: x509Verifiers({ checkCertificate: (c) => (checks.push(c), true) }),
      };
      const ok = await verifyRequest(request, options);
      expect(ok.valid).toBe(true);
      expect(checks[0]!.certificate.serial).toBe(pki.serials[kind]);
      expect(checks[0]!.chain).toHaveLength(kind.endsWith('-int') ? 1 : 0);
      expect(algorithm.certificate.serial).toBe(pki.serials[kind]);
      const tampered = await verifyRequest({ ...request, body: body.replace('3600', '43200') }, options);
      expect(tampered.valid).toBe(false);
    });
  }

  it('refuses an untrusted certificate, another certificate for the serial, an unknown serial, and X.509 when not listed', async () => {
    const { request } = signed('p256');
    const trustNone = { getCredentials: () => ({ secretAccessKey: 'unused' }), algorithms: x509Verifiers({ checkCertificate: () => false }) };
    expect((await verifyRequest(request, trustNone)).valid).toBe(false);
    const trustAll = { getCredentials: () => ({ secretAccessKey: 'unused' }), algorithms: x509Verifiers({ checkCertificate: () => true }) };
    // The P-384 certificate swapped in: its serial is not the credential's.
    const other = signed('p384').request.headers['x-amz-x509']!;
    expect((await verifyRequest({ ...request, headers: { ...request.headers, 'x-amz-x509': other } }, trustAll)).valid).toBe(false);
    const unknown = await verifyRequest(request, { ...trustAll, getCredentials: () => undefined });
    expect(unknown.valid === false && unknown.code).toBe('InvalidClientTokenId');
    const notListed = await verifyRequest(request, { getCredentials: () => ({ secretAccessKey: 'unused' }) });
    expect(notListed.valid).toBe(false);
  });

  it('refuses a request signed while the certificate was valid once it has expired, and x509() refuses to sign outside validity', async () => {
    const algorithm = x509({ certificate: pki.read('expired.cert.pem'), privateKey: pki.read('expired.key.pem') });
    const inside = new Date(algorithm.certificate.notBefore.getTime() + 86_400_000);
    const { request } = signed('expired', inside);
    const trustAll = { getCredentials: () => ({ secretAccessKey: 'unused' }), algorithms: x509Verifiers({ checkCertificate: () => true }) };
    expect((await verifyRequest(request, { ...trustAll, now: inside })).valid).toBe(true);
    // Signed now: refused by the signer itself, naming the dates.
    expect(() => signed('expired')).toThrow(/expired at .* \(valid from .*\), now is/);
  });

  it('x509Verifiers needs checkCertificate', () => {
    expect(() => x509Verifiers({} as never)).toThrow(/checkCertificate/);
  });

  it('an unsigned x-amz-x509-chain added in transit is refused', async () => {
    const algorithm = x509({ certificate: pki.read('p256.cert.pem'), privateKey: pki.read('p256.key.pem') });
    const url = 'https://rolesanywhere.eu-west-1.amazonaws.com/sessions';
    const s = signRequest({ method: 'POST', url, body: '{}' }, { credentials: algorithm.credentials, region: 'eu-west-1', service: 'rolesanywhere', algorithm });
    const chain = x509({ certificate: pki.read('p256-int.cert.pem'), privateKey: pki.read('p256-int.key.pem'), chain: pki.read('p256-int.chain.pem') });
    const injected = signRequest({ method: 'POST', url, body: '{}' }, { credentials: chain.credentials, region: 'eu-west-1', service: 'rolesanywhere', algorithm: chain }).headers['x-amz-x509-chain']!;
    const options = { getCredentials: () => ({ secretAccessKey: 'unused' }), algorithms: x509Verifiers({ checkCertificate: () => true }) };
    expect((await verifyRequest({ method: 'POST', url, headers: s.headers, body: '{}' }, options)).valid).toBe(true);
    const result = await verifyRequest({ method: 'POST', url, headers: { ...s.headers, 'x-amz-x509-chain': injected }, body: '{}' }, options);
    expect(result.valid === false && result.code).toBe('IncompleteSignature');
  });
});

/**
 * The portable certificate and key readers (src/x509/der.ts, certificateDer.ts, privateKey.ts)
 * against independent readers: Python `cryptography` (test/peers/cert_info.py) and Node's
 * X509Certificate / createPrivateKey (OpenSSL), on certificates generated for the run.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign, verify, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsError, InvalidRequestError } from '../../src/errors.js';
import { MAX_DER } from '../../src/x509/der.js';
import { parseCertificateDer, readCertificateDer } from '../../src/x509/certificateDer.js';
import { loadPortableKey } from '../../src/x509/privateKey.js';
import { rawEcdsaToDer } from '../../src/x509/webcrypto.js';
import { peerScript, requirePeers, tempDir, type TempDir } from '../support/peers.js';
import { makePki, type Pki } from './fake.js';

const havePeers = requirePeers(['python-botocore'], 'portable X.509 reader tests (Python cryptography oracle)');
const KINDS = ['rsa', 'p256', 'p384', 'rsa-int', 'p384-int', 'expired', 'far', 'maxserial'];

interface PythonView { serial: string; notBefore: string; notAfter: string; keyType: 'rsa' | 'ec'; curve: 'P-256' | 'P-384' | null; spki: string; der: string }

function typedError(fn: () => unknown): { name: string; code: string; message: string } {
  try {
    fn();
  } catch (error) {
    const e = error as { name: string; code: string; message: string };
    return { name: e.constructor.name, code: e.code, message: e.message };
  }
  return { name: 'none', code: '', message: '' };
}

describe.skipIf(!havePeers)('portable DER reader vs Python cryptography and Node X509Certificate', () => {
  let dir: TempDir;
  let pki: Pki;
  let python: Record<string, PythonView>;
  beforeAll(() => {
    dir = tempDir('sigv4kit-der-');
    pki = makePki(dir);
    const out = execFileSync('python3', [peerScript('cert_info.py'), ...KINDS.map((k) => pki.path(`${k}.cert.pem`))], { encoding: 'utf8' });
    const byPath = JSON.parse(out) as Record<string, PythonView>;
    python = Object.fromEntries(KINDS.map((k) => [k, byPath[pki.path(`${k}.cert.pem`)]!]));
  });
  afterAll(() => dir?.dispose());

  for (const kind of KINDS) {
    it(`${kind}: serial (decimal), validity, key type, curve, SPKI and DER as Python and Node read them`, () => {
      const pem = pki.read(`${kind}.cert.pem`);
      const ours = readCertificateDer(pem);
      const py = python[kind]!;
      expect({ serial: ours.serial, notBefore: ours.notBefore.toISOString(), notAfter: ours.notAfter.toISOString(), keyType: ours.keyType, curve: ours.curve ?? null, spki: Buffer.from(ours.spki).toString('base64'), der: ours.base64 })
        .toEqual(py);
      const node = new X509Certificate(pem);
      expect(ours.serial).toBe(BigInt(`0x${node.serialNumber}`).toString(10));
      expect(ours.notAfter.getTime()).toBe(new Date(node.validTo).getTime());
      expect(ours.notBefore.getTime()).toBe(new Date(node.validFrom).getTime());
      expect(ours.subject).toBe(node.subject);
      expect(Buffer.from(ours.spki).equals(node.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
      // DER bytes read the same as PEM.
      expect(readCertificateDer(new Uint8Array(node.raw))).toEqual(ours);
    });
  }

  it('the 20-octet serial 2**159 - 1 and a validity past 2049 (GeneralizedTime)', () => {
    expect(readCertificateDer(pki.read('maxserial.cert.pem')).serial).toBe(((1n << 159n) - 1n).toString());
    const far = readCertificateDer(pki.read('far.cert.pem'));
    expect(far.notAfter.toISOString()).toBe('2051-03-04T05:06:07.000Z');
    // The DER really holds a GeneralizedTime (tag 0x18) for it.
    expect(Buffer.from(far.der).includes(Buffer.from('\x18\x0f20510304050607Z', 'latin1'))).toBe(true);
  });

  it('every truncation and every single-byte corruption of a certificate is refused with INVALID_OPTION, or read as OpenSSL reads it', () => {
    const der = readCertificateDer(pki.read('p256.cert.pem')).der;
    for (let n = 0; n < der.length; n++) {
      expect(typedError(() => parseCertificateDer(der.subarray(0, n)))).toMatchObject({ name: 'InvalidRequestError', code: 'INVALID_OPTION' });
    }
    const ours = readCertificateDer(pki.read('p256.cert.pem'));
    for (let i = 0; i < 200; i++) {
      const bad = der.slice();
      bad[i] = bad[i]! ^ 0xff;
      let read;
      try {
        read = parseCertificateDer(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
        continue;
      }
      // Accepted: then OpenSSL must read the same serial and validity (a corrupted signature or name, say).
      let node: X509Certificate | undefined;
      try {
        node = new X509Certificate(bad);
      } catch {
        node = undefined;
      }
      if (node !== undefined) expect(read.serial).toBe(BigInt(`0x${node.serialNumber}`).toString(10));
      else expect(read.serial).toBe(ours.serial);
    }
  });

  it('hostile DER is refused with a typed error: over the cap, indefinite and huge lengths, trailing bytes, not PEM', () => {
    const nested = new Uint8Array(MAX_DER);
    for (let i = 0; i + 1 < nested.length; i += 2) [nested[i], nested[i + 1]] = [0x30, 0x80];
    const cases: Uint8Array[] = [
      new Uint8Array(MAX_DER + 1).fill(0x30),
      nested,
      new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30]),
      new Uint8Array([0x30, 0x85, 1, 0, 0, 0, 0]),
      new Uint8Array([0x30, 0x00, 0x00]),
      new Uint8Array([0x1f, 0x81, 0x01, 0x00]),
      new Uint8Array([]),
    ];
    for (const bytes of cases) expect(typedError(() => parseCertificateDer(bytes))).toMatchObject({ name: 'InvalidRequestError', code: 'INVALID_OPTION' });
    expect(typedError(() => readCertificateDer('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----'))).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/PEM text/) });
    expect(typedError(() => readCertificateDer('hello'))).toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('an Ed25519 certificate is refused naming RSA and EC P-256/P-384', () => {
    const ed = execFileSync('python3', ['-c', `
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID
k = ed25519.Ed25519PrivateKey.generate()
n = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ed")])
now = datetime.datetime.now(datetime.timezone.utc)
c = x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key()).serial_number(7).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1)).sign(k, None)
sys.stdout.write(c.public_bytes(serialization.Encoding.PEM).decode())`], { encoding: 'utf8' });
    expect(typedError(() => readCertificateDer(ed))).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/RSA or EC \(P-256, P-384\)/) });
  });

  it('PKCS#1 and SEC1 keys become PKCS#8 that OpenSSL reads as the same key; PKCS#8 passes through', () => {
    for (const [file, cert] of [['rsa.pkcs1.pem', 'rsa'], ['p256.sec1.pem', 'p256'], ['rsa.key.pem', 'rsa'], ['p384.key.pem', 'p384']] as const) {
      const key = loadPortableKey(pki.read(file), readCertificateDer(pki.read(`${cert}.cert.pem`)));
      const fromOurs = createPrivateKey({ key: Buffer.from(key.pkcs8!), format: 'der', type: 'pkcs8' });
      const fromPem = createPrivateKey(pki.read(file));
      expect(fromOurs.export({ format: 'jwk' })).toEqual(fromPem.export({ format: 'jwk' }));
      expect(key.checkPointAfterImport).toBeUndefined(); // Python writes the public point: checked at once
    }
  });

  it('key problems are CredentialsErrors naming the cause, never the key', () => {
    const p256 = readCertificateDer(pki.read('p256.cert.pem'));
    const rsa = readCertificateDer(pki.read('rsa.cert.pem'));
    const cases: [string, typeof p256, RegExp][] = [
      [pki.read('p256.enc.pem'), p256, /encrypted, which WebCrypto cannot read: decrypt it first/],
      [pki.read('p384.key.pem'), p256, /does not belong to the certificate/],
      [pki.read('p256-int.key.pem' as string), p256, /does not belong to the certificate/],
      [pki.read('rsa-int.key.pem'), rsa, /does not belong to the certificate/],
      [pki.read('rsa.pkcs1.pem'), p256, /does not belong to the certificate/],
      [pki.read('p256.sec1.pem'), rsa, /does not belong to the certificate/],
      ['not a key', p256, /not a PEM private key/],
      ['-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----', p256, /not a PEM private key/],
    ];
    for (const [pem, cert, message] of cases) {
      let error: unknown;
      try {
        loadPortableKey(pem, cert);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CredentialsError);
      expect((error as CredentialsError).code).toBe('INVALID_CREDENTIALS');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/PRIVATE KEY-----|MII/);
    }
  });

  it('raw r||s from WebCrypto becomes DER that OpenSSL verifies (leading zero and high-bit halves included)', () => {
    for (const namedCurve of ['P-256', 'P-384'] as const) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
      let shortHalf = 0;
      for (let i = 0; i < 300; i++) {
        const data = Buffer.from(`string to sign ${i}`);
        const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        const half = raw.length / 2;
        if (raw[0] === 0 || raw[half] === 0 || raw[0]! >= 0x80 || raw[half]! >= 0x80) shortHalf++;
        expect(verify('sha256', data, publicKey, Buffer.from(rawEcdsaToDer(new Uint8Array(raw))))).toBe(true);
      }
      expect(shortHalf).toBeGreaterThan(0);
    }
  });
});

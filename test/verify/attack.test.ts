/**
 * The attack suite of issue 15, part one: what verifyRequest reads before anyone is authenticated.
 * Seeded, so every run replays the same inputs. No timing assertions: the worst-case parse times
 * are measured by `npm run bench` (section "attack"); here every hostile input must be answered
 * (the test would hang for minutes on the old quadratic code) and refused with AWS's code.
 */
import { describe, expect, it } from 'vitest';
import { signRequest, verifyRequest, type VerifyOptions } from '../../src/index.js';
import { parseHeaders, trimSpaceTab } from '../../src/sigv4/request.js';
import { sigv4a } from '../../src/sigv4a.js';
import { seeded } from '../support/random.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const options: VerifyOptions = { getCredentials: (id) => (id === creds.accessKeyId ? creds : undefined), now: NOW };
const params = { credentials: creds, region: 'us-east-1', service: 'execute-api', signingDate: NOW };
const URL_ = 'https://api.example.com/v1/items?a=1';

function signed(extra: Array<[string, string]> = [], url = URL_) {
  const s = signRequest({ method: 'GET', url, headers: extra }, params);
  return { method: s.method, url: s.url, headers: Object.entries(s.headers) as Array<[string, string]> };
}

/** The request with its Authorization header replaced. */
function withAuthorization(value: string) {
  const s = signed();
  return { ...s, headers: [...s.headers.filter(([n]) => n !== 'authorization'), ['authorization', value] as [string, string]] };
}

describe('finding 1: blanks in what is read before authentication', () => {
  it('trimSpaceTab trims exactly what /^[ \\t]+|[ \\t]+$/g trims (2,000 seeded strings)', () => {
    const rnd = seeded(1501);
    for (let n = 0; n < 2000; n++) {
      const text = rnd.array(0, 40, () => rnd.pick([' ', '\t', 'a', 'b', ',', '\u00a0', '\r'])).join('');
      expect(trimSpaceTab(text), JSON.stringify(text)).toBe(text.replace(/^[ \t]+|[ \t]+$/g, ''));
    }
  });

  it('an Authorization of blanks under the cap (8 KiB) is answered IncompleteSignature; the issue\'s 16 KiB one RequestHeaderSectionTooLarge', async () => {
    const under = await verifyRequest(withAuthorization(`AWS4-HMAC-SHA256${' '.repeat(8000)}x`), options);
    expect(under).toMatchObject({ valid: false, code: 'IncompleteSignature' });
    const over = await verifyRequest(withAuthorization(`AWS4-HMAC-SHA256${' '.repeat(16_000)}x`), options);
    expect(over).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
    // Blanks inside the fields (the Credential piece) and after the value.
    const fields = await verifyRequest(withAuthorization(`AWS4-HMAC-SHA256 Credential=${'\t '.repeat(3000)}x, SignedHeaders=host, Signature=${'0'.repeat(64)}${' '.repeat(1000)}`), options);
    expect(fields).toMatchObject({ valid: false });
  });

  it('1 MiB of blanks in x-amz-security-token, x-amz-region-set or any header: RequestHeaderSectionTooLarge', async () => {
    for (const name of ['x-amz-security-token', 'x-amz-region-set', 'x-custom']) {
      const s = signed();
      const result = await verifyRequest({ ...s, headers: [...s.headers, [name, `a${' '.repeat(1 << 20)}b`]] }, options);
      expect(result, name).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
    }
  });

  it('blanks within the caps in the token and region set are trimmed, not refused: the signed request still verifies', async () => {
    const token = 'FQoGZXIvYXdzEXAMPLETOKEN';
    const temp = { ...creds, accessKeyId: 'ASIAEXAMPLE', sessionToken: token };
    const s = signRequest({ method: 'GET', url: URL_ }, { ...params, credentials: temp });
    const headers = Object.entries(s.headers).map(([n, v]): [string, string] => [n, n === 'x-amz-security-token' ? `${' '.repeat(3000)}${v}\t\t` : v]);
    const result = await verifyRequest({ method: 'GET', url: s.url, headers }, { ...options, getCredentials: () => temp });
    expect(result).toMatchObject({ valid: true, sessionToken: token });
  });
});

describe('finding 2: repeated header names', () => {
  it('30,000 copies of one header are merged in one pass: the signer joins their trimmed values with ","', () => {
    const values = Array.from({ length: 30_000 }, (_, i) => ` v${i}\t`);
    const merged = parseHeaders(values.map((v): [string, string] => ['X-Rep', v]));
    // SigV4 (AWS docs, "Create a canonical request"): repeated names are one line, trimmed values joined by commas.
    expect(merged.get('x-rep')).toBe(values.map((v) => v.trim()).join(','));
    // The first copy keeps its place among the other names.
    const order = parseHeaders([['b', '1'], ['a', '1'], ['b', ' 2 ']]);
    expect([...order]).toEqual([['b', '1,2'], ['a', '1']]);
  });

  it('verifyRequest refuses more than 200 header fields (RequestHeaderSectionTooLarge), in any header shape', async () => {
    const s = signed();
    const many = Array.from({ length: 30_000 }, (): [string, string] => ['x-rep', 'v']);
    expect(await verifyRequest({ ...s, headers: [...s.headers, ...many] }, options)).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
    const record = Object.fromEntries([...s.headers, ['x-rep', many.map(([, v]) => v)]]);
    expect(await verifyRequest({ ...s, headers: record }, options)).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
    const lazy = function* (): Generator<[string, string]> {
      yield* s.headers;
      for (;;) yield ['x-rep', 'v']; // never ends: the cap must stop reading it
    };
    expect(await verifyRequest({ ...s, headers: lazy() }, options)).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
  });

  it('a signed request with 150 extra headers, some repeated, still verifies (the caps leave room for real clients)', async () => {
    const rnd = seeded(1502);
    const extra = Array.from({ length: 150 }, (): [string, string] => [`x-h${rnd.int(0, 60)}`, `${' '.repeat(rnd.int(0, 3))}v${rnd.int(0, 9)}`]);
    expect(await verifyRequest(signed(extra), options)).toMatchObject({ valid: true });
  });
});

describe('caps on the URL', () => {
  it('a query over 16 KiB is RequestHeaderSectionTooLarge, as a string, a URL or an HttpRequest', async () => {
    const long = `${URL_}&q=${'a'.repeat(17_000)}`;
    const s = signed([], long);
    expect(await verifyRequest(s, options)).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
    expect(await verifyRequest({ ...s, url: new URL(long) }, options)).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
    const http = { method: 'GET', protocol: 'https:', hostname: 'api.example.com', path: '/v1', query: { q: 'a'.repeat(17_000) }, headers: Object.fromEntries(s.headers) };
    expect(await verifyRequest(http, options)).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
    // Origin-form (Node's req.url) is measured the same way.
    expect(await verifyRequest({ ...s, url: long.slice('https://api.example.com'.length) }, options)).toMatchObject({ valid: false, code: 'RequestHeaderSectionTooLarge' });
  });
});

describe('finding 4: which host', () => {
  it('an absolute-form target naming another host than the signed Host header is refused (RFC 9112 3.2.2)', async () => {
    const s = signed();
    const evil = await verifyRequest({ ...s, url: 'http://evil.example.com/v1/items?a=1' }, options);
    expect(evil).toMatchObject({ valid: false, code: 'InvalidRequest' });
    expect(evil.valid ? '' : evil.message).toContain('evil.example.com');
    // The same host, spelled with another case or its default port, is the same host.
    expect(await verifyRequest({ ...s, url: 'https://API.example.com:443/v1/items?a=1' }, options)).toMatchObject({ valid: true });
    expect(await verifyRequest({ ...s, url: '/v1/items?a=1' }, options)).toMatchObject({ valid: true });
  });

  it('hosts: only the listed hosts (exact name and port) are answered', async () => {
    const s = signed();
    expect(await verifyRequest(s, { ...options, hosts: ['API.example.com'] })).toMatchObject({ valid: true });
    expect(await verifyRequest(s, { ...options, hosts: new Set(['other.example.com', 'api.example.com:8443']) })).toMatchObject({ valid: false, code: 'InvalidRequest' });
    const onPort = signed([], 'http://127.0.0.1:8080/v1');
    expect(await verifyRequest(onPort, { ...options, hosts: ['127.0.0.1:8080'] })).toMatchObject({ valid: true });
    expect(await verifyRequest(onPort, { ...options, hosts: ['127.0.0.1'] })).toMatchObject({ valid: false, code: 'InvalidRequest' });
  });

  it('a request signed for another service host that shares the keys is refused once hosts is set', async () => {
    const other = signed([], 'https://other-service.example.com/v1/items?a=1');
    expect(await verifyRequest(other, options)).toMatchObject({ valid: true });
    expect(await verifyRequest(other, { ...options, hosts: ['api.example.com'] })).toMatchObject({ valid: false, code: 'InvalidRequest' });
  });

  it('hosts must be strings', async () => {
    await expect(verifyRequest(signed(), { ...options, hosts: [1] as unknown as string[] })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('item 7: SigV4a malleability', () => {
  // P-256's group order (SEC 2, section 2.4.2).
  const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const readInt = (hex: string, at: number): [bigint, number] => {
    const length = parseInt(hex.slice(at + 2, at + 4), 16) * 2;
    return [BigInt(`0x${hex.slice(at + 4, at + 4 + length)}`), at + 4 + length];
  };
  const decode = (hex: string): [bigint, bigint] => {
    const [r, next] = readInt(hex, 4);
    return [r, readInt(hex, next)[0]];
  };
  const derInt = (v: bigint): string => {
    let h = v.toString(16);
    if (h.length % 2) h = `0${h}`;
    if (parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
    return `02${(h.length / 2).toString(16).padStart(2, '0')}${h}`;
  };
  const encode = (r: bigint, s: bigint): string => {
    const body = derInt(r) + derInt(s);
    return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
  };

  it('a valid signature turned into (r, n-s) verifies too, and both give the same low-s `signature` in the result', async () => {
    const rnd = seeded(1507);
    for (let i = 0; i < 6; i++) {
      const s = signRequest({ method: 'GET', url: `${URL_}&n=${rnd.int(0, 1e9)}` }, { ...params, algorithm: sigv4a({ regionSet: ['us-east-1'] }) });
      const sent = /Signature=([0-9a-f]+)/.exec(s.headers['authorization']!)![1]!;
      const [r, sValue] = decode(sent);
      const other = encode(r, N - sValue);
      const headers = (sig: string) => Object.entries(s.headers).map(([n, v]): [string, string] => [n, n === 'authorization' ? v.replace(sent, sig) : v]);
      const a = await verifyRequest({ method: 'GET', url: s.url, headers: headers(sent) }, { ...options, algorithms: [sigv4a()] });
      const b = await verifyRequest({ method: 'GET', url: s.url, headers: headers(other) }, { ...options, algorithms: [sigv4a()] });
      expect(a.valid && b.valid).toBe(true);
      if (!a.valid || !b.valid) return;
      expect(a.signature).toBe(b.signature);
      const [, low] = decode(a.signature);
      expect(low <= N / 2n).toBe(true);
      expect(a.signature).toBe(encode(r, sValue <= N / 2n ? sValue : N - sValue));
    }
  });

  it('a SigV4 (HMAC) result carries the signature as sent', async () => {
    const s = signed();
    const result = await verifyRequest(s, options);
    expect(result.valid && result.signature).toBe(/Signature=([0-9a-f]{64})/.exec(s.headers.find(([n]) => n === 'authorization')![1])![1]);
  });
});

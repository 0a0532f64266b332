// Every signer under test, as `{ name, async, make(case) => { run(date, creds) , sig(output) } }`.
// `run` is what gets timed: it builds the library's natural per-call input and signs. `sig` extracts the
// signature from the output (used only for the equality check, never timed).
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import aws4 from 'aws4';
import { AwsV4Signer } from 'aws4fetch';
import { amzDateOf, CASES, CREDENTIALS, REGION, SIGNING_DATE } from './cases.mjs';
import { makeFloor, makeFloorVerifier } from './floor.mjs';

const SIG = /Signature=([0-9a-f]{64})/;
const sigOf = (text) => SIG.exec(text)?.[1];

/** sigv4-kit, sync core. */
function kitSync(kit) {
  return {
    name: 'sigv4-kit',
    async: false,
    make(c) {
      if (c.kind === 'verify') return kitVerify(kit, c);
      if (c.kind === 'presign') {
        return {
          run: (date, credentials) =>
            kit.presignUrl({ method: c.method, url: c.url }, { credentials, region: REGION, service: c.service, signingDate: date, expiresIn: c.expiresIn }),
          sig: (out) => out.signature,
        };
      }
      return {
        run: (date, credentials) =>
          kit.signRequest({ method: c.method, url: c.url, headers: c.headers, body: c.body }, { credentials, region: REGION, service: c.service, signingDate: date }),
        sig: (out) => out.signature,
      };
    },
  };
}

/** The request of case `c.of`, signed by sigv4-kit: what a server receives in case (f). */
export function receivedRequest(kit, c) {
  const of = CASES.find((x) => x.id === c.of);
  const signed = kit.signRequest({ method: of.method, url: of.url, headers: of.headers, body: of.body }, { credentials: CREDENTIALS, region: REGION, service: of.service, signingDate: SIGNING_DATE });
  const good = { method: signed.method, url: signed.url, headers: { ...signed.headers } };
  const bad = { ...good, headers: { ...good.headers, accept: 'text/html' } };
  return { good, bad };
}

const lookupCredentials = (accessKeyId) => (accessKeyId === CREDENTIALS.accessKeyId ? CREDENTIALS : undefined);

// Case (f) with verifyRequest (async: getCredentials may return a promise). TODO hook: absent verifyRequest skips (f).
function kitVerify(kit, c) {
  if (typeof kit.verifyRequest !== 'function') return undefined;
  const { good, bad } = receivedRequest(kit, c);
  const options = (now) => ({ getCredentials: lookupCredentials, now });
  const verdict = (out) => (out.valid ? 'valid' : `invalid (${out.code})`);
  return {
    async: true,
    run: (date) => kit.verifyRequest(good, options(date)),
    sig: verdict,
    rejects: async () => verdict(await kit.verifyRequest(bad, options(SIGNING_DATE))),
  };
}

/**
 * The async facade: one `await` for the credential provider, then the sync core. The team's createSigner
 * when src exports it; otherwise (and as an extra, informational row) a minimal wrapper written here.
 */
function kitAsync(kit, useCreateSigner) {
  const real = useCreateSigner && typeof kit.createSigner === 'function';
  return {
    name: real ? 'sigv4-kit async (createSigner)' : 'async wrapper: 1 await + sync core (info)',
    async: true,
    make(c) {
      if (c.kind === 'verify') return undefined;
      if (real) return kitCreateSigner(kit, c);
      const sync = kitSync(kit).make(c);
      // A provider that has its credentials cached, as a memoizing provider would once warm.
      let current;
      const provider = async () => current;
      const facade = async (date) => sync.run(date, await provider());
      return {
        run: (date, credentials) => {
          current = credentials;
          return facade(date);
        },
        sig: sync.sig,
      };
    },
  };
}

// The team's facade: createSigner({ credentials: provider, region, service }).sign(request, { signingDate }).
function kitCreateSigner(kit, c) {
  let current;
  const signer = kit.createSigner({ credentials: async () => current, region: REGION, service: c.service });
  const sync = kitSync(kit).make(c);
  return {
    run: (date, credentials) => {
      current = credentials;
      return c.kind === 'presign'
        ? signer.presign({ method: c.method, url: c.url }, { signingDate: date, expiresIn: c.expiresIn })
        : signer.sign({ method: c.method, url: c.url, headers: c.headers, body: c.body }, { signingDate: date });
    },
    sig: sync.sig,
  };
}

function smithy(name, sha256) {
  return {
    name,
    async: true,
    make(c) {
      if (c.kind === 'verify') return undefined; // no peer verifies requests
      const s3 = c.service === 's3';
      let current;
      const signer = new SignatureV4({
        credentials: async () => current,
        region: REGION,
        service: c.service,
        sha256,
        uriEscapePath: !s3,
        // Without this smithy adds and signs x-amz-content-sha256 on every request; SigV4 requires it for S3 only.
        applyChecksum: false,
      });
      // smithy clones the request (HttpRequest.clone) before changing it, so the input parts are built once.
      const query = Object.fromEntries(c.query);
      const headers = { ...c.headers, host: c.host };
      const presignHeaders = { host: c.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
      if (c.kind === 'presign') {
        // As @aws-sdk/s3-request-presigner does: the payload hash comes from this header, which is neither hoisted nor signed.
        const options = { expiresIn: c.expiresIn, unhoistableHeaders: new Set(['x-amz-content-sha256']), unsignableHeaders: new Set(['x-amz-content-sha256']) };
        return {
          run: (date, credentials) => {
            current = credentials;
            return signer.presign(
              { method: c.method, protocol: 'https:', hostname: c.host, path: c.path, query, headers: presignHeaders },
              { ...options, signingDate: date },
            );
          },
          sig: (out) => out.query['X-Amz-Signature'],
        };
      }
      return {
        run: (date, credentials) => {
          current = credentials;
          return signer.sign(
            { method: c.method, protocol: 'https:', hostname: c.host, path: c.path, query, headers, body: c.body },
            { signingDate: date },
          );
        },
        sig: (out) => sigOf(out.headers.authorization),
      };
    },
  };
}

function aws4Signer() {
  return {
    name: 'aws4',
    async: false,
    make(c) {
      if (c.kind === 'verify') return undefined; // no peer verifies requests
      if (c.kind === 'presign') {
        // aws4 reads the expiry and the date from the query.
        const base = `${c.path}?${c.wireQuery ? `${c.wireQuery}&` : ''}X-Amz-Expires=${c.expiresIn}&X-Amz-Date=`;
        return {
          run: (date, credentials) =>
            aws4.sign({ method: c.method, host: c.host, path: base + amzDateOf(date), service: c.service, region: REGION, signQuery: true }, credentials),
          sig: (out) => /X-Amz-Signature=([0-9a-f]{64})/.exec(out.path)?.[1],
        };
      }
      const path = c.wireQuery ? `${c.path}?${c.wireQuery}` : c.path;
      return {
        // aws4 mutates its input, so the request object is built per call; the date travels as X-Amz-Date.
        run: (date, credentials) =>
          aws4.sign(
            { method: c.method, host: c.host, path, service: c.service, region: REGION, headers: { ...c.headers, 'X-Amz-Date': amzDateOf(date) }, body: c.body },
            credentials,
          ),
        sig: (out) => sigOf(out.headers.Authorization),
      };
    },
  };
}

function aws4fetchSigner() {
  return {
    name: 'aws4fetch',
    async: true,
    make(c) {
      if (c.kind === 'verify') return undefined; // no peer verifies requests
      // One key cache across calls, as an AwsClient keeps it. allHeaders: otherwise content-type/length go unsigned.
      const cache = new Map();
      const url = c.kind === 'presign' ? `${c.url}${c.wireQuery ? '&' : '?'}X-Amz-Expires=${c.expiresIn}` : c.url;
      return {
        run: (date, credentials) =>
          new AwsV4Signer({
            method: c.method,
            url,
            headers: c.headers,
            body: c.body,
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            service: c.service,
            region: REGION,
            datetime: amzDateOf(date),
            signQuery: c.kind === 'presign',
            allHeaders: true,
            cache,
          }).sign(),
        sig: (out) => (c.kind === 'presign' ? out.url.searchParams.get('X-Amz-Signature') : sigOf(out.headers.get('authorization'))),
      };
    },
  };
}

function floorSigner(name, variant, kit) {
  return {
    name,
    async: false,
    make(c) {
      if (c.kind === 'verify') {
        const verify = makeFloorVerifier(CASES.find((x) => x.id === c.of), REGION, variant);
        const { good, bad } = receivedRequest(kit, c);
        const verdict = (ok) => (ok ? 'valid' : 'invalid');
        return { run: (date) => verify(good, date, lookupCredentials), sig: verdict, rejects: () => verdict(verify(bad, SIGNING_DATE, lookupCredentials)) };
      }
      const fn = makeFloor(c, REGION, variant);
      const values = c.query.map(([, v]) => v);
      return {
        run: (date, credentials) => fn({ date, headers: c.headers, query: values, body: c.body }, credentials),
        sig: (out) => (typeof out === 'string' ? /X-Amz-Signature=([0-9a-f]{64})/.exec(out)?.[1] : sigOf(out.authorization)),
      };
    },
  };
}

export const FLOOR = 'floor';
export const KIT = 'sigv4-kit';

/** All signers, floor first. `kit` is the built package's module namespace. */
export function allSigners(kit) {
  return [
    floorSigner(FLOOR, 'plain', kit),
    floorSigner('floor-fast (info)', 'fast', kit),
    kitSync(kit),
    kitAsync(kit, true),
    // What one `await` in front of the sync core costs (the house style's facade), as a yardstick for createSigner.
    ...(typeof kit.createSigner === 'function' ? [kitAsync(kit, false)] : []),
    smithy('smithy + hash-node', Hash.bind(null, 'sha256')),
    smithy('smithy + sha256-js', Sha256),
    aws4Signer(),
    aws4fetchSigner(),
  ];
}

// The floor: a hand-written, fixed-shape SigV4 signer on node:crypto. For each case it is one template string
// (the canonical request, with header names, query keys and their sorted order known in advance), one SHA-256
// of it, and one HMAC with a cached signing key. Values (query values, header values, date, body) are runtime
// data, so they are still encoded / trimmed / hashed per call; everything that follows from the request's shape
// is baked into the template. The generated source of each floor can be printed with `npm run bench -- --show-floor`.
//
// Two variants: `floor` uses the plain node:crypto API (createHash for SHA-256, createHmac with the cached key),
// the reference for the targets; `floor-fast` uses the one-shot crypto.hash and HMAC as two hashes over
// precomputed padded key blocks (what src/crypto/hash.node.ts does), shown for information.
import * as crypto from 'node:crypto';
import { rfc3986 } from './cases.mjs';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const NEEDS_TRIM = /^[ \t]|[ \t]$|[ \t]{2}|\t/;

const helpers = {
  enc: (v) => (UNRESERVED.test(v) ? v : rfc3986(v)),
  trim: (v) => (NEEDS_TRIM.test(v) ? v.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '') : v),
  amzDate: (date) => {
    const iso = date.toISOString();
    return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  },
};

const plainCrypto = {
  sha256Hex: (data) => crypto.createHash('sha256').update(data).digest('hex'),
  keyFor: (key) => key,
  hmacHex: (key, data) => crypto.createHmac('sha256', key).update(data).digest('hex'),
};

const fastCrypto = {
  sha256Hex: (data) => crypto.hash('sha256', data, 'hex'),
  // Padded key blocks, computed once per signing key (as the key cache would keep them).
  keyFor: (key) => {
    const inner = Buffer.alloc(64 + 256, 0x36);
    const outer = Buffer.alloc(64 + 32, 0x5c);
    for (let i = 0; i < key.length; i++) {
      inner[i] ^= key[i];
      outer[i] ^= key[i];
    }
    return { inner, outer };
  },
  hmacHex: ({ inner, outer }, data) => {
    const n = inner.write(data, 64, 'latin1');
    // latin1 output: on Node 20 crypto.hash's 'buffer' output is much slower than a string.
    outer.write(crypto.hash('sha256', inner.subarray(0, 64 + n), 'latin1'), 64, 'latin1');
    return crypto.hash('sha256', outer, 'hex');
  },
};

function deriveKey(secret, day, region, service) {
  const h = (k, d) => crypto.createHmac('sha256', k).update(d).digest();
  return h(h(h(h(`AWS4${secret}`, day), region), service), 'aws4_request');
}

const lit = (s) => JSON.stringify(s).slice(1, -1).replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

/** JavaScript source of the fixed-shape signer for case `c` (see the header comment). */
export function floorSource(c, region) {
  const headerNames = Object.keys(c.headers);
  const signed = [
    ...headerNames.map((name) => ({ name: name.toLowerCase(), expr: `trim(h[${JSON.stringify(name)}])` })),
    { name: 'host', expr: null, text: c.host },
  ];
  if (c.kind === 'sign') signed.push({ name: 'x-amz-date', expr: 'amzDate' });
  signed.sort((a, b) => (a.name < b.name ? -1 : 1));
  const signedHeaders = signed.map((s) => s.name).join(';');
  const canonHeaders = signed.map((s) => `${s.name}:${s.expr ? `\${${s.expr}}` : lit(s.text)}\\n`).join('');

  const params = c.query.map(([k], i) => ({ key: rfc3986(k), expr: `enc(q[${i}])` }));
  if (c.kind === 'presign') {
    params.push(
      { key: 'X-Amz-Algorithm', text: 'AWS4-HMAC-SHA256' },
      // Access key ids are [A-Z0-9]: no encoding needed but for the '/' separators.
      { key: 'X-Amz-Credential', expr: `creds.accessKeyId + '%2F' + day + ${JSON.stringify(`%2F${region}%2F${c.service}%2Faws4_request`)}` },
      { key: 'X-Amz-Date', expr: 'amzDate' },
      { key: 'X-Amz-Expires', text: String(c.expiresIn) },
      { key: 'X-Amz-SignedHeaders', text: rfc3986(signedHeaders) },
    );
  }
  params.sort((a, b) => (a.key < b.key ? -1 : 1));
  const canonQuery = params.map((p) => `${lit(p.key)}=${p.expr ? `\${${p.expr}}` : lit(p.text)}`).join('&');
  const payload = c.kind === 'presign' && c.service === 's3' ? "'UNSIGNED-PAYLOAD'" : c.body === undefined ? `'${EMPTY_SHA256}'` : 'sha256Hex(req.body)';
  const scope = `\${day}/${region}/${c.service}/aws4_request`;

  const out = c.kind === 'sign'
    ? `return { ${headerNames.map((n) => `${JSON.stringify(n.toLowerCase())}: h[${JSON.stringify(n)}]`).join(', ')}${headerNames.length ? ', ' : ''}` +
      `host: ${JSON.stringify(c.host)}, 'x-amz-date': amzDate, ` +
      `authorization: \`AWS4-HMAC-SHA256 Credential=\${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=\${signature}\` };`
    : `return \`https://${lit(c.host)}${lit(c.path)}?${canonQuery}&X-Amz-Signature=\${signature}\`;`;

  return `// floor for case ${c.id}: ${c.title}
return function floor_${c.id}(req, creds) {
  const h = req.headers, q = req.query;
  const amzDate = fmtDate(req.date), day = amzDate.slice(0, 8);
  const key = keyFor(creds, day);
  const canonicalRequest = \`${c.method}\\n${lit(c.path)}\\n${canonQuery}\\n${canonHeaders}\\n${signedHeaders}\\n\${${payload}}\`;
  const stringToSign = \`AWS4-HMAC-SHA256\\n\${amzDate}\\n${scope}\\n\${sha256Hex(canonicalRequest)}\`;
  const signature = hmacHex(key, stringToSign);
  ${out}
};`;
}

/** The floor signer for case `c`: `(req: { date, headers, query: decoded values in case order, body }, credentials) => headers | url`. */
export function makeFloor(c, region, variant = 'plain') {
  const cr = variant === 'fast' ? fastCrypto : plainCrypto;
  // A one-entry key cache: same credentials object and same day.
  let cachedDay = '';
  let cachedCreds;
  let cachedKey;
  const keyFor = (creds, day) => {
    if (day !== cachedDay || creds !== cachedCreds) {
      cachedKey = cr.keyFor(deriveKey(creds.secretAccessKey, day, region, c.service));
      cachedDay = day;
      cachedCreds = creds;
    }
    return cachedKey;
  };
  const factory = new Function('enc', 'trim', 'fmtDate', 'keyFor', 'sha256Hex', 'hmacHex', floorSource(c, region));
  return factory(helpers.enc, helpers.trim, helpers.amzDate, keyFor, cr.sha256Hex, cr.hmacHex);
}

/** A floor that derives the signing key on every call (the 1,000-credential run: every sign is a key-cache miss). */
export function makeUncachedFloor(c, region) {
  const keyFor = (creds, day) => plainCrypto.keyFor(deriveKey(creds.secretAccessKey, day, region, c.service));
  const factory = new Function('enc', 'trim', 'fmtDate', 'keyFor', 'sha256Hex', 'hmacHex', floorSource(c, region));
  return factory(helpers.enc, helpers.trim, helpers.amzDate, keyFor, plainCrypto.sha256Hex, plainCrypto.hmacHex);
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;
const sameHex = (a, b) => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

/**
 * The verification floor for case (a)'s shape: parse the Authorization header, check the date window,
 * rebuild the canonical request from the received headers with a template, compare in constant time.
 * `(req: { method, url, headers }, now, lookup: (accessKeyId) => credentials | undefined) => boolean`.
 */
export function makeFloorVerifier(c, region, variant = 'plain') {
  const cr = variant === 'fast' ? fastCrypto : plainCrypto;
  const names = [...Object.keys(c.headers).map((n) => n.toLowerCase()), 'host', 'x-amz-date'].sort();
  const signedHeaders = names.join(';');
  const keys = new Map();
  const queryPrefix = `${c.path}?${rfc3986(c.query[0][0])}=`;
  return (req, now, lookup) => {
    const h = req.headers;
    const m = AUTHORIZATION.exec(h.authorization ?? '');
    if (m === null || m[3] !== region || m[4] !== c.service || m[5] !== signedHeaders) return false;
    const amzDate = h['x-amz-date'] ?? '';
    const t = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
    if (!(Math.abs(now.getTime() - t) <= 300_000) || amzDate.slice(0, 8) !== m[2]) return false;
    const creds = lookup(m[1]);
    if (creds === undefined) return false;
    const id = `${m[1]}/${m[2]}`;
    let key = keys.get(id);
    if (key === undefined) keys.set(id, (key = cr.keyFor(deriveKey(creds.secretAccessKey, m[2], region, c.service))));
    const at = req.url.indexOf(queryPrefix);
    if (at < 0) return false;
    let canonicalRequest = `${req.method}\n${c.path}\n${rfc3986(c.query[0][0])}=${helpers.enc(req.url.slice(at + queryPrefix.length))}\n`;
    for (const name of names) canonicalRequest += `${name}:${helpers.trim(h[name] ?? '')}\n`;
    canonicalRequest += `\n${signedHeaders}\n${EMPTY_SHA256}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${m[2]}/${region}/${c.service}/aws4_request\n${cr.sha256Hex(canonicalRequest)}`;
    return sameHex(cr.hmacHex(key, stringToSign), m[6]);
  };
}

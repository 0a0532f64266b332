// The requests every signer signs. Each case describes one request once; bench/signers.mjs turns it into
// each library's input shape. Shapes are chosen so every signer signs the same headers with the same payload
// hash (e.g. no user-agent or range, which some peers refuse to sign; content-length given, since aws4 adds it).

export const CREDENTIALS = Object.freeze({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});
export const REGION = 'us-east-1';
export const SIGNING_DATE = new Date('2024-05-23T06:15:47.000Z');

/** RFC 3986 encoding of a decoded component (what a careful client puts on the wire). */
export const rfc3986 = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const json1k = (() => {
  const base = { Name: 'bench-flow', AvailabilityZone: 'us-east-1a', Source: { Name: 'src', Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' } };
  let text = JSON.stringify({ ...base, Description: '' });
  const pad = 1024 - text.length;
  text = JSON.stringify({ ...base, Description: 'x'.repeat(pad) });
  if (Buffer.byteLength(text) !== 1024) throw new Error('json body is not 1 KiB');
  return text;
})();

const mib = (() => {
  const bytes = new Uint8Array(1 << 20);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
})();

// Case e: 20 query parameters (decoded), several of which need percent-encoding, and 15 headers, several of
// which need trimming / whitespace collapsing, with mixed-case names.
const QUERY_E = [
  ['maxResults', '20'],
  ['nextToken', 'eyJ2IjoxLCJrIjoiYWJjL2RlZitnaGk9In0='],
  ['filter', 'name eq "flow-1"'],
  ['prefix', 'media/2024/05/'],
  ['sort', 'createdAt:desc'],
  ['fields', 'arn,name,status,source'],
  ['status', 'ACTIVE'],
  ['region', 'us-east-1'],
  ['tag:env', 'prod & staging'],
  ['owner', 'team@example.com'],
  ['expr', "a*(b+c)!'"],
  ['lang', 'fr-CA'],
  ['city', 'Montr\u00e9al'],
  ['emoji', '\u{1F3A5} live'],
  ['empty', ''],
  ['page', '3'],
  ['limit', '100'],
  ['since', '2024-05-01T00:00:00Z'],
  ['path', '/a/b c/d'],
  ['tilde', '~user_name-1.0'],
];
const HEADERS_E = {
  Accept: 'application/json',
  'Accept-Encoding': 'gzip, deflate, br',
  'Accept-Language': 'en-US,en;q=0.9',
  'Content-Type': 'application/json',
  'If-None-Match': '"abc123"',
  'X-Amz-User-Agent': 'aws-sdk-js/3.600.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.20.2',
  'amz-sdk-invocation-id': '3f1c1b2e-5a4d-4c2b-9a7e-0f6d8e9c1b2a',
  'amz-sdk-request': 'attempt=1; max=3',
  'X-Amz-Meta-Description': '  a   value\twith   runs of  spaces  ',
  'x-amz-meta-owner': 'Team\t\tMedia',
  'X-Request-Id': 'req-0001',
  'x-custom-list': ' one ,  two ,three ',
  Origin: 'https://console.example.com',
  'X-Forwarded-Proto-Custom': 'https',
  'x-trace-parent': '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};
if (QUERY_E.length !== 20 || Object.keys(HEADERS_E).length !== 15) throw new Error('case e shape changed');

const query = (pairs) => pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');

/**
 * kind: 'sign' (Authorization header) or 'presign'. host/path/query describe the URL: `query` as decoded
 * pairs, `wireQuery` as sent. headers: the caller's headers (never host, x-amz-date, authorization).
 */
export const CASES = [
  {
    id: 'a',
    title: 'GET MediaConnect ListFlows ?maxResults=20, 3 headers',
    kind: 'sign',
    service: 'mediaconnect',
    method: 'GET',
    host: 'mediaconnect.us-east-1.amazonaws.com',
    path: '/v1/flows',
    query: [['maxResults', '20']],
    headers: {
      accept: 'application/json',
      'x-amz-user-agent': 'aws-sdk-js/3.600.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.20.2',
      'amz-sdk-invocation-id': '3f1c1b2e-5a4d-4c2b-9a7e-0f6d8e9c1b2a',
    },
    body: undefined,
  },
  {
    id: 'b',
    title: 'POST 1 KiB JSON',
    kind: 'sign',
    service: 'mediaconnect',
    method: 'POST',
    host: 'mediaconnect.us-east-1.amazonaws.com',
    path: '/v1/flows',
    query: [],
    headers: { 'content-type': 'application/json', 'content-length': '1024', accept: 'application/json' },
    body: json1k,
  },
  {
    id: 'c',
    title: 'presigned GET (S3), 900 s',
    kind: 'presign',
    expiresIn: 900,
    service: 's3',
    method: 'GET',
    host: 'examplebucket.s3.us-east-1.amazonaws.com',
    path: '/photos/2024/cat.jpg',
    query: [],
    headers: {},
    body: undefined,
  },
  {
    id: 'd',
    title: 'POST 1 MiB body',
    kind: 'sign',
    service: 'execute-api',
    method: 'POST',
    host: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
    path: '/prod/upload',
    query: [],
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(mib.length) },
    body: mib,
  },
  {
    id: 'e',
    title: '20 query parameters + 15 headers, some needing encoding',
    kind: 'sign',
    service: 'mediaconnect',
    method: 'GET',
    host: 'mediaconnect.us-east-1.amazonaws.com',
    path: '/v1/flows',
    query: QUERY_E,
    headers: HEADERS_E,
    body: undefined,
  },
  {
    // The request of case (a) as sigv4-kit signed it, verified by a server: verifiers only (no peer verifies).
    id: 'f',
    title: 'verify the signed request of (a)',
    kind: 'verify',
    of: 'a',
    service: 'mediaconnect',
    method: 'GET',
    host: 'mediaconnect.us-east-1.amazonaws.com',
    path: '/v1/flows',
    query: [['maxResults', '20']],
    headers: {},
    body: undefined,
  },
];

for (const c of CASES) {
  c.wireQuery = query(c.query);
  c.url = `https://${c.host}${c.path}${c.wireQuery ? `?${c.wireQuery}` : ''}`;
}

/** `YYYYMMDDTHHMMSSZ`, as every signer needs it once per call. */
export const amzDateOf = (date) => date.toISOString().replace(/[:-]|\.\d{3}/g, '');

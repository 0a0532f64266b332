/** SigV4 on the server: the default algorithm with its verifier, which signing never needs. */
import { constantTimeEqual } from '../crypto/hash.js';
import type { AlgorithmContext, ParsedCredential, SigningAlgorithm } from '../sigv4/algorithm.js';
import { SIGV4, signer } from '../sigv4/hmac.js';

// Printable ASCII without '/' (the scope separator), as the signer requires of region and service.
const SCOPE_PART = /^[\x21-\x2e\x30-\x7e]+$/;
const ACCESS_KEY_ID = /^[\x21-\x2b\x2d\x2e\x30-\x7e]+$/;
const SCOPE_DATE = /^\d{8}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const quote = (value: string): string => JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);

/** `AKID/YYYYMMDD/region/service/aws4_request`, or what is wrong with it. */
function parseCredential(value: string): ParsedCredential | string {
  const parts = value.split('/');
  if (parts.length !== 5) return `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got ${quote(value)}`;
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts;
  if (!ACCESS_KEY_ID.test(accessKeyId)) return 'Credential has an empty or malformed access key id';
  if (!SCOPE_DATE.test(date)) return `Credential date must be YYYYMMDD, got ${quote(date)}`;
  if (!SCOPE_PART.test(region)) return `Credential has a malformed region: ${quote(region)}`;
  if (!SCOPE_PART.test(service)) return `Credential has a malformed service: ${quote(service)}`;
  if (terminator !== 'aws4_request') return `Credential should be scoped with a valid terminator: 'aws4_request', not ${quote(terminator)}`;
  return { accessKeyId, date, region, service };
}

/** {@link SIGV4} plus its verifier: what verifyRequest always accepts. */
export const SIGV4_VERIFIED: SigningAlgorithm = Object.freeze({
  ...SIGV4,
  verifier: Object.freeze({
    parseCredential,
    isSignature: (value: string) => SIGNATURE.test(value),
    verify: (stringToSign: string, signature: string, c: AlgorithmContext) =>
      constantTimeEqual(signer(c, c.keyCache.credentialScope(c.date, c.region, c.service))(stringToSign), signature),
  }),
});

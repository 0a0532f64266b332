/** Which authentication the request uses (header or presigned URL), what it claims, and whether its scope and time fit. */
import type { EncodedPair } from '../sigv4/canonicalQuery.js';
import type { SigningAlgorithm } from '../sigv4/algorithm.js';
import { trimSpaceTab } from '../sigv4/request.js';
import { type CredentialParts, parseAuthorization } from './authorization.js';
import { checkPresignWindow, checkSkew, headerSigningTime, parseAmzDate } from './dates.js';
import { fail, isFailure, type Outcome, quote } from './outcome.js';
import { hasPresignParams, parsePresignQuery } from './presignQuery.js';
import type { ReceivedRequest } from './requestInput.js';
import type { VerifySettings } from './settings.js';

/** What the request claims, from either the Authorization header or the presigning parameters. */
export interface Authentication {
  readonly presigned: boolean;
  readonly algorithm: SigningAlgorithm;
  /** The algorithm's signed parameters by header name (SigV4a: `x-amz-region-set`); empty for SigV4. */
  readonly parameters: ReadonlyMap<string, string>;
  readonly credential: CredentialParts;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly signingDate: Date;
  readonly amzDate: string;
  readonly sessionToken: string | undefined;
  /** The query pairs the signature covers. */
  readonly signedQuery: readonly EncodedPair[];
  readonly expiresIn: number | undefined;
}

const NO_PARAMETERS: ReadonlyMap<string, string> = new Map();

const optionalTrim = (value: string | undefined): string | undefined => (value === undefined ? undefined : trimSpaceTab(value));

function fromHeader(req: ReceivedRequest, header: string, settings: VerifySettings): Outcome<Authentication> {
  const parts = parseAuthorization(header, settings.algorithms);
  if (isFailure(parts)) return parts;
  const time = headerSigningTime(req.headers.get('x-amz-date'), req.headers.get('date'));
  if (isFailure(time)) return { ...time, accessKeyId: parts.credential.accessKeyId };
  let parameters = NO_PARAMETERS;
  const wanted = parts.algorithm.verifier?.parameters;
  if (wanted !== undefined && wanted.length > 0) {
    const found = new Map<string, string>();
    for (const { header: name, optional } of wanted) {
      const value = optionalTrim(req.headers.get(name));
      if (!value && optional === true) continue;
      // These decide what the signature means (SigV4a: where it is valid): unsigned, they could be changed in transit.
      if (!value || !parts.signedHeaders.includes(name)) {
        return fail('IncompleteSignature', `${parts.algorithm.name} requires a signed ${name} header`, { accessKeyId: parts.credential.accessKeyId });
      }
      found.set(name, value);
    }
    parameters = found;
  }
  // Fields, not `...parts`: on Node 20 that spread into a larger literal costs microseconds and a
  // dictionary-mode object (about 2.8 KiB) per verification.
  return {
    presigned: false,
    algorithm: parts.algorithm,
    parameters,
    credential: parts.credential,
    signedHeaders: parts.signedHeaders,
    signature: parts.signature,
    signingDate: time.date,
    amzDate: time.amzDate,
    sessionToken: optionalTrim(req.headers.get('x-amz-security-token')),
    signedQuery: req.query,
    expiresIn: undefined,
  };
}

function fromQuery(req: ReceivedRequest, settings: VerifySettings): Outcome<Authentication> {
  const parts = parsePresignQuery(req.query, settings.appendedToken, settings.algorithms);
  if (isFailure(parts)) return parts;
  const signingDate = parseAmzDate(parts.amzDate);
  if (signingDate === undefined) {
    return fail('AuthorizationQueryParametersError', `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'", got ${quote(parts.amzDate)}`, { accessKeyId: parts.credential.accessKeyId });
  }
  return {
    presigned: true,
    algorithm: parts.algorithm,
    parameters: parts.parameters,
    credential: parts.credential,
    signedHeaders: parts.signedHeaders,
    signature: parts.signature,
    signingDate,
    amzDate: parts.amzDate,
    sessionToken: parts.sessionToken,
    signedQuery: parts.signedPairs,
    expiresIn: parts.expiresIn,
  };
}

/** Reads the authentication data of the request, whichever of the two places it is in. */
export function readAuthentication(req: ReceivedRequest, settings: VerifySettings): Outcome<Authentication> {
  const header = req.headers.get('authorization');
  const presigned = hasPresignParams(req.query);
  if (header !== undefined && presigned) {
    return fail('AuthorizationQueryParametersError', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified');
  }
  if (header !== undefined) return fromHeader(req, header, settings);
  if (presigned) return fromQuery(req, settings);
  return fail('MissingAuthenticationToken', 'Missing Authentication Token');
}

/** The scope must match the request date and the allowed regions and services; `host` must be signed. */
export function checkScope(auth: Authentication, settings: VerifySettings): Outcome<true> {
  const { credential } = auth;
  const withKey = { accessKeyId: credential.accessKeyId };
  if (credential.date !== auth.amzDate.slice(0, 8)) {
    return fail('SignatureDoesNotMatch', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${credential.date}' != '${auth.amzDate.slice(0, 8)}', from '${auth.amzDate}'.`, withKey);
  }
  const covers = auth.algorithm.verifier?.coversRegion;
  if (covers !== undefined) {
    // AWS documents 403 SignatureDoesNotMatch for a scope outside the endpoint's region; S3's
    // AuthorizationHeaderMalformed names one expected region, which a region set cannot express.
    const { regions } = settings;
    if (regions !== undefined && ![...regions].some((region) => covers(credential, auth.parameters, region))) {
      const signed = [...auth.parameters.values()].join(' ');
      return fail('SignatureDoesNotMatch', `The ${auth.algorithm.name} signature${signed ? ` (${quote(signed)})` : ''} does not cover this endpoint's region.`, withKey);
    }
  } else if (settings.regions !== undefined && !settings.regions.has(credential.region)) {
    return fail('SignatureDoesNotMatch', `Credential should be scoped to a valid region, not ${quote(credential.region)}.`, withKey);
  }
  if (settings.services !== undefined && !settings.services.has(credential.service)) {
    return fail('SignatureDoesNotMatch', `Credential should be scoped to correct service, not ${quote(credential.service)}.`, withKey);
  }
  if (!auth.signedHeaders.includes('host')) {
    return fail('SignatureDoesNotMatch', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", withKey);
  }
  return true;
}

/** Header auth: within the skew window. Presigned: not expired and not from the future. Returns the URL's expiry. */
export function checkTime(auth: Authentication, settings: VerifySettings): Outcome<Date | undefined> {
  const { now, maxSkewSeconds } = settings;
  const result = auth.expiresIn === undefined
    ? checkSkew(auth.signingDate, now, maxSkewSeconds)
    : checkPresignWindow(auth.signingDate, auth.expiresIn, now, maxSkewSeconds);
  if (isFailure(result)) return { ...result, accessKeyId: auth.credential.accessKeyId };
  return result === true ? undefined : result;
}

/** The `algorithm` and `regionSet` signing parameters, validated (SigV4a selection). */
import { InvalidRequestError } from '../errors.js';
import { ALGORITHM } from '../sigv4/stringToSign.js';
import type { SigningAlgorithm, SigningParams } from '../sigv4/types.js';
import { SIGV4A_ALGORITHM } from './algorithm.js';

/** What `algorithm` / `regionSet` resolve to. */
export interface ResolvedAlgorithm {
  readonly algorithm: SigningAlgorithm;
  /** SigV4a: the comma-joined region set (`x-amz-region-set`); undefined for SigV4. */
  readonly regionSet: string | undefined;
}

// Printable ASCII without ',' (the list separator); '*' wildcards are allowed ('*', 'us-*').
const REGION_SET_ENTRY = /^[\x21-\x2b\x2d-\x7e]+$/;
const SIGV4: ResolvedAlgorithm = { algorithm: ALGORITHM, regionSet: undefined };

/** Validates `algorithm` and `regionSet`; the region set defaults to `[region]`. */
export function resolveAlgorithm(params: SigningParams, region: string): ResolvedAlgorithm {
  const { algorithm = ALGORITHM, regionSet } = params;
  if (algorithm === ALGORITHM) {
    if (regionSet !== undefined) throw new InvalidRequestError('INVALID_OPTION', `regionSet applies only to algorithm '${SIGV4A_ALGORITHM}'`);
    return SIGV4;
  }
  if (algorithm !== SIGV4A_ALGORITHM) {
    throw new InvalidRequestError('INVALID_OPTION', `algorithm must be '${ALGORITHM}' or '${SIGV4A_ALGORITHM}'`);
  }
  if (regionSet === undefined) return { algorithm, regionSet: region };
  if (!Array.isArray(regionSet) || regionSet.length === 0 || !regionSet.every((r) => typeof r === 'string' && REGION_SET_ENTRY.test(r))) {
    throw new InvalidRequestError('INVALID_OPTION', 'regionSet must be a non-empty array of regions (printable ASCII without ","), e.g. ["*"]');
  }
  return { algorithm, regionSet: regionSet.join(',') };
}

/**
 * `sigv4-kit/explain`: why AWS refused a signature. `explainSignatureMismatch` reads a
 * `SignatureDoesNotMatch` answer, diffs the canonical request and string to sign AWS computed against
 * what was signed, and names the likely cause. Its own entry because it is large and used while
 * debugging, not on every request: `import 'sigv4-kit'` does not load it.
 * @example
 * import { signRequest } from 'sigv4-kit';
 * import { explainSignatureMismatch } from 'sigv4-kit/explain';
 * @module
 */
export {
  explainSignatureMismatch,
  type MismatchExplanation,
  type MismatchCause,
  type MismatchCauseKind,
  type LocalSigning,
  type DiffLine,
} from './explain/explain.js';

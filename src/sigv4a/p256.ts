/**
 * NIST P-256 arithmetic in BigInt, for SigV4a where `node:crypto` is not there (browsers, workers)
 * and for deriving public keys. Scalar multiplication walks all 256 bits with one addition and one
 * doubling per bit whatever the bit is, so the operation sequence does not depend on the secret.
 * BigInt itself is not constant-time: this is the portable fallback, Node uses OpenSSL.
 */

/** Field prime. */
export const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
/** Group order. */
export const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const G: Jacobian = [
  0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  1n,
];

/** An affine curve point. */
export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

// Jacobian coordinates (X/Z^2, Y/Z^3) avoid an inversion per step; Z = 0 is the point at infinity.
type Jacobian = readonly [bigint, bigint, bigint];
const INFINITY: Jacobian = [1n, 1n, 0n];

/** `a mod m` in [0, m). */
export function mod(a: bigint, m: bigint = P): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Inverse of `a` modulo the prime `m` (extended Euclid). */
export function invert(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('value is not invertible');
  return mod(oldS, m);
}

// dbl-2001-b, valid because P-256 has a = -3.
function double([x, y, z]: Jacobian): Jacobian {
  if (z === 0n || y === 0n) return INFINITY;
  const delta = (z * z) % P;
  const gamma = (y * y) % P;
  const beta = (x * gamma) % P;
  const alpha = mod(3n * (x - delta) * (x + delta));
  const x3 = mod(alpha * alpha - 8n * beta);
  const z3 = mod((y + z) * (y + z) - gamma - delta);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma);
  return [x3, y3, z3];
}

function add(p: Jacobian, q: Jacobian): Jacobian {
  const [x1, y1, z1] = p;
  const [x2, y2, z2] = q;
  if (z1 === 0n) return q;
  if (z2 === 0n) return p;
  const z1z1 = (z1 * z1) % P;
  const z2z2 = (z2 * z2) % P;
  const u1 = (x1 * z2z2) % P;
  const u2 = (x2 * z1z1) % P;
  const s1 = (((y1 * z2) % P) * z2z2) % P;
  const s2 = (((y2 * z1) % P) * z1z1) % P;
  const h = mod(u2 - u1);
  const r = mod(s2 - s1);
  if (h === 0n) return r === 0n ? double(p) : INFINITY;
  const hh = (h * h) % P;
  const hhh = (h * hh) % P;
  const v = (u1 * hh) % P;
  const x3 = mod(r * r - hhh - 2n * v);
  const y3 = mod(r * (v - x3) - s1 * hhh);
  const z3 = (((z1 * z2) % P) * h) % P;
  return [x3, y3, z3];
}

// Montgomery ladder over a fixed 256 bits: R1 - R0 = point throughout.
function multiply(point: Jacobian, scalar: bigint): Jacobian {
  let r0 = INFINITY;
  let r1 = point;
  for (let bit = 255n; bit >= 0n; bit--) {
    if (((scalar >> bit) & 1n) === 0n) {
      r1 = add(r0, r1);
      r0 = double(r0);
    } else {
      r0 = add(r0, r1);
      r1 = double(r1);
    }
  }
  return r0;
}

function toAffine([x, y, z]: Jacobian): AffinePoint | undefined {
  if (z === 0n) return undefined;
  const zInv = invert(z, P);
  const zz = (zInv * zInv) % P;
  return { x: (x * zz) % P, y: (((y * zz) % P) * zInv) % P };
}

/** True when (x, y) is a point of P-256 (not infinity). */
export function isOnCurve(point: AffinePoint): boolean {
  const { x, y } = point;
  if (x < 0n || x >= P || y < 0n || y >= P) return false;
  return mod(y * y - (x * x * x - 3n * x + B)) === 0n;
}

/** d * G for a private scalar 1 <= d < n. */
export function publicPoint(d: bigint): AffinePoint {
  const point = toAffine(multiply(G, d));
  if (point === undefined) throw new RangeError('private scalar out of range');
  return point;
}

/** ECDSA (r, s) of the digest integer `e` with private scalar `d` and nonce `k`; undefined when r or s is 0 (pick another k). */
export function ecdsaSign(d: bigint, e: bigint, k: bigint): { r: bigint; s: bigint } | undefined {
  const kG = toAffine(multiply(G, k));
  if (kG === undefined) return undefined;
  const r = mod(kG.x, N);
  if (r === 0n) return undefined;
  const s = mod(invert(k, N) * (e + r * d), N);
  return s === 0n ? undefined : { r, s };
}

/** ECDSA verification of (r, s) over the digest integer `e` with public point `q` (already checked on the curve). */
export function ecdsaVerify(q: AffinePoint, e: bigint, r: bigint, s: bigint): boolean {
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false;
  const w = invert(s, N);
  const sum = add(multiply(G, mod(e * w, N)), multiply([q.x, q.y, 1n], mod(r * w, N)));
  const point = toAffine(sum);
  return point !== undefined && mod(point.x, N) === r;
}

/** ECDSA P-256 / SHA-256 as the platform provides it (`#ecdsa`: node:crypto, or this file's BigInt code). */
export interface EcdsaBackend {
  /** Hex DER signature of the UTF-8 bytes of `message` with the 32-byte private key. */
  sign(privateKey: Uint8Array, message: string): string;
  /** True when the DER `signature` (already checked to be strict DER) is valid for `message` under `publicKey`. */
  verify(publicKey: AffinePoint, message: string, signature: Uint8Array): boolean;
  /** The public point of a 32-byte private key. */
  publicKey(privateKey: Uint8Array): AffinePoint;
}

/** The credentials shape, on its own so the algorithm interface and the public types can share it without a cycle. */

/** Keys to sign with. Temporary (STS) credentials carry a session token and usually an expiry. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Only temporary (STS) credentials have one. */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date | undefined;
  /** The AWS account the credentials belong to, when the source says (IAM Identity Center, `aws login`). Not a secret. */
  readonly accountId?: string | undefined;
}

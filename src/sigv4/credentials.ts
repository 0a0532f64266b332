/** The credentials shape, on its own so the algorithm interface and the public types can share it without a cycle. */

/** Keys to sign with. Temporary (STS) credentials carry a session token and usually an expiry. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Only temporary (STS) credentials have one. */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date | undefined;
  /**
   * The 12-digit AWS account the credentials belong to, when the source says so (`AWS_ACCOUNT_ID`,
   * a profile's `aws_account_id`, `credential_process`, container and IMDS answers, the ARN of an
   * assumed role, IAM Identity Center, `aws login`). Not a secret; the signer does not use it.
   */
  readonly accountId?: string | undefined;
}

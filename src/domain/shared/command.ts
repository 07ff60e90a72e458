/**
 * What every write carries besides its input: the account it acts for and,
 * when the caller sent one, an idempotency key with a fingerprint of the
 * request, so a retry returns the first answer and changes nothing.
 */
export interface Idempotency {
  /** Which operation the key belongs to; the same key may be used by different operations. */
  readonly scope: string
  readonly key: string
  /** A hash of the request; the same key with another fingerprint is rejected. */
  readonly fingerprint: string
}

export interface CommandContext {
  readonly accountId: number
  readonly idempotency?: Idempotency | undefined
  /** The channel the caller identified itself with (web, app, pos), used for registration statistics. */
  readonly channel?: Channel | undefined
}

export type Channel = 'pos' | 'web' | 'app'

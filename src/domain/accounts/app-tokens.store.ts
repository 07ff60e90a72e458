import type { Instant } from '../shared/clock.js'

/** An application-only bearer token: the token strings are derived from `seed`, only their hashes are looked up. */
export interface AppToken {
  readonly id: number
  readonly accountId: number
  readonly clientId: number
  readonly seed: string
  readonly expiresAt: Instant
  readonly refreshExpiresAt: Instant
  readonly revokedAt: Instant | null
  readonly createdAt: Instant
}

export interface AppTokenStore {
  /** The client's token that has not been invalidated, if any (at most one exists). */
  outstanding(accountId: number, clientId: number): Promise<AppToken | null>
  findByAccessHash(hash: string): Promise<AppToken | null>
  findByRefreshHash(hash: string): Promise<AppToken | null>
  /** Fails with a unique-key conflict when the client already has an outstanding token. */
  insert(input: {
    accountId: number
    clientId: number
    seed: string
    accessHash: string
    refreshHash: string
    expiresAt: Instant
    refreshExpiresAt: Instant
    now: Instant
  }): Promise<AppToken>
  /** Invalidates a token; false when it was already invalidated. */
  revoke(accountId: number, id: number, now: Instant): Promise<boolean>
}

export interface AppTokensTx {
  readonly appTokens: AppTokenStore
}

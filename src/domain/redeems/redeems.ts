import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'

export type RedeemStatus = 'pending' | 'redeemed' | 'cancelled'

/** A customer's request to redeem points, waiting for the store to confirm it with the one-time code. */
export interface RedeemRequest {
  readonly id: number
  readonly accountId: number
  readonly contactId: number
  readonly unitId: number
  readonly shopId: number | null
  readonly amount: Minor
  /** The one-time code is derived from it; the code itself is never stored. */
  readonly seed: string
  readonly status: RedeemStatus
  /** Wrong codes tried so far. */
  readonly attempts: number
  readonly expiresAt: Instant
  /** The debit written when the redeem was confirmed. */
  readonly entryId: number | null
  readonly createdAt: Instant
}

/** How long a one-time code stays valid, and how many wrong codes cancel the request. */
export const REDEEM_CODE_TTL_MS = 10 * 60_000
export const REDEEM_MAX_ATTEMPTS = 5

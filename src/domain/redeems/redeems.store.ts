import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'
import type { RedeemRequest, RedeemStatus } from './redeems.js'

export interface RedeemStore {
  create(input: {
    accountId: number
    contactId: number
    unitId: number
    shopId: number | null
    amount: Minor
    seed: string
    expiresAt: Instant
    now: Instant
  }): Promise<RedeemRequest>
  /** Reads a request and locks it until the transaction ends, so concurrent confirmations queue and see each other's outcome. */
  lock(accountId: number, id: number): Promise<RedeemRequest | null>
  /** Counts a wrong code; cancels the request when `cancel` is set. */
  recordAttempt(accountId: number, id: number, cancel: boolean, now: Instant): Promise<void>
  /**
   * Moves a pending request to `status`; false when it was no longer pending
   * (a concurrent confirmation won), which makes confirmation happen once.
   */
  close(accountId: number, id: number, status: Exclude<RedeemStatus, 'pending'>, entryId: number | null, now: Instant): Promise<boolean>
}

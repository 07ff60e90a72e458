import type { Contact } from '../contacts/contacts.js'
import type { Instant } from '../shared/clock.js'

export interface Promotion {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly name: string
  readonly description: string
  /** How many vouchers the promotion may ever hold; null: no limit. */
  readonly voucherLimit: number | null
  /** How many vouchers one contact may hold; null: no limit. */
  readonly limitPerContact: number | null
  /** Seconds a new voucher is valid for; null: vouchers do not expire. */
  readonly expirationDuration: number | null
  readonly createdAt: Instant
}

export interface Voucher {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly promotionId: number
  readonly contactId: number | null
  readonly code: string
  /** False once deactivated; a deactivated voucher cannot be redeemed or locked. */
  readonly active: boolean
  readonly redemptionsAllowed: number
  readonly redemptions: number
  readonly activatesAt: Instant | null
  readonly expiresAt: Instant | null
  /** When it was last redeemed. */
  readonly redeemedAt: Instant | null
  readonly attributes: Readonly<Record<string, unknown>>
  readonly createdAt: Instant
}

/** A hold on a voucher while a till finishes its sale; it lapses by itself after an hour. */
export interface VoucherLock {
  readonly id: number
  readonly voucherId: number
  readonly releaseKey: string
  readonly lockedAt: Instant
  readonly systemReleaseAt: Instant
  readonly unlockedAt: Instant | null
}

export interface VoucherRedemption {
  readonly id: number
  readonly uuid: string
  readonly voucherId: number
  readonly contactId: number
  readonly shopId: number | null
  readonly createdAt: Instant
  readonly reversedAt: Instant | null
}

export const voucherStatuses = ['ACTIVE', 'REDEEMED', 'EXPIRED', 'DEACTIVATED', 'INACTIVE', 'LOCKED'] as const
export type VoucherStatus = (typeof voucherStatuses)[number]

/** The lock that holds a voucher at `now`, if any. */
export const currentLock = (lock: VoucherLock | null, now: Instant): VoucherLock | null =>
  lock && lock.unlockedAt === null && lock.systemReleaseAt > now ? lock : null

/**
 * A voucher's status is derived, never stored, so that expiry, activation and
 * the lapse of a lock need no job: fully redeemed wins, then deactivated,
 * expired, not yet active, locked.
 */
export const statusOf = (voucher: Voucher, lock: VoucherLock | null, now: Instant): VoucherStatus => {
  if (voucher.redemptions >= voucher.redemptionsAllowed) return 'REDEEMED'
  if (!voucher.active) return 'DEACTIVATED'
  if (voucher.expiresAt !== null && voucher.expiresAt <= now) return 'EXPIRED'
  if (voucher.activatesAt !== null && voucher.activatesAt > now) return 'INACTIVE'
  if (currentLock(lock, now)) return 'LOCKED'
  return 'ACTIVE'
}

export interface VoucherView {
  readonly voucher: Voucher
  readonly status: VoucherStatus
  readonly promotion: Promotion
  readonly contact: { readonly contact: Contact; readonly email: string | null } | null
}

export interface VoucherLockView {
  readonly voucher: Voucher
  readonly status: VoucherStatus
  readonly lock: VoucherLock
}

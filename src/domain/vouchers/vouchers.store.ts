import type { Instant } from '../shared/clock.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { Promotion, Voucher, VoucherLock, VoucherRedemption, VoucherStatus } from './vouchers.js'

export interface NewVoucher {
  readonly accountId: number
  readonly promotionId: number
  readonly contactId: number | null
  readonly code: string
  readonly redemptionsAllowed: number
  readonly activatesAt: Instant | null
  readonly expiresAt: Instant | null
  readonly attributes: Record<string, unknown>
  readonly now: Instant
}

export interface VoucherFilter {
  readonly promotionId?: number | undefined
  readonly contactId?: number | undefined
  readonly status?: VoucherStatus | undefined
}

export interface VoucherStore {
  createPromotion(input: Omit<Promotion, 'id' | 'uuid'>): Promise<Promotion>
  listPromotions(accountId: number): Promise<Promotion[]>
  promotionByUuid(accountId: number, uuid: string): Promise<Promotion | null>
  promotionById(accountId: number, id: number): Promise<Promotion | null>
  /** Locks a promotion's row, so vouchers counted against its limits are not created at once. */
  lockPromotion(accountId: number, id: number): Promise<void>
  countVouchers(accountId: number, promotionId: number, contactId?: number): Promise<number>

  create(input: NewVoucher): Promise<Voucher>
  byCode(accountId: number, code: string): Promise<Voucher | null>
  byUuid(accountId: number, uuid: string): Promise<Voucher | null>
  /** Re-reads a voucher under a row lock: every change of a voucher starts here. */
  lock(accountId: number, id: number): Promise<Voucher>
  update(
    accountId: number,
    id: number,
    patch: { active?: boolean; attributes?: Record<string, unknown>; contactId?: number; redemptions?: number; redeemedAt?: Instant | null },
  ): Promise<Voucher>
  /** Vouchers filtered by promotion, contact and status at `now`, oldest first. */
  list(accountId: number, filter: VoucherFilter, now: Instant, page: PageRequest): Promise<Page<Voucher>>

  lastLock(voucherId: number): Promise<VoucherLock | null>
  insertLock(input: { accountId: number; voucherId: number; releaseKey: string; lockedAt: Instant; systemReleaseAt: Instant }): Promise<VoucherLock>
  unlock(lockId: number, now: Instant): Promise<VoucherLock>

  insertRedemption(input: {
    uuid: string
    accountId: number
    voucherId: number
    contactId: number
    shopId: number | null
    createdAt: Instant
  }): Promise<VoucherRedemption>
  /** Redemptions not reversed, newest first. */
  openRedemptions(voucherId: number): Promise<VoucherRedemption[]>
  reverseRedemption(redemptionId: number, now: Instant): Promise<void>
}

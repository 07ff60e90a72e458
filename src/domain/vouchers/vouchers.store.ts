import type { Instant } from '../shared/clock.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { Promotion, Voucher, VoucherLock, VoucherRedemption, VoucherStatus } from './vouchers.js'

/** A new voucher: active, never redeemed. */
export type NewVoucher = Omit<Voucher, 'id' | 'uuid' | 'active' | 'redemptions' | 'redeemedAt' | 'createdAt'> & { readonly now: Instant }

/** What a change of a voucher may set. */
export type VoucherPatch = { readonly [K in 'active' | 'attributes' | 'redemptions' | 'redeemedAt']?: Voucher[K] } & { readonly contactId?: number }

/** A new lock, held until released or until it lapses by itself. */
export type NewVoucherLock = Omit<VoucherLock, 'id' | 'unlockedAt'> & { readonly accountId: number }

/** A new redemption, not reversed. */
export type NewVoucherRedemption = Omit<VoucherRedemption, 'id' | 'reversedAt'> & { readonly accountId: number }

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
  update(accountId: number, id: number, patch: VoucherPatch): Promise<Voucher>
  /** Vouchers filtered by promotion, contact and status at `now`, oldest first. */
  list(accountId: number, filter: VoucherFilter, now: Instant, page: PageRequest): Promise<Page<Voucher>>

  lastLock(voucherId: number): Promise<VoucherLock | null>
  insertLock(input: NewVoucherLock): Promise<VoucherLock>
  unlock(lockId: number, now: Instant): Promise<VoucherLock>

  insertRedemption(input: NewVoucherRedemption): Promise<VoucherRedemption>
  /** Redemptions not reversed, newest first. */
  openRedemptions(voucherId: number): Promise<VoucherRedemption[]>
  reverseRedemption(redemptionId: number, now: Instant): Promise<void>
}

/** The voucher store, as a module needs it of the caller's transaction. */
export interface VouchersTx {
  readonly vouchers: VoucherStore
}

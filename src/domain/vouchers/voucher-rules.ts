import type { Contact, Shop } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import type { Instant } from '../shared/clock.js'
import { DomainError, type Subject } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import { type Promotion, statusOf, type Voucher, type VoucherView } from './vouchers.js'
import type { VouchersTx } from './vouchers.store.js'

/** What the voucher use cases need of a transaction. */
export type VoucherServiceTx = VouchersTx & ContactsTx & EventsTx

/** What an error about a voucher is about: its code, or the voucher itself when named by UUID. */
export const voucherSubject = (ref: { code: string } | { uuid: string }): Subject => ('code' in ref ? 'code' : 'voucher')

/** @throws promotion.not_found */
export const requirePromotion = async (tx: VouchersTx, accountId: number, uuid: string): Promise<Promotion> => {
  const found = await tx.vouchers.promotionByUuid(accountId, uuid)
  if (!found) throw new DomainError('promotion.not_found', { subject: 'promotion', reason: `no promotion ${uuid}` })
  return found
}

/** @throws contact.not_found */
export const requireContact = async (tx: ContactsTx, accountId: number, ref: { uuid: string } | { id: number }): Promise<Contact> => {
  const found = 'uuid' in ref ? await tx.contacts.findByUuid(accountId, ref.uuid) : await tx.contacts.get(accountId, ref.id)
  if (!found) throw new DomainError('contact.not_found', { subject: 'contact', reason: 'no such contact' })
  return found
}

/** @throws shop.not_found */
export const requireShop = async (tx: ContactsTx, accountId: number, ref: { uuid: string } | { id: number }): Promise<Shop> => {
  const shop = 'uuid' in ref ? await tx.shops.findByUuid(accountId, ref.uuid) : await tx.shops.get(accountId, ref.id)
  if (!shop) throw new DomainError('shop.not_found', { subject: 'shop', reason: 'no such shop' })
  return shop
}

/** @throws voucher.not_found */
export const requireVoucher = async (tx: VouchersTx, accountId: number, ref: { code: string } | { uuid: string }): Promise<Voucher> => {
  const found = 'code' in ref ? await tx.vouchers.byCode(accountId, ref.code) : await tx.vouchers.byUuid(accountId, ref.uuid)
  if (!found) throw new DomainError('voucher.not_found', { subject: voucherSubject(ref), reason: 'no such voucher' })
  return found
}

/** Whether a voucher can be locked or redeemed now. @throws voucher.redeemed, voucher.deactivated, voucher.expired */
export const checkUsable = (voucher: Voucher, now: Instant, subject: Subject): void => {
  if (voucher.redemptions >= voucher.redemptionsAllowed) throw new DomainError('voucher.redeemed', { subject, reason: 'the voucher has been redeemed' })
  if (!voucher.active) throw new DomainError('voucher.deactivated', { subject, reason: 'the voucher is deactivated' })
  if (voucher.expiresAt !== null && voucher.expiresAt <= now) throw new DomainError('voucher.expired', { subject, reason: 'the voucher has expired' })
}

/** A voucher with its status at `now`, its promotion and its contact. */
export const viewOf = async (tx: VoucherServiceTx, voucher: Voucher, now: Instant): Promise<VoucherView> => {
  const promotion = await tx.vouchers.promotionById(voucher.accountId, voucher.promotionId)
  if (!promotion) throw new Error(`promotion ${voucher.promotionId} is missing`)
  const contact = voucher.contactId === null ? null : await tx.contacts.get(voucher.accountId, voucher.contactId)
  const email = contact ? await tx.contacts.identifierOf(voucher.accountId, contact.id, 'email') : null
  const status = statusOf(voucher, await tx.vouchers.lastLock(voucher.id), now)
  return { voucher, status, promotion, contact: contact ? { contact, email } : null }
}

/** Writes a voucher's outbox event: its id, UUID and code, and what the change adds. */
export const emit = (tx: EventsTx, type: string, voucher: Voucher, now: Instant, extra: Record<string, unknown> = {}, shopId: number | null = null) =>
  tx.events.append({
    type,
    accountId: voucher.accountId,
    shopId,
    payload: { voucherId: voucher.id, uuid: voucher.uuid, code: voucher.code, ...extra },
    occurredAt: now,
  })

import type { GiftcardProgramView, GiftcardTransactionView, GiftcardView } from '../../domain/giftcards/giftcards.js'
import type { PrepaidTransactionView } from '../../domain/prepaid/prepaid.js'
import { type Minor, toDecimalNumber, toDecimalString } from '../../domain/shared/amounts.js'
import type { Promotion, VoucherLockView, VoucherView } from '../../domain/vouchers/vouchers.js'
import { leatDate, leatDateOrNull } from './envelope.js'
import { mapShopRef } from './mappers.js'

/** Money as Leat displays it beside the cents: `€40.00`. */
export const displayAmount = (amount: Minor): string => `€${toDecimalString(amount)}`

export const mapGiftcardProgram = (p: GiftcardProgramView) => ({
  id: p.id,
  card_count: p.cardCount,
  settles: 0,
  uuid: p.uuid,
  name: p.name,
  active: p.active,
  expiration_days: p.expirationDays,
  max_amount_in_cents: p.maxAmount,
  min_amount_in_cents: p.minAmount,
  calculator_flow: 'DEFAULT' as const,
})

/** One shape for every giftcard answer: the create example's fields, a superset of the others. */
export const mapGiftcard = ({ card, program, balance }: GiftcardView) => ({
  id: card.id,
  uuid: card.uuid,
  type: card.type,
  hash: card.hash,
  amount_in_cents: balance,
  upgradeable: card.upgradeable,
  active: card.active,
  expiration_date: leatDateOrNull(card.expiresAt),
  amount: toDecimalNumber(balance),
  url: null,
  display_amount: displayAmount(balance),
  formatted_expiration_date: card.expiresAt === null ? null : leatDate(card.expiresAt).slice(0, 10),
  giftcard_program: {
    id: program.id,
    name: program.name,
    uuid: program.uuid,
    max_amount_in_cents: program.maxAmount,
    calculator_flow: 'DEFAULT' as const,
    expiration_days: program.expirationDays,
  },
  giftcard_recipients: [],
})

export const mapGiftcardTransaction = ({ transaction, card, shop }: GiftcardTransactionView) => ({
  id: transaction.id,
  uuid: transaction.uuid,
  amount_in_cents: transaction.amount,
  type: 'STANDARD' as const,
  settled: false,
  card: { id: card.id, uuid: card.uuid },
  shop: shop ? mapShopRef(shop) : null,
  settlements: [],
  created_at: leatDate(transaction.createdAt),
})

export const mapPrepaidBalance = (balance: Minor) => ({ balance_in_cents: balance, balance: displayAmount(balance) })

export const mapPrepaidTransaction = ({ transaction, contact, email, shop, identifier }: PrepaidTransactionView) => ({
  uuid: transaction.uuid,
  amount_in_cents: transaction.amount,
  prepaid_balance: mapPrepaidBalance(transaction.balanceAfter),
  created_at: leatDate(transaction.createdAt),
  shop: shop ? mapShopRef(shop) : null,
  contact_identifier: identifier,
  contact: { uuid: contact.uuid, email },
})

const promotionFields = (p: Promotion) => ({
  name: p.name,
  description: p.description,
  voucher_limit: p.voucherLimit,
  limit_per_contact: p.limitPerContact,
  expiration_duration: p.expirationDuration,
})

/** Promotion attributes are not modelled: `attributes` is always empty. */
export const mapPromotion = (p: Promotion) => ({ attributes: {}, ...promotionFields(p), uuid: p.uuid })

export const mapVoucher = ({ voucher, status, promotion, contact }: VoucherView) => ({
  uuid: voucher.uuid,
  code: voucher.code,
  status,
  name: promotion.name,
  description: promotion.description,
  expiration_date: leatDateOrNull(voucher.expiresAt),
  activation_date: leatDateOrNull(voucher.activatesAt),
  redeemed_at: leatDateOrNull(voucher.redeemedAt),
  is_redeemed: status === 'REDEEMED',
  attributes: voucher.attributes,
  contact: contact ? { uuid: contact.contact.uuid, email: contact.email } : null,
  promotion: { uuid: promotion.uuid, ...promotionFields(promotion) },
})

export const mapVoucherLock = ({ voucher, status, lock }: VoucherLockView) => ({
  voucher: { uuid: voucher.uuid, status },
  lock: {
    release_key: lock.releaseKey,
    locked_at: leatDate(lock.lockedAt),
    unlocked_at: leatDateOrNull(lock.unlockedAt),
    system_release_at: lock.unlockedAt === null ? leatDate(lock.systemReleaseAt) : null,
  },
})

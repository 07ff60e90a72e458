import type { Unit } from '../../domain/contacts/contacts.js'
import type { ContactSnapshot, Entry, EntryView, LotView } from '../../domain/ledger/ledger.js'
import type { ProductDaySummary, StoreDaySummary } from '../../domain/reports/reports.service.js'
import { fromDecimal, type Minor, toDecimalString } from '../../domain/shared/amounts.js'
import { DomainError } from '../../domain/shared/errors.js'
import { isCalendarDate, localDateTime, nextDate, startOfLocalDate } from '../../domain/shared/time.js'
import type { TierWithNext } from '../../domain/tiers/tiers.service.js'

/** Converts a wire amount to minor units. @throws validation.invalid when it has more than two decimals. */
export const toMinor = (value: number, field: string): Minor => {
  const amount = fromDecimal(value)
  if (amount === null) throw new DomainError('validation.invalid', { field, reason: 'must have at most two decimals' })
  return amount
}

/** A calendar date in the account's zone: start of that day, or start of the next day for an inclusive end. */
export const dateBound = (value: string, timeZone: string, field: string, inclusiveEnd = false): number => {
  if (!isCalendarDate(value)) throw new DomainError('validation.invalid', { field, reason: 'must be a date written YYYY-MM-DD' })
  return startOfLocalDate(inclusiveEnd ? nextDate(value) : value, timeZone)
}

export const mapUnit = (u: Unit) => ({ id: String(u.id), name: u.name, sign: u.sign })

export const mapCustomer = (s: ContactSnapshot) => ({
  id: String(s.contact.id),
  externalId: s.externalId,
  name: s.contact.name,
  totals: s.totals.map((t) => ({
    id: String(t.walletId),
    total_amount: toDecimalString(t.balance),
    unit: mapUnit(t.unit),
    batch: null,
    set_name: null,
  })),
})

/**
 * MS Loyalty's titles of the entries the ledger writes on its own: a
 * reversal named by what it reverses, an expiry. An entry that has a title
 * (every one a caller posted, and those written before the ledger left
 * titling to the dialects) keeps it.
 */
const titleOf = (entry: Entry): string | null => {
  if (entry.title !== null) return entry.title
  if (entry.kind === 'expiry') return 'Expiración'
  if (entry.kind !== 'reversal') return null
  if (entry.source === 'ORDER') return 'Reverso de orden'
  if (entry.source === 'COUPON') return 'Reverso de cupón'
  return 'Reverso de transacción'
}

export const mapTransaction = (v: EntryView, timeZone: string) => ({
  id: String(v.entry.id),
  title: titleOf(v.entry),
  description: v.entry.description,
  code: v.entry.code,
  external_entity_id: v.entry.code,
  type: v.entry.amount > 0 ? 'CREDIT' : 'DEBIT',
  total: toDecimalString(Math.abs(v.entry.amount) as Minor),
  created_at: localDateTime(v.entry.createdAt, timeZone),
  unit: mapUnit(v.unit),
  customer: mapCustomer(v.contact),
  store: v.shop ? { id: String(v.shop.id), externalId: v.shop.externalId, name: v.shop.name } : null,
})

export const mapLot = (v: LotView, timeZone: string) => {
  // A lot expires at the first instant after its last valid day; show that day's last second,
  // so `expirationDate: 2026-06-30` reads back as `2026-06-30 23:59:59`.
  const expiration = v.lot.expiresAt === null ? null : localDateTime(v.lot.expiresAt - 1000, timeZone)
  return {
    id: String(v.lot.id),
    total_amount: toDecimalString(v.lot.remaining),
    unit: mapUnit(v.unit),
    'batch object': {
      id: String(v.lot.id),
      start_date: localDateTime(v.lot.createdAt, timeZone),
      end_date: expiration,
      expiration_date: expiration,
    },
    set_name: v.source,
  }
}

const group = (t: { id: number; name: string; description: string | null }) => ({ id: String(t.id), name: t.name, description: t.description ?? t.name })

export const mapGroup = (g: TierWithNext) => ({
  ...group(g.tier),
  threshold: toDecimalString(g.tier.threshold),
  group_rules: [mapUnit(g.unit)],
  next_group: g.next ? { ...group(g.next), threshold: toDecimalString(g.next.threshold) } : null,
})

const points = (m: number) => m / 100

export const mapStoreSummary = (r: StoreDaySummary) => ({
  date: r.date,
  week: r.week,
  store: r.store?.name ?? null,
  preregisteredPos: r.preregisteredPos,
  subscribedAfterPos: r.subscribedAfterPos,
  registeredApp: r.registeredApp,
  registeredWeb: r.registeredWeb,
  referrals: r.referrals,
  pointEarnedOrders: points(r.pointEarnedOrders),
  pointEarnedCoupons: points(r.pointEarnedCoupons),
  pointEarnedBalance: points(r.pointEarnedBalance),
  pointRedeemed: points(r.pointRedeemed),
  pointExpired: points(r.pointExpired),
  pointReversedCoupon: points(r.pointReversedCoupon),
  pointReversedOrder: points(r.pointReversedOrder),
})

export const mapProductSummary = (r: ProductDaySummary) => ({
  date: r.date,
  week: r.week,
  store: r.store?.name ?? null,
  codProduct: r.codProduct,
  numOrders: r.numOrders,
  numProducts: r.numProducts,
  pointRedeemed: points(r.pointRedeemed),
  pointEarnedOrders: points(r.pointEarnedOrders),
  pointEarnedCoupons: points(r.pointEarnedCoupons),
  pointEarnedBalance: points(r.pointEarnedBalance),
  numRedeemed: r.numRedeemed,
})

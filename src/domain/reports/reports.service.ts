import type { AccountsTx } from '../accounts/accounts.store.js'
import type { Shop } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { DomainError } from '../shared/errors.js'
import { isoWeek, localDate, nextDate, startOfLocalDate } from '../shared/time.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { ReportEntry, ReportsTx } from './reports.store.js'

/** Points figures are in minor units. */
export interface StoreDaySummary {
  date: string
  week: number
  store: Shop | null
  preregisteredPos: number
  subscribedAfterPos: number
  registeredApp: number
  registeredWeb: number
  referrals: number
  pointEarnedOrders: number
  pointEarnedCoupons: number
  pointEarnedBalance: number
  pointRedeemed: number
  pointExpired: number
  pointReversedCoupon: number
  pointReversedOrder: number
}

export interface ProductDaySummary {
  date: string
  week: number
  store: Shop | null
  codProduct: string
  numOrders: number
  numProducts: number
  pointRedeemed: number
  pointEarnedOrders: number
  pointEarnedCoupons: number
  pointEarnedBalance: number
  numRedeemed: number
}

/** Which earned column a source counts in: orders, balance transfers, and every other credit as a coupon. */
export type EarnedColumn = 'pointEarnedOrders' | 'pointEarnedBalance' | 'pointEarnedCoupons'
export const earnedColumn = (source: string | null): EarnedColumn => {
  if (source === 'ORDER') return 'pointEarnedOrders'
  if (source?.startsWith('BALANCE')) return 'pointEarnedBalance'
  return 'pointEarnedCoupons'
}

const MAX_DAYS = 366

const byDateAndStore = (a: { date: string; store: Shop | null }, b: { date: string; store: Shop | null }): number =>
  a.date.localeCompare(b.date) || (a.store?.name ?? '').localeCompare(b.store?.name ?? '')

export type ReportsServiceTx = ReportsTx & AccountsTx & Pick<ContactsTx, 'units' | 'shops'>

/** Daily summaries of the ledger in the account's time zone, for at most `MAX_DAYS` days at a time. */
export interface ReportService {
  /**
   * Per day and store: registrations and the points earned by source,
   * redeemed, expired and reversed, in one unit (POINTS by default).
   * @throws validation.invalid (endDate), unit.not_found (unit), account.not_found
   */
  dailyByStore(accountId: number, startDate: string, endDate: string, unitName?: string): Promise<StoreDaySummary[]>
  /**
   * Per day, store and product, from the order lines stored with ledger
   * entries: orders, products, points earned by source and redeemed.
   * @throws validation.invalid (endDate), unit.not_found, account.not_found
   */
  dailyByProduct(accountId: number, startDate: string, endDate: string): Promise<ProductDaySummary[]>
}

export const createReportService = ({ uow }: { uow: UnitOfWork<ReportsServiceTx> }): ReportService => {
  /** Resolves an inclusive date range in the account's time zone. @throws validation.invalid */
  const range = (timeZone: string, startDate: string, endDate: string) => {
    if (endDate < startDate) throw new DomainError('validation.invalid', { subject: 'endDate', reason: 'endDate is before startDate' })
    const from = startOfLocalDate(startDate, timeZone)
    const to = startOfLocalDate(nextDate(endDate), timeZone)
    if (to - from > MAX_DAYS * 86_400_000)
      throw new DomainError('validation.invalid', { subject: 'endDate', reason: `the range is longer than ${MAX_DAYS} days` })
    return { from, to }
  }

  const context = async (accountId: number, unitName: string) =>
    uow.read(async (tx) => {
      const account = await tx.accounts.get(accountId)
      if (!account) throw new DomainError('account.not_found')
      const unit = (await tx.units.list(accountId)).find((u) => u.name === unitName)
      if (!unit) throw new DomainError('unit.not_found', { subject: 'unit', reason: `unknown unit ${unitName}` })
      return { account, unit }
    })

  const shopsById = async (accountId: number, ids: Iterable<number | null>): Promise<Map<number, Shop>> =>
    uow.read(async (tx) => {
      const map = new Map<number, Shop>()
      for (const id of new Set(ids)) {
        if (id === null) continue
        const shop = await tx.shops.get(accountId, id)
        if (shop) map.set(id, shop)
      }
      return map
    })

  /**
   * Per day (in the account's time zone) and store: registrations and the
   * points earned by source, redeemed, expired and reversed.
   */
  const dailyByStore = async (accountId: number, startDate: string, endDate: string, unitName = 'POINTS'): Promise<StoreDaySummary[]> => {
    const { account, unit } = await context(accountId, unitName)
    const { from, to } = range(account.timeZone, startDate, endDate)
    const { entries, registrations } = await uow.read(async (tx) => ({
      entries: await tx.reports.entriesBetween(accountId, from, to),
      registrations: await tx.reports.registrationsBetween(accountId, from, to),
    }))
    type Row = Omit<StoreDaySummary, 'store'> & { shopId: number | null }
    const rows = new Map<string, Row>()
    const row = (at: number, shopId: number | null): Row => {
      const date = localDate(at, account.timeZone)
      const key = `${date}|${shopId ?? ''}`
      let r = rows.get(key)
      if (!r) {
        r = {
          date,
          week: isoWeek(date),
          shopId,
          preregisteredPos: 0,
          subscribedAfterPos: 0,
          registeredApp: 0,
          registeredWeb: 0,
          referrals: 0,
          pointEarnedOrders: 0,
          pointEarnedCoupons: 0,
          pointEarnedBalance: 0,
          pointRedeemed: 0,
          pointExpired: 0,
          pointReversedCoupon: 0,
          pointReversedOrder: 0,
        }
        rows.set(key, r)
      }
      return r
    }
    for (const e of entries) {
      if (e.unitId !== unit.id) continue
      addEntry(row(e.createdAt, e.shopId), e)
    }
    for (const reg of registrations) {
      if (reg.createdAt >= from && reg.createdAt < to) {
        const r = row(reg.createdAt, reg.shopId)
        if (reg.channel === 'pos') r.preregisteredPos++
        else if (reg.channel === 'app') r.registeredApp++
        else r.registeredWeb++
        if (reg.referred) r.referrals++
      }
      if (reg.subscribedAt !== null && reg.subscribedAt >= from && reg.subscribedAt < to) row(reg.subscribedAt, reg.shopId).subscribedAfterPos++
    }
    const shops = await shopsById(
      accountId,
      [...rows.values()].map((r) => r.shopId),
    )
    return [...rows.values()].map(({ shopId, ...r }) => ({ ...r, store: shopId === null ? null : (shops.get(shopId) ?? null) })).sort(byDateAndStore)
  }

  const addEntry = (r: Omit<StoreDaySummary, 'store'>, e: ReportEntry) => {
    const amount = Math.abs(e.amount)
    if (e.kind === 'expiry') r.pointExpired += amount
    else if (e.kind === 'reversal') {
      if (e.reversedSource === 'ORDER') r.pointReversedOrder += amount
      else r.pointReversedCoupon += amount
    } else if (e.amount > 0) r[earnedColumn(e.source)] += amount
    else if (e.kind === 'standard') r.pointRedeemed += amount
  }

  /**
   * Per day, store and product, from the order lines stored with ledger
   * entries: orders, products, points earned by source and redeemed.
   */
  const dailyByProduct = async (accountId: number, startDate: string, endDate: string): Promise<ProductDaySummary[]> => {
    const { account } = await context(accountId, 'POINTS')
    const { from, to } = range(account.timeZone, startDate, endDate)
    const lines = await uow.read((tx) => tx.reports.orderLinesBetween(accountId, from, to))
    const rows = new Map<string, Omit<ProductDaySummary, 'store'> & { shopId: number | null; orders: Set<number>; redeemOrders: Set<number> }>()
    for (const l of lines) {
      const date = localDate(l.createdAt, account.timeZone)
      const key = `${date}|${l.shopId ?? ''}|${l.productExternalId}`
      let r = rows.get(key)
      if (!r) {
        r = {
          date,
          week: isoWeek(date),
          shopId: l.shopId,
          codProduct: l.productExternalId,
          numOrders: 0,
          numProducts: 0,
          pointRedeemed: 0,
          pointEarnedOrders: 0,
          pointEarnedCoupons: 0,
          pointEarnedBalance: 0,
          numRedeemed: 0,
          orders: new Set(),
          redeemOrders: new Set(),
        }
        rows.set(key, r)
      }
      r.orders.add(l.entryId)
      r.numProducts += l.quantity
      if (l.earnedRedeemed > 0) r[earnedColumn(l.source)] += l.earnedRedeemed
      else if (l.earnedRedeemed < 0) {
        r.pointRedeemed += -l.earnedRedeemed
        r.redeemOrders.add(l.entryId)
      }
    }
    const shops = await shopsById(
      accountId,
      [...rows.values()].map((r) => r.shopId),
    )
    return [...rows.values()]
      .map(({ orders, redeemOrders, shopId, ...r }) => ({
        ...r,
        numOrders: orders.size,
        numRedeemed: redeemOrders.size,
        store: shopId === null ? null : (shops.get(shopId) ?? null),
      }))
      .sort((a, b) => byDateAndStore(a, b) || a.codProduct.localeCompare(b.codProduct))
  }

  return { dailyByStore, dailyByProduct }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { dataOf, warningOf, withRequired } from './support.js'

interface StoreRow {
  date: string
  week: number
  store: string | null
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
interface ProductRow {
  date: string
  week: number
  store: string | null
  codProduct: string
  numOrders: number
  numProducts: number
  pointRedeemed: number
  pointEarnedOrders: number
  pointEarnedCoupons: number
  pointEarnedBalance: number
  numRedeemed: number
}

/** A store row as the report shows it: every count not given is zero. */
const storeRow = (date: string, week: number, store: string | null, counts: Partial<Omit<StoreRow, 'date' | 'week' | 'store'>>): StoreRow => ({
  date,
  week,
  store,
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
  ...counts,
})

const productRow = (
  date: string,
  week: number,
  store: string | null,
  codProduct: string,
  counts: Partial<Omit<ProductRow, 'date' | 'week' | 'store' | 'codProduct'>>,
): ProductRow => ({
  date,
  week,
  store,
  codProduct,
  numOrders: 0,
  numProducts: 0,
  pointRedeemed: 0,
  pointEarnedOrders: 0,
  pointEarnedCoupons: 0,
  pointEarnedBalance: 0,
  numRedeemed: 0,
  ...counts,
})

const CENTRO = { externalId: 's1', name: 'Centro' }
const NORTE = { externalId: 's2', name: 'Norte' }

describe.each(databaseKinds())('MS Loyalty reports on %s', (kind) => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(() => t.close())

  const post = async (token: string, path: string, body: unknown, platform?: string) => {
    const res = await call(t.app, 'POST', `/msloyalty/api${path}`, { token, body: withRequired(path, body), headers: platform ? { platform } : {} })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res
  }
  const report = (token: string, kind: 'stores' | 'products', startDate: string, endDate: string) =>
    call(t.app, 'GET', `/msloyalty/api/report/dailySummary/${kind}?startDate=${startDate}&endDate=${endDate}`, { token })
  const storeRows = async (token: string, startDate: string, endDate: string) => {
    const res = await report(token, 'stores', startDate, endDate)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ code: '200', status: 'success', message: 'Proceso exitoso', warning: [], error: [] })
    return dataOf<StoreRow[]>(res)
  }
  const productRows = async (token: string, startDate: string, endDate: string) => {
    const res = await report(token, 'products', startDate, endDate)
    expect(res.status).toBe(200)
    return dataOf<ProductRow[]>(res)
  }

  describe('daily summary by store', () => {
    let token: string

    beforeAll(async () => {
      token = (await t.newClient()).apiKey

      t.clock.set('2026-05-04T10:00:00Z')
      // c1 is first seen at a point of sale (no Platform header).
      await post(token, '/transaction', { type: 'POINTS COUPON', code: 'welcome-c1', total: 100, customer: { externalId: 'c1' }, store: CENTRO })
      // Coins are not points: they count nowhere.
      await post(token, '/transaction', { type: 'COINS RELOAD', code: 'reload-c1', total: 50, customer: { externalId: 'c1' }, store: CENTRO })
      await post(
        token,
        '/transaction/checkbook',
        { type: 'POINTS ORDER', code: 'order-c2', customer: { externalId: 'c2' }, total: 80, earnedRedeemed: 40, store: CENTRO },
        'web',
      )
      await post(
        token,
        '/transaction',
        { type: 'POINTS COUPON', code: 'coupon-c3', total: 10, customer: { externalId: 'c3', referredBy: 'c1' }, store: NORTE },
        'ios',
      )
      await post(token, '/transaction', {
        type: 'POINTS COUPON',
        code: 'expiring-c5',
        total: 30,
        expirationDate: '2026-05-05',
        customer: { externalId: 'c5' },
        store: NORTE,
      })
      await post(token, '/transaction/checkbook', {
        type: 'POINTS ORDER',
        code: 'order-c1',
        customer: { externalId: 'c1' },
        total: 12,
        earnedRedeemed: -25,
        store: CENTRO,
      })
      await post(token, '/transaction/transfer', {
        type: 'POINTS BALANCE TRANSFER',
        total: 20,
        customerFrom: { externalId: 'c1' },
        customerTo: { externalId: 'c4' },
      })

      t.clock.set('2026-05-05T10:00:00Z')
      // c1 comes back through the web: a point-of-sale customer who subscribed.
      await post(token, '/transaction', { type: 'POINTS COUPON', code: 'web-bonus-c1', total: 5, customer: { externalId: 'c1' }, store: CENTRO }, 'web')
      await post(token, '/transaction/reverse', { type: 'POINTS COUPON', code: 'coupon-c3' })
      await post(token, '/transaction/reverse', { type: 'POINTS ORDER', code: 'order-c2' })

      t.clock.set('2026-05-06T01:00:00Z')
      await t.container.ledger.expireDue()
    })

    it('counts earned points by source, redemptions, reversals, expiries and registrations per date and store', async () => {
      expect(await storeRows(token, '2026-05-04', '2026-05-06')).toEqual([
        storeRow('2026-05-04', 19, null, { preregisteredPos: 1, pointEarnedBalance: 20 }),
        storeRow('2026-05-04', 19, 'Centro', { preregisteredPos: 1, registeredWeb: 1, pointEarnedCoupons: 100, pointEarnedOrders: 40, pointRedeemed: 25 }),
        storeRow('2026-05-04', 19, 'Norte', { preregisteredPos: 1, registeredApp: 1, referrals: 1, pointEarnedCoupons: 40 }),
        storeRow('2026-05-05', 19, 'Centro', { subscribedAfterPos: 1, pointEarnedCoupons: 5, pointReversedOrder: 40 }),
        storeRow('2026-05-05', 19, 'Norte', { pointReversedCoupon: 10 }),
        storeRow('2026-05-06', 19, null, { pointExpired: 30 }),
      ])
    })

    it('takes the expired points from the customer', async () => {
      const res = await call(t.app, 'GET', '/msloyalty/api/transaction/history?customerId=c5&page=1', { token })
      expect(res.status).toBe(200)
      const [latest] = dataOf<{ type: string; total: string; customer: { totals: { total_amount: string }[] } }[]>(res)
      expect(latest).toMatchObject({ type: 'DEBIT', total: '30.00', customer: { totals: [{ total_amount: '0.00' }] } })
    })

    it('shows only the requested dates', async () => {
      expect(await storeRows(token, '2026-05-05', '2026-05-05')).toEqual([
        storeRow('2026-05-05', 19, 'Centro', { subscribedAfterPos: 1, pointEarnedCoupons: 5, pointReversedOrder: 40 }),
        storeRow('2026-05-05', 19, 'Norte', { pointReversedCoupon: 10 }),
      ])
      expect(await storeRows(token, '2026-05-07', '2026-05-31')).toEqual([])
    })

    it("shows nothing of another account's activity", async () => {
      const other = (await t.newClient()).apiKey
      expect(await storeRows(other, '2026-05-04', '2026-05-06')).toEqual([])
    })
  })

  describe('daily summary by product', () => {
    let token: string

    beforeAll(async () => {
      token = (await t.newClient()).apiKey
      const order = (customer: string, code: string, earnedRedeemed: number, store: typeof CENTRO, detail: unknown, type = 'POINTS ORDER') =>
        post(token, '/transaction/checkbook', { type, code, customer: { externalId: customer }, total: 20, earnedRedeemed, store, detail })

      t.clock.set('2026-06-01T15:00:00Z')
      await order('pa', 'o1', 40, CENTRO, [
        { externalId: 'P1', name: 'Twister', total: 10, earnedRedeemed: 30, quantity: 2 },
        { externalId: 'P2', name: 'Soda', total: 5, earnedRedeemed: 10 },
      ])
      await order('pb', 'o2', 6, CENTRO, { externalId: 'P1', name: 'Twister', total: 4, earnedRedeemed: 6 })
      await order('pa', 'o3', -20, CENTRO, { externalId: 'P1', name: 'Twister', total: 8, earnedRedeemed: -20 })
      await order('pb', 'o4', 3, NORTE, [{ externalId: 'P1', name: 'Twister', total: 3, earnedRedeemed: 3 }])
      await order('pb', 'o5', 7, CENTRO, { externalId: 'P3', name: 'Gift', total: 0, earnedRedeemed: 7 }, 'POINTS COUPON')

      t.clock.set('2026-06-02T15:00:00Z')
      await order('pa', 'o6', 1.5, CENTRO, { externalId: 'P1', name: 'Twister', total: 2, earnedRedeemed: 1.5 })
    })

    it('groups order lines by date, store and product', async () => {
      expect(await productRows(token, '2026-06-01', '2026-06-01')).toEqual([
        productRow('2026-06-01', 23, 'Centro', 'P1', { numOrders: 3, numProducts: 4, pointEarnedOrders: 36, pointRedeemed: 20, numRedeemed: 1 }),
        productRow('2026-06-01', 23, 'Centro', 'P2', { numOrders: 1, numProducts: 1, pointEarnedOrders: 10 }),
        productRow('2026-06-01', 23, 'Centro', 'P3', { numOrders: 1, numProducts: 1, pointEarnedCoupons: 7 }),
        productRow('2026-06-01', 23, 'Norte', 'P1', { numOrders: 1, numProducts: 1, pointEarnedOrders: 3 }),
      ])
    })

    it('spreads a full-balance redemption over its lines by their totals, and drops a reversed order', async () => {
      const own = (await t.newClient()).apiKey
      t.clock.set('2026-07-01T15:00:00Z')
      await post(own, '/transaction', { type: 'POINTS COUPON', code: 'fund', total: 90, customer: { externalId: 'fb' } })
      await post(own, '/transaction/redeemFullBalance', {
        type: 'POINTS ORDER',
        code: 'full',
        customer: { externalId: 'fb' },
        total: 30,
        store: CENTRO,
        detail: [
          { externalId: 'P1', name: 'Twister', total: 20 },
          { externalId: 'P2', name: 'Soda', total: 10 },
        ],
      })
      await post(own, '/transaction/checkbook', {
        type: 'POINTS ORDER',
        code: 'undone',
        customer: { externalId: 'fb' },
        total: 5,
        earnedRedeemed: 4,
        store: CENTRO,
        detail: { externalId: 'P9', name: 'Gone', total: 5, earnedRedeemed: 4 },
      })
      await post(own, '/transaction/reverse', { type: 'POINTS ORDER', code: 'undone' })
      expect(await productRows(own, '2026-07-01', '2026-07-01')).toEqual([
        productRow('2026-07-01', 27, 'Centro', 'P1', { numOrders: 1, numProducts: 1, pointRedeemed: 60, numRedeemed: 1 }),
        productRow('2026-07-01', 27, 'Centro', 'P2', { numOrders: 1, numProducts: 1, pointRedeemed: 30, numRedeemed: 1 }),
      ])
    })

    it('shows each day on its own rows', async () => {
      const rows = await productRows(token, '2026-06-01', '2026-06-02')
      expect(rows.map((r) => [r.date, r.store, r.codProduct])).toEqual([
        ['2026-06-01', 'Centro', 'P1'],
        ['2026-06-01', 'Centro', 'P2'],
        ['2026-06-01', 'Centro', 'P3'],
        ['2026-06-01', 'Norte', 'P1'],
        ['2026-06-02', 'Centro', 'P1'],
      ])
      expect(rows[4]).toEqual(productRow('2026-06-02', 23, 'Centro', 'P1', { numOrders: 1, numProducts: 1, pointEarnedOrders: 1.5 }))
    })
  })

  describe('account time zone', () => {
    it('puts a late-evening entry on the local date of the account', async () => {
      const ecuador = (await t.newClient(undefined, 'America/Guayaquil')).apiKey
      const utc = (await t.newClient()).apiKey
      t.clock.set('2026-07-02T03:30:00Z')
      for (const token of [ecuador, utc]) {
        await post(token, '/transaction', { type: 'POINTS COUPON', code: 'late', total: 10, customer: { externalId: 'tz-1' }, store: CENTRO })
        await post(token, '/transaction/checkbook', {
          type: 'POINTS ORDER',
          code: 'late-order',
          customer: { externalId: 'tz-1' },
          total: 9,
          earnedRedeemed: 4,
          store: CENTRO,
          detail: { externalId: 'P1', total: 9, earnedRedeemed: 4 },
        })
      }

      expect(await storeRows(ecuador, '2026-07-01', '2026-07-01')).toEqual([
        storeRow('2026-07-01', 27, 'Centro', { preregisteredPos: 1, pointEarnedCoupons: 10, pointEarnedOrders: 4 }),
      ])
      expect(await storeRows(ecuador, '2026-07-02', '2026-07-02')).toEqual([])
      expect(await productRows(ecuador, '2026-07-01', '2026-07-01')).toEqual([
        productRow('2026-07-01', 27, 'Centro', 'P1', { numOrders: 1, numProducts: 1, pointEarnedOrders: 4 }),
      ])

      // The same instant is already the next day in UTC.
      expect((await storeRows(utc, '2026-07-02', '2026-07-02')).map((r) => r.date)).toEqual(['2026-07-02'])
      expect(await storeRows(utc, '2026-07-01', '2026-07-01')).toEqual([])
    })
  })

  describe('date range validation', () => {
    let token: string
    beforeAll(async () => {
      token = (await t.newClient()).apiKey
    })

    it.each(['stores', 'products'] as const)('rejects invalid and reversed date ranges of the %s report, naming the field', async (which) => {
      const cases: [string, string, string][] = [
        ['yesterday', '2026-05-06', 'startDate'],
        ['2026-02-30', '2026-05-06', 'startDate'],
        ['2026-05-01', '2026-13-01', 'endDate'],
        ['2026-05-06', '2026-05-04', 'endDate'],
        ['2025-01-01', '2026-05-04', 'endDate'],
      ]
      for (const [startDate, endDate, field] of cases) {
        const res = await report(token, which, startDate, endDate)
        expect(res.status, `${startDate}..${endDate}`).toBe(422)
        expect(res.body).toMatchObject({ code: 422, status: 'error', message: 'Error de Validacion' })
        expect(warningOf(res).field).toBe(field)
      }
      const missing = await call(t.app, 'GET', `/msloyalty/api/report/dailySummary/${which}?startDate=2026-05-01`, { token })
      expect(missing.status).toBe(422)
      expect(warningOf(missing).field).toBe('endDate')
    })

    it('accepts a single day and a full year', async () => {
      expect(await storeRows(token, '2026-05-04', '2026-05-04')).toEqual([])
      expect(await storeRows(token, '2025-05-05', '2026-05-05')).toEqual([])
    })
  })
})

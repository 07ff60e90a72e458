import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type JsonResponse, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { dataOf, query, type Transaction, withRequired } from './support.js'

interface Found {
  exists: boolean
  id: number | null
  name: string | null
}

const CUSTOMER = 'shared-0100037894'
const CODE = 'Bienvenido'

describe.each(databaseKinds())('MS Loyalty account isolation on %s', (kind) => {
  let t: TestApp
  let a: string
  let b: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    a = (await t.newClient('account-a')).apiKey
    b = (await t.newClient('account-b')).apiKey
    const res = await call(t.app, 'POST', '/msloyalty/api/transaction', {
      token: a,
      body: withRequired('/transaction', { type: 'POINTS COUPON', code: CODE, total: 100, customer: { externalId: CUSTOMER, name: 'Santiago' } }),
    })
    expect(res.status).toBe(200)
  })
  afterAll(() => t.close())

  const get = (token: string, path: string, params: Record<string, string | number>) => call(t.app, 'GET', query(`/msloyalty/api${path}`, params), { token })
  const post = (token: string, path: string, body: unknown) => call(t.app, 'POST', `/msloyalty/api${path}`, { token, body: withRequired(path, body) })

  const find = async (token: string, externalId: string) => {
    const res = await get(token, '/customer/findByExternalId', { externalId })
    expect(res.status).toBe(200)
    return dataOf<Found>(res)
  }

  /** What account A's customer looks like from account A. */
  const stateInA = async () => {
    const history = await get(a, '/transaction/history', { customerId: CUSTOMER, page: 1 })
    expect(history.status).toBe(200)
    const items = dataOf<Transaction[]>(history)
    const byCode = await get(a, '/transaction/transactionByCode', { code: CODE, type: 'POINTS COUPON' })
    return {
      points: items[0]?.customer.totals.find((x) => x.unit.name === 'POINTS')?.total_amount,
      history: items.map((x) => [x.type, x.total]),
      byCode: dataOf<Transaction[]>(byCode).map((x) => x.type),
    }
  }
  const untouched = { points: '100.00', history: [['CREDIT', '100.00']], byCode: ['CREDIT'] }

  const expect404 = (res: JsonResponse) => {
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ code: 404, status: 'error', message: '404 Not Found' })
  }

  describe("another account cannot read account A's data", () => {
    it('does not find the customer', async () => {
      expect((await find(a, CUSTOMER)).exists).toBe(true)
      expect((await find(b, CUSTOMER)).exists).toBe(false)
    })

    it('gets 404 for the history, the transaction by code, the lots and the date range queries', async () => {
      expect404(await get(b, '/transaction/history', { customerId: CUSTOMER, page: 1 }))
      expect404(await get(b, '/transaction/transactionByCode', { code: CODE, type: 'POINTS COUPON' }))
      expect404(await get(b, '/batch/expiration', { customerId: CUSTOMER }))
      expect404(await get(b, '/transaction/pointsByCustomer', { document: CUSTOMER, from: '2026-03-01', to: '2026-03-31' }))
      expect404(await get(b, '/transaction/reloadsByCustomer', { document: CUSTOMER, from: '2026-03-01', to: '2026-03-31' }))
    })

    it("sees none of A's points in its reports", async () => {
      const res = await get(b, '/report/dailySummary/stores', { startDate: '2026-03-10', endDate: '2026-03-10' })
      expect(res.status).toBe(200)
      expect(res.body.data).toEqual([])
    })
  })

  describe("another account cannot change account A's data", () => {
    it('gets 404 reversing the transaction', async () => {
      expect404(await post(b, '/transaction/reverse', { type: 'POINTS COUPON', code: CODE }))
      expect404(await post(b, '/transaction/reverseMany', { type: 'POINTS COUPON', codes: [CODE] }))
      expect(await stateInA()).toEqual(untouched)
    })

    it('gets 404 debiting or redeeming the customer', async () => {
      expect404(await post(b, '/transaction', { type: 'POINTS ORDER', total: -10, customer: { externalId: CUSTOMER } }))
      expect404(await post(b, '/transaction/checkbook', { type: 'POINTS ORDER', total: 10, earnedRedeemed: -10, customer: { externalId: CUSTOMER } }))
      expect404(await post(b, '/transaction/redeemFullBalance', { type: 'POINTS ORDER', total: 10, customer: { externalId: CUSTOMER } }))
      expect(await stateInA()).toEqual(untouched)
      expect((await find(b, CUSTOMER)).exists).toBe(false)
    })

    it("gets 404 transferring from A's customer, and registers nobody", async () => {
      const res = await post(b, '/transaction/transfer', {
        type: 'POINTS BALANCE TRANSFER',
        total: 10,
        customerFrom: { externalId: CUSTOMER },
        customerTo: { externalId: 'thief' },
      })
      expect404(res)
      expect(res.body.warning).toMatchObject({ field: 'customerFrom.externalId' })
      expect(await stateInA()).toEqual(untouched)
      expect((await find(b, 'thief')).exists).toBe(false)
      expect((await find(a, 'thief')).exists).toBe(false)
    })
  })

  describe('the same externalId and code in two accounts', () => {
    it('are two separate customers and two separate transactions', async () => {
      const credit = await post(b, '/transaction', {
        type: 'POINTS COUPON',
        code: CODE,
        total: 7,
        customer: { externalId: CUSTOMER, name: 'Otro Santiago' },
      })
      expect(credit.status).toBe(200)
      expect(dataOf<Transaction>(credit).customer.totals).toMatchObject([{ total_amount: '7.00' }])

      const inA = await find(a, CUSTOMER)
      const inB = await find(b, CUSTOMER)
      expect(inB).toMatchObject({ exists: true, name: 'Otro Santiago' })
      expect(inA).toMatchObject({ exists: true, name: 'Santiago' })
      expect(inB.id).not.toBe(inA.id)
      expect(await stateInA()).toEqual(untouched)
    })

    it("reverses only the account's own transaction", async () => {
      const res = await post(b, '/transaction/reverse', { type: 'POINTS COUPON', code: CODE })
      expect(res.status).toBe(200)
      expect(dataOf<Transaction>(res).customer.totals).toMatchObject([{ total_amount: '0.00' }])
      expect(await stateInA()).toEqual(untouched)

      const inB = await get(b, '/transaction/transactionByCode', { code: CODE, type: 'POINTS COUPON' })
      expect(dataOf<Transaction[]>(inB).map((x) => [x.type, x.total])).toEqual([
        ['CREDIT', '7.00'],
        ['DEBIT', '7.00'],
      ])
    })
    it('keep their own store names for the same store externalId', async () => {
      const inA = await post(a, '/transaction', {
        type: 'POINTS COUPON',
        total: 1,
        customer: { externalId: 'store-a' },
        store: { externalId: 'st-1', name: 'Centro' },
      })
      const inB = await post(b, '/transaction', {
        type: 'POINTS COUPON',
        total: 1,
        customer: { externalId: 'store-b' },
        store: { externalId: 'st-1', name: 'Norte' },
      })
      expect(inB.body.data).toMatchObject({ store: { externalId: 'st-1', name: 'Norte' } })
      const history = await get(a, '/transaction/history', { customerId: 'store-a', page: 1 })
      expect(dataOf<Transaction[]>(history)).toMatchObject([{ store: { externalId: 'st-1', name: 'Centro' } }])
      expect(inA.status).toBe(200)
    })
  })

  describe('two clients of the same account', () => {
    it('share its customers and transactions', async () => {
      const second = (await t.newClient('account-a')).apiKey
      expect((await find(second, CUSTOMER)).exists).toBe(true)
      const history = await get(second, '/transaction/history', { customerId: CUSTOMER, page: 1 })
      expect(history.status).toBe(200)
      expect(dataOf<Transaction[]>(history).map((x) => x.code)).toEqual([CODE])
    })
  })
})

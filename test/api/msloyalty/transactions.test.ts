import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type JsonResponse, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { type Customer, dataOf, query, type Transaction, warningOf, withRequired } from './support.js'

interface Found {
  exists: boolean
  id: number | null
  external_id: string
  name: string | null
  data: Record<string, unknown> | null
}

describe.each(databaseKinds())('MS Loyalty transactions on %s', (kind) => {
  let t: TestApp
  let token: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    token = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(t.app, 'POST', `/msloyalty/api${path}`, { token, body: withRequired(path, body), headers })

  const credit = async (externalId: string, total: number, extra: Record<string, unknown> = {}) => {
    const res = await post('/transaction', { type: 'POINTS COUPON', total, customer: { externalId, name: externalId }, ...extra })
    expect(res.status).toBe(200)
    return dataOf<Transaction>(res)
  }

  /** The customer's balances by unit name and the number of transactions in their history. */
  const ledgerOf = async (externalId: string) => {
    const res = await call(t.app, 'GET', query('/msloyalty/api/transaction/history', { customerId: externalId, page: 1, perPage: 1 }), { token })
    expect(res.status).toBe(200)
    const [latest] = dataOf<Transaction[]>(res)
    const balances = Object.fromEntries((latest?.customer.totals ?? []).map((x) => [x.unit.name, x.total_amount]))
    return { balances, count: (res.body.meta as { total: number }).total }
  }

  const find = async (externalId: string) => {
    const res = await call(t.app, 'GET', query('/msloyalty/api/customer/findByExternalId', { externalId }), { token })
    expect(res.status).toBe(200)
    return dataOf<Found>(res)
  }

  const expectValidationError = (res: JsonResponse, field: string) => {
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({ code: 422, status: 'error', message: 'Error de Validacion' })
    expect(warningOf(res).field).toBe(field)
  }

  describe('POST /api/transaction', () => {
    it('credits a new customer with every documented field and answers the transaction', async () => {
      const res = await post('/transaction', {
        type: 'POINTS COUPON',
        code: 'Bienvenido',
        externalId: '123',
        expirationDate: '2026-06-03',
        title: 'Titulo',
        description: 'Beneficio de puntos por Bienvenida',
        total: 100,
        customer: {
          externalId: '0100037894',
          name: 'Santiago',
          data: { vendorId: '1', businessOwner: '2', giftCardAmount: '4', giftCardType: 'MONETARY' },
        },
        store: { externalId: '1200037894', name: 'Centro' },
        vendor: { externalId: '1200015849', name: 'Vendor' },
        checkbookId: '12240',
        transferTransactionId: '5446',
      })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ code: '200', status: 'success', message: 'OK', warning: [], error: [] })
      const tx = dataOf<Transaction>(res)
      expect(tx).toMatchObject({
        title: 'Titulo',
        description: 'Beneficio de puntos por Bienvenida',
        code: 'Bienvenido',
        external_entity_id: 'Bienvenido',
        type: 'CREDIT',
        total: '100.00',
        created_at: '2026-03-10 12:00:00',
        unit: { name: 'POINTS', sign: 'PTS' },
        customer: { externalId: '0100037894', name: 'Santiago', totals: [{ total_amount: '100.00', unit: { name: 'POINTS', sign: 'PTS' } }] },
        store: { externalId: '1200037894', name: 'Centro' },
      })
      expect(tx.id).toMatch(/^\d+$/)
      expect(await find('0100037894')).toMatchObject({
        exists: true,
        name: 'Santiago',
        data: { vendorId: '1', businessOwner: '2', giftCardAmount: '4', giftCardType: 'MONETARY' },
      })
    })

    it('credits coins when the type names the COINS unit', async () => {
      const res = await post('/transaction', { type: 'COINS RELOAD', code: 'reload-1', total: 12.5, customer: { externalId: 'coins-1' } })
      expect(res.status).toBe(200)
      expect(dataOf<Transaction>(res)).toMatchObject({ type: 'CREDIT', total: '12.50', unit: { name: 'COINS', sign: '$' } })
      expect((await ledgerOf('coins-1')).balances).toEqual({ COINS: '12.50' })
    })

    it('debits the customer when the total is negative', async () => {
      await credit('debit-1', 100)
      const res = await post('/transaction', { type: 'POINTS ORDER', code: 'order-1', total: -30.25, customer: { externalId: 'debit-1' } })
      expect(res.status).toBe(200)
      expect(dataOf<Transaction>(res)).toMatchObject({ type: 'DEBIT', total: '30.25', customer: { totals: [{ total_amount: '69.75' }] } })
      expect(await ledgerOf('debit-1')).toEqual({ balances: { POINTS: '69.75' }, count: 2 })
    })

    it('rejects a second transaction with the same type and code and keeps the first', async () => {
      await credit('dup-1', 10, { code: 'dup-code' })
      const res = await post('/transaction', { type: 'POINTS COUPON', code: 'dup-code', total: 10, customer: { externalId: 'dup-1' } })
      expectValidationError(res, 'code')
      expect(warningOf(res).code).toBe('ledger.duplicate_transaction')
      expect(await ledgerOf('dup-1')).toEqual({ balances: { POINTS: '10.00' }, count: 1 })
    })

    it('accepts the same code under another type', async () => {
      await credit('dup-2', 10, { code: 'shared-code' })
      const res = await post('/transaction', { type: 'POINTS ORDER', code: 'shared-code', total: 5, customer: { externalId: 'dup-2' } })
      expect(res.status).toBe(200)
      expect(await ledgerOf('dup-2')).toEqual({ balances: { POINTS: '15.00' }, count: 2 })
    })

    it('rejects a debit beyond the balance and leaves the balance unchanged', async () => {
      await credit('poor-1', 20)
      const res = await post('/transaction', { type: 'POINTS ORDER', code: 'too-much', total: -20.01, customer: { externalId: 'poor-1' } })
      expectValidationError(res, 'total')
      expect(warningOf(res)).toMatchObject({ code: 'ledger.insufficient_balance', value: 'Saldo insuficiente' })
      expect(await ledgerOf('poor-1')).toEqual({ balances: { POINTS: '20.00' }, count: 1 })
    })

    it('answers 404 for a debit of a customer it does not know, without registering them', async () => {
      const res = await post('/transaction', { type: 'POINTS ORDER', total: -1, customer: { externalId: 'ghost-1' } })
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ code: 404, status: 'error', message: '404 Not Found', warning: { field: 'customer.externalId' } })
      expect((await find('ghost-1')).exists).toBe(false)
    })

    it('rejects a zero total', async () => {
      const res = await post('/transaction', { type: 'POINTS COUPON', total: 0, customer: { externalId: 'zero-1' } })
      expectValidationError(res, 'total')
      expect((await find('zero-1')).exists).toBe(false)
    })

    it('rejects a total with more than two decimals and accepts one with two', async () => {
      const bad = await post('/transaction', { type: 'POINTS COUPON', total: 10.005, customer: { externalId: 'dec-1' } })
      expectValidationError(bad, 'total')
      expect((await find('dec-1')).exists).toBe(false)
      const good = await post('/transaction', { type: 'POINTS COUPON', total: 10.05, customer: { externalId: 'dec-1' } })
      expect(good.status).toBe(200)
      expect(dataOf<Transaction>(good).total).toBe('10.05')
    })

    it('rejects an expiration date in the past and accepts one that is today', async () => {
      const past = await post('/transaction', { type: 'POINTS COUPON', total: 10, expirationDate: '2026-03-09', customer: { externalId: 'exp-1' } })
      expectValidationError(past, 'expirationDate')
      expect(warningOf(past).code).toBe('ledger.expiry_in_past')
      expect((await find('exp-1')).exists).toBe(false)
      const today = await post('/transaction', { type: 'POINTS COUPON', total: 10, expirationDate: '2026-03-10', customer: { externalId: 'exp-1' } })
      expect(today.status).toBe(200)
    })

    it('rejects an expiration date that is not a calendar date', async () => {
      for (const expirationDate of ['2026-02-30', '03/06/2026']) {
        const res = await post('/transaction', { type: 'POINTS COUPON', total: 10, expirationDate, customer: { externalId: 'exp-2' } })
        expectValidationError(res, 'expirationDate')
      }
      expect((await find('exp-2')).exists).toBe(false)
    })

    it('names the first missing required field', async () => {
      expectValidationError(await post('/transaction', { type: 'POINTS COUPON', customer: { externalId: 'req-1' } }), 'total')
      expectValidationError(await post('/transaction', { type: 'POINTS COUPON', total: 1 }), 'customer')
      expectValidationError(await post('/transaction', { type: 'POINTS COUPON', total: 1, customer: { name: 'x' } }), 'customer.externalId')
    })

    it('accepts every documented Platform value, in any case', async () => {
      for (const platform of ['web', 'mobile', 'ios', 'android', 'WEB']) {
        const res = await post('/transaction', { type: 'POINTS COUPON', total: 1, customer: { externalId: 'platform-1' } }, { platform })
        expect(res.status, platform).toBe(200)
      }
      expect(await ledgerOf('platform-1')).toEqual({ balances: { POINTS: '5.00' }, count: 5 })
    })

    it('rejects a Platform value the document does not list and writes nothing', async () => {
      const res = await post('/transaction', { type: 'POINTS COUPON', total: 1, customer: { externalId: 'platform-2' } }, { platform: 'desktop' })
      expectValidationError(res, 'Platform')
      expect((await find('platform-2')).exists).toBe(false)
    })

    it('rejects a request without a bearer token', async () => {
      const res = await call(t.app, 'POST', '/msloyalty/api/transaction', {
        body: withRequired('/transaction', { type: 'POINTS COUPON', total: 1, customer: { externalId: 'anon-1' } }),
      })
      expect(res.status).toBe(401)
      expect((await find('anon-1')).exists).toBe(false)
    })
  })

  describe('POST /api/transaction/checkbook', () => {
    it('earns points when earnedRedeemed is positive, whatever the order total', async () => {
      const res = await post('/transaction/checkbook', {
        type: 'POINTS ORDER',
        customer: { externalId: 'cb-1', name: 'Santiago' },
        code: 'order-cb-1',
        externalId: '123',
        total: 250,
        earnedRedeemed: 20,
        store: { externalId: '1200037894', name: 'Centro' },
        title: 'Titulo',
        detail: { name: 'Twister', externalId: '39535', total: 10, earnedRedeemed: 20 },
      })
      expect(res.status).toBe(200)
      expect(dataOf<Transaction>(res)).toMatchObject({
        type: 'CREDIT',
        total: '20.00',
        code: 'order-cb-1',
        title: 'Titulo',
        customer: { externalId: 'cb-1', name: 'Santiago', totals: [{ total_amount: '20.00' }] },
        store: { externalId: '1200037894', name: 'Centro' },
      })
    })

    it('redeems points when earnedRedeemed is negative, with a list of order lines', async () => {
      await credit('cb-2', 50)
      const res = await post('/transaction/checkbook', {
        type: 'POINTS ORDER',
        customer: { externalId: 'cb-2', name: 'Ana' },
        code: 'order-cb-2',
        externalId: '124',
        total: 18.4,
        earnedRedeemed: -35.5,
        store: { externalId: 's-1', name: 'Centro' },
        detail: [
          { name: 'Twister', externalId: '39535', total: 10, earnedRedeemed: -20 },
          { name: 'Soda', externalId: '39536', total: 8.4, earnedRedeemed: -15.5, quantity: 2 },
        ],
      })
      expect(res.status).toBe(200)
      expect(dataOf<Transaction>(res)).toMatchObject({ type: 'DEBIT', total: '35.50', customer: { totals: [{ total_amount: '14.50' }] } })
      expect(await ledgerOf('cb-2')).toEqual({ balances: { POINTS: '14.50' }, count: 2 })
    })

    it('rejects a redemption beyond the balance and changes nothing', async () => {
      await credit('cb-3', 5)
      const res = await post('/transaction/checkbook', {
        type: 'POINTS ORDER',
        customer: { externalId: 'cb-3' },
        code: 'order-cb-3',
        total: 10,
        earnedRedeemed: -6,
        store: { externalId: 's-1', name: 'Centro' },
      })
      expectValidationError(res, 'total')
      expect(await ledgerOf('cb-3')).toEqual({ balances: { POINTS: '5.00' }, count: 1 })
    })

    it('rejects a zero earnedRedeemed', async () => {
      const res = await post('/transaction/checkbook', { type: 'POINTS ORDER', customer: { externalId: 'cb-4' }, total: 10, earnedRedeemed: 0 })
      expectValidationError(res, 'earnedRedeemed')
      expect((await find('cb-4')).exists).toBe(false)
    })

    it('rejects an order total or a line total with more than two decimals, naming it', async () => {
      const base = { type: 'POINTS ORDER', customer: { externalId: 'cb-5' }, earnedRedeemed: 1 }
      expectValidationError(await post('/transaction/checkbook', { ...base, total: 10.001 }), 'total')
      const line = await post('/transaction/checkbook', {
        ...base,
        total: 10,
        detail: [
          { externalId: 'p1', total: 1 },
          { externalId: 'p2', total: 1.999 },
        ],
      })
      expectValidationError(line, 'detail.1.total')
      expect((await find('cb-5')).exists).toBe(false)
    })

    it('rejects a repeated order code', async () => {
      const body = { type: 'POINTS ORDER', customer: { externalId: 'cb-6' }, code: 'order-cb-6', total: 10, earnedRedeemed: 3 }
      expect((await post('/transaction/checkbook', body)).status).toBe(200)
      expectValidationError(await post('/transaction/checkbook', body), 'code')
      expect(await ledgerOf('cb-6')).toEqual({ balances: { POINTS: '3.00' }, count: 1 })
    })
  })

  describe('POST /api/transaction/redeemFullBalance', () => {
    const redeem = (externalId: string, code: string) =>
      post('/transaction/redeemFullBalance', {
        type: 'POINTS ORDER',
        customer: { externalId, name: externalId },
        code,
        externalId: '123',
        total: 100,
        store: { externalId: 's-1', name: 'Centro' },
        title: 'Titulo',
        detail: { name: 'Twister', externalId: '39535', total: 10 },
      })

    it('spends the whole balance of the unit and leaves other units alone', async () => {
      await credit('full-1', 40)
      await credit('full-1', 2.5)
      await post('/transaction', { type: 'COINS RELOAD', total: 10, customer: { externalId: 'full-1' } })
      const res = await redeem('full-1', 'full-order-1')
      expect(res.status).toBe(200)
      const customer = dataOf<Customer>(res)
      expect(customer).toMatchObject({ externalId: 'full-1', name: 'full-1' })
      expect(Object.fromEntries(customer.totals.map((x) => [x.unit.name, x.total_amount]))).toEqual({ POINTS: '0.00', COINS: '10.00' })

      const history = await call(t.app, 'GET', query('/msloyalty/api/transaction/history', { customerId: 'full-1', page: 1 }), { token })
      const [latest] = dataOf<Transaction[]>(history)
      expect(latest).toMatchObject({ type: 'DEBIT', total: '42.50', code: 'full-order-1', unit: { name: 'POINTS' } })
    })

    it('rejects a customer with nothing to redeem', async () => {
      await credit('full-2', 5)
      await post('/transaction', { type: 'POINTS ORDER', total: -5, customer: { externalId: 'full-2' } })
      const res = await redeem('full-2', 'full-order-2')
      expectValidationError(res, 'customer.externalId')
      expect(warningOf(res).code).toBe('ledger.nothing_to_redeem')
      expect(await ledgerOf('full-2')).toEqual({ balances: { POINTS: '0.00' }, count: 2 })
    })

    it('answers 404 for a customer it does not know, without registering them', async () => {
      const res = await redeem('full-ghost', 'full-order-3')
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ code: 404, status: 'error', message: '404 Not Found', warning: { field: 'customer.externalId' } })
      expect((await find('full-ghost')).exists).toBe(false)
    })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type JsonResponse, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { dataOf, type Group, type Lot, metaOf, query, type Transaction, type Unit, warningOf, withRequired } from './support.js'

describe.each(databaseKinds())('MS Loyalty queries on %s', (kind) => {
  let t: TestApp
  let token: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    token = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  const get = (path: string, params: Record<string, string | number>, as = token) => call(t.app, 'GET', query(`/msloyalty/api${path}`, params), { token: as })

  const transaction = async (body: Record<string, unknown>, as = token) => {
    const res = await call(t.app, 'POST', '/msloyalty/api/transaction', { token: as, body: withRequired('/transaction', body) })
    expect(res.status).toBe(200)
    return dataOf<Transaction>(res)
  }
  const credit = (externalId: string, type: string, total: number, code?: string, as = token) =>
    transaction({ type, total, code, customer: { externalId, name: externalId } }, as)

  const expect404 = (res: JsonResponse, field: string) => {
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ code: 404, status: 'error', message: '404 Not Found', warning: { field } })
  }
  const expect422 = (res: JsonResponse, field: string) => {
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({ code: 422, status: 'error', message: 'Error de Validacion' })
    expect(warningOf(res).field).toBe(field)
  }

  describe('GET /api/transaction/history', () => {
    beforeAll(async () => {
      for (let i = 1; i <= 20; i++) {
        await credit('hist-1', 'POINTS COUPON', i, `h${i}`)
        t.clock.advance(60_000)
      }
    })

    it('pages the history newest first with the page meta', async () => {
      const first = await get('/transaction/history', { customerId: 'hist-1', page: 1, perPage: 5 })
      expect(first.status).toBe(200)
      expect(first.body).toMatchObject({ code: '200', status: 'success', warning: [], error: [] })
      expect(metaOf(first)).toEqual({ current_page: 1, per_page: 5, total: 20, last_page: 4 })
      expect(dataOf<Transaction[]>(first).map((x) => x.code)).toEqual(['h20', 'h19', 'h18', 'h17', 'h16'])

      const last = await get('/transaction/history', { customerId: 'hist-1', page: 4, perPage: 5 })
      expect(metaOf(last)).toEqual({ current_page: 4, per_page: 5, total: 20, last_page: 4 })
      expect(dataOf<Transaction[]>(last).map((x) => x.code)).toEqual(['h5', 'h4', 'h3', 'h2', 'h1'])
    })

    it('shows the current balance with every entry', async () => {
      const res = await get('/transaction/history', { customerId: 'hist-1', page: 2, perPage: 3 })
      const items = dataOf<Transaction[]>(res)
      expect(items).toHaveLength(3)
      for (const item of items) expect(item.customer.totals).toMatchObject([{ total_amount: '210.00', unit: { name: 'POINTS' } }])
    })

    it('uses fifteen entries a page by default', async () => {
      const res = await get('/transaction/history', { customerId: 'hist-1', page: 2 })
      expect(metaOf(res)).toEqual({ current_page: 2, per_page: 15, total: 20, last_page: 2 })
      expect(dataOf<Transaction[]>(res).map((x) => x.code)).toEqual(['h5', 'h4', 'h3', 'h2', 'h1'])
    })

    it('answers an empty page past the last one', async () => {
      const res = await get('/transaction/history', { customerId: 'hist-1', page: 9, perPage: 5 })
      expect(res.status).toBe(200)
      expect(dataOf<Transaction[]>(res)).toEqual([])
      expect(metaOf(res)).toEqual({ current_page: 9, per_page: 5, total: 20, last_page: 4 })
    })

    it('answers 404 for a customer it does not know', async () => {
      expect404(await get('/transaction/history', { customerId: 'nobody', page: 1 }), 'customerId')
    })

    it('rejects a page below one and a page size above one hundred', async () => {
      expect422(await get('/transaction/history', { customerId: 'hist-1', page: 0 }), 'page')
      expect422(await get('/transaction/history', { customerId: 'hist-1', page: 1, perPage: 101 }), 'perPage')
      expect422(await get('/transaction/history', { customerId: 'hist-1' }), 'page')
    })
  })

  describe('GET /api/transaction/transactionByCode', () => {
    it('answers the transaction and, once reversed, its reversal', async () => {
      await credit('code-1', 'POINTS COUPON', 25, 'Bienvenido732')
      const before = await get('/transaction/transactionByCode', { code: 'Bienvenido732', type: 'POINTS COUPON' })
      expect(before.status).toBe(200)
      expect(dataOf<Transaction[]>(before)).toMatchObject([{ type: 'CREDIT', total: '25.00', code: 'Bienvenido732', customer: { externalId: 'code-1' } }])

      const reversed = await call(t.app, 'POST', '/msloyalty/api/transaction/reverse', { token, body: { type: 'POINTS COUPON', code: 'Bienvenido732' } })
      expect(reversed.status).toBe(200)
      const after = await get('/transaction/transactionByCode', { code: 'Bienvenido732', type: 'POINTS COUPON' })
      expect(dataOf<Transaction[]>(after)).toMatchObject([
        { type: 'CREDIT', total: '25.00', code: 'Bienvenido732' },
        { type: 'DEBIT', total: '25.00', code: 'Bienvenido732', title: 'Reverso de cupón' },
      ])
    })

    it('answers 404 for an unknown code, or a known code under another type', async () => {
      await credit('code-2', 'POINTS COUPON', 5, 'only-coupon')
      expect404(await get('/transaction/transactionByCode', { code: 'never-used', type: 'POINTS COUPON' }), 'code')
      expect404(await get('/transaction/transactionByCode', { code: 'only-coupon', type: 'POINTS ORDER' }), 'code')
    })

    it('requires the type', async () => {
      expect422(await get('/transaction/transactionByCode', { code: 'only-coupon' }), 'type')
    })
  })

  describe('GET /api/transaction/reloadsByCustomer and pointsByCustomer', () => {
    beforeAll(async () => {
      t.clock.set('2026-04-01T10:00:00Z')
      await credit('range-1', 'POINTS COUPON', 10, 'p1')
      await credit('range-1', 'COINS RELOAD', 5, 'r1')
      t.clock.set('2026-04-02T23:59:59Z')
      await credit('range-1', 'POINTS COUPON', 20, 'p2')
      await credit('range-1', 'COINS RELOAD', 6, 'r2')
      t.clock.set('2026-04-03T00:00:00Z')
      await credit('range-1', 'POINTS COUPON', 30, 'p3')
      await credit('range-1', 'COINS RELOAD', 7, 'r3')
    })

    const codes = async (path: string, from: string, to: string) => {
      const res = await get(path, { document: 'range-1', from, to })
      expect(res.status).toBe(200)
      return dataOf<Transaction[]>(res).map((x) => x.code)
    }

    it('answers only points for pointsByCustomer and only coins for reloadsByCustomer', async () => {
      const points = await get('/transaction/pointsByCustomer', { document: 'range-1', from: '2026-04-01', to: '2026-04-03' })
      expect(dataOf<Transaction[]>(points).map((x) => [x.code, x.unit.name, x.total])).toEqual([
        ['p1', 'POINTS', '10.00'],
        ['p2', 'POINTS', '20.00'],
        ['p3', 'POINTS', '30.00'],
      ])
      const reloads = await get('/transaction/reloadsByCustomer', { document: 'range-1', from: '2026-04-01', to: '2026-04-03' })
      expect(dataOf<Transaction[]>(reloads).map((x) => [x.code, x.unit.name, x.total])).toEqual([
        ['r1', 'COINS', '5.00'],
        ['r2', 'COINS', '6.00'],
        ['r3', 'COINS', '7.00'],
      ])
    })

    it('includes both ends of the date range, to the last second of the last day', async () => {
      expect(await codes('/transaction/pointsByCustomer', '2026-04-01', '2026-04-02')).toEqual(['p1', 'p2'])
      expect(await codes('/transaction/pointsByCustomer', '2026-04-02', '2026-04-02')).toEqual(['p2'])
      expect(await codes('/transaction/reloadsByCustomer', '2026-04-03', '2026-04-03')).toEqual(['r3'])
      expect(await codes('/transaction/reloadsByCustomer', '2026-04-04', '2026-04-30')).toEqual([])
    })

    it('reads the dates in the account time zone', async () => {
      const ecuador = (await t.newClient(undefined, 'America/Guayaquil')).apiKey
      t.clock.set('2026-04-05T03:30:00Z')
      const tx = await credit('range-2', 'POINTS COUPON', 8, 'late-evening', ecuador)
      expect(tx.created_at).toBe('2026-04-04 22:30:00')
      const on = async (date: string) => {
        const res = await get('/transaction/pointsByCustomer', { document: 'range-2', from: date, to: date }, ecuador)
        expect(res.status).toBe(200)
        return dataOf<Transaction[]>(res).map((x) => x.code)
      }
      expect(await on('2026-04-04')).toEqual(['late-evening'])
      expect(await on('2026-04-05')).toEqual([])
    })

    it('rejects dates that are not calendar dates and a range that ends before it starts', async () => {
      expect422(await get('/transaction/pointsByCustomer', { document: 'range-1', from: '2026-02-30', to: '2026-04-03' }), 'from')
      expect422(await get('/transaction/pointsByCustomer', { document: 'range-1', from: 'yesterday', to: '2026-04-03' }), 'from')
      expect422(await get('/transaction/reloadsByCustomer', { document: 'range-1', from: '2026-04-01', to: '2026-13-01' }), 'to')
      expect422(await get('/transaction/reloadsByCustomer', { document: 'range-1', from: '2026-04-03', to: '2026-04-01' }), 'to')
    })

    it('answers 404 for a customer it does not know', async () => {
      expect404(await get('/transaction/pointsByCustomer', { document: 'nobody', from: '2026-04-01', to: '2026-04-03' }), 'document')
      expect404(await get('/transaction/reloadsByCustomer', { document: 'nobody', from: '2026-04-01', to: '2026-04-03' }), 'document')
    })
  })

  describe('GET /api/batch/expiration', () => {
    it('lists the open lots with what is left of them, soonest expiry first', async () => {
      t.clock.set('2026-04-10T12:00:00Z')
      await transaction({ type: 'POINTS COUPON', code: 'lot-a', total: 100, expirationDate: '2026-12-31', customer: { externalId: 'lots-1' } })
      await transaction({ type: 'POINTS PROMO', code: 'lot-b', total: 50, expirationDate: '2026-06-30', customer: { externalId: 'lots-1' } })
      await transaction({ type: 'POINTS COUPON', code: 'lot-c', total: 15, expirationDate: '2026-04-30', customer: { externalId: 'lots-1' } })
      await transaction({ type: 'POINTS COUPON', code: 'lot-d', total: 10, customer: { externalId: 'lots-1' } })
      await transaction({ type: 'COINS RELOAD', code: 'lot-e', total: 20, customer: { externalId: 'lots-1' } })
      // Spends lot-c entirely, then 15 of lot-b.
      await transaction({ type: 'POINTS ORDER', code: 'spend', total: -30, customer: { externalId: 'lots-1' } })

      const res = await get('/batch/expiration', { customerId: 'lots-1' })
      expect(res.status).toBe(200)
      const lots = dataOf<Lot[]>(res)
      expect(lots.map((l) => [l.total_amount, l.unit.name, l['batch object'].expiration_date, l.set_name])).toEqual([
        ['35.00', 'POINTS', '2026-06-30 23:59:59', 'PROMO'],
        ['100.00', 'POINTS', '2026-12-31 23:59:59', 'COUPON'],
        // No expirationDate: the points unit's default lifetime of 365 days.
        ['10.00', 'POINTS', '2027-04-10 11:59:59', 'COUPON'],
        // Coins never expire.
        ['20.00', 'COINS', null, 'RELOAD'],
      ])
      for (const lot of lots) expect(lot['batch object']).toMatchObject({ id: lot.id, start_date: '2026-04-10 12:00:00' })
    })

    it('answers an empty list once everything is spent', async () => {
      await credit('lots-2', 'POINTS COUPON', 10)
      await transaction({ type: 'POINTS ORDER', total: -10, customer: { externalId: 'lots-2' } })
      const res = await get('/batch/expiration', { customerId: 'lots-2' })
      expect(res.status).toBe(200)
      expect(dataOf<Lot[]>(res)).toEqual([])
    })

    it('answers 404 for a customer it does not know', async () => {
      expect404(await get('/batch/expiration', { customerId: 'nobody' }), 'customerId')
    })
  })

  describe('GET /api/group/default', () => {
    it('answers the tier new members start in and the next one', async () => {
      const res = await get('/group/default', {})
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ code: '200', status: 'success', message: 'Proceso exitoso', warning: [], error: [] })
      const group = dataOf<Group & { group_rules: Unit[]; next_group: Group | null }>(res)
      expect(group).toMatchObject({
        name: 'BRONZE',
        description: 'Every member starts here',
        group_rules: [{ name: 'POINTS', sign: 'PTS' }],
        next_group: { name: 'SILVER', description: 'From 1,000 points earned' },
      })
      expect(group.id).toMatch(/^\d+$/)
      expect(group.next_group?.id).toMatch(/^\d+$/)
    })
  })

  describe('GET /api/customer/findByExternalId', () => {
    it('says a known customer exists, with an integer id, the name and the data', async () => {
      await transaction({
        type: 'POINTS COUPON',
        total: 1,
        customer: { externalId: 'c991ijco5y', name: 'Santiago', data: { vendorId: 1, giftCardType: 'MONETARY', businessOwner: 2, giftCardAmount: 4 } },
      })
      // A later transaction's extra data keys are merged into what the customer had.
      await transaction({
        type: 'POINTS COUPON',
        total: 1,
        customer: {
          externalId: 'c991ijco5y',
          name: 'Santiago',
          data: { vendorId: 1, giftCardType: 'MONETARY', businessOwner: 2, giftCardAmount: 4, giftCradAmount: 4 },
        },
      })
      const res = await get('/customer/findByExternalId', { externalId: 'c991ijco5y' })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ code: '200', status: 'success', message: 'Ok' })
      const found = dataOf<{ exists: boolean; id: number; external_id: string; name: string; data: Record<string, unknown> }>(res)
      expect(found).toMatchObject({ exists: true, external_id: 'c991ijco5y', name: 'Santiago' })
      expect(found.data).toEqual({ vendorId: 1, giftCardType: 'MONETARY', businessOwner: 2, giftCardAmount: 4, giftCradAmount: 4 })
      expect(Number.isInteger(found.id)).toBe(true)
    })

    it('says an unknown customer does not exist', async () => {
      const res = await get('/customer/findByExternalId', { externalId: 'w0vww4g1ek' })
      expect(res.status).toBe(200)
      expect(dataOf<{ exists: boolean }>(res)).toMatchObject({ exists: false, id: null, external_id: 'w0vww4g1ek', name: null, data: null })
    })

    it('requires the externalId', async () => {
      expect422(await get('/customer/findByExternalId', {}), 'externalId')
    })
  })
})

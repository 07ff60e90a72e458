import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { type Customer, dataOf, type Lot, query, type Transaction, warningOf, withRequired } from './support.js'

const pointsOf = (c: Customer): string | undefined => c.totals.find((x) => x.unit.name === 'POINTS')?.total_amount

describe.each(databaseKinds())('MS Loyalty reversals and transfers on %s', (kind) => {
  let t: TestApp
  let token: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    token = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  const post = (path: string, body: unknown) => call(t.app, 'POST', `/msloyalty/api${path}`, { token, body: withRequired(path, body) })
  const get = (path: string, params: Record<string, string | number>) => call(t.app, 'GET', query(`/msloyalty/api${path}`, params), { token })

  const transaction = async (externalId: string, type: string, code: string | undefined, total: number, store?: { externalId: string; name: string }) => {
    const res = await post('/transaction', { type, code, total, customer: { externalId, name: externalId }, store })
    expect(res.status).toBe(200)
    return dataOf<Transaction>(res)
  }

  /** Balances by unit and the history count: what a customer would see change. */
  const ledgerOf = async (externalId: string) => {
    const res = await get('/transaction/history', { customerId: externalId, page: 1, perPage: 1 })
    expect(res.status).toBe(200)
    const [latest] = dataOf<Transaction[]>(res)
    const balances = Object.fromEntries((latest?.customer.totals ?? []).map((x) => [x.unit.name, x.total_amount]))
    return { balances, count: (res.body.meta as { total: number }).total }
  }

  const byCode = async (type: string, code: string) => {
    const res = await get('/transaction/transactionByCode', { type, code })
    return res.status === 200 ? dataOf<Transaction[]>(res).map((x) => x.type) : []
  }

  const exists = async (externalId: string) => {
    const res = await get('/customer/findByExternalId', { externalId })
    expect(res.status).toBe(200)
    return dataOf<{ exists: boolean }>(res).exists
  }

  describe('POST /api/transaction/reverse', () => {
    it('takes the points of a reversed credit back', async () => {
      await transaction('rev-1', 'POINTS COUPON', 'welcome', 100, { externalId: 'st-1', name: 'La Carolina' })
      await transaction('rev-1', 'POINTS COUPON', 'other', 30)
      const res = await post('/transaction/reverse', { type: 'POINTS COUPON', code: 'welcome' })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ code: '200', status: 'success', warning: [], error: [] })
      expect(dataOf<Transaction>(res)).toMatchObject({
        type: 'DEBIT',
        total: '100.00',
        code: 'welcome',
        title: 'Reverso de cupón',
        description: 'La Carolina',
        store: { externalId: 'st-1', name: 'La Carolina' },
        customer: { externalId: 'rev-1', totals: [{ total_amount: '30.00' }] },
      })
      expect(await ledgerOf('rev-1')).toEqual({ balances: { POINTS: '30.00' }, count: 3 })
    })

    it('gives the points of a reversed debit back, with the expiry they had', async () => {
      await call(t.app, 'POST', '/msloyalty/api/transaction', {
        token,
        body: withRequired('/transaction', {
          type: 'POINTS COUPON',
          code: 'rev-2-credit',
          total: 100,
          expirationDate: '2026-09-30',
          customer: { externalId: 'rev-2' },
        }),
      })
      await transaction('rev-2', 'POINTS ORDER', 'rev-2-order', -40)
      const res = await post('/transaction/reverse', { type: 'POINTS ORDER', code: 'rev-2-order' })
      expect(res.status).toBe(200)
      expect(dataOf<Transaction>(res)).toMatchObject({
        type: 'CREDIT',
        total: '40.00',
        title: 'Reverso de orden',
        customer: { totals: [{ total_amount: '100.00' }] },
      })
      expect(await ledgerOf('rev-2')).toEqual({ balances: { POINTS: '100.00' }, count: 3 })

      const lots = dataOf<Lot[]>(await get('/batch/expiration', { customerId: 'rev-2' }))
      expect(lots.map((l) => [l.total_amount, l['batch object'].expiration_date])).toEqual([
        ['60.00', '2026-09-30 23:59:59'],
        ['40.00', '2026-09-30 23:59:59'],
      ])
    })

    it('refuses to reverse the same transaction twice', async () => {
      await transaction('rev-3', 'POINTS COUPON', 'twice', 10)
      expect((await post('/transaction/reverse', { type: 'POINTS COUPON', code: 'twice' })).status).toBe(200)
      const res = await post('/transaction/reverse', { type: 'POINTS COUPON', code: 'twice' })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({ code: 422, status: 'error', message: 'Error de Validacion' })
      expect(warningOf(res)).toMatchObject({ code: 'ledger.already_reversed', field: 'code' })
      expect(await ledgerOf('rev-3')).toEqual({ balances: { POINTS: '0.00' }, count: 2 })
    })

    it('answers 404 for a code it does not know, or a known code under another type', async () => {
      await transaction('rev-4', 'POINTS COUPON', 'known', 10)
      for (const body of [
        { type: 'POINTS COUPON', code: 'unknown' },
        { type: 'POINTS ORDER', code: 'known' },
      ]) {
        const res = await post('/transaction/reverse', body)
        expect(res.status).toBe(404)
        expect(res.body).toMatchObject({ code: 404, status: 'error', message: '404 Not Found', warning: { code: 'ledger.entry_not_found', field: 'code' } })
      }
      expect(await ledgerOf('rev-4')).toEqual({ balances: { POINTS: '10.00' }, count: 1 })
    })

    it('refuses to reverse a credit that has been spent, and changes nothing', async () => {
      await transaction('rev-5', 'POINTS COUPON', 'spent', 50)
      await transaction('rev-5', 'POINTS COUPON', 'kept', 10)
      await transaction('rev-5', 'POINTS ORDER', 'spend', -45)
      const res = await post('/transaction/reverse', { type: 'POINTS COUPON', code: 'spent' })
      expect(res.status).toBe(422)
      expect(warningOf(res)).toMatchObject({ code: 'ledger.insufficient_balance', field: 'code' })
      expect(await ledgerOf('rev-5')).toEqual({ balances: { POINTS: '15.00' }, count: 3 })
      expect(await byCode('POINTS COUPON', 'spent')).toEqual(['CREDIT'])
    })

    it('requires the code', async () => {
      const res = await post('/transaction/reverse', { type: 'POINTS COUPON' })
      expect(res.status).toBe(422)
      expect(warningOf(res).field).toBe('code')
    })
  })

  describe('POST /api/transaction/reverseMany', () => {
    it('reverses every listed transaction', async () => {
      await transaction('many-1', 'POINTS COUPON', 'm1-a', 20)
      await transaction('many-2', 'POINTS COUPON', 'm1-b', 30)
      await transaction('many-2', 'POINTS COUPON', 'm1-c', 5)
      const res = await post('/transaction/reverseMany', { type: 'POINTS COUPON', codes: ['m1-a', 'm1-b'] })
      expect(res.status).toBe(200)
      const reversals = dataOf<Transaction[]>(res)
      expect(reversals.map((r) => [r.code, r.type, r.total, r.customer.externalId, pointsOf(r.customer)])).toEqual([
        ['m1-a', 'DEBIT', '20.00', 'many-1', '0.00'],
        ['m1-b', 'DEBIT', '30.00', 'many-2', '5.00'],
      ])
      expect(await ledgerOf('many-1')).toEqual({ balances: { POINTS: '0.00' }, count: 2 })
      expect(await ledgerOf('many-2')).toEqual({ balances: { POINTS: '5.00' }, count: 3 })
    })

    it('reverses nothing when one code of the list is unknown', async () => {
      await transaction('many-3', 'POINTS COUPON', 'm2-a', 20)
      await transaction('many-4', 'POINTS COUPON', 'm2-b', 30)
      const res = await post('/transaction/reverseMany', { type: 'POINTS COUPON', codes: ['m2-a', 'm2-b', 'm2-missing'] })
      expect(res.status).toBe(404)
      expect(warningOf(res)).toMatchObject({ code: 'ledger.entry_not_found', field: 'codes.2' })
      expect(await ledgerOf('many-3')).toEqual({ balances: { POINTS: '20.00' }, count: 1 })
      expect(await ledgerOf('many-4')).toEqual({ balances: { POINTS: '30.00' }, count: 1 })
      expect(await byCode('POINTS COUPON', 'm2-a')).toEqual(['CREDIT'])
      expect(await byCode('POINTS COUPON', 'm2-b')).toEqual(['CREDIT'])
    })

    it('reverses nothing when a later reversal fails after an earlier one was written', async () => {
      await transaction('many-5', 'POINTS COUPON', 'm3-a', 20)
      await transaction('many-6', 'POINTS COUPON', 'm3-b', 30)
      await transaction('many-6', 'POINTS ORDER', 'm3-spend', -30)
      const res = await post('/transaction/reverseMany', { type: 'POINTS COUPON', codes: ['m3-a', 'm3-b'] })
      expect(res.status).toBe(422)
      expect(warningOf(res)).toMatchObject({ code: 'ledger.insufficient_balance', field: 'codes.1' })
      expect(await ledgerOf('many-5')).toEqual({ balances: { POINTS: '20.00' }, count: 1 })
      expect(await ledgerOf('many-6')).toEqual({ balances: { POINTS: '0.00' }, count: 2 })
      expect(await byCode('POINTS COUPON', 'm3-a')).toEqual(['CREDIT'])
    })

    it('reverses nothing when one code was already reversed or is listed twice', async () => {
      await transaction('many-7', 'POINTS COUPON', 'm4-a', 20)
      await transaction('many-7', 'POINTS COUPON', 'm4-b', 30)
      expect((await post('/transaction/reverse', { type: 'POINTS COUPON', code: 'm4-b' })).status).toBe(200)

      const again = await post('/transaction/reverseMany', { type: 'POINTS COUPON', codes: ['m4-a', 'm4-b'] })
      expect(again.status).toBe(422)
      expect(warningOf(again)).toMatchObject({ code: 'ledger.already_reversed', field: 'codes.1' })

      const twice = await post('/transaction/reverseMany', { type: 'POINTS COUPON', codes: ['m4-a', 'm4-a'] })
      expect(twice.status).toBe(422)
      expect(warningOf(twice)).toMatchObject({ code: 'ledger.already_reversed', field: 'codes.1' })

      expect(await ledgerOf('many-7')).toEqual({ balances: { POINTS: '20.00' }, count: 3 })
      expect(await byCode('POINTS COUPON', 'm4-a')).toEqual(['CREDIT'])
    })

    it('rejects an empty list', async () => {
      const res = await post('/transaction/reverseMany', { type: 'POINTS COUPON', codes: [] })
      expect(res.status).toBe(422)
      expect(warningOf(res).field).toBe('codes')
    })
  })

  describe('POST /api/transaction/transfer', () => {
    const transfer = (from: string, to: string, total: number) =>
      post('/transaction/transfer', {
        type: 'POINTS BALANCE TRANSFER',
        total,
        title: 'Transferencia',
        customerFrom: { externalId: from, name: 'David' },
        customerTo: { externalId: to, name: 'Santiago' },
      })

    it('moves points from one customer to another, registering the receiver', async () => {
      await transaction('tr-from-1', 'POINTS COUPON', 'tr-1', 100)
      expect(await exists('tr-to-1')).toBe(false)
      const res = await transfer('tr-from-1', 'tr-to-1', 30.5)
      expect(res.status).toBe(200)
      const { from, to } = dataOf<{ from: Transaction; to: Transaction }>(res)
      expect(from).toMatchObject({
        type: 'DEBIT',
        total: '30.50',
        title: 'Transferencia',
        description: 'Santiago',
        customer: { externalId: 'tr-from-1', name: 'David' },
      })
      expect(to).toMatchObject({
        type: 'CREDIT',
        total: '30.50',
        title: 'Transferencia',
        description: 'David',
        customer: { externalId: 'tr-to-1', name: 'Santiago' },
      })
      expect(pointsOf(from.customer)).toBe('69.50')
      expect(pointsOf(to.customer)).toBe('30.50')
      expect(await ledgerOf('tr-from-1')).toEqual({ balances: { POINTS: '69.50' }, count: 2 })
      expect(await ledgerOf('tr-to-1')).toEqual({ balances: { POINTS: '30.50' }, count: 1 })
    })

    it('changes nothing on either side when the sender has too little', async () => {
      await transaction('tr-from-2', 'POINTS COUPON', 'tr-2', 10)
      await transaction('tr-to-2', 'POINTS COUPON', 'tr-2b', 1)
      const res = await transfer('tr-from-2', 'tr-to-2', 10.01)
      expect(res.status).toBe(422)
      expect(warningOf(res)).toMatchObject({ code: 'ledger.insufficient_balance', field: 'total' })
      expect(await ledgerOf('tr-from-2')).toEqual({ balances: { POINTS: '10.00' }, count: 1 })
      expect(await ledgerOf('tr-to-2')).toEqual({ balances: { POINTS: '1.00' }, count: 1 })

      const toNewcomer = await transfer('tr-from-2', 'tr-new-2', 50)
      expect(toNewcomer.status).toBe(422)
      expect(await exists('tr-new-2')).toBe(false)
    })

    it('rejects a transfer to the same customer', async () => {
      await transaction('tr-self', 'POINTS COUPON', 'tr-3', 10)
      const res = await transfer('tr-self', 'tr-self', 5)
      expect(res.status).toBe(422)
      expect(warningOf(res)).toMatchObject({ code: 'ledger.same_wallet', field: 'customerTo.externalId' })
      expect(await ledgerOf('tr-self')).toEqual({ balances: { POINTS: '10.00' }, count: 1 })
    })

    it('answers 404 for a sender it does not know, without registering the receiver', async () => {
      const res = await transfer('tr-ghost', 'tr-new-4', 5)
      expect(res.status).toBe(404)
      expect(warningOf(res)).toMatchObject({ code: 'contact.not_found', field: 'customerFrom.externalId' })
      expect(await exists('tr-ghost')).toBe(false)
      expect(await exists('tr-new-4')).toBe(false)
    })

    it('rejects a total that is zero, negative or has more than two decimals', async () => {
      await transaction('tr-from-5', 'POINTS COUPON', 'tr-5', 10)
      for (const total of [0, -5, 1.234]) {
        const res = await transfer('tr-from-5', 'tr-to-5', total)
        expect(res.status, String(total)).toBe(422)
        expect(warningOf(res).field).toBe('total')
      }
      expect(await ledgerOf('tr-from-5')).toEqual({ balances: { POINTS: '10.00' }, count: 1 })
      expect(await exists('tr-to-5')).toBe(false)
    })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { dataOf, type Transaction, warningOf, withRequired } from './support.js'

describe.each(databaseKinds())('MS Loyalty idempotency on %s', (kind) => {
  let t: TestApp
  let token: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    token = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  const post = (path: string, body: unknown, key?: string, as = token) =>
    call(t.app, 'POST', `/msloyalty/api${path}`, { token: as, body: withRequired(path, body), headers: key === undefined ? {} : { 'idempotency-key': key } })
  const creditBody = (externalId: string, total: number, code?: string) => ({ type: 'POINTS COUPON', code, total, customer: { externalId, name: externalId } })

  /** The customer's points and the number of entries in their history. */
  const ledgerOf = async (externalId: string, as = token) => {
    const res = await call(t.app, 'GET', `/msloyalty/api/transaction/history?customerId=${externalId}&page=1&perPage=1`, { token: as })
    expect(res.status).toBe(200)
    const [latest] = dataOf<Transaction[]>(res)
    return { points: latest?.customer.totals.find((x) => x.unit.name === 'POINTS')?.total_amount, count: (res.body.meta as { total: number }).total }
  }

  it('answers a repeated request with the identical body and changes nothing', async () => {
    const first = await post('/transaction', creditBody('idem-1', 100, 'idem-code-1'), 'key-1')
    expect(first.status).toBe(200)
    const again = await post('/transaction', creditBody('idem-1', 100, 'idem-code-1'), 'key-1')
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(await ledgerOf('idem-1')).toEqual({ points: '100.00', count: 1 })
  })

  it('replays the first answer even after the balance has moved on', async () => {
    const first = await post('/transaction', creditBody('idem-2', 10), 'key-2')
    expect((await post('/transaction', creditBody('idem-2', 5))).status).toBe(200)
    const again = await post('/transaction', creditBody('idem-2', 10), 'key-2')
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(dataOf<Transaction>(again).customer.totals).toMatchObject([{ total_amount: '10.00' }])
    expect(await ledgerOf('idem-2')).toEqual({ points: '15.00', count: 2 })
  })

  it('rejects the same key with a different body and changes nothing', async () => {
    expect((await post('/transaction', creditBody('idem-3', 10), 'key-3')).status).toBe(200)
    const res = await post('/transaction', creditBody('idem-3', 11), 'key-3')
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({ code: 422, status: 'error', message: 'Error de Validacion' })
    expect(warningOf(res)).toMatchObject({ code: 'idempotency.key_reused', field: 'Idempotency-Key' })
    expect(await ledgerOf('idem-3')).toEqual({ points: '10.00', count: 1 })
  })

  it('credits exactly once for twenty concurrent requests with the same key', async () => {
    const body = creditBody('idem-4', 25, 'idem-code-4')
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('/transaction', body, 'key-4')))
    for (const res of responses) {
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body).toEqual(responses[0]?.body)
    }
    expect(await ledgerOf('idem-4')).toEqual({ points: '25.00', count: 1 })
  })

  it('scopes keys per account', async () => {
    const other = (await t.newClient()).apiKey
    const mine = await post('/transaction', creditBody('idem-5', 30), 'key-5')
    const theirs = await post('/transaction', creditBody('idem-5', 30), 'key-5', other)
    expect(mine.status).toBe(200)
    expect(theirs.status).toBe(200)
    expect(dataOf<Transaction>(theirs).id).not.toBe(dataOf<Transaction>(mine).id)
    expect(await ledgerOf('idem-5')).toEqual({ points: '30.00', count: 1 })
    expect(await ledgerOf('idem-5', other)).toEqual({ points: '30.00', count: 1 })
  })

  it('scopes keys per operation', async () => {
    expect((await post('/transaction', creditBody('idem-6', 30), 'key-6')).status).toBe(200)
    const order = await post('/transaction/checkbook', { type: 'POINTS ORDER', customer: { externalId: 'idem-6' }, total: 10, earnedRedeemed: -10 }, 'key-6')
    expect(order.status).toBe(200)
    expect(await ledgerOf('idem-6')).toEqual({ points: '20.00', count: 2 })
  })

  it('lets a failed request be retried with the same key once it can succeed', async () => {
    expect((await post('/transaction', creditBody('idem-7', 10))).status).toBe(200)
    const debit = { type: 'POINTS ORDER', code: 'idem-order-7', total: -30, customer: { externalId: 'idem-7' } }
    const failed = await post('/transaction', debit, 'key-7')
    expect(failed.status).toBe(422)
    expect(warningOf(failed).code).toBe('ledger.insufficient_balance')

    expect((await post('/transaction', creditBody('idem-7', 30))).status).toBe(200)
    const retried = await post('/transaction', debit, 'key-7')
    expect(retried.status).toBe(200)
    expect(dataOf<Transaction>(retried)).toMatchObject({ type: 'DEBIT', total: '30.00' })
    expect(await ledgerOf('idem-7')).toEqual({ points: '10.00', count: 3 })

    const replayed = await post('/transaction', debit, 'key-7')
    expect(replayed.body).toEqual(retried.body)
    expect(await ledgerOf('idem-7')).toEqual({ points: '10.00', count: 3 })
  })

  it('answers a repeated reversal with the reversal instead of an error', async () => {
    expect((await post('/transaction', creditBody('idem-8', 40, 'idem-code-8'))).status).toBe(200)
    const body = { type: 'POINTS COUPON', code: 'idem-code-8' }
    const first = await post('/transaction/reverse', body, 'key-8')
    expect(first.status).toBe(200)
    const again = await post('/transaction/reverse', body, 'key-8')
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(await ledgerOf('idem-8')).toEqual({ points: '0.00', count: 2 })

    const withoutKey = await post('/transaction/reverse', body)
    expect(warningOf(withoutKey).code).toBe('ledger.already_reversed')
  })

  it('transfers once for a repeated transfer', async () => {
    expect((await post('/transaction', creditBody('idem-9', 50))).status).toBe(200)
    const body = { type: 'POINTS BALANCE TRANSFER', total: 20, customerFrom: { externalId: 'idem-9' }, customerTo: { externalId: 'idem-10' } }
    const first = await post('/transaction/transfer', body, 'key-9')
    const again = await post('/transaction/transfer', body, 'key-9')
    expect(first.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(await ledgerOf('idem-9')).toEqual({ points: '30.00', count: 2 })
    expect(await ledgerOf('idem-10')).toEqual({ points: '20.00', count: 1 })
  })

  it('rejects an empty key and a key longer than 255 characters', async () => {
    for (const key of ['', 'k'.repeat(256)]) {
      const res = await post('/transaction', creditBody('idem-11', 1), key)
      expect(res.status).toBe(422)
      expect(warningOf(res).field).toBe('Idempotency-Key')
    }
    const found = await call(t.app, 'GET', '/msloyalty/api/customer/findByExternalId?externalId=idem-11', { token })
    expect(found.body.data).toMatchObject({ exists: false })
  })
})

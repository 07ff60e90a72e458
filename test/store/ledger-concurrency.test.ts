import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type Json, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'

const customer = (externalId: string) => ({
  externalId,
  name: externalId,
  data: { vendorId: '1', businessOwner: '1', giftCardAmount: '0', giftCardType: 'MONETARY' },
})

type Totals = { total_amount: string; unit: { name: string } }[]

describe.each(databaseKinds())('ledger under concurrency on %s', (kind) => {
  let t: TestApp
  let key: string
  beforeAll(async () => {
    t = await createTestApp(kind)
    key = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  const post = (path: string, body: Json) => call(t.app, 'POST', `/msloyalty/api${path}`, { token: key, body })
  const transaction = (externalId: string, total: number, code: string) =>
    post('/transaction', { type: 'POINTS ORDER', code, total, description: 'load', customer: customer(externalId) })
  const points = async (externalId: string): Promise<string | undefined> => {
    const res = await call(t.app, 'GET', `/msloyalty/api/customer/findByExternalId?externalId=${externalId}`, { token: key })
    const data = res.body.data as { totals: Totals }
    return data.totals.find((x) => x.unit.name === 'POINTS')?.total_amount
  }

  it('lets 50 parallel debits take exactly what the balance holds and never more', async () => {
    expect((await transaction('racer', 1000, 'fund')).status).toBe(200)
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => transaction('racer', -30, `spend-${i}`)))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(33)
    expect(statuses.filter((s) => s === 422)).toHaveLength(17)
    for (const r of results.filter((x) => x.status === 422)) expect(r.body.warning).toMatchObject({ code: 'ledger.insufficient_balance' })
    expect(await points('racer')).toBe('10.00')
    const check = await t.container.ledger.check()
    expect(check.mismatches).toEqual([])
  })

  it('keeps the total of two customers through 50 interleaved transfers in both directions, without deadlock', async () => {
    await transaction('left', 500, 'fund-left')
    await transaction('right', 500, 'fund-right')
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post('/transaction/transfer', {
          type: 'BALANCE TRANSFER',
          total: 7,
          customerFrom: { externalId: i % 2 ? 'left' : 'right', name: 'a' },
          customerTo: { externalId: i % 2 ? 'right' : 'left', name: 'b' },
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200))
    expect([await points('left'), await points('right')]).toEqual(['500.00', '500.00'])
    expect((await t.container.ledger.check()).mismatches).toEqual([])
  })

  it('reverses a transaction once when ten reversals of it arrive together', async () => {
    await transaction('rev', 100, 'to-reverse')
    const results = await Promise.all(Array.from({ length: 10 }, () => post('/transaction/reverse', { type: 'POINTS ORDER', code: 'to-reverse' })))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.warning).toMatchObject({ code: 'ledger.already_reversed' })
    expect(await points('rev')).toBe('0.00')
  })

  it('registers one customer with one wallet when 20 first credits for them arrive together', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => transaction('newcomer', 5, `first-${i}`)))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    const ids = new Set(results.map((r) => (r.body.data as { customer: { id: string } }).customer.id))
    expect(ids.size).toBe(1)
    const res = await call(t.app, 'GET', '/msloyalty/api/customer/findByExternalId?externalId=newcomer', { token: key })
    expect((res.body.data as { totals: Totals }).totals).toEqual([expect.objectContaining({ total_amount: '100.00' })])
  })
})

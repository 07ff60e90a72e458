import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../src/domain/shared/clock.js'
import { call, createTestApp, type Json, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'

const customer = (externalId: string) => ({
  externalId,
  name: externalId,
  data: { vendorId: '1', businessOwner: '1', giftCardAmount: '0', giftCardType: 'MONETARY' },
})

type Lot = { total_amount: string; unit: { name: string }; 'batch object': { expiration_date: string | null } }
type Tx = { type: string; total: string; title: string | null }

describe.each(databaseKinds())('lots and expiry on %s', (kind) => {
  let t: TestApp
  let key: string
  beforeAll(async () => {
    t = await createTestApp(kind)
    // An account east of UTC: its days end before UTC's do.
    key = (await t.newClient(undefined, 'Europe/Amsterdam')).apiKey
  })
  afterAll(() => t.close())

  const post = (body: Json) => call(t.app, 'POST', '/msloyalty/api/transaction', { token: key, body: { description: 'test', ...body } })
  const lots = async (externalId: string) =>
    (await call(t.app, 'GET', `/msloyalty/api/batch/expiration?customerId=${externalId}`, { token: key })).body.data as Lot[]
  const history = async (externalId: string) =>
    (await call(t.app, 'GET', `/msloyalty/api/transaction/history?customerId=${externalId}&page=1`, { token: key })).body.data as Tx[]
  const balance = async (externalId: string, unit = 'POINTS') => {
    const res = await call(t.app, 'GET', `/msloyalty/api/customer/findByExternalId?externalId=${externalId}`, { token: key })
    return (res.body.data as { totals: { total_amount: string; unit: { name: string } }[] }).totals.find((x) => x.unit.name === unit)?.total_amount
  }

  it('expires what is left of a credit once its expiration date has ended in the account time zone', async () => {
    t.clock.set('2026-03-10T12:00:00Z')
    await post({ type: 'POINTS COUPON', code: 'exp-1', total: 100, expirationDate: '2026-03-20', customer: customer('e1') })
    await post({ type: 'POINTS ORDER', code: 'spend-1', total: -40, customer: customer('e1') })

    // 23:30 UTC on the 20th is already the 21st in Amsterdam: the lot has ended.
    t.clock.set('2026-03-20T22:30:00Z')
    expect(await t.container.ledger.expireDue()).toBe(0)
    t.clock.set('2026-03-20T23:30:00Z')
    expect(await t.container.ledger.expireDue()).toBe(1)

    expect(await balance('e1')).toBe('0.00')
    const [latest] = await history('e1')
    expect(latest).toMatchObject({ type: 'DEBIT', total: '60.00' })
    expect(await lots('e1')).toEqual([])
    expect(await t.container.ledger.expireDue()).toBe(0)
  })

  it('gives points the unit lifetime when no date is sent, and coins none', async () => {
    t.clock.set('2026-03-10T12:00:00Z')
    await post({ type: 'POINTS COUPON', code: 'life-p', total: 10, customer: customer('e2') })
    await post({ type: 'COINS RELOAD', code: 'life-c', total: 10, customer: customer('e2') })
    t.clock.advance(364 * DAY_MS)
    expect(await t.container.ledger.expireDue()).toBe(0)
    t.clock.advance(2 * DAY_MS)
    expect(await t.container.ledger.expireDue()).toBe(1)
    expect(await balance('e2', 'POINTS')).toBe('0.00')
    expect(await balance('e2', 'COINS')).toBe('10.00')
  })

  it('spends the soonest-expiring lot first, then the oldest', async () => {
    t.clock.set('2026-03-10T12:00:00Z')
    await post({ type: 'POINTS COUPON', code: 'late', total: 50, expirationDate: '2026-12-31', customer: customer('e3') })
    await post({ type: 'POINTS COUPON', code: 'soon', total: 30, expirationDate: '2026-04-30', customer: customer('e3') })
    await post({ type: 'POINTS COUPON', code: 'never-1', total: 20, customer: customer('e3') })
    await post({ type: 'POINTS ORDER', code: 'spend-3', total: -45, customer: customer('e3') })
    const open = await lots('e3')
    expect(open.map((l) => [l.total_amount, l['batch object'].expiration_date])).toEqual([
      ['35.00', '2026-12-31 23:59:59'],
      ['20.00', '2027-03-10 12:59:59'],
    ])
  })

  it('gives back the lots a reversed debit took, with their expiry', async () => {
    t.clock.set('2026-03-10T12:00:00Z')
    await post({ type: 'POINTS COUPON', code: 'r-soon', total: 30, expirationDate: '2026-04-30', customer: customer('e4') })
    await post({ type: 'POINTS COUPON', code: 'r-late', total: 30, expirationDate: '2026-10-31', customer: customer('e4') })
    await post({ type: 'POINTS ORDER', code: 'r-spend', total: -40, customer: customer('e4') })
    expect((await call(t.app, 'POST', '/msloyalty/api/transaction/reverse', { token: key, body: { type: 'POINTS ORDER', code: 'r-spend' } })).status).toBe(200)
    const amounts = (await lots('e4')).map((l) => [l.total_amount, l['batch object'].expiration_date])
    expect(amounts).toEqual([
      ['30.00', '2026-04-30 23:59:59'],
      ['20.00', '2026-10-31 23:59:59'],
      ['10.00', '2026-10-31 23:59:59'],
    ])
    // The April part expires in April, as it would have without the debit.
    t.clock.set('2026-05-01T00:00:00Z')
    expect(await t.container.ledger.expireDue()).toBe(1)
    expect(await balance('e4')).toBe('30.00')
    expect((await t.container.ledger.check()).mismatches).toEqual([])
  })
})

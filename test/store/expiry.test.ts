import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../src/domain/shared/clock.js'
import { customer, dataOf, type Lot, type Transaction } from '../api/msloyalty/support.js'
import { call, createTestApp, type Json, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'

const START = '2026-03-10T12:00:00Z'

/**
 * Each case gets a database of its own: `expireDue` works across every
 * account, so lots left open by one case would be counted by the next.
 */
describe.each(databaseKinds())('lots and expiry on %s', (kind) => {
  let t: TestApp
  let key: string
  beforeEach(async () => {
    t = await createTestApp(kind)
    // An account east of UTC: its days end before UTC's do.
    key = (await t.newClient(undefined, 'Europe/Amsterdam')).apiKey
    t.clock.set(START)
  })
  afterEach(() => t.close())

  const post = async (body: Json) => {
    const res = await call(t.app, 'POST', '/msloyalty/api/transaction', { token: key, body: { description: 'test', ...body } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return dataOf<Transaction>(res)
  }
  const credit = (externalId: string, code: string, total: number, extra: Json = {}) =>
    post({ type: 'POINTS COUPON', code, total, customer: customer(externalId), ...extra })
  const debit = (externalId: string, code: string, total: number, type = 'POINTS ORDER') => post({ type, code, total: -total, customer: customer(externalId) })
  /** Open lots as `[remaining, expires, started]`, in the order the API lists them. */
  const lots = async (externalId: string, unit = 'POINTS') =>
    dataOf<Lot[]>(await call(t.app, 'GET', `/msloyalty/api/batch/expiration?customerId=${externalId}`, { token: key }))
      .filter((l) => l.unit.name === unit)
      .map((l) => [l.total_amount, l['batch object'].expiration_date, l['batch object'].start_date])
  const history = async (externalId: string) =>
    dataOf<Transaction[]>(await call(t.app, 'GET', `/msloyalty/api/transaction/history?customerId=${externalId}&page=1`, { token: key }))
  const balance = async (externalId: string, unit = 'POINTS') => {
    const res = await call(t.app, 'GET', `/msloyalty/api/customer/findByExternalId?externalId=${externalId}`, { token: key })
    return dataOf<{ totals: { total_amount: string; unit: { name: string } }[] }>(res).totals.find((x) => x.unit.name === unit)?.total_amount
  }
  const mismatches = async () => (await t.container.ledger.check()).mismatches

  it('expires what is left of a credit once its expiration date has ended in the account time zone, once', async () => {
    await credit('e1', 'exp-1', 100, { expirationDate: '2026-03-20' })
    await debit('e1', 'spend-1', 40)
    expect(await lots('e1')).toEqual([['60.00', '2026-03-20 23:59:59', '2026-03-10 13:00:00']])

    // 22:59:59 UTC is the last second of the 20th in Amsterdam; 23:00 UTC is already the 21st.
    t.clock.set('2026-03-20T22:59:59Z')
    expect(await t.container.ledger.expireDue()).toBe(0)
    expect(await balance('e1')).toBe('60.00')
    t.clock.set('2026-03-20T23:00:00Z')
    expect(await t.container.ledger.expireDue()).toBe(1)

    expect(await balance('e1')).toBe('0.00')
    expect(await lots('e1')).toEqual([])
    const entries = await history('e1')
    expect(entries.map((e) => [e.type, e.total])).toEqual([
      ['DEBIT', '60.00'],
      ['DEBIT', '40.00'],
      ['CREDIT', '100.00'],
    ])
    expect(entries[0]).toMatchObject({ created_at: '2026-03-21 00:00:00', customer: { totals: [{ total_amount: '0.00' }] } })

    // A second run finds nothing left to expire and writes nothing.
    expect(await t.container.ledger.expireDue()).toBe(0)
    expect(await history('e1')).toHaveLength(3)
    expect(await mismatches()).toEqual([])
  })

  it('ends a date at the local midnight after it on the day summer time starts', async () => {
    // Amsterdam moves from UTC+1 to UTC+2 at 02:00 on 2026-03-29, so that day ends at 22:00 UTC.
    await credit('dst', 'dst-1', 25, { expirationDate: '2026-03-29' })
    t.clock.set('2026-03-29T21:59:59Z')
    expect(await t.container.ledger.expireDue()).toBe(0)
    expect(await balance('dst')).toBe('25.00')
    t.clock.set('2026-03-29T22:00:00Z')
    expect(await t.container.ledger.expireDue()).toBe(1)
    expect(await balance('dst')).toBe('0.00')
    expect(await mismatches()).toEqual([])
  })

  it('gives points 365 days when no date is sent, and coins no end at all', async () => {
    await credit('e2', 'life-p', 10)
    await post({ type: 'COINS RELOAD', code: 'life-c', total: 10, customer: customer('e2') })
    // Credited at 13:00 in Amsterdam: the points last until the same time a year later.
    expect(await lots('e2', 'POINTS')).toEqual([['10.00', '2027-03-10 12:59:59', '2026-03-10 13:00:00']])
    expect(await lots('e2', 'COINS')).toEqual([['10.00', null, '2026-03-10 13:00:00']])

    t.clock.set(Date.parse(START) + 365 * DAY_MS - 1000)
    expect(await t.container.ledger.expireDue()).toBe(0)
    expect(await balance('e2', 'POINTS')).toBe('10.00')
    t.clock.set(Date.parse(START) + 365 * DAY_MS)
    expect(await t.container.ledger.expireDue()).toBe(1)
    expect(await balance('e2', 'POINTS')).toBe('0.00')

    t.clock.set('2126-03-10T12:00:00Z')
    expect(await t.container.ledger.expireDue()).toBe(0)
    expect(await balance('e2', 'COINS')).toBe('10.00')
    expect(await lots('e2', 'COINS')).toEqual([['10.00', null, '2026-03-10 13:00:00']])
    expect(await mismatches()).toEqual([])
  })

  it('spends the lot that expires soonest first, whatever order the lots came in', async () => {
    await credit('e3', 'late', 50, { expirationDate: '2026-12-31' })
    await credit('e3', 'soon', 30, { expirationDate: '2026-04-30' })
    await credit('e3', 'default', 20)
    await debit('e3', 'spend-3', 45)
    expect(await lots('e3')).toEqual([
      ['35.00', '2026-12-31 23:59:59', '2026-03-10 13:00:00'],
      ['20.00', '2027-03-10 12:59:59', '2026-03-10 13:00:00'],
    ])

    // Coins that expire go before coins that never do, though they came later.
    await post({ type: 'COINS RELOAD', code: 'c-never', total: 10, customer: customer('e3') })
    t.clock.advance(3_600_000)
    await post({ type: 'COINS RELOAD', code: 'c-dated', total: 10, expirationDate: '2026-05-31', customer: customer('e3') })
    await debit('e3', 'c-spend', 4, 'COINS ORDER')
    expect(await lots('e3', 'COINS')).toEqual([
      ['6.00', '2026-05-31 23:59:59', '2026-03-10 14:00:00'],
      ['10.00', null, '2026-03-10 13:00:00'],
    ])
    expect(await mismatches()).toEqual([])
  })

  it('spends across more open lots than a debit reads at a time, soonest expiry first', async () => {
    // 60 lots of 1.00, expiring on 60 consecutive days, credited latest first: more than one page of 50.
    for (let day = 60; day >= 1; day--) {
      const expires = new Date(Date.parse('2026-04-01T00:00:00Z') + day * DAY_MS).toISOString().slice(0, 10)
      await credit('e6', `lot-${day}`, 1, { expirationDate: expires })
    }
    await debit('e6', 'big-spend', 57)
    expect(await balance('e6')).toBe('3.00')
    // What is left are the three lots that expire last.
    expect((await lots('e6')).map(([remaining, expires]) => [remaining, expires])).toEqual([
      ['1.00', '2026-05-29 23:59:59'],
      ['1.00', '2026-05-30 23:59:59'],
      ['1.00', '2026-05-31 23:59:59'],
    ])
    await debit('e6', 'rest', 3)
    expect(await balance('e6')).toBe('0.00')
    expect(await lots('e6')).toEqual([])
    expect(await mismatches()).toEqual([])
  })

  it('spends the oldest first among lots that expire together, and among lots that never expire', async () => {
    await credit('e5', 'old', 10, { expirationDate: '2026-06-30' })
    await post({ type: 'COINS RELOAD', code: 'c-old', total: 10, customer: customer('e5') })
    t.clock.advance(3_600_000)
    await credit('e5', 'new', 10, { expirationDate: '2026-06-30' })
    await post({ type: 'COINS RELOAD', code: 'c-new', total: 10, customer: customer('e5') })

    await debit('e5', 'p-spend', 4)
    await debit('e5', 'c-spend', 4, 'COINS ORDER')

    expect(await lots('e5', 'POINTS')).toEqual([
      ['6.00', '2026-06-30 23:59:59', '2026-03-10 13:00:00'],
      ['10.00', '2026-06-30 23:59:59', '2026-03-10 14:00:00'],
    ])
    expect(await lots('e5', 'COINS')).toEqual([
      ['6.00', null, '2026-03-10 13:00:00'],
      ['10.00', null, '2026-03-10 14:00:00'],
    ])
    expect(await mismatches()).toEqual([])
  })

  it('gives back the lots a reversed debit took, each with the expiry it had', async () => {
    await credit('e4', 'r-soon', 30, { expirationDate: '2026-04-30' })
    await credit('e4', 'r-late', 30, { expirationDate: '2026-10-31' })
    await debit('e4', 'r-spend', 40)
    expect(await lots('e4')).toEqual([['20.00', '2026-10-31 23:59:59', '2026-03-10 13:00:00']])

    t.clock.advance(DAY_MS)
    const reversed = await call(t.app, 'POST', '/msloyalty/api/transaction/reverse', { token: key, body: { type: 'POINTS ORDER', code: 'r-spend' } })
    expect(reversed.status).toBe(200)
    expect(dataOf<Transaction>(reversed)).toMatchObject({ type: 'CREDIT', total: '40.00' })
    expect(await balance('e4')).toBe('60.00')
    expect((await lots('e4')).map(([remaining, expires]) => [remaining, expires])).toEqual([
      ['30.00', '2026-04-30 23:59:59'],
      ['20.00', '2026-10-31 23:59:59'],
      ['10.00', '2026-10-31 23:59:59'],
    ])

    // The April part expires at the end of April, as it would have without the debit.
    t.clock.set('2026-04-30T21:59:59Z')
    expect(await t.container.ledger.expireDue()).toBe(0)
    t.clock.set('2026-04-30T22:00:00Z')
    expect(await t.container.ledger.expireDue()).toBe(1)
    expect(await balance('e4')).toBe('30.00')
    // And the October parts, both of them, at the end of October.
    t.clock.set('2026-10-31T23:00:00Z')
    expect(await t.container.ledger.expireDue()).toBe(2)
    expect(await balance('e4')).toBe('0.00')
    expect(await t.container.ledger.expireDue()).toBe(0)
    expect(await mismatches()).toEqual([])
  })
})

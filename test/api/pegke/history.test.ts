import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { customer } from '../msloyalty/support.js'
import { as, type Failure, give, type History, requestRedeem, tokenFor, validateRedeem } from './support.js'

const DAY = 86_400_000

describe.each(databaseKinds())('Pegke store and user history on %s', (kind) => {
  let t: TestApp
  let token: string
  let apiKey: string

  const storeHistory = (params: Record<string, string>) =>
    call(t.app, 'GET', `/pegke/entity/store/history?${new URLSearchParams({ _format: 'json', ...params })}`, { token })
  const userHistory = (params: Record<string, string>) =>
    call(t.app, 'GET', `/pegke/entity/user/history?${new URLSearchParams({ _format: 'json', ...params })}`, { token })

  beforeAll(async () => {
    // Kolkata: the merchant's days start at 18:30 UTC the day before.
    t = await createTestApp(kind)
    const client = await t.newClient(undefined, 'Asia/Kolkata')
    apiKey = client.apiKey
    token = await tokenFor(t.app, client)
    t.clock.set('2026-03-01T06:00:00Z')
    // Three days of activity in store S-1, one give elsewhere.
    for (let day = 0; day < 3; day++) {
      await give(t.app, token, { idType: 'mob', mob: '9826471001', points: 10 + day, store: 'S-1' })
      await give(t.app, token, { idType: 'email', email: 'b@example.com', points: 1, store: 'S-1' })
      t.clock.advance(DAY)
    }
    await give(t.app, token, { idType: 'mob', mob: '9826471001', points: 100, store: 'S-2' })
    const redeem = as<{ redeem: { id: number; otp: string } }>(await requestRedeem(t.app, token, { idType: 'mob', mob: '9826471001', points: 5, store: 'S-1' }))
    await validateRedeem(t.app, token, { redeem_id: redeem.redeem.id, otp: redeem.redeem.otp })
  })
  afterAll(() => t.close())

  it('lists a store’s transactions newest first, with their users', async () => {
    const res = await storeHistory({ store: 'S-1' })
    expect(res.status).toBe(200)
    const history = as<History>(res)
    expect(history).toMatchObject({ page: 1, per_page: 20, total: 7, last_page: 1 })
    expect(history.transactions.map((x) => [x.type, x.points])).toEqual([
      ['redeem', -5],
      ['give', 1],
      ['give', 12],
      ['give', 1],
      ['give', 11],
      ['give', 1],
      ['give', 10],
    ])
    expect(history.transactions[1]).toMatchObject({ store: { id: 'S-1' }, user: { email: 'b@example.com', mob: null }, unit: 'POINTS' })
    expect(history.transactions[2]?.created).toBe('2026-03-03T06:00:00.000Z')
  })

  it('pages through a store’s history', async () => {
    const pages = []
    for (const page of ['1', '2', '3']) pages.push(as<History>(await storeHistory({ store: 'S-1', per_page: '3', page })))
    expect(pages.map((p) => p.transactions.length)).toEqual([3, 3, 1])
    expect(pages[0]).toMatchObject({ total: 7, last_page: 3, per_page: 3 })
    expect(new Set(pages.flatMap((p) => p.transactions.map((x) => x.id))).size).toBe(7)
  })

  it('filters by dates in the merchant’s time zone, both ends included', async () => {
    const day2 = as<History>(await storeHistory({ store: 'S-1', from: '2026-03-02', to: '2026-03-02' }))
    expect(day2.transactions.map((x) => x.points)).toEqual([1, 11])
    const fromDay2 = as<History>(await storeHistory({ store: 'S-1', from: '2026-03-02' }))
    expect(fromDay2.total).toBe(5)
    const toDay1 = as<History>(await storeHistory({ store: 'S-1', to: '2026-03-01' }))
    expect(toDay1.total).toBe(2)
  })

  it('shows what other APIs wrote in the store', async () => {
    await call(t.app, 'POST', '/msloyalty/api/transaction', {
      token: apiKey,
      body: { type: 'POINTS ORDER', total: 3, description: 'order', customer: customer('C-9'), store: { externalId: 'S-3', name: 'Mall' } },
    })
    const history = as<History>(await storeHistory({ store: 'S-3' }))
    expect(history.transactions).toMatchObject([{ type: 'give', points: 3, store: { id: 'S-3', name: 'Mall' }, user: { cid: 'C-9' } }])
  })

  it('answers an empty page for a store without activity', async () => {
    expect(as<History>(await storeHistory({ store: 'nowhere' }))).toMatchObject({ total: 0, transactions: [] })
  })

  it('lists one user’s transactions across stores', async () => {
    const res = await userHistory({ idType: 'mob', mob: '9826471001' })
    expect(res.status).toBe(200)
    const history = as<History>(res)
    expect(history.transactions.map((x) => [x.type, x.points, x.store?.id])).toEqual([
      ['redeem', -5, 'S-1'],
      ['give', 100, 'S-2'],
      ['give', 12, 'S-1'],
      ['give', 11, 'S-1'],
      ['give', 10, 'S-1'],
    ])
    const paged = as<History>(await userHistory({ idType: 'mob', mob: '9826471001', per_page: '2', page: '3' }))
    expect(paged).toMatchObject({ total: 5, last_page: 3, page: 3 })
    expect(paged.transactions.map((x) => x.points)).toEqual([10])
    const day1 = as<History>(await userHistory({ idType: 'mob', mob: '9826471001', to: '2026-03-01' }))
    expect(day1.transactions.map((x) => x.points)).toEqual([10])
  })

  it('refuses bad filters and unknown users', async () => {
    expect((await storeHistory({ from: '2026-02-30' })).body).toMatchObject({ code: 3, field: 'from' })
    expect((await storeHistory({ from: '2026-03-03', to: '2026-03-01' })).body).toMatchObject({ code: 3, field: 'to' })
    expect((await storeHistory({ per_page: '1000' })).body).toMatchObject({ code: 3, field: 'per_page' })
    expect((await storeHistory({ page: '0' })).body).toMatchObject({ code: 3, field: 'page' })
    const unknown = await userHistory({ idType: 'mob', mob: '9000000001' })
    expect(unknown.status).toBe(404)
    expect(as<Failure>(unknown)).toMatchObject({ code: 50 })
    expect((await userHistory({ idType: 'cid' })).body).toMatchObject({ code: 1, field: 'cid' })
  })

  it('shows nothing of another merchant', async () => {
    const other = await tokenFor(t.app, await t.newClient())
    const res = await call(t.app, 'GET', '/pegke/entity/store/history?store=S-1', { token: other })
    expect(as<History>(res)).toMatchObject({ total: 0, transactions: [] })
    expect((await call(t.app, 'GET', '/pegke/entity/user/history?idType=mob&mob=9826471001', { token: other })).status).toBe(404)
  })
})

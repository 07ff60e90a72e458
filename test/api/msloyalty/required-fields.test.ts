import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { CUSTOMER_DATA, dataOf, STORE, type Transaction, warningOf } from './support.js'

type Body = Record<string, unknown>

/** Complete, valid bodies of every write, as the document's JSON schemas require them. */
const valid: Record<string, () => Body> = {
  '/transaction': () => ({
    type: 'POINTS COUPON',
    description: 'Bienvenida',
    total: 10,
    customer: { externalId: 'req', name: 'Req', data: { ...CUSTOMER_DATA } },
  }),
  '/transaction/checkbook': () => ({
    type: 'POINTS ORDER',
    customer: { externalId: 'req', name: 'Req' },
    code: 'order-1',
    externalId: '123',
    total: 100,
    earnedRedeemed: 5,
    store: { ...STORE },
    detail: { name: 'Twister', externalId: '39535', total: 10 },
  }),
  '/transaction/transfer': () => ({
    type: 'BALANCE TRANSFER',
    total: 1,
    customerFrom: { externalId: 'req', name: 'Req' },
    customerTo: { externalId: 'other', name: 'Other' },
  }),
  '/transaction/reverse': () => ({ type: 'POINTS COUPON', code: 'c' }),
  '/transaction/reverseMany': () => ({ type: 'POINTS COUPON', codes: ['c'] }),
}

/** Removes one field, named by its dotted path, from a body. */
const without = (body: Body, path: string): Body => {
  const copy = structuredClone(body)
  const keys = path.split('.')
  let target: Body = copy
  for (const key of keys.slice(0, -1)) target = target[key] as Body
  delete target[keys.at(-1) ?? '']
  return copy
}

const required: [string, string][] = [
  ['/transaction', 'type'],
  ['/transaction', 'description'],
  ['/transaction', 'total'],
  ['/transaction', 'customer'],
  ['/transaction', 'customer.externalId'],
  ['/transaction', 'customer.name'],
  ['/transaction', 'customer.data'],
  ['/transaction', 'customer.data.vendorId'],
  ['/transaction', 'customer.data.businessOwner'],
  ['/transaction', 'customer.data.giftCardAmount'],
  ['/transaction', 'customer.data.giftCardType'],
  ['/transaction/checkbook', 'type'],
  ['/transaction/checkbook', 'customer'],
  ['/transaction/checkbook', 'customer.name'],
  ['/transaction/checkbook', 'code'],
  ['/transaction/checkbook', 'externalId'],
  ['/transaction/checkbook', 'total'],
  ['/transaction/checkbook', 'store'],
  ['/transaction/checkbook', 'store.externalId'],
  ['/transaction/checkbook', 'store.name'],
  ['/transaction/checkbook', 'detail.name'],
  ['/transaction/checkbook', 'detail.externalId'],
  ['/transaction/checkbook', 'detail.total'],
  ['/transaction/transfer', 'type'],
  ['/transaction/transfer', 'total'],
  ['/transaction/transfer', 'customerFrom.name'],
  ['/transaction/transfer', 'customerTo'],
  ['/transaction/transfer', 'customerTo.externalId'],
  ['/transaction/transfer', 'customerTo.name'],
  ['/transaction/reverse', 'type'],
  ['/transaction/reverse', 'code'],
  ['/transaction/reverseMany', 'codes'],
]

describe.each(databaseKinds())('MS Loyalty required fields on %s', (kind) => {
  let t: TestApp
  let token: string
  beforeAll(async () => {
    t = await createTestApp(kind)
    token = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  const post = (path: string, body: Body) => call(t.app, 'POST', `/msloyalty/api${path}`, { token, body })
  const historyCount = async () => {
    const res = await call(t.app, 'GET', '/msloyalty/api/transaction/history?customerId=req&page=1', { token })
    return res.status === 404 ? 0 : (res.body.meta as { total: number }).total
  }

  it.each(required)('%s without %s is a 422 naming the field, and writes nothing', async (path, field) => {
    const before = await historyCount()
    const res = await post(path, without(valid[path]?.() ?? {}, field))
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({ code: 422, status: 'error', message: 'Error de Validacion', error: [] })
    expect(warningOf(res)).toEqual({ code: null, field, value: 'is required' })
    expect(await historyCount()).toBe(before)
  })

  it('accepts each complete body', async () => {
    expect((await post('/transaction', valid['/transaction']?.() ?? {})).status).toBe(200)
    expect((await post('/transaction/checkbook', valid['/transaction/checkbook']?.() ?? {})).status).toBe(200)
    expect((await post('/transaction/transfer', valid['/transaction/transfer']?.() ?? {})).status).toBe(200)
  })

  it('earns the sum of the lines when a checkbook sends no earnedRedeemed', async () => {
    const body = {
      ...without(valid['/transaction/checkbook']?.() ?? {}, 'earnedRedeemed'),
      code: 'order-sum',
      detail: [
        { name: 'Twister', externalId: '39535', total: 10, earnedRedeemed: 3 },
        { name: 'Soda', externalId: '40001', total: 2, earnedRedeemed: 1.5 },
      ],
    }
    const res = await post('/transaction/checkbook', body)
    expect(res.status).toBe(200)
    expect(dataOf<Transaction>(res)).toMatchObject({ type: 'CREDIT', total: '4.50' })
  })

  it('rejects a checkbook with neither earnedRedeemed nor lines that earn or redeem', async () => {
    const res = await post('/transaction/checkbook', { ...without(valid['/transaction/checkbook']?.() ?? {}, 'earnedRedeemed'), code: 'order-zero' })
    expect(res.status).toBe(422)
    expect(warningOf(res).field).toBe('earnedRedeemed')
  })

  it('answers a wrong client secret with exactly the documented 401 body', async () => {
    const client = await t.newClient()
    const res = await call(t.app, 'POST', '/msloyalty/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'wrong' },
    })
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ code: 401, status: 'error', message: 'Unauthenticated', warning: [], error: [] })
  })
})

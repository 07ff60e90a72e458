import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { withRequired } from './support.js'

describe.each(databaseKinds())('MS Loyalty on %s', (kind) => {
  let t: TestApp
  let key: string
  beforeAll(async () => {
    t = await createTestApp(kind)
    key = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  it('credits a new customer and shows the balance in the envelope', async () => {
    const res = await call(t.app, 'POST', '/msloyalty/api/transaction', {
      token: key,
      body: withRequired('/transaction', { type: 'POINTS COUPON', code: 'welcome', total: 100, customer: { externalId: 'c1', name: 'Ana' } }),
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ code: '200', status: 'success', warning: [], error: [] })
    expect(res.body.data).toMatchObject({ type: 'CREDIT', total: '100.00', customer: { externalId: 'c1', totals: [{ total_amount: '100.00' }] } })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientCredentials } from '../../../src/domain/accounts/accounts.js'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { customer, STORE } from '../msloyalty/support.js'
import { as, balanceOf, type Failure, give, search, type Transaction, tokenFor, type User } from './support.js'

describe.each(databaseKinds())('Pegke give loyalty points and search user on %s', (kind) => {
  let t: TestApp
  let client: ClientCredentials
  let token: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    client = await t.newClient()
    token = await tokenFor(t.app, client)
  })
  afterAll(() => t.close())

  it('gives points to a user named by mobile number, registering them, and answers the new balance', async () => {
    const res = await give(t.app, token, { idType: 'mob', mob: 9826471001, points: 10 })
    expect(res.status).toBe(200)
    const body = as<{ transaction: Transaction; user: Record<string, unknown> }>(res)
    expect(body.transaction).toMatchObject({ type: 'give', points: 10, unit: 'POINTS', store: { id: 'main', name: 'main' } })
    expect(body.user).toMatchObject({ idType: 'mob', mob: '9826471001', balance: 10 })

    const again = await give(t.app, token, { idType: 'mob', mob: '9826471001', points: 5, store: 'S-12' })
    expect(as<{ transaction: Transaction; user: User }>(again)).toMatchObject({ transaction: { points: 5, store: { id: 'S-12' } }, user: { balance: 15 } })
    expect(await balanceOf(t.app, token, '9826471001')).toBe(15)
  })

  it('finds a user by mobile number, customer id or email, with the balance', async () => {
    await give(t.app, token, { idType: 'email', email: 'Asha@Example.com', points: 7 })
    const byEmail = await search(t.app, token, { idType: 'email', email: 'asha@example.com' })
    expect(byEmail.status).toBe(200)
    expect(as<{ user: User }>(byEmail).user).toMatchObject({ email: 'asha@example.com', mob: null, cid: null, balance: 7, uuid: expect.any(String) })

    await give(t.app, token, { idType: 'cid', cid: 'C-77', points: 3 })
    expect(as<{ user: User }>(await search(t.app, token, { idType: 'cid', cid: 'C-77' })).user).toMatchObject({ cid: 'C-77', balance: 3 })
  })

  it('gives to the same customer another API knows: the customer id is the shared external id', async () => {
    const ms = await call(t.app, 'POST', '/msloyalty/api/transaction', {
      token: client.apiKey,
      body: { type: 'POINTS ORDER', total: 20, description: 'order', customer: customer('0100037894', { name: 'Santiago' }), store: STORE },
    })
    expect(ms.status).toBe(200)
    const res = await give(t.app, token, { idType: 'cid', cid: '0100037894', points: 5 })
    expect(as<{ user: User }>(res).user).toMatchObject({ name: 'Santiago', balance: 25 })
    const found = await call(t.app, 'GET', '/msloyalty/api/customer/findByExternalId?externalId=0100037894', { token: client.apiKey })
    expect(found.body).toMatchObject({ data: { totals: [{ total_amount: '25.00' }] } })
  })

  it('answers 404 code 50 for a user nobody gave points to', async () => {
    const res = await search(t.app, token, { idType: 'mob', mob: '9000000000' })
    expect(res.status).toBe(404)
    expect(as<Failure>(res)).toMatchObject({ code: 50, message: 'User not found', field: 'mob' })
  })

  it('names a missing value', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ mob: '9826471001', points: 10 }, 'idType'],
      [{ idType: 'mob', points: 10 }, 'mob'],
      [{ idType: 'mob', mob: '9826471001' }, 'points'],
    ]
    for (const [body, field] of cases) {
      const res = await give(t.app, token, body)
      expect(res.status, field).toBe(400)
      expect(as<Failure>(res)).toMatchObject({ code: 1, message: 'Value missing', field })
    }
  })

  it('refuses a request whose id field does not match its idType', async () => {
    const res = await give(t.app, token, { idType: 'mob', email: 'x@example.com', points: 10 })
    expect(res.status).toBe(400)
    expect(as<Failure>(res)).toMatchObject({ code: 2, message: 'idType mismatch', field: 'mob', detail: 'idType is mob but the request carries email' })
    const lookup = await search(t.app, token, { idType: 'cid', mob: '9826471001' })
    expect(lookup.body).toMatchObject({ code: 2, field: 'cid' })
  })

  it('refuses invalid values, naming the field, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ idType: 'mob', mob: '98264710', points: 10 }, 'mob'],
      [{ idType: 'mob', mob: '98264710012', points: 10 }, 'mob'],
      [{ idType: 'email', email: 'not-an-email', points: 10 }, 'email'],
      [{ idType: 'phone', mob: '9826471002', points: 10 }, 'idType'],
      [{ idType: 'mob', mob: '9826471002', points: 0 }, 'points'],
      [{ idType: 'mob', mob: '9826471002', points: 2.5 }, 'points'],
      [{ idType: 'mob', mob: '9826471002', points: -5 }, 'points'],
    ]
    for (const [body, field] of cases) {
      const res = await give(t.app, token, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(as<Failure>(res), JSON.stringify(body)).toMatchObject({ code: 3, field })
    }
    expect((await search(t.app, token, { idType: 'mob', mob: '9826471002' })).status).toBe(404)
  })

  it('answers a retry with the same Idempotency-Key once, and refuses the key with another body', async () => {
    const headers = { 'idempotency-key': 'give-1' }
    const first = await give(t.app, token, { idType: 'mob', mob: '9111111111', points: 4 }, headers)
    const retry = await give(t.app, token, { idType: 'mob', mob: '9111111111', points: 4 }, headers)
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(first.body)
    expect(await balanceOf(t.app, token, '9111111111')).toBe(4)
    const other = await give(t.app, token, { idType: 'mob', mob: '9111111111', points: 5 }, headers)
    expect(other.status).toBe(422)
    expect(as<Failure>(other)).toMatchObject({ code: 70, field: 'Idempotency-Key' })
  })

  it('adds up points given in parallel', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => give(t.app, token, { idType: 'mob', mob: '9222222222', points: 1 })))
    expect(answers.every((r) => r.status === 200)).toBe(true)
    expect(await balanceOf(t.app, token, '9222222222')).toBe(20)
  })

  it('never shows or changes another merchant’s users', async () => {
    const other = await tokenFor(t.app, await t.newClient())
    expect((await search(t.app, other, { idType: 'mob', mob: '9826471001' })).status).toBe(404)
    await give(t.app, other, { idType: 'mob', mob: '9826471001', points: 1 })
    expect(await balanceOf(t.app, other, '9826471001')).toBe(1)
    expect(await balanceOf(t.app, token, '9826471001')).toBe(15)
  })

  it('answers 404 code 34 for an unknown path and 400 for another format', async () => {
    const missing = await call(t.app, 'GET', '/pegke/entity/nothing', { token })
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ code: 34, message: 'Sorry, that page does not exist' })
    const xml = await call(t.app, 'GET', '/pegke/entity/user?_format=xml&idType=mob&mob=9826471001', { token })
    expect(xml.status).toBe(400)
    expect(xml.body).toMatchObject({ code: 3, field: '_format' })
  })

  it('answers 400 code 3 for a malformed JSON body', async () => {
    const res = await call(t.app, 'POST', '/pegke/entity/user?_format=json', { token, body: '{"idType":', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 3 })
  })
})

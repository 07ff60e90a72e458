import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createShop, dataOf, encodings, errorOf, LEAT_DATE, leat, newLeatClient } from './support.js'

interface Contact {
  id: number
  uuid: string
  email: string
  credit_balance: { id: number | null; balance: number }
  prepaid_balance: { balance_in_cents: number }
  created_at: string
}

describe.each(databaseKinds())('Leat contacts (%s)', (kind) => {
  let t: TestApp
  let token: string
  let accountId: number

  beforeAll(async () => {
    t = await createTestApp(kind)
    const client = await newLeatClient(t)
    token = client.token
    accountId = client.accountId
  })
  afterAll(() => t.close())

  it.each(encodings)('creates a contact by email with an empty credit balance ($name)', async ({ form }) => {
    const email = `sponge-${form ? 'form' : 'json'}@bikinibottom.sea`
    const res = await leat(t.app, 'POST', '/contacts', { token, form, body: { email } })
    expect(res.status).toBe(200)
    expect(res.body.meta).toEqual([])
    const contact = dataOf<Contact>(res)
    expect(contact).toMatchObject({ email, credit_balance: { balance: 0 }, prepaid_balance: { balance_in_cents: 0 } })
    expect(contact.credit_balance.id).toEqual(expect.any(Number))
    expect(contact.created_at).toMatch(LEAT_DATE)
  })

  it('refuses a second contact with the same email (60005), whatever its case', async () => {
    await leat(t.app, 'POST', '/contacts', { token, body: { email: 'patrick@bikinibottom.sea' } })
    const again = await leat(t.app, 'POST', '/contacts', { token, body: { email: 'Patrick@BikiniBottom.sea' } })
    expect(errorOf(again)).toMatchObject({ status: 400, code: 60005, message: 'Contact already exists.', statusCode: 400 })
  })

  it('answers 1003 naming the field for a missing or malformed email', async () => {
    const missing = await leat(t.app, 'POST', '/contacts', { token, body: {} })
    expect(errorOf(missing)).toMatchObject({ status: 400, code: 1003 })
    expect(errorOf(missing).errors).toHaveProperty('email')
    const malformed = await leat(t.app, 'POST', '/contacts', { token, form: true, body: { email: 'not-an-email' } })
    expect(errorOf(malformed).errors).toHaveProperty('email')
  })

  it('finds a contact by email, by UUID and answers 55031 for unknown ones', async () => {
    const created = dataOf<Contact>(await leat(t.app, 'POST', '/contacts', { token, body: { email: 'sandy@treedome.sea' } }))
    const found = await leat(t.app, 'GET', '/contacts/find-one-by?email=sandy%40treedome.sea', { token })
    expect(dataOf<Contact>(found).uuid).toBe(created.uuid)
    const byUuid = await leat(t.app, 'GET', `/contacts/${created.uuid}`, { token })
    expect(dataOf<Contact>(byUuid)).toEqual(created)
    expect(errorOf(await leat(t.app, 'GET', '/contacts/find-one-by?email=nobody%40sea.sea', { token }))).toMatchObject({ code: 55031 })
    expect(errorOf(await leat(t.app, 'GET', '/contacts/00000000-0000-0000-0000-000000000000', { token }))).toMatchObject({ code: 55031 })
    expect(errorOf(await leat(t.app, 'GET', '/contacts/00000000-0000-0000-0000-000000000000/credit-balance', { token }))).toMatchObject({
      code: 55031,
    })
  })

  it('find-or-create registers a contact once and finds it afterwards', async () => {
    const first = dataOf<Contact>(await leat(t.app, 'GET', '/contacts/find-or-create?email=gary%40snail.sea', { token }))
    const second = dataOf<Contact>(await leat(t.app, 'GET', '/contacts/find-or-create?email=gary%40snail.sea', { token }))
    expect(second.uuid).toBe(first.uuid)
  })

  it('find-or-create registers one contact when parallel requests name the same new email', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => leat(t.app, 'GET', '/contacts/find-or-create?email=crowd%40goo.sea', { token })))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(new Set(results.map((r) => dataOf<Contact>(r).uuid)).size).toBe(1)
  })

  it('lists contacts with their balances and Leat pagination', async () => {
    const res = await leat(t.app, 'GET', '/contacts?limit=2&page=1', { token })
    expect(res.status).toBe(200)
    expect(dataOf<Contact[]>(res)).toHaveLength(2)
    expect(res.body.meta).toMatchObject({ page: 1, limit: 2, viewing_from: 1, viewing_to: 2 })
    const meta = res.body.meta as { total: number; last_page: number }
    expect(meta.last_page).toBe(Math.ceil(meta.total / 2))
    expect(dataOf<Contact[]>(res)[0]).toHaveProperty('credit_balance.balance', 0)
    expect(errorOf(await leat(t.app, 'GET', '/contacts?limit=101', { token })).errors).toHaveProperty('limit')
  })

  it('answers the credit balance of a contact', async () => {
    const created = dataOf<Contact>(await leat(t.app, 'POST', '/contacts', { token, body: { email: 'larry@lobster.sea' } }))
    const res = await leat(t.app, 'GET', `/contacts/${created.uuid}/credit-balance`, { token })
    expect(res.body).toEqual({ data: { balance: 0 }, meta: [] })
  })

  it('shows the credit and prepaid balances the contact holds in the ledger', async () => {
    const created = dataOf<Contact>(await leat(t.app, 'POST', '/contacts', { token, body: { email: 'rich@krusty.sea' } }))
    const shop = await createShop(t, accountId, 'Krusty Krab')
    expect((await leat(t.app, 'POST', '/credit-receptions', { token, body: { shop_uuid: shop.uuid, contact_uuid: created.uuid, credits: 42 } })).status).toBe(
      200,
    )
    const topUp = await leat(t.app, 'POST', '/prepaid-transactions', {
      token,
      body: { shop_uuid: shop.uuid, contact_uuid: created.uuid, amount_in_cents: 2500 },
    })
    expect(topUp.status).toBe(200)
    const contact = dataOf<Contact>(await leat(t.app, 'GET', `/contacts/${created.uuid}`, { token }))
    expect(contact).toMatchObject({ credit_balance: { id: created.credit_balance.id, balance: 42 }, prepaid_balance: { balance_in_cents: 2500 } })
    expect((await leat(t.app, 'GET', `/contacts/${created.uuid}/credit-balance`, { token })).body).toEqual({ data: { balance: 42 }, meta: [] })
  })

  it('links a referred contact to the referrer named by referral_code, and refuses an unknown code', async () => {
    const referrer = dataOf<Contact>(await leat(t.app, 'POST', '/contacts', { token, body: { email: 'mrkrabs@krusty.sea' } }))
    const ok = await leat(t.app, 'POST', '/contacts', { token, body: { email: 'pearl@krusty.sea', referral_code: referrer.uuid } })
    expect(ok.status).toBe(200)
    const bad = await leat(t.app, 'POST', '/contacts', { token, body: { email: 'plankton@chum.sea', referral_code: 'nope' } })
    expect(errorOf(bad)).toMatchObject({ code: 55031 })
    expect(errorOf(bad).errors).toHaveProperty('referral_code')
    expect(errorOf(await leat(t.app, 'GET', '/contacts/find-one-by?email=plankton%40chum.sea', { token }))).toMatchObject({ code: 55031 })
  })

  it('keeps contacts of other accounts out of reach', async () => {
    const other = await newLeatClient(t)
    const theirs = dataOf<Contact>(await leat(t.app, 'POST', '/contacts', { token: other.token, body: { email: 'karen@chum.sea' } }))
    expect(errorOf(await leat(t.app, 'GET', `/contacts/${theirs.uuid}`, { token }))).toMatchObject({ code: 55031 })
    expect(errorOf(await leat(t.app, 'GET', '/contacts/find-one-by?email=karen%40chum.sea', { token }))).toMatchObject({ code: 55031 })
    const mine = dataOf<Contact[]>(await leat(t.app, 'GET', '/contacts?limit=100', { token }))
    expect(mine.map((c) => c.uuid)).not.toContain(theirs.uuid)
    // The same email is free in another account.
    expect((await leat(t.app, 'POST', '/contacts', { token, body: { email: 'karen@chum.sea' } })).status).toBe(200)
  })

  it('answers a retried creation with the same Idempotency-Key with the first answer', async () => {
    const headers = { 'idempotency-key': 'create-squidward' }
    const first = await leat(t.app, 'POST', '/contacts', { token, headers, body: { email: 'squidward@tiki.sea' } })
    const retry = await leat(t.app, 'POST', '/contacts', { token, headers, body: { email: 'squidward@tiki.sea' } })
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(first.body)
    const reused = await leat(t.app, 'POST', '/contacts', { token, headers, body: { email: 'other@tiki.sea' } })
    expect(errorOf(reused)).toMatchObject({ code: 1003 })
    expect(errorOf(reused).errors).toHaveProperty('Idempotency-Key')
  })

  it('creates one contact when the same email is registered by parallel requests', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => leat(t.app, 'POST', '/contacts', { token, body: { email: 'rush@hour.sea' } })))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 400).every((r) => r.body.code === 60005)).toBe(true)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientCredentials } from '../../src/domain/accounts/accounts.js'
import { call, createTestApp, type Json, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'
import { dataOf, leat } from './leat/support.js'
import { createVisitor, expectOk, unique, type WestfieldClient, westfieldClient } from './westfield/support.js'

/** One person, one ledger: a contact registered through one API is the same contact for every other. */
describe.each(databaseKinds())('one contact across the APIs on %s', (kind) => {
  let t: TestApp
  let credentials: ClientCredentials
  let wf: WestfieldClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    credentials = await t.newClient()
    wf = westfieldClient(t, credentials.apiKey)
  })
  afterAll(() => t.close())

  it('finds a Westfield visitor through Leat by email and credits the same balance Pegke reads', async () => {
    const email = `${unique('grace')}@example.com`
    const visitor = await createVisitor(wf, { firstName: 'Grace', lastName: 'Hopper', email })

    const found = await leat(t.app, 'GET', `/contacts/find-one-by?email=${encodeURIComponent(email)}`, { token: wf.token })
    expect(found.status).toBe(200)
    const contact = dataOf<{ uuid: string; email: string }>(found)
    expect(contact.email).toBe(email)

    // Leat shops are the stores other APIs name; this one comes in through a Leat-side operator call.
    const shop = await t.container.uow.run((tx) => tx.shops.create({ accountId: credentials.accountId, externalId: 'S-1', name: 'Centre', now: t.clock.now() }))
    const credited = await leat(t.app, 'POST', '/credit-receptions', {
      token: wf.token,
      body: { shop_uuid: shop.uuid, contact_uuid: contact.uuid, credits: 40 },
      headers: { 'idempotency-key': unique('k') },
    })
    expect(credited.status).toBe(200)

    // Pegke's search by email sees the contact Westfield registered and Leat credited.
    const pegkeToken = await call(t.app, 'POST', '/pegke/oauth2/token', {
      body: { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret },
    })
    expect(pegkeToken.status).toBe(200)
    const searched = await call(t.app, 'GET', `/pegke/entity/user?_format=json&idType=email&email=${encodeURIComponent(email)}`, {
      token: String(pegkeToken.body.access_token),
    })
    expect(searched.status).toBe(200)
    expect(searched.body).toMatchObject({ user: { uuid: contact.uuid, email, balance: 40 } })

    // And the visitor's own record still answers under its Westfield id.
    const again = expectOk<Json>(await wf.get(`/visitors/${visitor.visitorId}`))
    expect(again).toMatchObject({ email, firstName: 'Grace' })
  })
})

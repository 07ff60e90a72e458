import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createShop, dataOf, errorOf, leat, newLeatClient } from './support.js'

describe.each(databaseKinds())('Leat authentication, envelope and shops (%s)', (kind) => {
  let t: TestApp
  let token: string
  let clientId: number
  let clientSecret: string
  let accountId: number

  beforeAll(async () => {
    t = await createTestApp(kind)
    const client = await newLeatClient(t)
    token = client.token
    clientId = client.clientId
    clientSecret = client.clientSecret
    accountId = client.accountId
  })
  afterAll(() => t.close())

  it('answers 401 in Leat format without a token, with a wrong one and with an expired one', async () => {
    const none = await leat(t.app, 'GET', '/shops')
    expect(none.status).toBe(401)
    expect(none.body).toMatchObject({ message: 'Unauthenticated.', status_code: 401, error: 'invalid_token' })
    const wrong = await leat(t.app, 'GET', '/shops', { token: 'pk_not-a-key' })
    expect(wrong.status).toBe(401)

    const issued = await leat(t.app, 'POST', '/leat/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    })
    expect(issued.status).toBe(200)
    expect(issued.body).toMatchObject({ token_type: 'Bearer' })
    const accessToken = issued.body.access_token as string
    expect((await leat(t.app, 'GET', '/shops', { token: accessToken })).status).toBe(200)
    t.clock.advance((issued.body.expires_in as number) * 1000 + 1000)
    const expired = await leat(t.app, 'GET', '/shops', { token: accessToken })
    expect(expired.status).toBe(401)
    expect(expired.body.error).toBe('invalid_token')
  })

  it('issues OAuth tokens from a form-encoded request and refuses a wrong secret', async () => {
    const form = await leat(t.app, 'POST', '/leat/oauth/token', {
      form: true,
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    })
    expect(form.status).toBe(200)
    expect(typeof form.body.access_token).toBe('string')
    const bad = await leat(t.app, 'POST', '/leat/oauth/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'nope' } })
    expect(bad.status).toBe(401)
    expect(bad.body).toMatchObject({ error: 'invalid_client', status_code: 401 })
    const missing = await leat(t.app, 'POST', '/leat/oauth/token', { body: { grant_type: 'client_credentials' } })
    expect(errorOf(missing)).toMatchObject({ status: 400, code: 1003, statusCode: 400 })
    expect(Object.keys(errorOf(missing).errors)).toEqual(expect.arrayContaining(['client_id', 'client_secret']))
  })

  it('lists and gets the account shops in the data/meta envelope', async () => {
    const shop = await createShop(t, accountId, 'Krusty Krab', 'KK-1')
    const list = await leat(t.app, 'GET', '/shops', { token })
    expect(list.status).toBe(200)
    expect(list.body.meta).toEqual({})
    expect(dataOf(list)).toEqual(expect.arrayContaining([{ uuid: shop.uuid, name: 'Krusty Krab', type: 'physical', reference: 'KK-1' }]))
    const one = await leat(t.app, 'GET', `/shops/${shop.uuid}`, { token })
    expect(dataOf(one)).toEqual({ uuid: shop.uuid, name: 'Krusty Krab', type: 'physical', reference: 'KK-1' })
  })

  it('answers 1008 for an unknown shop and for a shop of another account', async () => {
    const unknown = await leat(t.app, 'GET', '/shops/does-not-exist', { token })
    expect(errorOf(unknown)).toMatchObject({ status: 400, code: 1008, message: 'Shop not found.', statusCode: 400 })
    const other = await newLeatClient(t)
    const theirs = await createShop(t, other.accountId, 'Chum Bucket')
    expect(errorOf(await leat(t.app, 'GET', `/shops/${theirs.uuid}`, { token }))).toMatchObject({ code: 1008 })
    const mine = dataOf<{ uuid: string }[]>(await leat(t.app, 'GET', '/shops', { token }))
    expect(mine.map((s) => s.uuid)).not.toContain(theirs.uuid)
  })

  it('answers unknown paths with a Leat-format 404 and malformed JSON with 400', async () => {
    const missing = await leat(t.app, 'GET', '/no-such-resource', { token })
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ status_code: 404 })
    const raw = await t.app.inject({
      method: 'POST',
      url: '/leat/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"grant_type":',
    })
    expect(raw.statusCode).toBe(400)
    expect(JSON.parse(raw.body)).toMatchObject({ code: 1003, status_code: 400 })
  })
})

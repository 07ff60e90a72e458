import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientCredentials } from '../../../src/domain/accounts/accounts.js'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { as, type Failure, grant, requestToken, search, type Token } from './support.js'

const HOUR = 3_600_000

describe.each(databaseKinds())('Pegke token lifecycle on %s', (kind) => {
  let t: TestApp
  let client: ClientCredentials

  beforeAll(async () => {
    t = await createTestApp(kind, { PEGKE_TOKEN_REQUESTS_PER_MINUTE: '0' })
    client = await t.newClient()
  })
  afterAll(() => t.close())

  const use = (token: string) => search(t.app, token, { idType: 'mob', mob: '9826471001' })
  const invalidate = (c: ClientCredentials, accessToken: string) =>
    call(t.app, 'POST', '/pegke/oauth2/invalidate_token', { body: { client_id: c.clientId, client_secret: c.clientSecret, access_token: accessToken } })

  it('answers the documented token object for the client credentials grant', async () => {
    const res = await requestToken(t.app, grant(client))
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type'])
    expect(res.body).toEqual({ access_token: expect.any(String), expires_in: 3600, refresh_token: expect.any(String), scope: null, token_type: 'Bearer' })
    const token = as<Token>(res)
    expect(token.access_token).not.toBe(token.refresh_token)
    // The token is accepted: an unknown user is a 404, not a 401.
    expect((await use(token.access_token)).status).toBe(404)
  })

  it('answers the same outstanding token to repeated requests', async () => {
    const first = as<Token>(await requestToken(t.app, grant(client)))
    t.clock.advance(60_000)
    const second = as<Token>(await requestToken(t.app, grant(client)))
    expect(second.access_token).toBe(first.access_token)
    expect(second.refresh_token).toBe(first.refresh_token)
    expect(second.expires_in).toBe(first.expires_in - 60)
  })

  it('answers one token to concurrent first requests of a new client', async () => {
    const fresh = await t.newClient()
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestToken(t.app, grant(fresh))))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(new Set(answers.map((r) => as<Token>(r).access_token)).size).toBe(1)
  })

  it('refuses an invalidated token at once, also one just accepted, and then issues a different one', async () => {
    const c = await t.newClient()
    const old = as<Token>(await requestToken(t.app, grant(c))).access_token
    // Accepted a moment ago: the server may remember it, but not past its invalidation.
    expect((await use(old)).status).toBe(404)
    const res = await invalidate(c, old)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ access_token: old })

    const refused = await use(old)
    expect(refused.status).toBe(401)
    expect(refused.body).toMatchObject({ code: 89, message: 'Invalid or expired token' })

    const renewed = as<Token>(await requestToken(t.app, grant(c))).access_token
    expect(renewed).not.toBe(old)
    expect((await use(renewed)).status).toBe(404)
    expect(as<Token>(await requestToken(t.app, grant(c))).access_token).toBe(renewed)
  })

  it('does not invalidate a token twice, nor another client’s token', async () => {
    const a = await t.newClient()
    const b = await t.newClient()
    const tokenA = as<Token>(await requestToken(t.app, grant(a))).access_token
    const byOther = await invalidate(b, tokenA)
    expect(byOther.status).toBe(401)
    expect(byOther.body).toMatchObject({ code: 89, field: 'access_token' })
    expect((await use(tokenA)).status).toBe(404)
    expect((await invalidate(a, tokenA)).status).toBe(200)
    expect((await invalidate(a, tokenA)).status).toBe(401)
  })

  it('trades a refresh token for a new pair once, retiring the old access token', async () => {
    const c = await t.newClient()
    const first = as<Token>(await requestToken(t.app, grant(c)))
    expect((await use(first.access_token)).status).toBe(404)
    const refreshed = await requestToken(t.app, { ...grant(c), grant_type: 'refresh_token', refresh_token: first.refresh_token })
    expect(refreshed.status).toBe(200)
    const second = as<Token>(refreshed)
    expect(second).toMatchObject({ expires_in: 3600, scope: null, token_type: 'Bearer' })
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect((await use(first.access_token)).status).toBe(401)
    expect((await use(second.access_token)).status).toBe(404)

    const again = await requestToken(t.app, { ...grant(c), grant_type: 'refresh_token', refresh_token: first.refresh_token })
    expect(again.status).toBe(401)
    expect(again.body).toMatchObject({ code: 89, field: 'refresh_token' })
    // The new pair is now the outstanding one.
    expect(as<Token>(await requestToken(t.app, grant(c))).access_token).toBe(second.access_token)
  })

  it('refuses a refresh token presented by another client', async () => {
    const a = await t.newClient()
    const b = await t.newClient()
    const tokenA = as<Token>(await requestToken(t.app, grant(a)))
    const res = await requestToken(t.app, { ...grant(b), grant_type: 'refresh_token', refresh_token: tokenA.refresh_token })
    expect(res.status).toBe(401)
    expect((await use(tokenA.access_token)).status).toBe(404)
  })

  it('says the access token expired after an hour, and issues a new one', async () => {
    const c = await t.newClient()
    const first = as<Token>(await requestToken(t.app, grant(c)))
    t.clock.advance(HOUR)
    const expired = await use(first.access_token)
    expect(expired.status).toBe(401)
    expect(expired.body).toMatchObject({ code: 90, message: 'Access token expired' })
    const next = as<Token>(await requestToken(t.app, grant(c)))
    expect(next.access_token).not.toBe(first.access_token)
    expect(next.expires_in).toBe(3600)
    expect((await use(next.access_token)).status).toBe(404)
  })

  it('accepts the client credentials as HTTP Basic authentication, and form-encoded bodies', async () => {
    const c = await t.newClient()
    const basic = `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`
    const res = await call(t.app, 'POST', '/pegke/oauth2/token', {
      body: 'grant_type=client_credentials',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(200)
    expect(as<Token>(res).access_token).toBe(as<Token>(await requestToken(t.app, grant(c))).access_token)
  })

  it('answers 401 code 32 for a wrong secret or an unknown client', async () => {
    for (const body of [
      { ...grant(client), client_secret: `${client.clientSecret}x` },
      { ...grant(client), client_id: client.clientId + 1000 },
    ]) {
      const res = await requestToken(t.app, body)
      expect(res.status).toBe(401)
      expect(as<Failure>(res)).toMatchObject({ code: 32, message: 'Could not authenticate you' })
      expect(res.body.access_token).toBeUndefined()
    }
  })

  it('names what is missing or wrong in a token request', async () => {
    const { grant_type: _, ...noGrant } = grant(client)
    expect((await requestToken(t.app, noGrant)).body).toMatchObject({ code: 1, message: 'Value missing', field: 'grant_type' })
    expect((await requestToken(t.app, { ...grant(client), grant_type: 'password' })).body).toMatchObject({ code: 3, field: 'grant_type' })
    expect((await requestToken(t.app, { grant_type: 'client_credentials', client_id: client.clientId })).body).toMatchObject({
      code: 1,
      field: 'client_secret',
    })
    const noRefresh = await requestToken(t.app, { ...grant(client), grant_type: 'refresh_token' })
    expect(noRefresh.status).toBe(400)
    expect(noRefresh.body).toMatchObject({ code: 1, field: 'refresh_token' })
  })

  it('answers 401 code 89 without a bearer token or with an unknown one', async () => {
    const none = await call(t.app, 'GET', '/pegke/entity/user?idType=mob&mob=9826471001')
    expect(none.status).toBe(401)
    expect(none.body).toMatchObject({ code: 89, message: 'Invalid or expired token' })
    expect((await use('not-a-token')).status).toBe(401)
  })

  it('accepts the client’s API key as a bearer credential too', async () => {
    expect((await use(client.apiKey)).status).toBe(404)
  })
})

describe('Pegke token request rate', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('sqlite', { PEGKE_TOKEN_REQUESTS_PER_MINUTE: '3' })
  })
  afterAll(() => t.close())

  it('refuses token requests that come too often with 403 and code 99, per client', async () => {
    const c = await t.newClient()
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await requestToken(t.app, grant(c))).status)
    expect(statuses).toEqual([200, 200, 200, 403])
    const refused = await requestToken(t.app, grant(c))
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 99 })

    const other = await t.newClient()
    expect((await requestToken(t.app, grant(other))).status).toBe(200)
  })

  it('keeps serving requests that use the cached token', async () => {
    const c = await t.newClient()
    const token = as<Token>(await requestToken(t.app, grant(c))).access_token
    for (let i = 0; i < 3; i++) await requestToken(t.app, grant(c))
    expect((await requestToken(t.app, grant(c))).status).toBe(403)
    for (let i = 0; i < 5; i++) expect((await search(t.app, token, { idType: 'mob', mob: '9826471001' })).status).toBe(404)
  })
})

describe('Pegke HTTPS enforcement', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('sqlite', { PEGKE_REQUIRE_HTTPS: 'true' })
  })
  afterAll(() => t.close())

  it('refuses plain HTTP with 403 code 92 and serves requests the proxy received over HTTPS', async () => {
    const c = await t.newClient()
    const plain = await requestToken(t.app, grant(c))
    expect(plain.status).toBe(403)
    expect(plain.body).toMatchObject({ code: 92, message: 'HTTPS is required' })
    const proxiedHttp = await requestToken(t.app, grant(c), { 'x-forwarded-proto': 'http' })
    expect(proxiedHttp.status).toBe(403)

    const secure = await requestToken(t.app, grant(c), { 'x-forwarded-proto': 'https' })
    expect(secure.status).toBe(200)
    const token = as<Token>(secure).access_token
    expect((await call(t.app, 'GET', '/pegke/entity/user?idType=mob&mob=9826471001', { token })).status).toBe(403)
    expect((await call(t.app, 'GET', '/pegke/entity/user?idType=mob&mob=9826471001', { token, headers: { 'x-forwarded-proto': 'https' } })).status).toBe(404)
  })

  it('leaves the other APIs alone', async () => {
    const c = await t.newClient()
    expect((await call(t.app, 'GET', '/msloyalty/api/group/default', { token: c.apiKey })).status).toBe(200)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientCredentials } from '../../../src/domain/accounts/accounts.js'
import { call, createTestApp, type JsonResponse, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { warningOf, withRequired } from './support.js'

interface IssuedToken {
  token_type: string
  expires_in: number
  access_token: string
}

const tokenOf = (res: JsonResponse): IssuedToken => res.body as unknown as IssuedToken

const UNAUTHENTICATED = { code: 401, status: 'error', message: 'Unauthenticated', warning: [], error: [] }
const NOT_FOUND = { code: 404, status: 'error', message: '404 Not Found', warning: [], error: [] }

describe.each(databaseKinds())('MS Loyalty authentication on %s', (kind) => {
  let t: TestApp
  let client: ClientCredentials

  beforeAll(async () => {
    t = await createTestApp(kind)
    client = await t.newClient()
  })
  afterAll(() => t.close())

  const requestToken = (body: unknown) => call(t.app, 'POST', '/msloyalty/oauth/token', { body })
  const grant = () => ({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret })
  const groups = (token: string | null, headers: Record<string, string> = {}) => call(t.app, 'GET', '/msloyalty/api/group/default', { token, headers })

  describe('POST /oauth/token', () => {
    it('issues a bearer token for the client credentials grant', async () => {
      const res = await requestToken(grant())
      expect(res.status).toBe(200)
      const token = tokenOf(res)
      expect(token).toEqual({ token_type: 'Bearer', expires_in: 31_536_000, access_token: expect.any(String) })
      expect(token.access_token.length).toBeGreaterThan(20)
    })

    it('issues a token that works as a Bearer credential', async () => {
      const { access_token } = tokenOf(await requestToken(grant()))
      const res = await groups(access_token)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ code: '200', status: 'success' })

      const credit = await call(t.app, 'POST', '/msloyalty/api/transaction', {
        token: access_token,
        body: withRequired('/transaction', { type: 'POINTS COUPON', total: 5, customer: { externalId: 'token-user' } }),
      })
      expect(credit.status).toBe(200)
    })

    it('issues a different token on every request', async () => {
      const first = tokenOf(await requestToken(grant())).access_token
      const second = tokenOf(await requestToken(grant())).access_token
      expect(first).not.toBe(second)
      expect((await groups(first)).status).toBe(200)
      expect((await groups(second)).status).toBe(200)
    })

    it('accepts a form-encoded request, as OAuth2 clients send it', async () => {
      const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: String(client.clientId), client_secret: client.clientSecret }).toString()
      const res = await call(t.app, 'POST', '/msloyalty/oauth/token', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      expect(res.status).toBe(200)
      expect((await groups(tokenOf(res).access_token)).status).toBe(200)
    })

    it('answers 401 for a wrong secret or an unknown client', async () => {
      for (const body of [
        { ...grant(), client_secret: `${client.clientSecret}x` },
        { ...grant(), client_id: client.clientId + 1000 },
      ]) {
        const res = await requestToken(body)
        expect(res.status).toBe(401)
        expect(res.body).toMatchObject({ code: 401, status: 'error', message: 'Unauthenticated', warning: [] })
        expect(res.body.access_token).toBeUndefined()
      }
    })

    it.each(['grant_type', 'client_id', 'client_secret'])('answers 422 naming the missing %s', async (field) => {
      const body: Record<string, unknown> = grant()
      delete body[field]
      const res = await requestToken(body)
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({ code: 422, status: 'error', message: 'Error de Validacion', error: [] })
      expect(warningOf(res).field).toBe(field)
    })

    it('answers 422 for a grant type other than client_credentials', async () => {
      const res = await requestToken({ ...grant(), grant_type: 'password' })
      expect(res.status).toBe(422)
      expect(warningOf(res).field).toBe('grant_type')
    })
  })

  describe('bearer credentials', () => {
    it('rejects an access token once it has expired, with the documented envelope', async () => {
      const issued = tokenOf(await requestToken(grant()))
      t.clock.advance(issued.expires_in * 1000 - 1000)
      expect((await groups(issued.access_token)).status).toBe(200)

      t.clock.advance(1000)
      const res = await groups(issued.access_token)
      expect(res.status).toBe(401)
      expect(res.body).toEqual(UNAUTHENTICATED)

      // A token issued now is good again.
      expect((await groups(tokenOf(await requestToken(grant())).access_token)).status).toBe(200)
    })

    it('keeps the API key working as the clock moves on', async () => {
      t.clock.advance(2 * 31_536_000 * 1000)
      expect((await groups(client.apiKey)).status).toBe(200)
    })

    it('rejects a request without credentials with the documented envelope', async () => {
      const res = await groups(null)
      expect(res.status).toBe(401)
      expect(res.body).toEqual(UNAUTHENTICATED)
    })

    it('rejects a garbage bearer token or another authorization scheme', async () => {
      for (const authorization of ['Bearer not-a-token', 'Bearer ', `Basic ${client.apiKey}`, client.apiKey]) {
        const res = await groups(null, { authorization })
        expect(res.status, authorization).toBe(401)
        expect(res.body).toEqual(UNAUTHENTICATED)
      }
    })

    it('does not let an unauthenticated write change anything', async () => {
      const res = await call(t.app, 'POST', '/msloyalty/api/transaction', {
        token: 'forged',
        body: withRequired('/transaction', { type: 'POINTS COUPON', total: 5, customer: { externalId: 'forged-user' } }),
      })
      expect(res.status).toBe(401)
      const found = await call(t.app, 'GET', '/msloyalty/api/customer/findByExternalId?externalId=forged-user', { token: client.apiKey })
      expect(found.body.data).toMatchObject({ exists: false })
    })
  })

  describe('unknown routes', () => {
    it('answer 404 in the envelope, with or without credentials', async () => {
      for (const token of [client.apiKey, null]) {
        const res = await call(t.app, 'GET', '/msloyalty/api/nothing-here', { token })
        expect(res.status).toBe(404)
        expect(res.body).toEqual(NOT_FOUND)
      }
      const post = await call(t.app, 'POST', '/msloyalty/api/transaction/undo', { token: client.apiKey, body: {} })
      expect(post.status).toBe(404)
      expect(post.body).toEqual(NOT_FOUND)
    })
  })
})

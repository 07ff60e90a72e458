import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'

type Schema = { required?: string[]; properties?: Record<string, Schema> }
type Operation = { requestBody?: { content: Record<string, { schema: Schema }> } }
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> }

describe('Leat OpenAPI document', () => {
  let t: TestApp
  let doc: Document
  beforeAll(async () => {
    t = await createTestApp('sqlite')
    const res = await call(t.app, 'GET', '/leat/openapi.json')
    expect(res.status).toBe(200)
    doc = res.body as unknown as Document
  })
  afterAll(() => t.close())

  it('is served without credentials and lists the contact, identifier, credit and portal session endpoints', () => {
    expect(doc.openapi).toMatch(/^3\./)
    const base = '/leat/api/v3/oauth/clients'
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
    expect(served).toEqual(
      expect.arrayContaining([
        'post /leat/oauth/token',
        `get ${base}/shops`,
        `get ${base}/shops/{shop_uuid}`,
        `get ${base}/contacts`,
        `post ${base}/contacts`,
        `get ${base}/contacts/find-one-by`,
        `get ${base}/contacts/find-or-create`,
        `get ${base}/contacts/{contact_uuid}`,
        `get ${base}/contacts/{contact_uuid}/credit-balance`,
        `get ${base}/contacts/{contact_uuid}/contact-identifiers`,
        `get ${base}/contact-identifiers/find`,
        `post ${base}/contact-identifiers`,
        `put ${base}/contact-identifiers/link`,
        `put ${base}/contact-identifiers/unlink`,
        `put ${base}/contact-identifiers`,
        `delete ${base}/contact-identifiers`,
        `get ${base}/units`,
        `post ${base}/units`,
        `post ${base}/credit-receptions`,
        `get ${base}/credit-receptions/calculate`,
        `post ${base}/credit-receptions/{credit_reception_uuid}/reverse`,
        `get ${base}/loyalty-transactions`,
        `get ${base}/portal-sessions/{portal_session_uuid}`,
        `post ${base}/portal-sessions`,
        `post ${base}/portal-sessions/credit-reception`,
        `post ${base}/portal-sessions/redeem-giftcards`,
        `post ${base}/portal-sessions/top-up-giftcards`,
        `post ${base}/portal-sessions/pay-prepaid`,
        `post ${base}/portal-sessions/top-up-prepaid`,
        `post ${base}/portal-sessions/vouchers`,
      ]),
    )
  })

  it('states the required fields the server enforces', () => {
    const body = doc.paths['/leat/api/v3/oauth/clients/portal-sessions/redeem-giftcards']?.post?.requestBody?.content['application/json']?.schema
    expect(body?.required?.sort()).toEqual(['amount_in_cents', 'shop_uuid'])
    const reception = doc.paths['/leat/api/v3/oauth/clients/credit-receptions']?.post?.requestBody?.content['application/json']?.schema
    expect(reception?.required?.sort()).toEqual(['contact_uuid', 'shop_uuid'])
  })
})

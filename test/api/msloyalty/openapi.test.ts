import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'

type Schema = { required?: string[]; properties?: Record<string, Schema> }
type Operation = { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { name: string; in: string; required?: boolean }[] }
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> }

describe('MS Loyalty OpenAPI document', () => {
  let t: TestApp
  let doc: Document
  beforeAll(async () => {
    t = await createTestApp('sqlite')
    const res = await call(t.app, 'GET', '/msloyalty/openapi.json')
    expect(res.status).toBe(200)
    doc = res.body as unknown as Document
  })
  afterAll(() => t.close())

  it('is served without credentials and lists every documented endpoint', () => {
    expect(doc.openapi).toMatch(/^3\./)
    const documented = [
      'post /msloyalty/oauth/token',
      'post /msloyalty/api/transaction',
      'post /msloyalty/api/transaction/checkbook',
      'post /msloyalty/api/transaction/reverse',
      'post /msloyalty/api/transaction/reverseMany',
      'post /msloyalty/api/transaction/transfer',
      'post /msloyalty/api/transaction/redeemFullBalance',
      'get /msloyalty/api/transaction/history',
      'get /msloyalty/api/transaction/transactionByCode',
      'get /msloyalty/api/transaction/reloadsByCustomer',
      'get /msloyalty/api/transaction/pointsByCustomer',
      'get /msloyalty/api/batch/expiration',
      'get /msloyalty/api/group/default',
      'get /msloyalty/api/customer/findByExternalId',
      'get /msloyalty/api/report/dailySummary/stores',
      'get /msloyalty/api/report/dailySummary/products',
    ]
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
    expect(served.sort()).toEqual(documented.sort())
  })

  it('states the required fields the server enforces', () => {
    const body = doc.paths['/msloyalty/api/transaction']?.post?.requestBody?.content['application/json']?.schema
    expect(body?.required?.sort()).toEqual(['customer', 'description', 'total', 'type'])
    expect(body?.properties?.customer?.required?.sort()).toEqual(['data', 'externalId', 'name'])
    const history = doc.paths['/msloyalty/api/transaction/history']?.get?.parameters ?? []
    expect(
      history
        .filter((p) => p.required)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['customerId', 'page'])
  })
})

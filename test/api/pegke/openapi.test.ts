import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'

type Document = { openapi: string; paths: Record<string, Record<string, unknown>> }

describe('Pegke OpenAPI document', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('sqlite')
  })
  afterAll(() => t.close())

  it('is served without credentials and lists every HTTP endpoint', async () => {
    const res = await call(t.app, 'GET', '/pegke/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.body as unknown as Document
    expect(doc.openapi).toMatch(/^3\./)
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
    expect(served.sort()).toEqual(
      [
        'post /pegke/oauth2/token',
        'post /pegke/oauth2/invalidate_token',
        'post /pegke/entity/user',
        'get /pegke/entity/user',
        'post /pegke/entity/redeem',
        'post /pegke/entity/redeem/validate',
        'get /pegke/entity/store/history',
        'get /pegke/entity/user/history',
      ].sort(),
    )
  })
})

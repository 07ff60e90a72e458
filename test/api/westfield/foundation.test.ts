import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { errorsOf, newWestfieldClient, type WestfieldClient } from './support.js'

describe.each(databaseKinds())('Westfield foundation on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  it('serves its own OpenAPI document without credentials', async () => {
    const res = await call(t.app, 'GET', '/westfield/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ openapi: expect.any(String), info: { title: 'Punchcard: Westfield Visitor API' } })
  })

  it('answers an unknown route with a not-found error in its own format', async () => {
    const res = await c.get('/no-such-thing')
    expect(res.status).toBe(404)
    expect(errorsOf(res)).toEqual([{ code: 'route.not_found', type: 'not_found', field: '', message: expect.any(String) }])
  })
})

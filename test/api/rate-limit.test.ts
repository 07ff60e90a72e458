import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createContainer } from '../../src/container.js'
import { call, createTestApp, type TestApp } from '../support/app.js'

const LIMIT = 3

describe('rate limit', () => {
  let t: TestApp
  let key: string
  beforeAll(async () => {
    t = await createTestApp('sqlite', { RATE_LIMIT_PER_MINUTE: String(LIMIT) })
    key = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  it('answers 429 in the MS Loyalty envelope once a credential used its requests for the minute', async () => {
    const statuses: number[] = []
    for (let i = 0; i <= LIMIT; i++) statuses.push((await call(t.app, 'GET', '/msloyalty/api/group/default', { token: key })).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const limited = await call(t.app, 'GET', '/msloyalty/api/group/default', { token: key })
    expect(limited.body).toMatchObject({ code: 429, status: 'error', message: 'Too Many Attempts.' })
  })

  it('counts each credential separately', async () => {
    const other = (await t.newClient()).apiKey
    expect((await call(t.app, 'GET', '/msloyalty/api/group/default', { token: other })).status).toBe(200)
  })
})

describe.runIf(process.env.REDIS_URL)('rate limit shared through Redis', () => {
  it('shares one budget between two server processes', async () => {
    const t = await createTestApp('sqlite', { RATE_LIMIT_PER_MINUTE: String(LIMIT) })
    // A second application over the same database and Redis, as a second process would be.
    const second = await createContainer(
      loadConfig({ ...t.db.env, REDIS_URL: process.env.REDIS_URL ?? '', RATE_LIMIT_PER_MINUTE: String(LIMIT), EXPIRY_INTERVAL_MS: '0' }),
    )
    const app2 = await buildApp(second)
    try {
      const key = (await t.newClient(`redis-${randomBytes(4).toString('hex')}`)).apiKey
      const apps = [t.app, app2, t.app, app2]
      const statuses: number[] = []
      for (const app of apps) statuses.push((await call(app, 'GET', '/msloyalty/api/group/default', { token: key })).status)
      expect(statuses).toEqual([200, 200, 200, 429])
    } finally {
      await app2.close()
      await second.close()
      await t.close()
    }
  })
})

import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../../src/infra/db/migrate.js'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createVisitor, expectErrors, expectOk, metadataOf, newWestfieldClient, unique, visitorBody, type WestfieldClient } from './support.js'

/**
 * The unfiltered visitor list answers a kept count as its `total`, a filtered
 * one counts the matching visitors: both must agree with the visitors there
 * are after every creation, refusal, replay and erasure.
 */
describe.each(databaseKinds())('Westfield visitor list total on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  let other: WestfieldClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
    other = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  const total = async (client: WestfieldClient, params: Record<string, string> = {}): Promise<number> => {
    const res = await client.get('/visitors', params)
    expect(res.status).toBe(200)
    return metadataOf(res).total
  }
  /** The total the filtered path counts: every visitor is in exactly one of these countries. */
  const countedByCountry = async (client: WestfieldClient): Promise<number> =>
    (await total(client, { countryCode: 'FR' })) + (await total(client, { countryCode: 'ES' }))

  it('is zero for an account without visitors', async () => {
    expect(await total(c)).toBe(0)
  })

  it('counts concurrent registrations once each, and not the refused ones', async () => {
    const taken = visitorBody({ countryCode: 'ES' })
    const bodies = Array.from({ length: 24 }, (_, i) => visitorBody({ countryCode: i % 2 ? 'FR' : 'ES' }))
    const results = await Promise.all([...bodies, taken, taken, taken].map((body) => c.post('/visitors', body)))
    expect(results.filter((r) => r.status === 201)).toHaveLength(25)
    expect(results.filter((r) => r.status === 409)).toHaveLength(2)

    expectErrors(await c.post('/visitors', visitorBody({ email: 'not an email' })), 422, ['email'])
    expect(await total(c)).toBe(25)
    expect(await countedByCountry(c)).toBe(25)
    expect(await total(other)).toBe(0)
  })

  it('counts a replayed registration once', async () => {
    const before = await total(c)
    const body = visitorBody()
    const key = { 'idempotency-key': unique('key') }
    expect((await c.post('/visitors', body, key)).status).toBe(201)
    expect((await c.post('/visitors', body, key)).status).toBe(201)
    expect(await total(c)).toBe(before + 1)
    expect(await countedByCountry(c)).toBe(before + 1)
  })

  it('stops counting an erased visitor, in its own account only', async () => {
    const mine = await createVisitor(c)
    const theirs = await createVisitor(other)
    const analyticsId = unique('an-')
    expectOk(await c.post(`/visitors/${mine.visitorId}/external-ids`, { externalId: analyticsId, externalType: 'analytics' }), 201)
    const before = await total(c)
    const theirsBefore = await total(other)
    expect(theirsBefore).toBe(1)
    expect(expectOk(await c.post('/visitors/batch-delete', [{ analyticsId }]))).toEqual({ success: [analyticsId], failed: [] })
    expect(await total(c)).toBe(before - 1)
    expect(await countedByCountry(c)).toBe(before - 1)
    expect(await total(other)).toBe(theirsBefore)
    expect((await other.get(`/visitors/${theirs.visitorId}`)).status).toBe(200)
  })

  it('starts from the visitors already there when the count is first migrated in', async () => {
    const fresh = await newWestfieldClient(t)
    for (let i = 0; i < 3; i++) await createVisitor(fresh)
    const expected = { mine: await total(c), fresh: 3, theirs: await total(other) }
    // Back to the schema before the kept count, then forward again, as an upgrade runs it.
    const db = t.container.db.kysely
    await sql`drop table visitor_counts`.execute(db)
    await sql`delete from kysely_migration where name = '0009-visitor-counts'`.execute(db)
    expect(await migrateToLatest(t.container.db)).toEqual(['0009-visitor-counts'])
    expect({ mine: await total(c), fresh: await total(fresh), theirs: await total(other) }).toEqual(expected)
    await createVisitor(fresh)
    expect(await total(fresh)).toBe(4)
  })
})

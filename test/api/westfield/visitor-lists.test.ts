import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createVisitor, expectErrors, expectOk, type Json, listOf, metadataOf, newWestfieldClient, type WestfieldClient } from './support.js'

const COUNT = 300
const countries = ['FR', 'ES', 'DE'] as const
const names = ['Martin', 'Garcia', 'Muller', 'Bernard', 'Lopez'] as const

describe.each(databaseKinds())('Westfield visitor lists on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  const visitors: (Json & { visitorId: string })[] = []

  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
    t.clock.set('2026-01-01T00:00:00Z')
    for (let i = 0; i < COUNT; i++) {
      visitors.push(
        await createVisitor(c, {
          email: `visitor${String(i).padStart(3, '0')}@example.com`,
          firstName: `First${i % 7}`,
          lastName: names[i % names.length],
          countryCode: countries[i % countries.length],
          acquisitionPcCode: i % 2 === 0 ? 'FR-SC-001' : 'ES-SC-002',
          originType: i % 10 === 0 ? 'qualifio' : 'connect',
          birthYear: 1950 + (i % 50),
        }),
      )
      t.clock.advance(60_000)
    }
  }, 120_000)
  afterAll(() => t.close())

  const all = async (params: Record<string, string | number | boolean>): Promise<Json[]> => {
    const out: Json[] = []
    for (let offset = 0; ; offset += 500) {
      const res = await c.get('/visitors', { ...params, offset, limit: 500 })
      const page = listOf(res)
      out.push(...page)
      if (page.length < 500) return out
    }
  }

  it('pages with offset and limit (default 25), counts the total and links the next and previous pages', async () => {
    const first = await c.get('/visitors')
    expect(listOf(first)).toHaveLength(25)
    expect(listOf(first)[0]?.visitorId).toBe(visitors[0]?.visitorId)
    expect(metadataOf(first)).toEqual({ version: 1, total: COUNT, _links: { self: '/westfield/visitors', next: '/westfield/visitors?offset=25' } })

    const middle = await c.get('/visitors', { offset: 100, limit: 50, countryCode: 'FR' })
    expect(listOf(middle).map((v) => v.visitorId)).toEqual(
      visitors
        .filter((_, i) => i % 3 === 0)
        .slice(100, 150)
        .map((v) => v.visitorId),
    )
    expect(metadataOf(middle)._links).toEqual({
      self: '/westfield/visitors?offset=100&limit=50&countryCode=FR',
      next: undefined,
      prev: '/westfield/visitors?offset=50&limit=50&countryCode=FR',
    })
    expect(metadataOf(middle).total).toBe(100)

    const last = await c.get('/visitors', { offset: 290, limit: 20 })
    expect(listOf(last)).toHaveLength(10)
    expect(metadataOf(last)._links.next).toBeUndefined()
    expect(listOf(await c.get('/visitors', { offset: 1000 }))).toEqual([])
  })

  it('sorts by any listed field, ascending or descending, with several keys', async () => {
    const byYear = await all({ sort: '-birthYear,email' })
    const expected = [...visitors].sort((a, b) => Number(b.birthYear) - Number(a.birthYear) || String(a.email).localeCompare(String(b.email)))
    expect(byYear.map((v) => v.visitorId)).toEqual(expected.map((v) => v.visitorId))

    const byName = await all({ sort: 'lastName,-creationDate', fields: 'lastName,creationDate' })
    const sortedNames = [...names].sort()
    expect(byName.map((v) => v.lastName)).toEqual(sortedNames.flatMap((n) => visitors.filter((v) => v.lastName === n).map(() => n)))
    for (let i = 1; i < byName.length; i++) {
      const [a, b] = [byName[i - 1] as Json, byName[i] as Json]
      if (a.lastName === b.lastName) expect(String(a.creationDate) > String(b.creationDate)).toBe(true)
    }
    expect(Object.keys(byName[0] ?? {})).toEqual(['lastName', 'creationDate'])
  })

  it('rejects bad list parameters naming them', async () => {
    expectErrors(await c.get('/visitors', { limit: 0 }), 422, ['limit'])
    expectErrors(await c.get('/visitors', { limit: 501, offset: -1 }), 422, ['limit', 'offset'])
    expectErrors(await c.get('/visitors', { sort: '-shoeSize' }), 422, ['sort'])
    expectErrors(await c.get('/visitors', { fields: 'email,password' }), 422, ['fields'])
    expectErrors(await c.get('/visitors', { countryCode: 'XX', accountType: 'gold', queryBy: 'age', createdSince: 'today' }), 422, [
      'countryCode',
      'accountType',
      'queryBy',
      'createdSince',
    ])
  })

  it('filters by country, center, account and origin type, email, barcode and dates', async () => {
    expect((await all({ countryCode: 'ES', acquisitionPcCode: 'ES-SC-002' })).length).toBe(visitors.filter((_, i) => i % 3 === 1 && i % 2 === 1).length)
    expect((await all({ originType: 'qualifio' })).length).toBe(30)
    expect((await all({ accountType: 'full' })).length).toBe(COUNT)
    expect((await all({ accountType: 'partial' })).length).toBe(0)
    const target = visitors[123] as Json
    expect((await all({ email: 'VISITOR123@example.com' })).map((v) => v.visitorId)).toEqual([target.visitorId])
    expect((await all({ barcode: String(target.barcode) })).map((v) => v.visitorId)).toEqual([target.visitorId])
    expect((await all({ createdSince: String(visitors[290]?.creationDate) })).length).toBe(10)

    t.clock.set('2026-02-01T00:00:00Z')
    expectOk(await c.patch(`/visitors/${visitors[5]?.visitorId}`, { addressCity: 'Lyon' }))
    expect((await all({ updatedSince: '2026-01-15T00:00:00Z' })).map((v) => v.visitorId)).toEqual([visitors[5]?.visitorId])
  })

  it('searches with query, by one field or by names and email', async () => {
    const ids = (list: Json[]) => list.map((v) => v.visitorId)
    expect((await all({ query: 'garc', queryBy: 'lastName' })).length).toBe(60)
    expect((await all({ query: 'first3', queryBy: 'firstName' })).length).toBe(visitors.filter((v) => v.firstName === 'First3').length)
    expect(ids(await all({ query: 'visitor04', queryBy: 'email' }))).toEqual(ids(visitors.slice(40, 50)))
    expect(ids(await all({ query: 'First2 Muller', queryBy: 'fullname' }))).toEqual(
      ids(visitors.filter((v) => v.firstName === 'First2' && v.lastName === 'Muller')),
    )
    expect((await all({ query: 'bernard' })).length).toBe(60)
    expect(await all({ query: '100%' })).toEqual([])

    const v = visitors[7] as Json
    await c.post(`/visitors/${v.visitorId}/external-ids`, { externalId: 'crm-777', externalType: 'crm_id' })
    expect(ids(await all({ query: 'crm-777', queryBy: 'externalId' }))).toEqual([v.visitorId])
    expectOk(await c.post(`/visitors/${v.visitorId}/vehicles`, { licensePlate: 'AB-123-CD' }), 201)
    expect(ids(await all({ query: 'ab123cd', queryBy: 'licensePlate' }))).toEqual([v.visitorId])
  })

  it('reads visitors with their details, filtered by id and creation date', async () => {
    const v = visitors[10] as Json & { visitorId: string }
    await c.post(`/visitors/${v.visitorId}/external-ids`, { externalId: 'an-10', externalType: 'analytics' })
    await c.post(`/visitors/${v.visitorId}/vehicles`, { licensePlate: 'ZZ-10' })
    await c.post(`/visitors/${v.visitorId}/rewards`, {
      pcCode: 'FR-SC-001',
      startDate: '2026-01-01T00:00:00Z',
      balance: 3.5,
      outsideOptin: false,
      threshold: 10,
    })
    await c.post(`/visitors/${v.visitorId}/credit-cards`, {
      firstName: 'A',
      lastName: 'B',
      year: 2030,
      month: 1,
      fingerprint: 'fp',
      cardType: 'visa',
      firstSixDigits: '411111',
      lastFourDigits: '1111',
      paymentMethodToken: 'tok',
    })
    const res = await c.get('/visitors/details', { visitorId: v.visitorId })
    const [d] = listOf(res)
    expect(metadataOf(res).total).toBe(1)
    expect(d).toMatchObject({
      visitorId: v.visitorId,
      email: v.email,
      externalIds: [{ externalId: 'an-10', externalType: 'analytics' }],
      vehicles: [{ licensePlate: 'ZZ-10' }],
      rewards: [{ balance: 3.5, pcCode: 'FR-SC-001' }],
      creditCards: [{ lastFourDigits: '1111' }],
      optins: [],
      visitorCenters: [],
    })
    const window = await c.get('/visitors/details', {
      creationDateGte: String(visitors[20]?.creationDate),
      creationDateLt: String(visitors[30]?.creationDate),
      limit: 5,
      sort: '-creationDate',
    })
    expect(metadataOf(window).total).toBe(10)
    expect(listOf(window).map((x) => x.visitorId)).toEqual(
      visitors
        .slice(25, 30)
        .reverse()
        .map((x) => x.visitorId),
    )
  })
})

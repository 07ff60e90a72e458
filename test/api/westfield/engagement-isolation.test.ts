import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createVisitor, expectErrors, expectOk, type Json, listOf, newWestfieldClient, unique, type WestfieldClient } from './support.js'

const TABLES = [
  'visitor_credit_cards',
  'visitor_vehicles',
  'visitor_vehicle_partners',
  'visitor_parkings',
  'visitor_parking_histories',
  'smartparking_visits',
  'visitor_interests',
  'visitor_rewards',
  'visitor_optins',
  'visitor_challenges',
]

describe.each(databaseKinds())('Westfield visitor records: accounts and erasure on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  /** A visitor with one record in every visitor module. */
  const populated = async (client: WestfieldClient) => {
    const v = (await createVisitor(client)).visitorId
    const card = expectOk<Json>(
      await client.post(`/visitors/${v}/credit-cards`, {
        firstName: 'Mark',
        lastName: 'Secret',
        year: 2030,
        month: 1,
        fingerprint: unique('fp'),
        cardType: 'visa',
        firstSixDigits: '411111',
        lastFourDigits: '4242',
        paymentMethodToken: unique('tok'),
      }),
      201,
    )
    const plate = unique('PL')
    const vehicle = expectOk<Json>(await client.post(`/visitors/${v}/vehicles`, { licensePlate: plate }), 201)
    await client.post(`/visitors/${v}/vehicle-partners`, { vehicleId: vehicle.vehicleId, partnerId: 'p', parkingPartner: 'designa' })
    const parking = expectOk<Json>(await client.post(`/visitors/${v}/parkings`, { parkingPartner: 'designa' }), 201)
    expectOk(
      await client.post(`/visitors/${v}/parking-histories`, {
        parkingId: parking.parkingId,
        cardId: card.cardId,
        pcCode: 'FR-SC-1',
        currency: 'EUR',
        accessDevice: plate,
      }),
      201,
    )
    expectOk(await client.post('/smartparking/visits', { licensePlate: plate, pcCode: 'FR-SC-1', visitType: 'entry' }), 201)
    expectOk(await client.post(`/visitors/${v}/interests`, { externalId: 'food', label: 'Food' }), 201)
    expectOk(
      await client.post(`/visitors/${v}/rewards`, { pcCode: 'FR-SC-1', startDate: '2026-01-01T00:00:00Z', balance: 3, outsideOptin: false, threshold: 1 }),
      201,
    )
    expectOk(await client.post(`/visitors/${v}/optins`, { optinChannel: 'email', optinType: 'commercial', isActive: true }), 201)
    const challenge = expectOk<Json>(
      await client.post('/challenges', {
        pcCode: 'FR-SC-1',
        genericName: 'Steps',
        type: 'step_counter',
        startDate: '2026-03-01T00:00:00Z',
        endDate: '2026-03-31T00:00:00Z',
        winnerNumber: 1,
        status: 'active',
      }),
      201,
    )
    expectOk(await client.post(`/visitors/${v}/challenges`, { challengeId: challenge.challengeId }), 201)
    return { v, card, vehicle, parking }
  }

  it('shows another account nothing of a visitor’s records, and lets it change nothing', async () => {
    const { v, card, vehicle, parking } = await populated(c)
    const other = await newWestfieldClient(t)
    for (const path of [
      `/credit-cards/${card.cardId}`,
      `/vehicles/${vehicle.vehicleId}`,
      `/parkings/${parking.parkingId}`,
      '/rewards',
      '/optins',
      '/interests',
    ]) {
      expectErrors(await other.get(`/visitors/${v}${path}`), 404, ['visitorId'])
    }
    expectErrors(await other.delete(`/visitors/${v}/vehicles/${vehicle.vehicleId}`), 404, ['visitorId'])
    // Its own visitor cannot reach the first account's records by id either.
    const mine = (await createVisitor(other)).visitorId
    expectErrors(await other.get(`/visitors/${mine}/credit-cards/${card.cardId}`), 404, ['cardId'])
    expectErrors(await other.patch(`/visitors/${mine}/vehicles/${vehicle.vehicleId}`, { color: 'red' }), 404, ['vehicleId'])
    expectErrors(await other.post('/smartparking/visits', { licensePlate: String(vehicle.licensePlate), pcCode: 'FR-SC-1', visitType: 'exit' }), 404, [
      'licensePlate',
    ])
    expect(expectOk<Json>(await c.get(`/visitors/${v}/vehicles/${vehicle.vehicleId}`)).deletionDate).toBeNull()
  })

  it('erases every visitor record with the visitor, and leaves other visitors’ records', async () => {
    const gone = await populated(c)
    const kept = await populated(c)
    const analytics = unique('an-')
    expectOk(await c.post(`/visitors/${gone.v}/external-ids`, { externalId: analytics, externalType: 'analytics' }), 201)
    expect(expectOk<Json>(await c.post('/visitors/batch-delete', [{ analyticsId: analytics }]))).toMatchObject({ success: [analytics] })
    for (const table of TABLES) {
      const rows = (await sql<{ visitor_id: string }>`select visitor_id from ${sql.table(table)}`.execute(t.container.db.kysely)).rows.map((r) => r.visitor_id)
      expect({ table, erased: rows.includes(gone.v), kept: rows.includes(kept.v) }).toEqual({ table, erased: false, kept: true })
    }
    expect(listOf<Json>(await c.get(`/visitors/${kept.v}/vehicles`))).toHaveLength(1)
  })

  it('counts a retried addition of points once, and refuses the same key with another body', async () => {
    const challenge = expectOk<Json>(
      await c.post('/challenges', {
        pcCode: 'FR-SC-2',
        genericName: 'Steps',
        type: 'step_counter',
        startDate: '2026-03-01T00:00:00Z',
        endDate: '2026-03-31T00:00:00Z',
        winnerNumber: 1,
        status: 'active',
      }),
      201,
    )
    const v = (await createVisitor(c)).visitorId
    const p = expectOk<Json>(await c.post(`/visitors/${v}/challenges`, { challengeId: challenge.challengeId }), 201)
    const path = `/visitors/${v}/challenges/${p.visitorChallengeId}/points`
    const key = { 'Idempotency-Key': unique('steps-') }
    const answers = await Promise.all([1, 2, 3].map(() => c.post(path, { points: 500 }, key)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    expect(answers.map((a) => (a.body.data as Json).points)).toEqual([500, 500, 500])
    const refused = await c.post(path, { points: 7 }, key)
    expectErrors(refused, 409, ['Idempotency-Key'])
    // The same key for another visitor's participation is another request, not a retry.
    const w = (await createVisitor(c)).visitorId
    const q = expectOk<Json>(await c.post(`/visitors/${w}/challenges`, { challengeId: challenge.challengeId }), 201)
    expectErrors(await c.post(`/visitors/${w}/challenges/${q.visitorChallengeId}/points`, { points: 500 }, key), 409, ['Idempotency-Key'])
    const now = listOf<Json>(await c.get(`/visitors/${v}/challenges`))[0]
    expect(now).toMatchObject({ points: 500, totalEntryCount: 1 })
    const events = (
      await sql<{ n: number | string }>`select count(*) as n from events where type = 'westfield.visitor_challenge.points_added'`.execute(t.container.db.kysely)
    ).rows[0]
    expect(Number(events?.n)).toBe(1)
  })

  it('sorts every list by each field it shows, ascending and descending, or refuses the field with a 422', async () => {
    const { v, parking } = await populated(c)
    const challengeId = (listOf<Json>(await c.get(`/visitors/${v}/challenges`))[0] as Json).challengeId
    const text = expectOk<Json>(await c.post('/legal-texts', { type: 'terms', releaseDate: '2026-01-01T00:00:00Z' }), 201)
    await c.post(`/legal-texts/${text.id}/locales`, { localeCode: 'fr-FR', optinDisplayText: 'a', optinHeaderText: 'b', documentText: 'c' })
    await c.post('/articles', { genericName: 'a', mainImageUrl: 'b', status: 'draft', publishDate: '2026-01-01T00:00:00Z' })
    const plate = String((listOf<Json>(await c.get(`/visitors/${v}/vehicles`))[0] as Json).licensePlate)
    const lists: [string, Record<string, string | number | boolean>][] = [
      [`/visitors/${v}/credit-cards`, {}],
      [`/visitors/${v}/vehicles`, {}],
      [`/visitors/${v}/vehicle-partners`, {}],
      [`/visitors/${v}/parkings`, {}],
      [`/visitors/${v}/parking-histories`, { parkingId: Number(parking.parkingId) }],
      [`/visitors/${v}/parking-histories/summary`, { timezone: 'Europe/Paris' }],
      ['/smartparking/visits', { pcCode: 'FR-SC-1', licensePlate: plate }],
      [`/visitors/${v}/interests`, {}],
      [`/visitors/${v}/rewards`, {}],
      [`/visitors/${v}/optins`, {}],
      [`/visitors/${v}/optins`, { latest: true }],
      ['/legal-texts', {}],
      ['/legal-texts', { latest: true }],
      [`/legal-texts/${text.id}/locales`, {}],
      ['/challenges', {}],
      [`/challenges/${challengeId}/visitor-challenges`, {}],
      [`/visitors/${v}/challenges`, {}],
      ['/articles', {}],
    ]
    for (const [path, params] of lists) {
      const first = listOf<Json>(await c.get(path, params))[0]
      expect({ path, found: first !== undefined }).toEqual({ path, found: true })
      for (const field of Object.keys(first ?? {})) {
        for (const sort of [field, `-${field}`]) {
          const res = await c.get(path, { ...params, sort })
          expect({ path, sort, status: res.status }).toEqual({ path, sort, status: res.status === 422 ? 422 : 200 })
        }
      }
    }
  })
})

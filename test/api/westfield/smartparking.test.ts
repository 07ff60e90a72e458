import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createVisitor, expectErrors, expectOk, type Json, listOf, metadataOf, newWestfieldClient, type WestfieldClient } from './support.js'

describe.each(databaseKinds())('Westfield smartparking visits on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  let ada: Json & { visitorId: string }
  let bob: Json & { visitorId: string }
  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
    ada = await createVisitor(c)
    bob = await createVisitor(c)
    await c.post(`/visitors/${ada.visitorId}/vehicles`, { licensePlate: 'AA-111-AA' })
    await c.post(`/visitors/${bob.visitorId}/vehicles`, { licensePlate: 'BB-222-BB' })
  })
  afterAll(() => t.close())

  const visit = (body: Json) => c.post('/smartparking/visits', { pcCode: 'US-SC-1', visitType: 'entry', ...body })

  it('identifies the visitor by visitorId, by barcode or by license plate', async () => {
    expect(expectOk<Json>(await visit({ visitorId: ada.visitorId }), 201)).toMatchObject({ visitorId: ada.visitorId, pcCode: 'US-SC-1', visitType: 'entry' })
    expect(expectOk<Json>(await visit({ barcode: ada.barcode }), 201)).toMatchObject({ visitorId: ada.visitorId })
    expect(expectOk<Json>(await visit({ licensePlate: 'aa 111 aa', visitType: 'exit' }), 201)).toMatchObject({
      visitorId: ada.visitorId,
      visitType: 'exit',
      licensePlate: 'AA-111-AA',
    })
  })

  it('accepts several ids when they all name the same visitor', async () => {
    const res = await visit({ visitorId: bob.visitorId, barcode: bob.barcode, licensePlate: 'BB-222-BB' })
    expect(expectOk<Json>(res, 201).visitorId).toBe(bob.visitorId)
  })

  it('refuses ids that name different visitors, and writes nothing', async () => {
    const before = metadataOf(await c.get('/smartparking/visits', { pcCode: 'US-SC-1', visitorId: ada.visitorId })).total
    const mismatch = expectErrors(await visit({ visitorId: ada.visitorId, licensePlate: 'BB-222-BB' }), 409, ['licensePlate'])
    expect(mismatch[0]?.code).toBe('parking.visitor_mismatch')
    expectErrors(await visit({ barcode: bob.barcode, visitorId: ada.visitorId }), 409, ['barcode'])
    expect(metadataOf(await c.get('/smartparking/visits', { pcCode: 'US-SC-1', visitorId: ada.visitorId })).total).toBe(before)
  })

  it('answers 404 naming the id that finds nobody, and 422 without any id', async () => {
    expectErrors(await visit({ licensePlate: 'NO-PLATE' }), 404, ['licensePlate'])
    expectErrors(await visit({ visitorId: ada.visitorId, barcode: 'unknown-barcode' }), 404, ['barcode'])
    expectErrors(await visit({}), 422, ['visitorId'])
    expectErrors(await c.post('/smartparking/visits', { visitorId: ada.visitorId, visitType: 'parked' }), 422, ['pcCode', 'visitType'])
  })

  it('matches a plate to its latest updated vehicle that is not deleted', async () => {
    const carol = await createVisitor(c)
    const dave = await createVisitor(c)
    const old = expectOk<Json>(await c.post(`/visitors/${carol.visitorId}/vehicles`, { licensePlate: 'SOLD-1' }), 201)
    t.clock.advance(60_000)
    const newer = expectOk<Json>(await c.post(`/visitors/${dave.visitorId}/vehicles`, { licensePlate: 'SOLD-1' }), 201)
    expect(expectOk<Json>(await visit({ licensePlate: 'SOLD-1' }), 201).visitorId).toBe(dave.visitorId)
    t.clock.advance(60_000)
    await c.patch(`/visitors/${carol.visitorId}/vehicles/${old.vehicleId}`, { color: 'red' })
    expect(expectOk<Json>(await visit({ licensePlate: 'SOLD-1' }), 201).visitorId).toBe(carol.visitorId)
    await c.delete(`/visitors/${carol.visitorId}/vehicles/${old.vehicleId}`)
    expect(expectOk<Json>(await visit({ licensePlate: 'SOLD-1' }), 201).visitorId).toBe(dave.visitorId)
    await c.delete(`/visitors/${dave.visitorId}/vehicles/${newer.vehicleId}`)
    expectErrors(await visit({ licensePlate: 'SOLD-1' }), 404, ['licensePlate'])
  })

  it('dates the vehicle’s last parking session on an entry by plate', async () => {
    const erin = await createVisitor(c)
    const v = expectOk<Json>(await c.post(`/visitors/${erin.visitorId}/vehicles`, { licensePlate: 'ER-1' }), 201)
    t.clock.set('2026-04-01T08:00:00Z')
    await visit({ licensePlate: 'ER-1' })
    expect(expectOk<Json>(await c.get(`/visitors/${erin.visitorId}/vehicles/${v.vehicleId}`)).lastParkingSession).toBe('2026-04-01T08:00:00Z')
  })

  it('lists a visitor’s visits at a center with the type and date filters', async () => {
    const fay = await createVisitor(c)
    await c.post(`/visitors/${fay.visitorId}/vehicles`, { licensePlate: 'FAY-1' })
    t.clock.set('2026-05-01T09:00:00Z')
    await visit({ visitorId: fay.visitorId, pcCode: 'US-SC-2' })
    t.clock.set('2026-05-01T18:00:00Z')
    await visit({ visitorId: fay.visitorId, pcCode: 'US-SC-2', visitType: 'exit' })
    t.clock.set('2026-05-03T09:00:00Z')
    await visit({ visitorId: fay.visitorId, pcCode: 'US-SC-2' })
    await visit({ visitorId: fay.visitorId, pcCode: 'US-SC-3' })
    const all = listOf<Json>(await c.get('/smartparking/visits', { pcCode: 'US-SC-2', licensePlate: 'FAY-1' }))
    expect(all.map((v) => [v.visitDate, v.visitType])).toEqual([
      ['2026-05-01T09:00:00Z', 'entry'],
      ['2026-05-01T18:00:00Z', 'exit'],
      ['2026-05-03T09:00:00Z', 'entry'],
    ])
    expect(listOf<Json>(await c.get('/smartparking/visits', { pcCode: 'US-SC-2', visitorId: fay.visitorId, visitType: 'exit' }))).toHaveLength(1)
    const day = listOf<Json>(
      await c.get('/smartparking/visits', { pcCode: 'US-SC-2', barcode: String(fay.barcode), visitDateSince: '2026-05-01', visitDateUntil: '2026-05-01' }),
    )
    expect(day.map((v) => v.visitDate)).toEqual(['2026-05-01T09:00:00Z', '2026-05-01T18:00:00Z'])
    const sorted = listOf<Json>(await c.get('/smartparking/visits', { pcCode: 'US-SC-2', visitorId: fay.visitorId, sort: '-visitDate', limit: 1 }))
    expect(sorted.map((v) => v.visitDate)).toEqual(['2026-05-03T09:00:00Z'])
    expectErrors(await c.get('/smartparking/visits', { pcCode: 'US-SC-2', visitorId: fay.visitorId, licensePlate: 'AA-111-AA' }), 409, ['licensePlate'])
    expectErrors(await c.get('/smartparking/visits', { visitorId: fay.visitorId }), 422, ['pcCode'])
  })
})

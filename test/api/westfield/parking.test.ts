import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createVisitor, expectErrors, expectOk, type Json, listOf, metadataOf, newWestfieldClient, type WestfieldClient } from './support.js'

const cardBody = (overrides: Json = {}): Json => ({
  firstName: 'Mark',
  lastName: 'Smith',
  postalCode: 75000,
  serviceTypes: ['parking'],
  year: 2027,
  month: 3,
  fingerprint: 'fp-1',
  cardType: 'visa',
  firstSixDigits: '411111',
  lastFourDigits: '1111',
  paymentMethodToken: 'tok_1',
  ...overrides,
})

describe.each(databaseKinds())('Westfield cards, vehicles and parking on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  let visitorId: string
  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
    visitorId = (await createVisitor(c)).visitorId
  })
  afterAll(() => t.close())

  it('keeps a credit card as fingerprint, token and digits, with its expiry as goodThru', async () => {
    const card = expectOk<Json>(await c.post(`/visitors/${visitorId}/credit-cards`, cardBody()), 201)
    expect(card).toMatchObject({ visitorId, goodThru: '03/2027', firstSixDigits: '411111', lastFourDigits: '1111', postalCode: '75000', deletionDate: null })
    const read = expectOk<Json>(await c.get(`/visitors/${visitorId}/credit-cards/${card.cardId}`))
    expect(read).toEqual(card)
    const only = expectOk<Json>(await c.get(`/visitors/${visitorId}/credit-cards/${card.cardId}`, { fields: 'cardId,lastFourDigits' }))
    expect(only).toEqual({ cardId: card.cardId, lastFourDigits: '1111' })
  })

  it('refuses a card number and malformed digits, writing nothing', async () => {
    const before = metadataOf(await c.get(`/visitors/${visitorId}/credit-cards`, { includeDeleted: true })).total
    const res = await c.post(`/visitors/${visitorId}/credit-cards`, cardBody({ cardNumber: '4111111111111111', firstSixDigits: '4111', month: 13 }))
    expectErrors(res, 422, ['cardNumber', 'firstSixDigits', 'month'])
    expect(metadataOf(await c.get(`/visitors/${visitorId}/credit-cards`, { includeDeleted: true })).total).toBe(before)
  })

  it('updates a card and soft-deletes it: hidden from the list unless includeDeleted', async () => {
    const card = expectOk<Json>(await c.post(`/visitors/${visitorId}/credit-cards`, cardBody({ fingerprint: 'fp-2' })), 201)
    const updated = expectOk<Json>(await c.patch(`/visitors/${visitorId}/credit-cards/${card.cardId}`, { month: 12, year: 2030, lastName: 'Smyth' }))
    expect(updated).toMatchObject({ goodThru: '12/2030', lastName: 'Smyth', firstName: 'Mark' })
    expect((await c.delete(`/visitors/${visitorId}/credit-cards/${card.cardId}`)).status).toBe(204)
    const visible = listOf<Json>(await c.get(`/visitors/${visitorId}/credit-cards`))
    expect(visible.map((x) => x.cardId)).not.toContain(card.cardId)
    const all = listOf<Json>(await c.get(`/visitors/${visitorId}/credit-cards`, { includeDeleted: true }))
    expect(all.find((x) => x.cardId === card.cardId)?.deletionDate).toEqual(expect.any(String))
    expect(expectOk<Json>(await c.get(`/visitors/${visitorId}/credit-cards/${card.cardId}`)).deletionDate).toEqual(expect.any(String))
  })

  it('answers 404 for a card of another visitor and for an unknown visitor', async () => {
    const other = (await createVisitor(c)).visitorId
    const card = expectOk<Json>(await c.post(`/visitors/${other}/credit-cards`, cardBody()), 201)
    expectErrors(await c.get(`/visitors/${visitorId}/credit-cards/${card.cardId}`), 404, ['cardId'])
    expectErrors(await c.get(`/visitors/00000000-0000-4000-8000-000000000000/credit-cards`), 404, ['visitorId'])
  })

  it('manages vehicles with the licensePlate filter and soft delete', async () => {
    const v = expectOk<Json>(
      await c.post(`/visitors/${visitorId}/vehicles`, { licensePlate: 'AB-123-CD', maker: 'Renault', licensePlateCountry: 'FR', yearOfManufacture: 2019 }),
      201,
    )
    expect(v).toMatchObject({ visitorId, licensePlate: 'AB-123-CD', maker: 'Renault', name: null, deletionDate: null })
    await c.post(`/visitors/${visitorId}/vehicles`, { licensePlate: 'ZZ-999-ZZ' })
    const found = listOf<Json>(await c.get(`/visitors/${visitorId}/vehicles`, { licensePlate: 'ab123cd' }))
    expect(found.map((x) => x.vehicleId)).toEqual([v.vehicleId])
    const patched = expectOk<Json>(await c.patch(`/visitors/${visitorId}/vehicles/${v.vehicleId}`, { color: 'blue', name: 'Family car' }))
    expect(patched).toMatchObject({ color: 'blue', name: 'Family car', maker: 'Renault' })
    expectErrors(await c.patch(`/visitors/${visitorId}/vehicles/${v.vehicleId}`, { vehicleId: 999999, yearOfManufacture: 1700 }), 422, ['yearOfManufacture'])
    expectErrors(await c.patch(`/visitors/${visitorId}/vehicles/${v.vehicleId}`, { vehicleId: 999999 }), 422, ['vehicleId'])
    expect((await c.delete(`/visitors/${visitorId}/vehicles/${v.vehicleId}`)).status).toBe(204)
    expect(listOf<Json>(await c.get(`/visitors/${visitorId}/vehicles`, { licensePlate: 'AB-123-CD' }))).toEqual([])
    expect(listOf<Json>(await c.get(`/visitors/${visitorId}/vehicles`, { licensePlate: 'AB-123-CD', includeDeleted: true }))).toHaveLength(1)
    expect(expectOk<Json>(await c.get(`/visitors/${visitorId}/vehicles/${v.vehicleId}`)).deletionDate).toEqual(expect.any(String))
  })

  it('links a vehicle to a parking partner, lists and deletes the link', async () => {
    const v = expectOk<Json>(await c.post(`/visitors/${visitorId}/vehicles`, { licensePlate: 'PP-1' }), 201)
    const p = expectOk<Json>(
      await c.post(`/visitors/${visitorId}/vehicle-partners`, {
        vehicleId: v.vehicleId,
        partnerId: '123-ABC-123',
        parkingPartner: 'smartparking_us',
        pcCode: 'US-SC-1',
      }),
      201,
    )
    expect(p).toMatchObject({ visitorId, vehicleId: v.vehicleId, partnerId: '123-ABC-123', parkingPartner: 'smartparking_us', visitorCenterId: null })
    expect(listOf<Json>(await c.get(`/visitors/${visitorId}/vehicle-partners`)).map((x) => x.vehiclePartnerId)).toContain(p.vehiclePartnerId)
    expectErrors(await c.post(`/visitors/${visitorId}/vehicle-partners`, { vehicleId: 987654, partnerId: 'x', parkingPartner: 'ilogs' }), 404, ['vehicleId'])
    expectErrors(await c.post(`/visitors/${visitorId}/vehicle-partners`, { vehicleId: v.vehicleId, partnerId: 'x', parkingPartner: 'valet' }), 422, [
      'parkingPartner',
    ])
    expect((await c.delete(`/visitors/${visitorId}/vehicle-partners/${p.vehiclePartnerId}`)).status).toBe(204)
    expect(listOf<Json>(await c.get(`/visitors/${visitorId}/vehicle-partners`)).map((x) => x.vehiclePartnerId)).not.toContain(p.vehiclePartnerId)
    expectErrors(await c.delete(`/visitors/${visitorId}/vehicle-partners/${p.vehiclePartnerId}`), 404, ['vehiclePartnerId'])
  })

  it('registers, lists by partner, reads and deletes parkings', async () => {
    const p = expectOk<Json>(await c.post(`/visitors/${visitorId}/parkings`, { parkingPartner: 'designa' }), 201)
    expect(p).toMatchObject({ visitorId, isActive: true, parkingPartner: 'designa', subscriptionDate: '2026-03-10T12:00:00Z', unsubscribedAt: null })
    await c.post(`/visitors/${visitorId}/parkings`, { parkingPartner: 'thales' })
    expect(listOf<Json>(await c.get(`/visitors/${visitorId}/parkings`, { parkingPartner: 'designa' })).map((x) => x.parkingId)).toEqual([p.parkingId])
    expect(expectOk<Json>(await c.get(`/visitors/${visitorId}/parkings/${p.parkingId}`))).toEqual(p)
    expect((await c.delete(`/visitors/${visitorId}/parkings/${p.parkingId}`)).status).toBe(204)
    expectErrors(await c.get(`/visitors/${visitorId}/parkings/${p.parkingId}`), 404, ['parkingId'])
  })

  describe('parking histories', () => {
    let parkingId: number
    let cardId: number
    const history = (overrides: Json = {}): Json => ({
      parkingId,
      cardId,
      pcCode: 'FR-SC-123',
      currency: 'EUR',
      accessDevice: 'AB-123-CD',
      amount: 1200,
      parkingSessionStart: '2026-03-01T10:00:00Z',
      parkingSessionEnd: '2026-03-01T12:00:00Z',
      ...overrides,
    })
    beforeAll(async () => {
      parkingId = expectOk<{ parkingId: number }>(await c.post(`/visitors/${visitorId}/parkings`, { parkingPartner: 'smartparking_v2' }), 201).parkingId
      cardId = expectOk<{ cardId: number }>(await c.post(`/visitors/${visitorId}/credit-cards`, cardBody({ fingerprint: 'fp-h' })), 201).cardId
    })

    it('records every documented field and reads them back', async () => {
      const body = history({
        parkingSessionId: 42,
        exitAccessDevice: 'EXIT-1',
        formattedTotalTime: '2h',
        paidAt: '2026-03-01T12:01:00Z',
        paidAtKiosk: true,
        refundedAmount: 31.4,
        paymentStatus: 'partial_refunded',
        totalTime: 7200,
        transactionFullAmount: 35,
        transactionId: 'tx-1',
        transactionPretaxAmount: 30.5,
        transactionTaxAmount: 4.5,
        validationAmount: 1.25,
        vendorId: 'vendor-1',
      })
      const h = expectOk<Json>(await c.post(`/visitors/${visitorId}/parking-histories`, body), 201)
      const { parkingSessionStart, parkingSessionEnd, paidAt, ...rest } = body
      expect(h).toMatchObject({ ...rest, parkingHistoryId: expect.any(Number), parkingSessionStart, parkingSessionEnd, paidAt })
      expect(expectOk<Json>(await c.get(`/visitors/${visitorId}/parking-histories/${h.parkingHistoryId}`))).toEqual(h)
    })

    it('refuses a parking or card that is not the visitor’s, and amounts with three decimals', async () => {
      expectErrors(await c.post(`/visitors/${visitorId}/parking-histories`, history({ parkingId: 999999 })), 404, ['parkingId'])
      expectErrors(await c.post(`/visitors/${visitorId}/parking-histories`, history({ cardId: 999999 })), 404, ['cardId'])
      expectErrors(await c.post(`/visitors/${visitorId}/parking-histories`, history({ refundedAmount: 1.234 })), 422, ['refundedAmount'])
      expectErrors(await c.post(`/visitors/${visitorId}/parking-histories`, history({ currency: 'JPY', accessDevice: undefined })), 422, [
        'currency',
        'accessDevice',
      ])
    })

    it('filters by access device (entry or exit), session id and start dates, and updates and deletes', async () => {
      const a = expectOk<Json>(await c.post(`/visitors/${visitorId}/parking-histories`, history({ accessDevice: 'PLATE-A', parkingSessionId: 7001 })), 201)
      const b = expectOk<Json>(
        await c.post(
          `/visitors/${visitorId}/parking-histories`,
          history({ accessDevice: 'CARD-B', exitAccessDevice: 'PLATE-A', parkingSessionStart: '2026-02-01T10:00:00Z' }),
        ),
        201,
      )
      const ids = (res: Awaited<ReturnType<WestfieldClient['get']>>) => listOf<Json>(res).map((x) => x.parkingHistoryId)
      expect(ids(await c.get(`/visitors/${visitorId}/parking-histories`, { accessDevice: 'PLATE-A' }))).toEqual([a.parkingHistoryId, b.parkingHistoryId])
      expect(ids(await c.get(`/visitors/${visitorId}/parking-histories`, { parkingSessionId: 7001 }))).toEqual([a.parkingHistoryId])
      expect(ids(await c.get(`/visitors/${visitorId}/parking-histories`, { accessDevice: 'PLATE-A', endDate: '2026-02-15T00:00:00Z' }))).toEqual([
        b.parkingHistoryId,
      ])
      expect(
        ids(await c.get(`/visitors/${visitorId}/parking-histories`, { accessDevice: 'PLATE-A', startDate: '2026-02-15T00:00:00Z', sort: '-parkingHistoryId' })),
      ).toEqual([a.parkingHistoryId])
      const updated = expectOk<Json>(
        await c.patch(`/visitors/${visitorId}/parking-histories/${a.parkingHistoryId}`, {
          paymentStatus: 'refunded',
          refundedAmount: 12,
          parkingSessionId: null,
        }),
      )
      expect(updated).toMatchObject({ paymentStatus: 'refunded', refundedAmount: 12, parkingSessionId: null, accessDevice: 'PLATE-A', amount: 1200 })
      expect((await c.delete(`/visitors/${visitorId}/parking-histories/${a.parkingHistoryId}`)).status).toBe(204)
      expectErrors(await c.get(`/visitors/${visitorId}/parking-histories/${a.parkingHistoryId}`), 404, ['parkingHistoryId'])
    })

    it('sums histories per month of the requested time zone, across daylight-saving changes', async () => {
      const v = (await createVisitor(c)).visitorId
      const pid = expectOk<{ parkingId: number }>(await c.post(`/visitors/${v}/parkings`, { parkingPartner: 'ilogs' }), 201).parkingId
      const cid = expectOk<{ cardId: number }>(await c.post(`/visitors/${v}/credit-cards`, cardBody()), 201).cardId
      const at = async (start: string, amount: number, currency = 'EUR') =>
        expectOk(
          await c.post(`/visitors/${v}/parking-histories`, {
            parkingId: pid,
            cardId: cid,
            pcCode: 'FR-SC-123',
            currency,
            accessDevice: 'X',
            amount,
            parkingSessionStart: start,
          }),
          201,
        )
      // Paris is UTC+1 in winter and UTC+2 in summer: the end of March is already summer time, the end of October winter time again.
      await at('2026-03-31T21:30:00Z', 100) // 23:30 on 31 March in Paris
      await at('2026-03-31T22:30:00Z', 200) // 00:30 on 1 April in Paris (UTC+2)
      await at('2026-10-31T22:30:00Z', 400) // 23:30 on 31 October in Paris (UTC+1)
      await at('2026-10-31T23:30:00Z', 800) // 00:30 on 1 November in Paris
      await at('2026-10-31T23:45:00Z', 5, 'USD')
      const paris = listOf<Json>(await c.get(`/visitors/${v}/parking-histories/summary`, { timezone: 'Europe/Paris' }))
      expect(paris).toEqual([
        { year: 2026, month: 11, totalAmount: 800, currency: 'EUR', totalHistories: 1 },
        { year: 2026, month: 11, totalAmount: 5, currency: 'USD', totalHistories: 1 },
        { year: 2026, month: 10, totalAmount: 400, currency: 'EUR', totalHistories: 1 },
        { year: 2026, month: 4, totalAmount: 200, currency: 'EUR', totalHistories: 1 },
        { year: 2026, month: 3, totalAmount: 100, currency: 'EUR', totalHistories: 1 },
      ])
      const utc = listOf<Json>(await c.get(`/visitors/${v}/parking-histories/summary`, { timezone: 'UTC', sort: 'month' }))
      expect(utc.map((r) => [r.month, r.currency, r.totalAmount, r.totalHistories])).toEqual([
        [3, 'EUR', 300, 2],
        [10, 'EUR', 1200, 2],
        [10, 'USD', 5, 1],
      ])
      const newYork = listOf<Json>(await c.get(`/visitors/${v}/parking-histories/summary`, { timezone: 'America/New_York', limit: 1 }))
      expect(newYork).toEqual([{ year: 2026, month: 10, totalAmount: 1200, currency: 'EUR', totalHistories: 2 }])
      expectErrors(await c.get(`/visitors/${v}/parking-histories/summary`, { timezone: 'Mars/Olympus' }), 422, ['timezone'])
      expectErrors(await c.get(`/visitors/${v}/parking-histories/summary`), 422, ['timezone'])
    })
  })
})

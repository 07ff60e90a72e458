import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createCenter, createVisitor, errorsOf, expectErrors, expectOk, listOf, newWestfieldClient, unique, type WestfieldClient } from './support.js'

describe.each(databaseKinds())('Westfield external ids and erasure on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  it('creates, lists, reads and deletes a visitor external id', async () => {
    const v = await createVisitor(c)
    const x = expectOk(await c.post(`/visitors/${v.visitorId}/external-ids`, { externalId: 'ds-1', pcCode: 'FR-SC-123', externalType: 'designa' }), 201)
    expect(x).toMatchObject({ externalId: 'ds-1', visitorId: v.visitorId, externalType: 'designa', pcCode: 'FR-SC-123' })
    expectOk(await c.post(`/visitors/${v.visitorId}/external-ids`, { externalId: 'fb-1', externalType: 'facebook' }), 201)

    expect(listOf(await c.get(`/visitors/${v.visitorId}/external-ids`)).map((e) => e.externalType)).toEqual(['designa', 'facebook'])
    expect(listOf(await c.get(`/visitors/${v.visitorId}/external-ids`, { pcCode: 'FR-SC-123' })).map((e) => e.externalType)).toEqual(['designa'])
    expect(expectOk(await c.get(`/visitors/${v.visitorId}/external-ids/facebook`))).toMatchObject({ externalId: 'fb-1', pcCode: null })
    expect(expectOk(await c.get('/visitors/by-external-id', { externalType: 'designa', externalId: 'ds-1' }))).toMatchObject({ visitorId: v.visitorId })

    expect((await c.delete(`/visitors/${v.visitorId}/external-ids/facebook`)).status).toBe(204)
    expectErrors(await c.get(`/visitors/${v.visitorId}/external-ids/facebook`), 404, ['externalType'])
    expectErrors(await c.delete(`/visitors/${v.visitorId}/external-ids/facebook`), 404, ['externalType'])
    expectErrors(await c.get('/visitors/by-external-id', { externalType: 'facebook', externalId: 'fb-1' }), 404, ['externalId'])
  })

  it('refuses an external id another visitor has, and a bad type', async () => {
    const a = await createVisitor(c)
    const b = await createVisitor(c)
    const id = unique('crm')
    expectOk(await c.post(`/visitors/${a.visitorId}/external-ids`, { externalId: id, externalType: 'crm_id' }), 201)
    const res = await c.post(`/visitors/${b.visitorId}/external-ids`, { externalId: id, externalType: 'crm_id' })
    expect(res.status).toBe(409)
    expect(errorsOf(res)).toEqual([{ code: 'resource.duplicate', type: 'conflict', field: 'externalId', message: expect.any(String) }])
    expectErrors(await c.post(`/visitors/${a.visitorId}/external-ids`, { externalId: 'y', externalType: 'crm_id' }), 409, ['externalType'])
    expectErrors(await c.post(`/visitors/${a.visitorId}/external-ids`, { externalId: '', externalType: 'myspace', pcCode: 'x' }), 422, [
      'externalId',
      'externalType',
      'pcCode',
    ])
  })

  it('finds a visitor registered here through the MS Loyalty API by a shared external id', async () => {
    const v = await createVisitor(c, { firstName: 'Grace', lastName: 'Hopper' })
    const crm = unique('crm-')
    expectOk(await c.post(`/visitors/${v.visitorId}/external-ids`, { externalId: crm, externalType: 'crm_id' }), 201)

    const found = await call(t.app, 'GET', `/msloyalty/api/customer/findByExternalId?externalId=${crm}`, { token: c.token })
    expect(found.status).toBe(200)
    expect(found.body.data).toMatchObject({ exists: true, external_id: crm, name: 'Grace Hopper' })

    // A credit through MS Loyalty lands on the same person.
    const credit = await call(t.app, 'POST', '/msloyalty/api/transaction', {
      token: c.token,
      body: {
        type: 'POINTS COUPON',
        total: 25,
        description: 'welcome',
        customer: { externalId: crm, name: 'Grace Hopper', data: { vendorId: '1', businessOwner: '2', giftCardAmount: '4', giftCardType: 'MONETARY' } },
      },
    })
    expect(credit.status).toBe(200)
    const again = await call(t.app, 'GET', `/msloyalty/api/customer/findByExternalId?externalId=${crm}`, { token: c.token })
    expect(again.body.data).toMatchObject({ id: (found.body.data as { id: number }).id, totals: [{ total_amount: '25.00' }] })
  })

  it('answers the analytics ids of several visitors', async () => {
    const a = await createVisitor(c)
    const b = await createVisitor(c)
    const none = await createVisitor(c)
    await c.post(`/visitors/${a.visitorId}/external-ids`, { externalId: unique('an-'), externalType: 'analytics', pcCode: 'FR-SC-123' })
    await c.post(`/visitors/${b.visitorId}/external-ids`, { externalId: unique('an-'), externalType: 'analytics', pcCode: 'FR-SC-456' })
    await c.post(`/visitors/${b.visitorId}/external-ids`, { externalId: unique('g-'), externalType: 'google' })
    const all = listOf(await c.get('/visitors/analytics-ids', { visitorId: [a.visitorId, b.visitorId, none.visitorId].join(',') }))
    expect(all.map((x) => [x.visitorId, x.externalType])).toEqual([
      [a.visitorId, 'analytics'],
      [b.visitorId, 'analytics'],
    ])
    const google = listOf(
      await c.get('/visitors/analytics-ids', { visitorId: `${a.visitorId},${b.visitorId}`, externalType: 'google,analytics', pcCode: 'FR-SC-456' }),
    )
    expect(google.map((x) => x.visitorId)).toEqual([b.visitorId])
    expectErrors(await c.get('/visitors/analytics-ids', { visitorId: a.visitorId, externalType: 'myspace' }), 422, ['externalType'])
  })

  it('erases every personal datum of visitors named by analytics id, and reports the unknown ones', async () => {
    const center = await createCenter(c)
    const email = `${unique('erase')}@example.com`
    const v = await createVisitor(c, { email, phone: '+33 6 12 34 56 78', firstName: 'Erin', lastName: 'Erased', addressCity: 'Nantes' })
    const analytics = unique('an-')
    const crm = unique('crm-')
    expectOk(await c.post(`/visitors/${v.visitorId}/external-ids`, { externalId: analytics, externalType: 'analytics', pcCode: center.pcCode }), 201)
    expectOk(await c.post(`/visitors/${v.visitorId}/external-ids`, { externalId: crm, externalType: 'crm_id' }), 201)
    expectOk(
      await c.post(`/visitors/${v.visitorId}/bookmarks`, {
        pcCode: center.pcCode,
        externalId: '647392',
        label: 'adidas',
        bookmarkType: 'store',
        source: 'visitor',
      }),
      201,
    )
    expectOk(await c.post(`/visitors/${v.visitorId}/centers`, { pcCode: center.pcCode, isFavorite: true }), 201)
    expectOk(await c.post(`/visitors/${v.visitorId}/locales`, { localeCode: 'fr-FR' }), 201)
    await c.put(`/visitors/${v.visitorId}/devices`, { token: unique('dev'), platform: 'ios', notificationToken: 'n', urwAppId: 'aeroville' })
    await c.request('PATCH', `/visitors/${v.visitorId}`, { addressStreet: '1 rue X' }, { 'idempotency-key': unique('k') })
    // Records of the other visitor modules go too.
    expectOk(await c.post(`/visitors/${v.visitorId}/vehicles`, { licensePlate: 'ER-123-AS', name: 'Erin car' }), 201)
    expectOk(
      await c.post(`/visitors/${v.visitorId}/credit-cards`, {
        firstName: 'Erin',
        lastName: 'Erased',
        year: 2030,
        month: 1,
        fingerprint: 'fp-erin',
        cardType: 'visa',
        firstSixDigits: '411111',
        lastFourDigits: '1111',
        paymentMethodToken: 'tok-erin',
      }),
      201,
    )
    expectOk(await c.post(`/visitors/${v.visitorId}/optins`, { optinChannel: 'email', optinType: 'commercial', isActive: true, clientId: 'erin-client' }), 201)
    expectOk(
      await c.post(`/visitors/${v.visitorId}/rewards`, {
        pcCode: center.pcCode,
        startDate: '2026-01-01T00:00:00Z',
        balance: 5,
        outsideOptin: false,
        threshold: 10,
        externalId: crypto.randomUUID(),
      }),
      201,
    )
    const keep = await createVisitor(c)
    await c.post(`/visitors/${keep.visitorId}/external-ids`, { externalId: unique('an-'), externalType: 'analytics' })

    const res = await c.post('/visitors/batch-delete', [{ analyticsId: analytics, pcCode: center.pcCode }, { analyticsId: 'nobody' }])
    expect(expectOk(res)).toEqual({ success: [analytics], failed: ['nobody'] })

    expect((await c.get(`/visitors/${v.visitorId}`)).status).toBe(404)
    expect((await c.get(`/visitors/${keep.visitorId}`)).status).toBe(200)
    const found = await call(t.app, 'GET', `/msloyalty/api/customer/findByExternalId?externalId=${crm}`, { token: c.token })
    expect(found.body.data).toMatchObject({ exists: false })

    // Read every row of every table, as an operator would: nothing names the person any more.
    const dump = JSON.stringify(await dumpDatabase(t))
    // The one trace left is the erasure notice, which names the old id so subscribers forget it too.
    const rows = Object.entries(JSON.parse(dump) as Record<string, Record<string, unknown>[]>).flatMap(([table, list]) =>
      list.filter((r) => !(table === 'events' && r.type === 'visitor.erased')).map((r) => `${table}: ${JSON.stringify(r)}`),
    )
    for (const datum of [
      email,
      'Erased',
      'Erin',
      'Nantes',
      '1 rue X',
      analytics,
      crm,
      v.visitorId,
      '612345678',
      'ER-123-AS',
      'ER123AS',
      'fp-erin',
      'tok-erin',
    ]) {
      expect(rows.filter((r) => r.includes(datum))).toEqual([])
    }
    expect(dump).toContain(keep.visitorId)
  })
})

/** Every row of every table of the test database. */
const dumpDatabase = async (t: TestApp): Promise<Record<string, unknown[]>> => {
  const db = t.container.db
  const { sql } = await import('kysely')
  const tables =
    db.kind === 'postgres'
      ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db.kysely)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db.kysely)).rows
  const out: Record<string, unknown[]> = {}
  for (const { name } of tables) out[name] = (await sql`select * from ${sql.table(name)}`.execute(db.kysely)).rows
  return out
}

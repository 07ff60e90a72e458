import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createCenter, createVisitor, expectErrors, expectOk, listOf, newWestfieldClient, unique, visitorBody, type WestfieldClient } from './support.js'

describe.each(databaseKinds())('Westfield visitor records across accounts and concurrent requests on %s', (kind) => {
  let t: TestApp
  let a: WestfieldClient
  let b: WestfieldClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    a = await newWestfieldClient(t)
    b = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  it('never shows or changes another account’s visitors, centers, services or check-ins, whatever ids are guessed', async () => {
    const center = await createCenter(a)
    const v = await createVisitor(a)
    const analytics = unique('an-')
    await a.post(`/visitors/${v.visitorId}/external-ids`, { externalId: analytics, externalType: 'analytics' })
    const bookmark = expectOk(
      await a.post(`/visitors/${v.visitorId}/bookmarks`, { pcCode: center.pcCode, externalId: '1', label: 'x', bookmarkType: 'store', source: 'visitor' }),
      201,
    )
    const device = expectOk(
      await a.put(`/visitors/${v.visitorId}/devices`, { token: unique('t'), platform: 'ios', notificationToken: 'n', urwAppId: 'alma' }),
      201,
    )
    const service = expectOk(
      await a.post('/services', { pcCode: center.pcCode, name: 'n', category: 'c', useRate: 'u', daysOfUse: [1], colorCode: '#000000' }),
      201,
    )
    const checkin = expectOk(await a.post(`/visitors/${v.visitorId}/checkins`, { pcCode: center.pcCode, serviceId: service.serviceId, origin: 'partner' }), 201)

    expectErrors(await b.get(`/visitors/${v.visitorId}/bookmarks/${bookmark.bookmarkId}`), 404, ['visitorId'])
    expectErrors(await b.delete(`/visitors/${v.visitorId}/devices/${device.deviceId}`), 404, ['visitorId'])
    expectErrors(await b.get(`/visitors/${v.visitorId}/checkins/${checkin.checkinId}`), 404, ['visitorId'])
    expectErrors(await b.get(`/centers/${center.pcCode}`), 404, ['pcCode'])
    expectErrors(await b.get(`/services/${service.serviceId}`), 404, ['serviceId'])
    expectErrors(await b.post('/checkins', { barcode: v.barcode, pcCode: center.pcCode, serviceId: service.serviceId, origin: 'partner' }), 404, ['barcode'])
    expectErrors(await b.get('/visitors/by-external-id', { externalType: 'analytics', externalId: analytics }), 404, ['externalId'])
    expect(listOf(await b.get('/visitors/analytics-ids', { visitorId: v.visitorId }))).toEqual([])
    expect(listOf(await b.get('/checkins', { pcCode: center.pcCode }))).toEqual([])
    expect(expectOk(await b.get('/visitors/count'))).toEqual({ count: 0 })
    expect(expectOk(await b.post('/visitors/batch-delete', [{ analyticsId: analytics }]))).toEqual({ success: [], failed: [analytics] })

    // The same PC code and the same email are free in another account.
    expectOk(await b.post('/centers', { pcCode: center.pcCode, label: 'Mine', country: 'FR', isWestfield: false }), 201)
    expectOk(await b.post('/visitors', visitorBody({ email: v.email })), 201)
    expect(expectOk(await a.get(`/visitors/${v.visitorId}`)).email).toBe(v.email)
  })

  it('registers a device, a visitor center and an external id once under concurrent requests', async () => {
    const center = await createCenter(a)
    const v = await createVisitor(a)
    const token = unique('tok')
    const devices = await Promise.all(
      [1, 2, 3, 4].map((n) => a.put(`/visitors/${v.visitorId}/devices`, { token, platform: 'android', notificationToken: `n${n}`, urwAppId: 'alma' })),
    )
    expect(devices.filter((r) => r.status === 201)).toHaveLength(1)
    expect(devices.filter((r) => r.status === 200)).toHaveLength(3)
    const [device] = listOf(await a.get(`/visitors/${v.visitorId}/devices`))
    expect(listOf(await a.get(`/visitors/${v.visitorId}/devices/${device?.deviceId}/apps`))).toHaveLength(1)

    const centers = await Promise.all([1, 2, 3].map(() => a.post(`/visitors/${v.visitorId}/centers`, { pcCode: center.pcCode, isFavorite: true })))
    expect(centers.map((r) => r.status).sort()).toEqual([201, 409, 409])

    const others = [await createVisitor(a), await createVisitor(a), await createVisitor(a)]
    const crm = unique('crm-')
    const claims = await Promise.all(others.map((o) => a.post(`/visitors/${o.visitorId}/external-ids`, { externalId: crm, externalType: 'crm_id' })))
    expect(claims.map((r) => r.status).sort()).toEqual([201, 409, 409])
  })
})

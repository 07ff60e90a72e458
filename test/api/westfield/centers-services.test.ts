import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import {
  centerBody,
  createCenter,
  createVisitor,
  expectErrors,
  expectOk,
  listOf,
  metadataOf,
  newWestfieldClient,
  unique,
  type WestfieldClient,
} from './support.js'

describe.each(databaseKinds())('Westfield centers, services and check-ins on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  const serviceBody = (pcCode: string, extra: Record<string, unknown> = {}) => ({
    pcCode,
    name: 'La Bonne Excuse',
    category: 'kids',
    useRate: 'daily',
    daysOfUse: [1, 2, 3],
    colorCode: '#FFFFFF',
    ...extra,
  })

  describe('centers', () => {
    it('creates a center with the documented defaults, reads, lists and updates it', async () => {
      const body = centerBody({ centerId: 'les4temps', centerCode: 3051, parkingPartner: 'smartparking_us', urwAppId: 'aeroville', walletContextId: 4321 })
      const center = expectOk(await c.post('/centers', body), 201)
      expect(center).toMatchObject({
        ...body,
        hasWorker: false,
        hasMultiStep: false,
        isActive: false,
        hasEmailValidation: true,
        loyaltyStartDate: null,
        hasBasicLoyalty: false,
        hasRegistration: true,
        hasLoyalty: null,
      })
      expectErrors(await c.post('/centers', body), 409, ['pcCode'])
      expect(expectOk(await c.get(`/centers/${body.pcCode}`))).toEqual(center)

      const upd = expectOk(await c.patch(`/centers/${body.pcCode}`, { isActive: true, loyaltyStartDate: '2026-05-01T00:00:00Z', hasLoyalty: true }))
      expect(upd).toMatchObject({ isActive: true, loyaltyStartDate: '2026-05-01T00:00:00Z', hasLoyalty: true, label: body.label })
      const active = listOf(await c.get('/centers', { isActive: true }))
      expect(active.map((x) => x.pcCode)).toContain(body.pcCode)
      expect(listOf(await c.get('/centers', { isActive: false })).map((x) => x.pcCode)).not.toContain(body.pcCode)
      expect(listOf(await c.get('/centers', { country: 'ES' })).map((x) => x.pcCode)).not.toContain(body.pcCode)
    })

    it('names every bad field of a center', async () => {
      expectErrors(await c.post('/centers', { pcCode: 'x', country: 'XX', parkingPartner: 'acme', urwAppId: 'mars' }), 422, [
        'pcCode',
        'country',
        'label',
        'isWestfield',
        'parkingPartner',
        'urwAppId',
      ])
      expectErrors(await c.get('/centers/FR-SC-404404'), 404, ['pcCode'])
      expectErrors(await c.patch('/centers/FR-SC-404404', { label: 'x' }), 404, ['pcCode'])
    })

    it('keeps the companies of a center', async () => {
      const center = await createCenter(c)
      const base = `/centers/${center.pcCode}/companies`
      const co = expectOk(await c.post(base, { companyName: 'adidas' }), 201)
      expect(co).toMatchObject({ centerCompanyId: expect.any(Number), pcCode: center.pcCode, companyName: 'adidas' })
      expectOk(await c.post(base, { companyName: 'zara' }), 201)
      expect(listOf(await c.get(base, { sort: '-companyName' })).map((x) => x.companyName)).toEqual(['zara', 'adidas'])
      expect(expectOk(await c.patch(`${base}/${co.centerCompanyId}`, { companyName: 'Adidas' })).companyName).toBe('Adidas')
      expect(expectOk(await c.get(`${base}/${co.centerCompanyId}`)).companyName).toBe('Adidas')

      const v = await createVisitor(c)
      expectOk(await c.post(`/visitors/${v.visitorId}/centers`, { pcCode: center.pcCode, isFavorite: true, centerCompanyId: co.centerCompanyId }), 201)
      expect((await c.delete(`${base}/${co.centerCompanyId}`)).status).toBe(204)
      expectErrors(await c.get(`${base}/${co.centerCompanyId}`), 404, ['centerCompanyId'])
      expect(expectOk(await c.get(`/visitors/${v.visitorId}/centers/${center.pcCode}`)).centerCompanyId).toBeNull()

      const other = await createCenter(c)
      const elsewhere = expectOk(await c.post(`/centers/${other.pcCode}/companies`, { companyName: 'h&m' }), 201)
      expectErrors(await c.get(`${base}/${elsewhere.centerCompanyId}`), 404, ['centerCompanyId'])
      expectErrors(await c.post(base, {}), 422, ['companyName'])
    })
  })

  describe('services', () => {
    it('creates a service, links stores, segments, themes and targets, and shows them with the check-in count', async () => {
      const center = await createCenter(c)
      const svc = expectOk(await c.post('/services', serviceBody(center.pcCode, { isPremium: true, endDate: '2026-12-31T00:00:00Z' })), 201)
      expect(svc).toMatchObject({
        serviceId: expect.any(Number),
        isPremium: true,
        undeletable: false,
        startDate: null,
        endDate: '2026-12-31T00:00:00Z',
        stores: [],
        targets: [],
        themes: [],
        segments: [],
        checkinCount: 0,
      })
      const base = `/services/${svc.serviceId}`
      const store = expectOk(await c.post(`${base}/stores`, { storeId: 1200037894, storeName: 'Centro' }), 201)
      expect(store).toMatchObject({ serviceStoreId: expect.any(Number), serviceId: svc.serviceId, storeId: 1200037894, storeName: 'Centro' })
      expectErrors(await c.post(`${base}/stores`, { storeId: 1200037894, storeName: 'Centro' }), 409, ['storeId'])
      expectOk(await c.post(`${base}/segments`, { segmentId: 7, segmentName: 'Families' }), 201)

      const theme = expectOk(await c.post('/service-themes', { value: 'Kids', category: 'service' }), 201)
      expect(theme).toMatchObject({ serviceThemeId: expect.any(Number), value: 'Kids', category: 'service', deprecated: false })
      const target = expectOk(await c.post('/service-targets', { value: 'Parents' }), 201)
      const link = expectOk(await c.post(`${base}/themes`, { serviceThemeId: theme.serviceThemeId }), 201)
      expect(link).toMatchObject({
        serviceServiceThemeId: expect.any(Number),
        serviceId: svc.serviceId,
        serviceThemeId: theme.serviceThemeId,
        serviceTheme: theme,
      })
      expect(expectOk(await c.post(`${base}/targets`, { serviceTargetId: target.serviceTargetId }), 201)).toMatchObject({ serviceTarget: target })
      expectErrors(await c.post(`${base}/themes`, { serviceThemeId: 999999 }), 404, ['serviceThemeId'])

      const v = await createVisitor(c)
      expectOk(await c.post(`/visitors/${v.visitorId}/checkins`, { pcCode: center.pcCode, serviceId: svc.serviceId, origin: 'partner' }), 201)
      expectOk(await c.post(`/visitors/${v.visitorId}/checkins`, { pcCode: center.pcCode, serviceId: svc.serviceId, origin: 'dashboard' }), 201)

      const read = expectOk(await c.get(base))
      expect(read).toMatchObject({
        stores: [{ storeId: 1200037894 }],
        segments: [{ segmentId: 7, segmentName: 'Families' }],
        themes: [{ value: 'Kids' }],
        targets: [{ value: 'Parents' }],
        checkinCount: 2,
      })
      expect(listOf(await c.get(`${base}/stores`))).toHaveLength(1)
      expect(listOf(await c.get(`${base}/segments`))).toHaveLength(1)
      expect(listOf(await c.get(`${base}/themes`))[0]).toMatchObject({ serviceTheme: { value: 'Kids' } })
      expect(listOf(await c.get(`${base}/targets`))[0]).toMatchObject({ serviceTarget: { value: 'Parents' } })

      // The store is a shop of the account: MS Loyalty sales there name the same store.
      const sale = await call(t.app, 'POST', '/msloyalty/api/transaction/checkbook', {
        token: c.token,
        body: {
          type: 'POINTS ORDER',
          code: unique('o'),
          externalId: unique('e'),
          total: 10,
          earnedRedeemed: 5,
          customer: { externalId: unique('c'), name: 'x' },
          store: { externalId: '1200037894', name: 'Centro' },
        },
      })
      expect(sale.status).toBe(200)
      expect(sale.body.data).toMatchObject({ store: { externalId: '1200037894', name: 'Centro' } })

      for (const part of ['stores/1200037894', 'segments/7', `themes/${theme.serviceThemeId}`, `targets/${target.serviceTargetId}`]) {
        expect((await c.delete(`${base}/${part}`)).status).toBe(204)
        expectErrors(await c.delete(`${base}/${part}`), 404, [
          part.startsWith('stores') ? 'storeId' : part.startsWith('segments') ? 'segmentId' : part.startsWith('themes') ? 'serviceThemeId' : 'serviceTargetId',
        ])
      }
      expect(expectOk(await c.get(base))).toMatchObject({ stores: [], segments: [], themes: [], targets: [], checkinCount: 2 })
    })

    it('lists services by center and end date, updates them and validates them', async () => {
      const a = await createCenter(c)
      const b = await createCenter(c)
      const s1 = expectOk(await c.post('/services', serviceBody(a.pcCode, { endDate: '2026-06-01T00:00:00Z' })), 201)
      expectOk(await c.post('/services', serviceBody(a.pcCode, { endDate: '2026-09-01T00:00:00Z' })), 201)
      expectOk(await c.post('/services', serviceBody(b.pcCode)), 201)
      expect(metadataOf(await c.get('/services', { pcCode: a.pcCode })).total).toBe(2)
      expect(listOf(await c.get('/services', { pcCode: a.pcCode, endDateUntil: '2026-07-01T00:00:00Z' })).map((s) => s.serviceId)).toEqual([s1.serviceId])
      expect(listOf(await c.get('/services', { pcCode: a.pcCode, endDateSince: '2026-07-01T00:00:00Z' }))).toHaveLength(1)
      expect(listOf(await c.get('/services', { pcCode: a.pcCode, sort: '-endDate', fields: 'endDate' }))).toEqual([
        { endDate: '2026-09-01T00:00:00Z' },
        { endDate: '2026-06-01T00:00:00Z' },
      ])
      const upd = expectOk(await c.patch(`/services/${s1.serviceId}`, { name: 'Vestiaire', daysOfUse: [0, 6], endDate: null }))
      expect(upd).toMatchObject({ name: 'Vestiaire', daysOfUse: [0, 6], endDate: null, colorCode: '#FFFFFF' })

      expectErrors(await c.post('/services', { pcCode: a.pcCode, daysOfUse: [7], colorCode: 'white' }), 422, [
        'name',
        'category',
        'useRate',
        'daysOfUse[0]',
        'colorCode',
      ])
      expectErrors(await c.post('/services', serviceBody('FR-SC-404404')), 404, ['pcCode'])
      expectErrors(await c.get('/services/999999'), 404, ['serviceId'])
      expectErrors(await c.get('/services', { limit: 501 }), 422, ['limit'])
    })

    it('keeps the theme and target catalogues', async () => {
      const other = await newWestfieldClient(t)
      const th = expectOk(await other.post('/service-themes', { value: 'Concerts', category: 'event' }), 201)
      expectOk(await other.post('/service-themes', { value: 'Art', category: 'event', deprecated: true }), 201)
      expect(listOf(await other.get('/service-themes', { sort: 'value' })).map((x) => x.value)).toEqual(['Art', 'Concerts'])
      expect(expectOk(await other.patch(`/service-themes/${th.serviceThemeId}`, { deprecated: true, category: 'service' }))).toMatchObject({
        value: 'Concerts',
        deprecated: true,
        category: 'service',
      })
      expectErrors(await other.post('/service-themes', { value: 'x', category: 'party' }), 422, ['category'])
      const tg = expectOk(await other.post('/service-targets', { value: 'Teens' }), 201)
      expect(expectOk(await other.patch(`/service-targets/${tg.serviceTargetId}`, { value: 'Teenagers' })).value).toBe('Teenagers')
      expect(listOf(await other.get('/service-targets')).map((x) => x.value)).toEqual(['Teenagers'])
      expectErrors(await c.patch(`/service-targets/${tg.serviceTargetId}`, { value: 'mine' }), 404, ['serviceTargetId'])
    })
  })

  describe('check-ins', () => {
    it('checks a visitor in by id and by barcode, lists, reads and deletes check-ins', async () => {
      const center = await createCenter(c)
      const svc = expectOk(await c.post('/services', serviceBody(center.pcCode)), 201)
      const v = await createVisitor(c)
      const base = `/visitors/${v.visitorId}/checkins`
      const first = expectOk(await c.post(base, { pcCode: center.pcCode, serviceId: svc.serviceId, origin: 'partner' }), 201)
      expect(first).toMatchObject({ checkinId: expect.any(Number), visitorId: v.visitorId, pcCode: center.pcCode, serviceId: svc.serviceId, origin: 'partner' })
      t.clock.advance(60_000)
      const byBarcode = expectOk(await c.post('/checkins', { barcode: v.barcode, pcCode: center.pcCode, serviceId: svc.serviceId, origin: 'dashboard' }), 201)
      expect(byBarcode.visitorId).toBe(v.visitorId)

      expect(listOf(await c.get(base)).map((x) => x.checkinId)).toEqual([first.checkinId, byBarcode.checkinId])
      expect(listOf(await c.get(base, { pcCode: 'FR-SC-000' }))).toEqual([])
      expect(expectOk(await c.get(`${base}/${first.checkinId}`))).toEqual(first)
      expect((await c.delete(`${base}/${first.checkinId}`)).status).toBe(204)
      expectErrors(await c.get(`${base}/${first.checkinId}`), 404, ['checkinId'])

      expectErrors(await c.post('/checkins', { barcode: crypto.randomUUID(), pcCode: center.pcCode, serviceId: svc.serviceId, origin: 'partner' }), 404, [
        'barcode',
      ])
      expectErrors(await c.post(base, { pcCode: center.pcCode, serviceId: svc.serviceId, origin: 'kiosk' }), 422, ['origin'])
      const elsewhere = await createCenter(c)
      expectErrors(await c.post(base, { pcCode: elsewhere.pcCode, serviceId: svc.serviceId, origin: 'partner' }), 422, ['serviceId'])
      expectErrors(await c.post(base, { pcCode: center.pcCode, serviceId: 999999, origin: 'partner' }), 404, ['serviceId'])
    })

    it('lists the check-ins of a center or a service in a date range', async () => {
      const center = await createCenter(c)
      const s1 = expectOk(await c.post('/services', serviceBody(center.pcCode)), 201)
      const s2 = expectOk(await c.post('/services', serviceBody(center.pcCode)), 201)
      const visitors = [await createVisitor(c), await createVisitor(c)]
      t.clock.set('2026-06-01T10:00:00Z')
      for (const v of visitors) await c.post(`/visitors/${v.visitorId}/checkins`, { pcCode: center.pcCode, serviceId: s1.serviceId, origin: 'partner' })
      t.clock.set('2026-06-02T10:00:00Z')
      for (const v of visitors) await c.post(`/visitors/${v.visitorId}/checkins`, { pcCode: center.pcCode, serviceId: s2.serviceId, origin: 'partner' })

      expect(metadataOf(await c.get('/checkins', { pcCode: center.pcCode })).total).toBe(4)
      expect(metadataOf(await c.get('/checkins', { serviceId: String(s1.serviceId) })).total).toBe(2)
      const day2 = listOf(await c.get('/checkins', { pcCode: center.pcCode, checkedInSince: '2026-06-02T00:00:00Z', checkedInUntil: '2026-06-02T23:59:59Z' }))
      expect(day2.map((x) => x.serviceId)).toEqual([s2.serviceId, s2.serviceId])
      expect(listOf(await c.get('/checkins', { pcCode: center.pcCode, checkedInUntil: '2026-06-01T23:00:00Z', sort: '-creationDate' }))).toHaveLength(2)
      expect(expectOk(await c.get(`/services/${s2.serviceId}`, { fields: 'checkinCount' }))).toEqual({ checkinCount: 2 })
      expectErrors(await c.get('/checkins', { checkedInSince: 'yesterday' }), 422, ['checkedInSince'])
    })
  })
})

import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import {
  createCenter,
  createVisitor,
  expectErrors,
  expectOk,
  type Json,
  listOf,
  metadataOf,
  newWestfieldClient,
  unique,
  type WestfieldClient,
} from './support.js'

describe.each(databaseKinds())('Westfield visitor records on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  let pcCode: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
    pcCode = (await createCenter(c)).pcCode
  })
  afterAll(() => t.close())

  describe('bookmarks', () => {
    it('creates, lists by type, reads and deletes bookmarks', async () => {
      const v = await createVisitor(c)
      const base = `/visitors/${v.visitorId}/bookmarks`
      const store = expectOk(await c.post(base, { pcCode, externalId: 647392, label: 'adidas', bookmarkType: 'store', source: 'visitor' }), 201)
      expect(store).toMatchObject({
        bookmarkId: expect.any(Number),
        visitorId: v.visitorId,
        pcCode,
        externalId: '647392',
        label: 'adidas',
        bookmarkType: 'store',
        source: 'visitor',
      })
      expectOk(await c.post(base, { pcCode, externalId: 'e-1', label: 'jazz night', bookmarkType: 'event', source: 'lbe' }), 201)

      expect(listOf(await c.get(base)).map((b) => b.label)).toEqual(['adidas', 'jazz night'])
      expect(listOf(await c.get(base, { bookmarkType: 'event' })).map((b) => b.label)).toEqual(['jazz night'])
      expect(listOf(await c.get(base, { sort: '-label', fields: 'label' }))).toEqual([{ label: 'jazz night' }, { label: 'adidas' }])
      expect(expectOk(await c.get(`${base}/${store.bookmarkId}`))).toEqual(store)

      expect((await c.delete(`${base}/${store.bookmarkId}`)).status).toBe(204)
      expectErrors(await c.get(`${base}/${store.bookmarkId}`), 404, ['bookmarkId'])
    })

    it('validates a bookmark and keeps it to its visitor', async () => {
      const v = await createVisitor(c)
      const other = await createVisitor(c)
      expectErrors(await c.post(`/visitors/${v.visitorId}/bookmarks`, { pcCode, label: '', bookmarkType: 'shop', source: 'me' }), 422, [
        'externalId',
        'label',
        'bookmarkType',
        'source',
      ])
      const b = expectOk(
        await c.post(`/visitors/${v.visitorId}/bookmarks`, { pcCode, externalId: '1', label: 'x', bookmarkType: 'deal', source: 'visitor' }),
        201,
      )
      expectErrors(await c.get(`/visitors/${other.visitorId}/bookmarks/${b.bookmarkId}`), 404, ['bookmarkId'])
      expectErrors(await c.get('/visitors/9b2b1d2e-0000-4000-8000-000000000000/bookmarks'), 404, ['visitorId'])
    })
  })

  describe('visitor centers', () => {
    it('creates, reads, lists, updates and upserts the centers of a visitor', async () => {
      const v = await createVisitor(c)
      const second = await createCenter(c)
      const company = expectOk(await c.post(`/centers/${pcCode}/companies`, { companyName: 'adidas' }), 201)
      const base = `/visitors/${v.visitorId}/centers`
      const created = expectOk(
        await c.post(base, { pcCode, isTlp: true, isFavorite: true, isSmartparker: false, centerCompanyId: company.centerCompanyId }),
        201,
      )
      expect(created).toMatchObject({
        visitorCenterId: expect.any(Number),
        visitorId: v.visitorId,
        pcCode,
        favoriteDate: '2026-03-10T12:00:00Z',
        isTlp: true,
        isFavorite: true,
        isSmartparker: false,
        centerCompanyId: company.centerCompanyId,
      })
      expectErrors(await c.post(base, { pcCode, isFavorite: false }), 409, ['pcCode'])

      t.clock.advance(60_000)
      const upd = expectOk(await c.patch(`${base}/${pcCode}`, { isFavorite: false, isSmartparker: true }))
      expect(upd).toMatchObject({ isFavorite: false, favoriteDate: null, isSmartparker: true, isTlp: true })

      const put = await c.put(base, { pcCode: second.pcCode, isFavorite: true })
      expect(put.status).toBe(201)
      const again = await c.put(base, { pcCode: second.pcCode, isTlp: true })
      expect(again.status).toBe(200)
      expect(expectOk(again)).toMatchObject({ pcCode: second.pcCode, isTlp: true, isFavorite: true })

      expect(listOf(await c.get(base)).map((x) => x.pcCode)).toEqual([pcCode, second.pcCode])
      expect(expectOk(await c.get(`${base}/${second.pcCode}`, { fields: 'pcCode,isTlp' }))).toEqual({ pcCode: second.pcCode, isTlp: true })
    })

    it('needs a known center and a company of that center', async () => {
      const v = await createVisitor(c)
      expectErrors(await c.post(`/visitors/${v.visitorId}/centers`, { pcCode: 'FR-XX-404', isFavorite: true }), 404, ['pcCode'])
      expectErrors(await c.post(`/visitors/${v.visitorId}/centers`, { pcCode, isFavorite: true, centerCompanyId: 999999 }), 404, ['centerCompanyId'])
      expectErrors(await c.post(`/visitors/${v.visitorId}/centers`, { pcCode: 'bad code', isTlp: 'yes' }), 422, ['pcCode', 'isTlp', 'isFavorite'])
      expectErrors(await c.patch(`/visitors/${v.visitorId}/centers/${pcCode}`, { isTlp: true }), 404, ['pcCode'])
    })

    it('finds smartparkers among visitors', async () => {
      const v = await createVisitor(c, { acquisitionPcCode: 'FR-SP-001' })
      await createVisitor(c, { acquisitionPcCode: 'FR-SP-001' })
      expectOk(await c.post(`/visitors/${v.visitorId}/centers`, { pcCode, isFavorite: false, isSmartparker: true }), 201)
      expect(listOf(await c.get('/visitors', { acquisitionPcCode: 'FR-SP-001', isSmartparker: true })).map((x) => x.visitorId)).toEqual([v.visitorId])
      expect(listOf(await c.get('/visitors', { acquisitionPcCode: 'FR-SP-001', isSmartparker: false }))).toHaveLength(1)
    })
  })

  describe('devices and apps', () => {
    it('registers a device by token, updates it on the next call, lists its apps and deletes it', async () => {
      const v = await createVisitor(c)
      const base = `/visitors/${v.visitorId}/devices`
      const token = unique('tok')
      const body = {
        maker: 'apple',
        model: 'iPhone 13',
        osVersion: 16,
        token,
        locale: 'fr-FR',
        platform: 'ios',
        timezone: 'Europe/Paris',
        mobileCarrier: 'Orange',
        notificationToken: 'n1',
        urwAppId: 'aeroville',
      }
      const first = await c.put(base, body)
      expect(first.status).toBe(201)
      const device = expectOk(first, 201)
      const { urwAppId: _app, ...deviceFields } = body
      expect(device).toMatchObject({ ...deviceFields, osVersion: '16', deviceId: expect.any(Number), visitorId: v.visitorId })
      expect(device).not.toHaveProperty('urwAppId')

      const second = await c.put(base, { ...body, osVersion: '17', notificationToken: 'n2', urwAppId: 'confluence' })
      expect(second.status).toBe(200)
      expect(expectOk(second)).toMatchObject({ deviceId: device.deviceId, osVersion: '17', notificationToken: 'n2' })
      await c.put(base, { ...body, notificationToken: 'n3' })

      expect(listOf(await c.get(base))).toHaveLength(1)
      expect(expectOk(await c.get(`${base}/${device.deviceId}`))).toMatchObject({ token, notificationToken: 'n3' })
      const apps = listOf(await c.get(`${base}/${device.deviceId}/apps`))
      expect(apps.map((a) => [a.urwAppId, a.notificationToken])).toEqual([
        ['aeroville', 'n3'],
        ['confluence', 'n2'],
      ])
      expect(apps[0]).toMatchObject({ appId: expect.any(Number), deviceId: device.deviceId })

      expect((await c.delete(`${base}/${device.deviceId}`)).status).toBe(204)
      expectErrors(await c.get(`${base}/${device.deviceId}`), 404, ['deviceId'])
      expectErrors(await c.get(`${base}/${device.deviceId}/apps`), 404, ['deviceId'])
    })

    it('moves a device to the visitor who registers its token last', async () => {
      const a = await createVisitor(c)
      const b = await createVisitor(c)
      const token = unique('tok')
      const body = { token, platform: 'android', notificationToken: 'n', urwAppId: 'koln' }
      const device = expectOk(await c.put(`/visitors/${a.visitorId}/devices`, body), 201)
      expectOk(await c.put(`/visitors/${b.visitorId}/devices`, body))
      expect(listOf(await c.get(`/visitors/${a.visitorId}/devices`))).toEqual([])
      expect(listOf(await c.get(`/visitors/${b.visitorId}/devices`)).map((d) => d.deviceId)).toEqual([device.deviceId])
    })

    it('validates the platform and the app', async () => {
      const v = await createVisitor(c)
      expectErrors(await c.put(`/visitors/${v.visitorId}/devices`, { token: 't', platform: 'windows', urwAppId: 'nowhere' }), 422, [
        'platform',
        'urwAppId',
        'notificationToken',
      ])
    })
  })

  it('signs an event token for the visitor and the company that expires in an hour', async () => {
    const v = await createVisitor(c)
    const res = expectOk<{ token: string; expiresAt: string }>(await c.get(`/visitors/${v.visitorId}/event-token`, { companyId: '37042' }))
    const [header = '', payload = '', signature = ''] = res.token.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Json
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(claims).toMatchObject({ visitorId: v.visitorId, companyId: '37042' })
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600)
    expect(res.expiresAt).toBe(new Date(Number(claims.exp) * 1000).toISOString().replace('.000Z', 'Z'))
    // Signed with the server's key: a changed payload no longer matches the signature.
    const forged = Buffer.from(JSON.stringify({ ...claims, visitorId: 'someone-else' })).toString('base64url')
    const anyKey = createHmac('sha256', 'guess').update(`${header}.${forged}`).digest('base64url')
    expect(anyKey).not.toBe(signature)
    expectErrors(await c.get(`/visitors/${v.visitorId}/event-token`), 422, ['companyId'])
  })

  describe('locales', () => {
    it('lists the locale values and a visitor’s locales', async () => {
      const all = await c.get('/locales', { limit: 3, sort: '-localeCode' })
      expect(listOf(all).map((l) => l.localeCode)).toEqual(['sv-SE', 'sk-SK', 'pt-PT'])
      expect(metadataOf(all).total).toBe(13)
      const v = await createVisitor(c)
      const base = `/visitors/${v.visitorId}/locales`
      expect(expectOk(await c.post(base, { localeCode: 'en_us' }), 201)).toEqual({
        localeCode: 'en-US',
        localeLabel: 'English (United States)',
        visitorId: v.visitorId,
        creationDate: expect.any(String),
      })
      expectErrors(await c.post(base, { localeCode: 'en-US' }), 409, ['localeCode'])
      expectErrors(await c.post(base, { localeCode: 'xx-XX' }), 422, ['localeCode'])
      expectErrors(await c.post(base, { localeCode: 'not a locale' }), 422, ['localeCode'])
      expectOk(await c.post(base, { localeCode: 'fr-FR' }), 201)
      expect(listOf(await c.get(base)).map((l) => l.localeCode)).toEqual(['en-US', 'fr-FR'])
      expect(expectOk(await c.get(`${base}/en_US`)).localeLabel).toBe('English (United States)')
      expect((await c.delete(`${base}/en-US`)).status).toBe(204)
      expectErrors(await c.get(`${base}/en-US`), 404, ['localeCode'])
    })
  })

  describe('center operation sessions', () => {
    it('creates sessions, lists them with filters and adds segments and stores once each', async () => {
      const v = await createVisitor(c)
      const base = `/visitors/${v.visitorId}/center-operation-sessions`
      const guid = crypto.randomUUID()
      const body = { pcCode, guid, gameId: 'g-1', gameName: 'La Bonne Excuse', optin: true, isContest: true }
      const s = expectOk(await c.post(base, body), 201)
      expect(s).toMatchObject({
        ...body,
        visitorId: v.visitorId,
        isWelcomeJourney: false,
        isWelcomeOffer: false,
        isWifit: false,
        isSynchronized: false,
        segments: [],
        stores: [],
      })
      expectErrors(await c.post(base, body), 409, ['guid'])
      t.clock.advance(3_600_000)
      expectOk(await c.post(base, { ...body, guid: crypto.randomUUID(), gameId: 'g-2' }), 201)

      expect(listOf(await c.get(base))).toHaveLength(2)
      expect(listOf(await c.get(base, { gameId: 'g-2' })).map((x) => x.gameId)).toEqual(['g-2'])
      expect(listOf(await c.get(base, { creationDateUntil: s.creationDate as string })).map((x) => x.guid)).toEqual([guid])

      const seg = await c.post(`${base}/${guid}/segments`, [
        { id: 'a', name: 'Moda y accesorios' },
        { id: 'b', name: 'Deporte' },
      ])
      expect(expectOk(seg, 201)).toEqual({
        success: [
          { id: 'a', name: 'Moda y accesorios' },
          { id: 'b', name: 'Deporte' },
        ],
        failed: [],
      })
      expect(expectOk(await c.post(`${base}/${guid}/segments`, [{ id: 'a', name: 'Moda y accesorios' }]), 201)).toEqual({
        success: [],
        failed: [{ id: 'a', name: 'Moda y accesorios' }],
      })
      expectOk(await c.post(`${base}/${guid}/stores`, [{ id: 69044, name: 'Bershka' }]), 201)
      const read = listOf(await c.get(base, { gameId: 'g-1' }))[0]
      expect(read).toMatchObject({ segments: [{ id: 'a' }, { id: 'b' }], stores: [{ id: '69044', name: 'Bershka' }] })
      expectErrors(await c.post(`${base}/nope/stores`, [{ id: '1', name: 'x' }]), 404, ['guid'])
      expectErrors(await c.post(`${base}/${guid}/stores`, []), 422, ['body'])
    })
  })
})

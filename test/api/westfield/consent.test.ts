import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createCenter, createVisitor, expectErrors, expectOk, type Json, listOf, metadataOf, newWestfieldClient, type WestfieldClient } from './support.js'

describe.each(databaseKinds())('Westfield legal texts, optins and consents on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  const legalText = async (body: Json): Promise<Json & { id: number }> => expectOk<Json & { id: number }>(await c.post('/legal-texts', body), 201)

  it('numbers the versions of each legal type from 1', async () => {
    const a = await legalText({ type: 'wifi_terms', releaseDate: '2026-01-01T00:00:00Z', requireConsent: true })
    const b = await legalText({ type: 'wifi_terms', releaseDate: '2026-02-01T00:00:00Z' })
    const other = await legalText({ type: 'wifi_privacy', releaseDate: '2026-02-01T00:00:00Z' })
    expect([a.version, b.version, other.version]).toEqual([1, 2, 1])
    expect(a).toMatchObject({ type: 'wifi_terms', releaseDate: '2026-01-01T00:00:00Z', requireConsent: true, optinDisplayText: null, documentText: null })
    expect(b.requireConsent).toBe(false)
    expectErrors(await c.post('/legal-texts', { type: 'cookies', releaseDate: 'yesterday' }), 422, ['type', 'releaseDate'])
  })

  it('adds locales, shows a text in the asked locale, and updates both', async () => {
    const text = await legalText({ type: 'loyalty', releaseDate: '2026-01-01T00:00:00Z', requireConsent: true })
    const fr = expectOk<Json>(
      await c.post(`/legal-texts/${text.id}/locales`, {
        localeCode: 'fr-FR',
        optinDisplayText: 'J’accepte',
        optinHeaderText: 'Fidélité',
        documentText: 'Conditions',
      }),
      201,
    )
    expect(fr).toEqual({ legalTextId: text.id, localeCode: 'fr-FR', optinDisplayText: 'J’accepte', optinHeaderText: 'Fidélité', documentText: 'Conditions' })
    expectOk(
      await c.post(`/legal-texts/${text.id}/locales?localeCode=en-GB`, { optinDisplayText: 'I agree', optinHeaderText: null, documentText: 'Terms' }),
      201,
    )
    expectErrors(
      await c.post(`/legal-texts/${text.id}/locales`, { localeCode: 'fr-FR', optinDisplayText: 'x', optinHeaderText: 'x', documentText: 'x' }),
      409,
      ['localeCode'],
    )
    expectErrors(await c.post(`/legal-texts/${text.id}/locales`, { optinDisplayText: 'x', optinHeaderText: 'x', documentText: 'x' }), 422, ['localeCode'])
    expect(listOf<Json>(await c.get(`/legal-texts/${text.id}/locales`)).map((l) => l.localeCode)).toEqual(['fr-FR', 'en-GB'])
    expect(expectOk<Json>(await c.get(`/legal-texts/${text.id}/locales/en-GB`)).optinDisplayText).toBe('I agree')
    expect(expectOk<Json>(await c.get(`/legal-texts/${text.id}`, { locale: 'en-GB' }))).toMatchObject({ optinDisplayText: 'I agree', documentText: 'Terms' })
    expect(expectOk<Json>(await c.get(`/legal-texts/${text.id}`))).toMatchObject({ optinDisplayText: 'J’accepte' })
    expect(expectOk<Json>(await c.patch(`/legal-texts/${text.id}/locales/fr-FR`, { documentText: 'Conditions v2' }))).toMatchObject({
      documentText: 'Conditions v2',
      optinDisplayText: 'J’accepte',
    })
    expect(expectOk<Json>(await c.patch(`/legal-texts/${text.id}`, { requireConsent: false }))).toMatchObject({ requireConsent: false, version: 1 })
    expectErrors(await c.get(`/legal-texts/${text.id}/locales/de-DE`), 404, ['localeCode'])
    expectErrors(await c.get('/legal-texts/999999'), 404, ['legalTextId'])
  })

  it('lists legal texts by type and version, and only the versions in force with latest', async () => {
    await legalText({ type: 'commercial_push', releaseDate: '2025-01-01T00:00:00Z' })
    const current = await legalText({ type: 'commercial_push', releaseDate: '2026-01-01T00:00:00Z' })
    const future = await legalText({ type: 'commercial_push', releaseDate: '2027-01-01T00:00:00Z' })
    const all = listOf<Json>(await c.get('/legal-texts', { legalType: 'commercial_push' }))
    expect(all.map((x) => x.version)).toEqual([1, 2, 3])
    expect(listOf<Json>(await c.get('/legal-texts', { legalType: 'commercial_push', version: 3 })).map((x) => x.id)).toEqual([future.id])
    const latest = await c.get('/legal-texts', { legalType: 'commercial_push', latest: true })
    expect(listOf<Json>(latest).map((x) => x.id)).toEqual([current.id])
    expect(metadataOf(latest).total).toBe(1)
    expect(listOf<Json>(await c.get('/legal-texts', { legalType: 'commercial_push', sort: '-version', limit: 1 })).map((x) => x.version)).toEqual([3])
  })

  describe('optins', () => {
    let visitorId: string
    beforeAll(async () => {
      visitorId = (await createVisitor(c)).visitorId
    })

    it('creates, reads, updates and disables an optin', async () => {
      const text = await legalText({ type: 'commercial_sms', releaseDate: '2026-01-01T00:00:00Z' })
      const o = expectOk<Json>(
        await c.post(`/visitors/${visitorId}/optins`, {
          optinChannel: 'sms',
          optinType: 'commercial',
          legalTextId: text.id,
          isActive: true,
          contextId: 3,
          clientId: 'app',
        }),
        201,
      )
      expect(o).toMatchObject({
        visitorId,
        optinChannel: 'sms',
        optinType: 'commercial',
        isActive: true,
        optinDate: '2026-03-10T12:00:00Z',
        optoutDate: null,
        contextId: 3,
      })
      expect(expectOk<Json>(await c.get(`/visitors/${visitorId}/optins/${o.optinId}`))).toEqual(o)
      expect(expectOk<Json>(await c.patch(`/visitors/${visitorId}/optins/${o.optinId}`, { sendId: 'send-1' }))).toMatchObject({
        sendId: 'send-1',
        clientId: 'app',
      })
      t.clock.advance(3_600_000)
      const disabled = expectOk<Json>(await c.post(`/visitors/${visitorId}/optins/${o.optinId}/disable`))
      expect(disabled).toMatchObject({ isActive: false, optoutDate: '2026-03-10T13:00:00Z' })
      expectErrors(await c.post(`/visitors/${visitorId}/optins`, { optinChannel: 'fax', optinType: 'commercial', isActive: 'maybe' }), 422, [
        'optinChannel',
        'isActive',
      ])
      expectErrors(await c.post(`/visitors/${visitorId}/optins`, { optinChannel: 'sms', optinType: 'commercial', isActive: true, legalTextId: 999999 }), 404, [
        'legalTextId',
      ])
    })

    it('filters optins, keeps only the newest per type and channel with latest, and deletes by type and channel', async () => {
      const v = (await createVisitor(c)).visitorId
      const first = expectOk<Json>(await c.post(`/visitors/${v}/optins`, { optinChannel: 'email', optinType: 'commercial', isActive: true }), 201)
      t.clock.advance(1000)
      const second = expectOk<Json>(await c.post(`/visitors/${v}/optins`, { optinChannel: 'email', optinType: 'commercial', isActive: false }), 201)
      const push = expectOk<Json>(await c.post(`/visitors/${v}/optins`, { optinChannel: 'push', optinType: 'commercial', isActive: true, contextId: 9 }), 201)
      const ids = (res: Awaited<ReturnType<WestfieldClient['get']>>) => listOf<Json>(res).map((x) => x.optinId)
      expect(ids(await c.get(`/visitors/${v}/optins`))).toEqual([first.optinId, second.optinId, push.optinId])
      expect(ids(await c.get(`/visitors/${v}/optins`, { latest: true }))).toEqual([second.optinId, push.optinId])
      expect(ids(await c.get(`/visitors/${v}/optins`, { latest: true, isActive: true }))).toEqual([push.optinId])
      expect(ids(await c.get(`/visitors/${v}/optins`, { isActive: true }))).toEqual([first.optinId, push.optinId])
      expect(ids(await c.get(`/visitors/${v}/optins`, { optinChannel: 'email', sort: '-optinId' }))).toEqual([second.optinId, first.optinId])
      expect(ids(await c.get(`/visitors/${v}/optins`, { contextId: 9 }))).toEqual([push.optinId])
      expect((await c.delete(`/visitors/${v}/optins`, { optinType: 'commercial', optinChannel: 'email' })).status).toBe(204)
      expect(ids(await c.get(`/visitors/${v}/optins`))).toEqual([push.optinId])
      expectErrors(await c.delete(`/visitors/${v}/optins`, { optinType: 'commercial', optinChannel: 'email' }), 404, ['optinType'])
      expectErrors(await c.delete(`/visitors/${v}/optins`, { optinType: 'commercial' }), 422, ['optinChannel'])
      expectErrors(await c.get(`/visitors/${visitorId}/optins/${push.optinId}`), 404, ['optinId'])
    })
  })

  it('asks again for consent when a new version of a legal text is released', async () => {
    const own = await newWestfieldClient(t)
    const v = (await createVisitor(own)).visitorId
    const create = async (body: Json) => expectOk<Json & { id: number }>(await own.post('/legal-texts', body), 201)
    const required = async (params: Record<string, string> = {}) =>
      expectOk<{ legalTextId: number; requireConsent: boolean }[]>(await own.get(`/visitors/${v}/required-consents`, params))
    const terms1 = await create({ type: 'terms', releaseDate: '2026-01-01T00:00:00Z', requireConsent: true })
    const privacy1 = await create({ type: 'privacy', releaseDate: '2026-01-01T00:00:00Z', requireConsent: true })
    await create({ type: 'commercial_email', releaseDate: '2026-01-01T00:00:00Z', requireConsent: false })
    expect(await required()).toEqual([
      { legalTextId: terms1.id, requireConsent: true },
      { legalTextId: privacy1.id, requireConsent: true },
    ])
    await own.post(`/visitors/${v}/optins`, { optinChannel: 'none', optinType: 'terms', legalTextId: terms1.id, isActive: true })
    await own.post(`/visitors/${v}/optins`, { optinChannel: 'none', optinType: 'privacy', legalTextId: privacy1.id, isActive: true })
    expect(await required()).toEqual([])

    // A new version released later is not yet in force; once its date has come, it must be accepted again.
    const terms2 = await create({ type: 'terms', releaseDate: '2026-04-01T00:00:00Z', requireConsent: true })
    expect(await required()).toEqual([])
    t.clock.set('2026-04-01T00:00:00Z')
    expect(await required()).toEqual([{ legalTextId: terms2.id, requireConsent: true }])
    const accepted = expectOk<Json>(
      await own.post(`/visitors/${v}/optins`, { optinChannel: 'none', optinType: 'terms', legalTextId: terms2.id, isActive: true }),
      201,
    )
    expect(await required()).toEqual([])
    await own.post(`/visitors/${v}/optins/${accepted.optinId}/disable`)
    expect(await required()).toEqual([{ legalTextId: terms2.id, requireConsent: true }])
    expectErrors(await own.get(`/visitors/${v}/required-consents`, { newCenter: 'XX-SC-404' }), 404, ['newCenter'])
    expectErrors(await own.get('/visitors/00000000-0000-4000-8000-000000000000/required-consents'), 404, ['visitorId'])
  })

  it('requires the regional texts of the countries of the visitor’s centers, and of a center being joined', async () => {
    const own = await newWestfieldClient(t)
    const v = (await createVisitor(own)).visitorId
    const create = async (body: Json) => expectOk<Json & { id: number }>(await own.post('/legal-texts', body), 201)
    const required = async (params: Record<string, string> = {}) =>
      expectOk<{ legalTextId: number }[]>(await own.get(`/visitors/${v}/required-consents`, params)).map((r) => r.legalTextId)
    const released = { releaseDate: '2026-01-01T00:00:00Z', requireConsent: true }
    const terms = await create({ type: 'terms', ...released })
    const privacyEu = await create({ type: 'privacy_eu', ...released })
    const privacyUs = await create({ type: 'privacy_us', ...released })
    const smsUs = await create({ type: 'sms_us', ...released })
    const paris = await createCenter(own, { country: 'FR' })
    const dallas = await createCenter(own, { country: 'US' })
    expect(await required()).toEqual([terms.id])
    expectOk(await own.post(`/visitors/${v}/centers`, { pcCode: paris.pcCode, isFavorite: true }), 201)
    expect(await required()).toEqual([terms.id, privacyEu.id])
    expect(await required({ newCenter: dallas.pcCode })).toEqual([terms.id, privacyEu.id, privacyUs.id, smsUs.id])
    await own.post(`/visitors/${v}/optins`, { optinChannel: 'none', optinType: 'privacy', legalTextId: privacyEu.id, isActive: true })
    expect(await required({ newCenter: dallas.pcCode })).toEqual([terms.id, privacyUs.id, smsUs.id])
  })

  it('keeps each account’s texts and optins to itself', async () => {
    const mine = await newWestfieldClient(t)
    const theirs = await newWestfieldClient(t)
    const v = (await createVisitor(mine)).visitorId
    const text = expectOk<Json & { id: number }>(await mine.post('/legal-texts', { type: 'terms', releaseDate: '2026-01-01T00:00:00Z' }), 201)
    const o = expectOk<Json>(await mine.post(`/visitors/${v}/optins`, { optinChannel: 'email', optinType: 'terms', isActive: true }), 201)
    expectErrors(await theirs.get(`/legal-texts/${text.id}`), 404, ['legalTextId'])
    expectErrors(await theirs.patch(`/legal-texts/${text.id}`, { requireConsent: true }), 404, ['legalTextId'])
    expectErrors(await theirs.get(`/visitors/${v}/optins/${o.optinId}`), 404, ['visitorId'])
    expectErrors(await theirs.post(`/visitors/${v}/optins/${o.optinId}/disable`), 404, ['visitorId'])
    expect(listOf<Json>(await theirs.get('/legal-texts'))).toEqual([])
    expect(expectOk<Json>(await mine.get(`/visitors/${v}/optins/${o.optinId}`)).isActive).toBe(true)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createShop, dataOf, encodings, errorOf, LEAT_DATE, leat, newLeatClient } from './support.js'

interface Session {
  uuid: string
  url: string
  type: string
  contact: { uuid: string } | null
  shop: { id: number; uuid: string; reference: string | null; name: string }
  options: Record<string, unknown>
  events: { type: string; data: Record<string, unknown>; created_at: string }[]
  expires_at: string
  finished_at: string | null
  created_at: string
}

const DEFAULTS = {
  scanner_type: 'camera',
  enable_email_identification: false,
  enable_registration: false,
  enable_on_screen_keyboard: false,
  camera_service: 3,
  facing_mode: 'user',
  primary_identification_method: 'identifier',
}

const TYPED = ['credit-reception', 'top-up-giftcards', 'pay-prepaid', 'top-up-prepaid', 'vouchers'] as const

describe.each(databaseKinds())('Leat portal sessions (%s)', (kind) => {
  let t: TestApp
  let token: string
  let accountId: number
  let shop: { id: number; uuid: string }
  let contactUuid: string

  const open = (path: string, body: Record<string, unknown>, options: { form?: boolean; headers?: Record<string, string>; as?: string } = {}) =>
    leat(t.app, 'POST', `/portal-sessions${path}`, {
      token: options.as ?? token,
      body: { shop_uuid: shop.uuid, ...body },
      form: options.form ?? false,
      headers: options.headers ?? {},
    })

  beforeAll(async () => {
    t = await createTestApp(kind)
    const client = await newLeatClient(t)
    token = client.token
    accountId = client.accountId
    shop = await createShop(t, accountId, 'Krusty Krab', 'KK-1')
    contactUuid = dataOf<{ uuid: string }>(await leat(t.app, 'POST', '/contacts', { token, body: { email: 'spongebob@bikinibottom.sea' } })).uuid
  })
  afterAll(() => t.close())

  it('creates a session with every documented default and a URL that opens its page on this server', async () => {
    const res = await open('', {}, { headers: { host: 'kiosk.example.com' } })
    expect(res.status).toBe(200)
    expect(res.body.meta).toEqual([])
    const session = dataOf<Session>(res)
    expect(session).toMatchObject({
      type: 'default',
      contact: null,
      shop: { id: shop.id, uuid: shop.uuid, reference: 'KK-1', name: 'Krusty Krab' },
      options: DEFAULTS,
      events: [],
      finished_at: null,
    })
    expect(session.url).toBe(`http://kiosk.example.com/portal-sessions?uuid=${session.uuid}`)
    expect(session.created_at).toMatch(LEAT_DATE)
    expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(3_600_000)
  })

  it('builds the URL from the forwarded scheme and host behind a proxy', async () => {
    const res = await open('', {}, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'loyalty.example.com' } })
    const session = dataOf<Session>(res)
    expect(session.url).toBe(`https://loyalty.example.com/portal-sessions?uuid=${session.uuid}`)
  })

  it.each(encodings)('takes every option as sent, booleans included ($name)', async ({ form }) => {
    const res = await open(
      '',
      {
        contact_uuid: contactUuid,
        scanner_type: 'hand_scanner',
        enable_email_identification: true,
        enable_registration: true,
        enable_on_screen_keyboard: true,
        camera_service: 1,
        facing_mode: 'environment',
        primary_identification_method: 'email',
      },
      { form },
    )
    expect(res.status).toBe(200)
    expect(dataOf<Session>(res)).toMatchObject({
      contact: { uuid: contactUuid },
      options: {
        scanner_type: 'hand_scanner',
        enable_email_identification: true,
        enable_registration: true,
        enable_on_screen_keyboard: true,
        camera_service: 1,
        facing_mode: 'environment',
        primary_identification_method: 'email',
      },
    })
  })

  it.each(TYPED)('creates a %s session with the common options and their defaults', async (path) => {
    const res = await open(`/${path}`, { contact_uuid: contactUuid, enable_registration: true })
    expect(res.status).toBe(200)
    const session = dataOf<Session>(res)
    expect(session.type).toBe(path)
    expect(session.options).toEqual({ ...DEFAULTS, enable_registration: true })
    expect(session.contact).toEqual({ uuid: contactUuid })
  })

  it.each(encodings)('creates a redeem-giftcards session: amount required, multiple giftcards allowed by default ($name)', async ({ form }) => {
    const res = await open('/redeem-giftcards', { amount_in_cents: 1040 }, { form })
    expect(dataOf<Session>(res)).toMatchObject({ type: 'redeem-giftcards', options: { ...DEFAULTS, amount_in_cents: 1040, allow_multiple_giftcards: true } })
    const single = await open('/redeem-giftcards', { amount_in_cents: 500, allow_multiple_giftcards: false }, { form })
    expect(dataOf<Session>(single).options).toMatchObject({ amount_in_cents: 500, allow_multiple_giftcards: false })
    const missing = await open('/redeem-giftcards', {}, { form })
    expect(errorOf(missing)).toMatchObject({ code: 1003 })
    expect(errorOf(missing).errors).toHaveProperty('amount_in_cents')
  })

  it.each([
    '',
    '/credit-reception',
    '/redeem-giftcards',
    '/top-up-giftcards',
    '/pay-prepaid',
    '/top-up-prepaid',
    '/vouchers',
  ])('answers 1008 for an unknown shop and 55031 for an unknown contact on POST /portal-sessions%s', async (path) => {
    const amount = path === '/redeem-giftcards' ? { amount_in_cents: 100 } : {}
    expect(errorOf(await open(path, { ...amount, shop_uuid: 'nowhere' }))).toMatchObject({ status: 400, code: 1008, message: 'Shop not found.' })
    expect(errorOf(await open(path, { ...amount, contact_uuid: 'nobody' }))).toMatchObject({ status: 400, code: 55031, message: 'Contact not found.' })
  })

  it('refuses options outside the documented choices, naming the field', async () => {
    expect(errorOf(await open('', { scanner_type: 'laser' })).errors).toHaveProperty('scanner_type')
    expect(errorOf(await open('', { camera_service: 4 })).errors).toHaveProperty('camera_service')
    expect(errorOf(await open('', { facing_mode: 'left' })).errors).toHaveProperty('facing_mode')
    expect(errorOf(await open('', { primary_identification_method: 'phone' })).errors).toHaveProperty('primary_identification_method')
    expect(errorOf(await open('', { enable_registration: 'perhaps' }, { form: true })).errors).toHaveProperty('enable_registration')
    expect(errorOf(await open('', { shop_uuid: '' })).errors).toHaveProperty('shop_uuid')
  })

  it('gets a session with its events, and answers 1003 for an unknown one', async () => {
    const created = dataOf<Session>(await open('/credit-reception', { contact_uuid: contactUuid }))
    await t.container.portalSessions.recordEvent(created.uuid, 'credit_reception_created', { credits: 10 })
    const res = await leat(t.app, 'GET', `/portal-sessions/${created.uuid}`, { token })
    const session = dataOf<Session>(res)
    expect(session.uuid).toBe(created.uuid)
    expect(session.events).toEqual([{ type: 'credit_reception_created', data: { credits: 10 }, created_at: expect.stringMatching(LEAT_DATE) }])
    expect(errorOf(await leat(t.app, 'GET', '/portal-sessions/00000000-0000-0000-0000-000000000000', { token }))).toMatchObject({
      status: 400,
      code: 1003,
    })
  })

  it('keeps sessions of another account out of reach', async () => {
    const created = dataOf<Session>(await open('', {}))
    const other = await newLeatClient(t)
    expect(errorOf(await leat(t.app, 'GET', `/portal-sessions/${created.uuid}`, { token: other.token }))).toMatchObject({ code: 1003 })
    expect(errorOf(await open('', {}, { as: other.token }))).toMatchObject({ code: 1008 })
    const theirShop = await createShop(t, other.accountId, 'Chum Bucket')
    expect(errorOf(await open('', { shop_uuid: theirShop.uuid, contact_uuid: contactUuid }, { as: other.token }))).toMatchObject({ code: 55031 })
  })

  it('answers a retried create with the same Idempotency-Key with the same session', async () => {
    const headers = { 'idempotency-key': 'open-session-1' }
    const first = dataOf<Session>(await open('/vouchers', {}, { headers }))
    const retry = dataOf<Session>(await open('/vouchers', {}, { headers }))
    expect(retry.uuid).toBe(first.uuid)
  })

  it('records steps only while the session is open: finished or expired sessions refuse them', async () => {
    const finished = dataOf<Session>(await open('', {}))
    await t.container.portalSessions.finish(finished.uuid)
    await expect(t.container.portalSessions.recordEvent(finished.uuid, 'late', {})).rejects.toMatchObject({ code: 'portal_session.finished' })
    const got = dataOf<Session>(await leat(t.app, 'GET', `/portal-sessions/${finished.uuid}`, { token }))
    expect(got.finished_at).toMatch(LEAT_DATE)
    expect(got.events.map((e) => e.type)).toEqual(['finished'])

    const expiring = dataOf<Session>(await open('', {}))
    t.clock.advance(3_600_000)
    await expect(t.container.portalSessions.recordEvent(expiring.uuid, 'late', {})).rejects.toMatchObject({ code: 'portal_session.expired' })
    const view = await t.container.portalSessions.getByCapability(expiring.uuid)
    expect(t.container.portalSessions.isExpired(view.session)).toBe(true)
  })

  it('writes every session step to the outbox with the session shop, for webhooks and live streams', async () => {
    const created = dataOf<Session>(await open('', {}))
    await t.container.portalSessions.identify(created.uuid, contactUuid)
    await t.container.portalSessions.recordEvent(created.uuid, 'credits_shown', { balance: 0 })
    await t.container.portalSessions.finish(created.uuid)
    const session = dataOf<Session>(await leat(t.app, 'GET', `/portal-sessions/${created.uuid}`, { token }))
    expect(session.contact).toEqual({ uuid: contactUuid })
    expect(session.events.map((e) => e.type)).toEqual(['contact_identified', 'credits_shown', 'finished'])
    const rows = await t.container.db.kysely.selectFrom('events').selectAll().where('account_id', '=', accountId).orderBy('id').execute()
    const outbox = rows.filter((r) => (JSON.parse(r.payload) as { sessionUuid?: string }).sessionUuid === created.uuid)
    expect(outbox.map((r) => r.type)).toEqual(['portal_session.created', 'portal_session.event', 'portal_session.event', 'portal_session.finished'])
    expect(outbox.every((r) => r.shop_id === shop.id)).toBe(true)
  })
})

describe.each(databaseKinds())('Leat portal sessions with PUBLIC_URL and a short lifetime (%s)', (kind) => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: 'https://loyalty.example.com/', PORTAL_SESSION_TTL_SECONDS: '600' })
  })
  afterAll(() => t.close())

  it('uses the configured public URL and lifetime', async () => {
    const client = await newLeatClient(t)
    const shop = await createShop(t, client.accountId, 'Krusty Krab')
    const session = dataOf<Session>(await leat(t.app, 'POST', '/portal-sessions', { token: client.token, body: { shop_uuid: shop.uuid } }))
    expect(session.url).toBe(`https://loyalty.example.com/portal-sessions?uuid=${session.uuid}`)
    expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(600_000)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { minor } from '../../src/domain/shared/amounts.js'
import { ensurePortalBuilt } from '../../src/ui/portal/build.js'
import { call, createTestApp, type JsonResponse, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'
import { type KioskFixture, kioskFixture } from './portal-support.js'

/** The kiosk API the page calls, through HTTP as the page calls it, on every database. */
describe.each(databaseKinds())('the kiosk API of a portal session (%s)', (kind) => {
  let t: TestApp
  let f: KioskFixture

  const kiosk = (method: 'GET' | 'POST', uuid: string, path = '', body?: unknown, headers?: Record<string, string>): Promise<JsonResponse> =>
    call(t.app, method, `/portal-sessions/api/${uuid}${path}`, {
      ...(body !== undefined ? { body } : method === 'POST' ? { body: {} } : {}),
      ...(headers ? { headers } : {}),
    })
  const errorOf = (res: JsonResponse) => ({ status: res.status, ...(res.body.error as { code: string; field: string | null }) })

  beforeAll(async () => {
    await ensurePortalBuilt()
    t = await createTestApp(kind)
    f = await kioskFixture(t, `api-${kind}`)
  })
  afterAll(async () => t?.close())

  it('answers the session with its options, shop and contact, and no bearer token is needed', async () => {
    const contact = await f.newContact()
    const session = await f.openSession('/redeem-giftcards', {
      amount_in_cents: 1040,
      contact_uuid: contact.uuid,
      scanner_type: 'hand_scanner',
      camera_service: 1,
    })
    const res = await kiosk('GET', session.uuid)
    expect(res.status).toBe(200)
    expect(res.raw.headers['cache-control']).toBe('no-store')
    expect(res.body).toMatchObject({
      uuid: session.uuid,
      type: 'redeem_giftcards',
      status: 'open',
      shop: { name: 'Krusty Krab' },
      options: { scanner_type: 'hand_scanner', camera_service: 1, facing_mode: 'user', amount_in_cents: 1040, allow_multiple_giftcards: true },
      contact: { uuid: contact.uuid, email: contact.email, points: 0, prepaid_balance_in_cents: 0 },
      events: [],
    })
  })

  it('serves the page at the session url, with headers that keep the link from leaking', async () => {
    const session = await f.openSession('', {})
    const page = await t.app.inject({ method: 'GET', url: session.path })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.headers['content-security-policy']).toContain("default-src 'self'")
    const script = /src="(\/portal-sessions\/assets\/[^"]+\.js)"/.exec(page.body)?.[1]
    expect(script).toBeDefined()
    const asset = await t.app.inject({ method: 'GET', url: script ?? '' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['content-type']).toContain('javascript')
  })

  it('answers 404 for an unknown session and 410 once it has expired', async () => {
    expect(errorOf(await kiosk('GET', '00000000-0000-4000-8000-000000000000'))).toMatchObject({ status: 404, code: 'portal_session.not_found' })
    const contact = await f.newContact()
    const session = await f.openSession('', {})
    t.clock.advance(60 * 60 * 1000)
    expect(errorOf(await kiosk('GET', session.uuid))).toMatchObject({ status: 410, code: 'portal_session.expired' })
    expect(errorOf(await kiosk('POST', session.uuid, '/identify', { identifier: contact.card }))).toMatchObject({ status: 410, code: 'portal_session.expired' })
    expect(await f.sessionEvents(session.uuid)).toEqual([])
  })

  it('names the field of bad input and writes nothing', async () => {
    const session = await f.openSession('/pay-prepaid', {})
    expect(errorOf(await kiosk('POST', session.uuid, '/identify', { identifier: '' }))).toMatchObject({ status: 400, code: 'validation.invalid' })
    expect(errorOf(await kiosk('POST', session.uuid, '/identify', { card: 'x' }))).toMatchObject({ status: 400, code: 'validation.invalid' })
    expect(errorOf(await kiosk('POST', session.uuid, '/prepaid/pay', { amount_in_cents: -5 }))).toMatchObject({
      status: 400,
      code: 'validation.invalid',
      field: 'amount_in_cents',
    })
    expect(await f.sessionEvents(session.uuid)).toEqual([])
  })

  it('identifies by email and registers only when the session allows it', async () => {
    const contact = await f.newContact()
    const plain = await f.openSession('', {})
    expect(errorOf(await kiosk('POST', plain.uuid, '/identify', { email: contact.email }))).toMatchObject({
      status: 400,
      code: 'validation.invalid',
      field: 'email',
    })
    expect(errorOf(await kiosk('POST', plain.uuid, '/register', { email: `new-${kind}@example.com` }))).toMatchObject({
      status: 400,
      code: 'validation.invalid',
    })
    const open = await f.openSession('', { enable_email_identification: true, enable_registration: true })
    expect(errorOf(await kiosk('POST', open.uuid, '/register', { email: contact.email }))).toMatchObject({ status: 409, code: 'contact.exists' })
    const res = await kiosk('POST', open.uuid, '/identify', { email: contact.email.toUpperCase() })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ session: { contact: { uuid: contact.uuid } } })
    expect(await f.sessionEvents(open.uuid)).toEqual(['contact_identified'])
  })

  it("acts only within the session's own account: another account's card and giftcard are unknown", async () => {
    const other = await kioskFixture(t, `other-${kind}`)
    const stranger = await other.newContact()
    const foreignCard = await other.newGiftcard(5000)
    const session = await f.openSession('', {})
    expect(errorOf(await kiosk('POST', session.uuid, '/identify', { identifier: stranger.card }))).toMatchObject({ status: 404, code: 'identifier.not_found' })
    const redeem = await f.openSession('/redeem-giftcards', { amount_in_cents: 1000 })
    expect(errorOf(await kiosk('POST', redeem.uuid, '/giftcards/redeem', { hash: foreignCard }))).toMatchObject({ status: 404, code: 'giftcard.not_found' })
    expect((await t.container.giftcards.get(other.ctx.accountId, { hash: foreignCard })).balance).toBe(5000)
  })

  it('refuses a step of another session type', async () => {
    const hash = await f.newGiftcard(1000)
    const session = await f.openSession('/top-up-giftcards', {})
    expect(errorOf(await kiosk('POST', session.uuid, '/giftcards/redeem', { hash }))).toMatchObject({ status: 400, code: 'validation.invalid' })
    expect((await t.container.giftcards.get(f.ctx.accountId, { hash })).balance).toBe(1000)
  })

  it('pays once when the customer taps pay many times at once', async () => {
    const contact = await f.newContact()
    await t.container.prepaid.topUp(f.ctx, { contact: { id: contact.id }, amount: minor(10_000), shop: { id: f.shop.id } })
    const session = await f.openSession('/pay-prepaid', { contact_uuid: contact.uuid })
    const answers = await Promise.all(Array.from({ length: 6 }, () => kiosk('POST', session.uuid, '/prepaid/pay', { amount_in_cents: 1500 })))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
    expect(answers.filter((a) => a.status !== 200).map((a) => errorOf(a).code)).toEqual(Array(5).fill('portal_session.finished'))
    expect(await t.container.prepaid.balance(f.ctx.accountId, { id: contact.id })).toBe(8500)
    expect(await f.sessionEvents(session.uuid)).toEqual(['prepaid_paid', 'finished'])
    // The till hears of the step through the outbox, with the session's shop; the refused taps left nothing there.
    const rows = await t.container.db.kysely.selectFrom('events').selectAll().where('account_id', '=', f.ctx.accountId).orderBy('id').execute()
    const outbox = rows.filter((r) => (JSON.parse(r.payload) as { sessionUuid?: string }).sessionUuid === session.uuid)
    expect(outbox.map((r) => r.type)).toEqual(['portal_session.created', 'portal_session.event', 'portal_session.finished'])
    expect(outbox.every((r) => r.shop_id === f.shop.id)).toBe(true)
  })

  it('never charges giftcards more than the purchase, even when cards are scanned at once', async () => {
    const hashes = await Promise.all([3000, 3000, 3000].map((b) => f.newGiftcard(b)))
    const session = await f.openSession('/redeem-giftcards', { amount_in_cents: 4000 })
    const answers = await Promise.all(hashes.map((hash) => kiosk('POST', session.uuid, '/giftcards/redeem', { hash })))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2)
    const balances = await Promise.all(hashes.map((hash) => t.container.giftcards.get(f.ctx.accountId, { hash })))
    expect(balances.reduce((sum, b) => sum + (3000 - b.balance), 0)).toBe(4000)
    expect(await f.sessionEvents(session.uuid)).toEqual(['giftcard_redeemed', 'giftcard_redeemed', 'finished'])
  })

  it('replays a retried step with the same Idempotency-Key and changes nothing', async () => {
    const contact = await f.newContact()
    const session = await f.openSession('/top-up-prepaid', { contact_uuid: contact.uuid })
    const first = await kiosk('POST', session.uuid, '/prepaid/top-up', { amount_in_cents: 2000 }, { 'idempotency-key': 'tap-1' })
    const retry = await kiosk('POST', session.uuid, '/prepaid/top-up', { amount_in_cents: 2000 }, { 'idempotency-key': 'tap-1' })
    expect(first.status).toBe(200)
    expect(retry.body).toEqual(first.body)
    expect(await t.container.prepaid.balance(f.ctx.accountId, { id: contact.id })).toBe(2000)
    const other = await kiosk('POST', session.uuid, '/prepaid/top-up', { amount_in_cents: 3000 }, { 'idempotency-key': 'tap-1' })
    expect(errorOf(other)).toMatchObject({ status: 409, code: 'idempotency.key_reused' })
    // The same key in another session is another request.
    const next = await f.openSession('/top-up-prepaid', { contact_uuid: contact.uuid })
    expect((await kiosk('POST', next.uuid, '/prepaid/top-up', { amount_in_cents: 2000 }, { 'idempotency-key': 'tap-1' })).status).toBe(200)
    expect(await t.container.prepaid.balance(f.ctx.accountId, { id: contact.id })).toBe(4000)
  })

  it("redeems only the contact's own voucher, once", async () => {
    const owner = await f.newContact()
    const someoneElse = await f.newContact()
    const promotion = await t.container.vouchers.createPromotion(f.ctx, {
      name: 'Free coffee',
      description: '',
      voucherLimit: null,
      limitPerContact: null,
      expirationDuration: null,
    })
    const voucher = await t.container.vouchers.create(f.ctx, { promotionUuid: promotion.uuid, contact: { id: owner.id } })
    const code = voucher.voucher.code
    const wrong = await f.openSession('/vouchers', { contact_uuid: someoneElse.uuid })
    expect(await kiosk('GET', wrong.uuid, '/vouchers').then((r) => r.body)).toEqual([])
    expect(errorOf(await kiosk('POST', wrong.uuid, '/vouchers/redeem', { code }))).toMatchObject({ status: 400, code: 'validation.invalid' })
    const right = await f.openSession('/vouchers', { contact_uuid: owner.uuid })
    expect(await kiosk('GET', right.uuid, '/vouchers').then((r) => r.body)).toEqual([{ code, name: 'Free coffee', description: null, expires_at: null }])
    expect((await kiosk('POST', right.uuid, '/vouchers/redeem', { code })).status).toBe(200)
    const again = await f.openSession('/vouchers', { contact_uuid: owner.uuid })
    expect(errorOf(await kiosk('POST', again.uuid, '/vouchers/redeem', { code }))).toMatchObject({ status: 422, code: 'voucher.redeemed' })
  })

  it('credit reception: waits for the till, then records the credits once and finishes', async () => {
    const contact = await f.newContact()
    const session = await f.openSession('/credit-reception', { contact_uuid: contact.uuid })
    const waiting = await kiosk('POST', session.uuid, '/credit-reception')
    expect(waiting.status).toBe(200)
    expect(waiting.body.points).toBeUndefined()
    await t.container.creditReceptions.create(f.ctx, { shopUuid: f.shop.uuid, contactUuid: contact.uuid, amount: minor(2500) })
    const done = await kiosk('POST', session.uuid, '/credit-reception')
    expect(done.body).toMatchObject({ points: 25, session: { status: 'finished', contact: { points: 25 } } })
    expect(await f.sessionEvents(session.uuid)).toEqual(['credits_received', 'finished'])
  })
})

import { setTimeout } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config.js'
import { createContainer } from '../../../src/container.js'
import type { DispatchReport, WebhookDispatcher } from '../../../src/domain/webhooks/webhook-delivery.service.js'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { customer, STORE } from '../msloyalty/support.js'
import { createShop, dataOf, leat, newLeatClient } from './support.js'
import { type Receiver, signatureIsValid, startReceiver } from './webhooks-receiver.js'

const MINUTE = 60_000

describe.each(databaseKinds())('Leat webhook delivery (%s)', (kind) => {
  let t: TestApp
  let receiver: Receiver

  beforeAll(async () => {
    t = await createTestApp(kind, { WEBHOOK_RETRY_BASE_MS: String(MINUTE), WEBHOOK_RETRY_MAX_MS: String(60 * MINUTE), WEBHOOK_MAX_ATTEMPTS: '5' })
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    receiver = await startReceiver()
  })
  afterEach(() => receiver.close())

  /**
   * Dispatch steps at the current (fake) time until every committed event has
   * been read. On PostgreSQL an event is read once every transaction older
   * than it has ended, anywhere on the server, so a step may have to wait for
   * other sessions.
   */
  const settle = async (dispatcher: WebhookDispatcher): Promise<DispatchReport> => {
    const total = { queued: 0, attempted: 0, delivered: 0 }
    const giveUpAt = Date.now() + 20_000
    for (;;) {
      const report = await dispatcher.runOnce()
      total.queued += report.queued
      total.attempted += report.attempted
      total.delivered += report.delivered
      if ((await dispatcher.backlog()).events === 0) return total
      if (Date.now() > giveUpAt) throw new Error('the outbox did not settle within 20 seconds: a transaction left open on the server?')
      await setTimeout(20)
    }
  }
  const dispatch = () => settle(t.container.webhookDispatcher)

  const subscribe = async (token: string, body: Record<string, unknown> = {}) => {
    const res = await leat(t.app, 'POST', '/webhook-subscriptions', {
      token,
      body: { name: 'Contact created', event_type: 'contact_created', url: receiver.url, secret: 'top-secret', ...body },
    })
    expect(res.status).toBe(200)
    return dataOf<{ uuid: string; secret?: string }>(res)
  }

  /** A new contact through another dialect: the same contact for every dialect, so Leat's webhooks see it. */
  const newContact = async (token: string, externalId: string) => {
    const res = await call(t.app, 'POST', '/msloyalty/api/transaction', {
      token,
      body: { type: 'POINTS ORDER', code: `order-${externalId}`, total: 10, description: 'visit', customer: customer(externalId), store: STORE },
    })
    expect(res.status).toBe(200)
  }

  it('retries a failing receiver with exponential backoff until it answers, then never again, every attempt signed', async () => {
    const { token } = await newLeatClient(t)
    const sub = await subscribe(token)
    receiver.answerWith(500, 503)
    await newContact(token, 'backoff-1')

    expect(await dispatch()).toMatchObject({ queued: 1, attempted: 1, delivered: 0 })
    expect(receiver.received).toHaveLength(1)

    // Nothing before the first wait (one base delay) is over.
    t.clock.advance(MINUTE - 1000)
    expect(await dispatch()).toMatchObject({ attempted: 0 })
    expect(receiver.received).toHaveLength(1)
    t.clock.advance(1000)
    expect(await dispatch()).toMatchObject({ attempted: 1, delivered: 0 })
    expect(receiver.received).toHaveLength(2)

    // The second wait is twice the first.
    t.clock.advance(2 * MINUTE - 1000)
    await dispatch()
    expect(receiver.received).toHaveLength(2)
    t.clock.advance(1000)
    expect(await dispatch()).toMatchObject({ attempted: 1, delivered: 1 })
    expect(receiver.received).toHaveLength(3)
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 503, 200])

    t.clock.advance(24 * 60 * MINUTE)
    expect(await dispatch()).toMatchObject({ queued: 0, attempted: 0 })
    expect(receiver.received).toHaveLength(3)

    const [first, , last] = receiver.received
    if (!first || !last) throw new Error('missing requests')
    for (const hook of receiver.received) {
      expect(signatureIsValid(hook, 'top-secret')).toBe(true)
      expect(signatureIsValid(hook, 'another-secret')).toBe(false)
      expect(hook.headers['content-type']).toBe('application/json')
      expect(hook.headers['leat-event-type']).toBe('contact_created')
      expect(hook.path).toBe('/hooks')
    }
    // Every attempt carries the same event: same body, same id, a fresh signature time.
    expect(last.raw).toBe(first.raw)
    expect(last.headers['leat-webhook-id']).toBe(first.headers['leat-webhook-id'])
    expect(Number(last.headers['leat-timestamp'])).toBe(Number(first.headers['leat-timestamp']) + 3 * 60)
    expect(last.body).toEqual({
      uuid: first.headers['leat-webhook-id'],
      event_type: 'contact_created',
      version: 'V1',
      webhook_subscription_uuid: sub.uuid,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
      data: { contact: { uuid: expect.stringMatching(/^[0-9a-f-]{36}$/) } },
    })
  })

  it('signs with the generated secret when the subscription did not choose one', async () => {
    const { token } = await newLeatClient(t)
    const sub = await subscribe(token, { secret: undefined })
    expect(sub.secret).toBeDefined()
    await newContact(token, 'generated-1')
    await dispatch()
    const [hook] = receiver.received
    if (!hook || !sub.secret) throw new Error('no webhook')
    expect(signatureIsValid(hook, sub.secret)).toBe(true)
  })

  it('never delivers the events of another account', async () => {
    const a = await newLeatClient(t)
    const b = await newLeatClient(t)
    const subA = await subscribe(a.token)
    await newContact(b.token, 'other-account-1')
    await dispatch()
    expect(receiver.received).toHaveLength(0)

    const subB = await subscribe(b.token)
    await newContact(b.token, 'other-account-2')
    await newContact(a.token, 'own-account-1')
    await dispatch()
    expect(receiver.received.map((r) => r.body.webhook_subscription_uuid).sort()).toEqual([subA.uuid, subB.uuid].sort())
  })

  it('sends only what happens while a subscription exists and is active', async () => {
    const { token } = await newLeatClient(t)
    await newContact(token, 'before-1')
    const sub = await subscribe(token)
    await dispatch()
    expect(receiver.received).toHaveLength(0)

    await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, { token, body: { status: 'INACTIVE' } })
    await newContact(token, 'while-inactive-1')
    await dispatch()
    expect(receiver.received).toHaveLength(0)

    await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, { token, body: { status: 'ACTIVE' } })
    await newContact(token, 'active-again-1')
    await dispatch()
    expect(receiver.received).toHaveLength(1)
  })

  it('stops retrying once the subscription is deleted', async () => {
    const { token } = await newLeatClient(t)
    const sub = await subscribe(token)
    receiver.answerWith(500)
    await newContact(token, 'deleted-1')
    await dispatch()
    expect(receiver.received).toHaveLength(1)
    await leat(t.app, 'DELETE', `/webhook-subscriptions/${sub.uuid}`, { token })
    t.clock.advance(60 * MINUTE)
    await dispatch()
    expect(receiver.received).toHaveLength(1)
  })

  it('gives a delivery up after the last attempt', async () => {
    const { token } = await newLeatClient(t)
    await subscribe(token)
    receiver.answerWith(500, 500, 500, 500, 500, 500)
    await newContact(token, 'give-up-1')
    for (let i = 0; i < 8; i++) {
      await dispatch()
      t.clock.advance(60 * MINUTE)
    }
    expect(receiver.received).toHaveLength(5)
  })

  it('sends one event to every subscription of its type, and none to the others', async () => {
    const { token } = await newLeatClient(t)
    const one = await subscribe(token, { name: 'one' })
    const two = await subscribe(token, { name: 'two' })
    await subscribe(token, { name: 'vouchers', event_type: 'voucher_created' })
    await newContact(token, 'fan-out-1')
    expect(await dispatch()).toMatchObject({ queued: 2, delivered: 2 })
    expect(receiver.received.map((r) => r.body.webhook_subscription_uuid).sort()).toEqual([one.uuid, two.uuid].sort())
  })

  it('delivers what was queued before a restart from the next process, once', async () => {
    const { token } = await newLeatClient(t)
    await subscribe(token)
    await newContact(token, 'restart-1')
    // The first process commits the event and queues its delivery, then goes away before sending it.
    let queued = await t.container.webhookDispatcher.fanOut()
    while ((await t.container.webhookDispatcher.backlog()).events > 0) queued += await t.container.webhookDispatcher.fanOut()
    expect(queued).toBe(1)
    expect(receiver.received).toHaveLength(0)
    await newContact(token, 'restart-2')

    const next = await createContainer(loadConfig({ ...t.db.env, EXPIRY_INTERVAL_MS: '0' }), { clock: t.clock })
    try {
      expect(await settle(next.webhookDispatcher)).toMatchObject({ queued: 1, delivered: 2 })
      expect(await settle(next.webhookDispatcher)).toMatchObject({ queued: 0, attempted: 0 })
    } finally {
      await next.close()
    }
    expect(await dispatch()).toMatchObject({ queued: 0, attempted: 0 })
    expect(receiver.received).toHaveLength(2)
  })

  it('several dispatchers at once send every event exactly once', async () => {
    const { token } = await newLeatClient(t)
    await subscribe(token)
    for (let i = 0; i < 12; i++) await newContact(token, `parallel-${i}`)
    // PostgreSQL: three processes' worth of containers. SQLite has one writer process, so there the
    // steps overlap inside one process.
    const others =
      kind === 'postgres'
        ? await Promise.all(
            [1, 2].map(() => createContainer(loadConfig({ ...t.db.env, EXPIRY_INTERVAL_MS: '0', DATABASE_POOL_SIZE: '3' }), { clock: t.clock })),
          )
        : [t.container, t.container]
    try {
      await Promise.all([dispatch(), ...others.map((c) => settle(c.webhookDispatcher)), dispatch()])
    } finally {
      if (kind === 'postgres') await Promise.all(others.map((c) => c.close()))
    }
    expect(receiver.received).toHaveLength(12)
    expect(new Set(receiver.received.map((r) => r.body.uuid)).size).toBe(12)
  })

  it('sends the documented Leat events of contacts, identifiers and credit receptions, related entities by UUID', async () => {
    const { token, accountId } = await newLeatClient(t)
    const shop = await createShop(t, accountId, 'Krusty Krab', 'KK-1')
    for (const eventType of ['contact_created', 'contact_identifier_created', 'credit_reception_created']) {
      await subscribe(token, { name: eventType, event_type: eventType })
    }
    const contact = dataOf<{ uuid: string }>(await leat(t.app, 'POST', '/contacts', { token, body: { email: 'sandy@example.com' } }))
    expect(
      (await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: 'CARD-1', contact_uuid: contact.uuid } })).status,
    ).toBe(200)
    const reception = dataOf<{ uuid: string }>(
      await leat(t.app, 'POST', '/credit-receptions', { token, body: { shop_uuid: shop.uuid, contact_uuid: contact.uuid, credits: 25 } }),
    )
    expect((await leat(t.app, 'POST', `/credit-receptions/${reception.uuid}/reverse`, { token })).status).toBe(200)
    await dispatch()

    const byType = (type: string) => receiver.received.filter((r) => r.body.event_type === type).map((r) => r.body.data)
    expect(byType('contact_created')).toEqual([{ contact: { uuid: contact.uuid, email: 'sandy@example.com' } }])
    expect(byType('contact_identifier_created')).toEqual([
      { contact_identifier: expect.objectContaining({ value: 'CARD-1', contact: { uuid: contact.uuid } }) },
    ])
    const receptions = byType('credit_reception_created') as { credit_reception: Record<string, unknown> }[]
    expect(receptions).toHaveLength(2)
    expect(receptions[0]?.credit_reception).toMatchObject({ uuid: reception.uuid, credits: 25, contact: { uuid: contact.uuid }, shop: { uuid: shop.uuid } })
    expect(receptions[1]?.credit_reception).toMatchObject({ credits: -25, contact: { uuid: contact.uuid }, shop: { uuid: shop.uuid } })
    // No internal ids leave the server.
    expect(JSON.stringify(receiver.received.map((r) => r.body))).not.toMatch(/"[a-z_]*_id"|"id"/)
  })

  it('sends prepaid transactions and the life of a voucher as their Leat events', async () => {
    const { token, accountId } = await newLeatClient(t)
    const shop = await createShop(t, accountId, 'Bikini Bottom', 'BB-1')
    for (const eventType of ['prepaid_transaction_created', 'voucher_created', 'voucher_updated', 'voucher_redeemed']) {
      await subscribe(token, { name: eventType, event_type: eventType })
    }
    const contact = dataOf<{ uuid: string }>(await leat(t.app, 'POST', '/contacts', { token, body: { email: 'patrick@example.com' } }))
    const topUp = await leat(t.app, 'POST', '/prepaid-transactions', {
      token,
      body: { contact_uuid: contact.uuid, amount_in_cents: 2500, shop_uuid: shop.uuid },
    })
    expect(topUp.status).toBe(200)
    const promotion = dataOf<{ uuid: string }>(await leat(t.app, 'POST', '/promotions', { token, body: { name: 'Krabby Patty', description: 'free' } }))
    const voucher = dataOf<{ uuid: string; code: string }>(
      await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: promotion.uuid, contact_uuid: contact.uuid } }),
    )
    expect((await leat(t.app, 'PUT', `/vouchers/update/${voucher.uuid}`, { token, body: { status: 'DEACTIVATED' } })).status).toBe(200)
    expect((await leat(t.app, 'PUT', `/vouchers/update/${voucher.uuid}`, { token, body: { status: 'ACTIVE' } })).status).toBe(200)
    expect((await leat(t.app, 'POST', '/vouchers/redeem', { token, body: { code: voucher.code, shop_uuid: shop.uuid } })).status).toBe(200)
    await dispatch()

    const byType = (type: string) =>
      receiver.received.filter((r) => r.body.event_type === type).map((r) => r.body.data as Record<string, Record<string, unknown>>)
    expect(byType('prepaid_transaction_created')).toEqual([
      {
        prepaid_transaction: expect.objectContaining({
          uuid: dataOf<{ uuid: string }>(topUp).uuid,
          amount_in_cents: 2500,
          balance_in_cents: 2500,
          contact: { uuid: contact.uuid },
          shop: { uuid: shop.uuid },
        }),
      },
    ])
    expect(byType('voucher_created')).toEqual([
      { voucher: expect.objectContaining({ uuid: voucher.uuid, code: voucher.code, promotion: { uuid: promotion.uuid }, contact: { uuid: contact.uuid } }) },
    ])
    expect(byType('voucher_updated').map((d) => d.voucher?.active)).toEqual([false, true])
    expect(byType('voucher_redeemed')).toEqual([
      { voucher: expect.objectContaining({ uuid: voucher.uuid, code: voucher.code, contact: { uuid: contact.uuid }, shop: { uuid: shop.uuid } }) },
    ])
    expect(JSON.stringify(receiver.received.map((r) => r.body))).not.toMatch(/"[a-z_]*_id"|"id"/)
  })

  if (kind === 'postgres')
    it('does not skip an event whose transaction commits after a later one', async () => {
      const { token, accountId } = await newLeatClient(t)
      await subscribe(token)
      const slow = new pg.Client({ connectionString: t.db.env.DATABASE_URL, options: `-c search_path=${t.db.env.DATABASE_SCHEMA}` })
      await slow.connect()
      try {
        await slow.query('begin')
        // Takes an event id now, but commits only after a later event has committed.
        await slow.query(`insert into events (account_id, shop_id, type, payload, created_at) values ($1, null, 'contact.created', $2, $3)`, [
          accountId,
          JSON.stringify({ uuid: '11111111-1111-4111-8111-111111111111' }),
          t.clock.now(),
        ])
        await newContact(token, 'fast-1')
        // The later event has committed, but an older transaction is still open: it waits.
        await t.container.webhookDispatcher.runOnce()
        expect(receiver.received).toHaveLength(0)
        await slow.query('commit')
      } finally {
        await slow.end()
      }
      await dispatch()
      const contacts = receiver.received.map((r) => (r.body.data as { contact: { uuid: string } }).contact.uuid)
      expect(contacts).toHaveLength(2)
      expect(contacts).toContain('11111111-1111-4111-8111-111111111111')
    })
})

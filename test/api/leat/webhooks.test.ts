import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { dataOf, encodings, errorOf, LEAT_DATE, leat, newLeatClient } from './support.js'

interface Subscription {
  uuid: string
  name: string
  event_type: string
  url: string
  properties: string[]
  status: string
  version: string
  created_at: string
  secret?: string
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000'

describe.each(databaseKinds())('Leat webhook subscriptions (%s)', (kind) => {
  let t: TestApp
  let token: string
  let otherToken: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    token = (await newLeatClient(t)).token
    otherToken = (await newLeatClient(t)).token
  })
  afterAll(() => t.close())

  const create = (body: Record<string, unknown>, form = false, as = token) => leat(t.app, 'POST', '/webhook-subscriptions', { token: as, body, form })

  describe.each(encodings)('with $name bodies', ({ form }) => {
    it('creates, lists, gets, updates and deletes a subscription', async () => {
      const created = await create(
        { name: 'Contact created', event_type: 'contact_created', url: 'http://api.example.com/piggy/webhooks', secret: 's3cret' },
        form,
      )
      expect(created.status).toBe(200)
      expect(created.body.meta).toEqual([])
      const sub = dataOf<Subscription>(created)
      expect(sub).toEqual({
        uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Contact created',
        event_type: 'contact_created',
        url: 'http://api.example.com/piggy/webhooks',
        properties: [],
        status: 'ACTIVE',
        version: 'V1',
        created_at: expect.stringMatching(LEAT_DATE),
      })

      const got = await leat(t.app, 'GET', `/webhook-subscriptions/${sub.uuid}`, { token })
      expect(got.status).toBe(200)
      expect(dataOf<Subscription>(got)).toEqual(sub)

      const listed = await leat(t.app, 'GET', '/webhook-subscriptions', { token })
      expect(listed.body.meta).toEqual([])
      expect(dataOf<Subscription[]>(listed).map((s) => s.uuid)).toContain(sub.uuid)

      const updated = await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, {
        token,
        form,
        body: { name: 'Updated Webhook', url: 'https://hooks.example.com/leat', status: 'INACTIVE' },
      })
      expect(updated.status).toBe(200)
      expect(dataOf<Subscription>(updated)).toEqual({ ...sub, name: 'Updated Webhook', url: 'https://hooks.example.com/leat', status: 'INACTIVE' })
      expect(dataOf<Subscription>(await leat(t.app, 'GET', `/webhook-subscriptions/${sub.uuid}`, { token }))).toMatchObject({
        name: 'Updated Webhook',
        status: 'INACTIVE',
      })

      const deleted = await leat(t.app, 'DELETE', `/webhook-subscriptions/${sub.uuid}`, { token })
      expect(deleted.status).toBe(200)
      expect(deleted.body).toEqual({ data: [], meta: [] })
      expect(errorOf(await leat(t.app, 'GET', `/webhook-subscriptions/${sub.uuid}`, { token }))).toMatchObject({
        status: 400,
        code: 80300,
        message: 'Webhook subscription not found.',
      })
      expect(dataOf<Subscription[]>(await leat(t.app, 'GET', '/webhook-subscriptions', { token })).map((s) => s.uuid)).not.toContain(sub.uuid)
    })

    it('keeps the attributes of a contact_updated subscription as its properties', async () => {
      const created = await create({ name: 'Contact updated', event_type: 'contact_updated', url: 'https://example.com/h', attributes: ['email'] }, form)
      const sub = dataOf<Subscription>(created)
      expect(sub.properties).toEqual(['email'])
      const updated = await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, { token, form, body: { attributes: ['firstname', 'email'] } })
      expect(dataOf<Subscription>(updated).properties).toEqual(['firstname', 'email'])
    })
  })

  it('generates a signing secret when none is given and shows it once', async () => {
    const created = await create({ name: 'No secret', event_type: 'voucher_redeemed', url: 'https://example.com/hooks' })
    const sub = dataOf<Subscription>(created)
    expect(sub.secret).toMatch(/^whsec_\S{20,}$/)
    const got = dataOf<Subscription>(await leat(t.app, 'GET', `/webhook-subscriptions/${sub.uuid}`, { token }))
    expect(got).not.toHaveProperty('secret')
    const chosen = dataOf<Subscription>(await create({ name: 'Own secret', event_type: 'voucher_redeemed', url: 'https://example.com/hooks', secret: 'mine' }))
    expect(chosen).not.toHaveProperty('secret')
  })

  it('filters the list by event type and by status', async () => {
    const { token: own } = await newLeatClient(t)
    const a = dataOf<Subscription>(await create({ name: 'A', event_type: 'voucher_created', url: 'https://example.com/a' }, false, own))
    const b = dataOf<Subscription>(await create({ name: 'B', event_type: 'promotion_updated', url: 'https://example.com/b' }, false, own))
    const c = dataOf<Subscription>(await create({ name: 'C', event_type: 'promotion_updated', url: 'https://example.com/c' }, false, own))
    await leat(t.app, 'PUT', `/webhook-subscriptions/${c.uuid}`, { token: own, body: { status: 'INACTIVE' } })

    const uuids = async (query: string) => dataOf<Subscription[]>(await leat(t.app, 'GET', `/webhook-subscriptions${query}`, { token: own })).map((s) => s.uuid)
    expect(await uuids('')).toEqual([a.uuid, b.uuid, c.uuid])
    expect(await uuids('?event_type=promotion_updated')).toEqual([b.uuid, c.uuid])
    expect(await uuids('?status=INACTIVE')).toEqual([c.uuid])
    expect(await uuids('?event_type=promotion_updated&status=ACTIVE')).toEqual([b.uuid])
    expect(await uuids('?event_type=contact_created')).toEqual([])
  })

  it('rejects bad filters naming the field', async () => {
    const type = errorOf(await leat(t.app, 'GET', '/webhook-subscriptions?event_type=giftcard_sold', { token }))
    expect(type).toMatchObject({ status: 400, code: 1003, statusCode: 400 })
    expect(Object.keys(type.errors)).toEqual(['event_type'])
    const status = errorOf(await leat(t.app, 'GET', '/webhook-subscriptions?status=PAUSED', { token }))
    expect(Object.keys(status.errors)).toEqual(['status'])
  })

  it.each(encodings)('rejects invalid input on create, naming each field ($name)', async ({ form }) => {
    const missing = errorOf(await create({}, form))
    expect(missing).toMatchObject({ status: 400, code: 1003, message: 'Invalid input.', statusCode: 400 })
    expect(Object.keys(missing.errors).sort()).toEqual(['event_type', 'name', 'url'])

    const type = errorOf(await create({ name: 'x', event_type: 'giftcard_sold', url: 'https://example.com' }, form))
    expect(Object.keys(type.errors)).toEqual(['event_type'])

    for (const url of ['not a url', 'ftp://example.com/x', '/relative/path', 'https://user:pw@example.com/']) {
      const bad = errorOf(await create({ name: 'x', event_type: 'contact_created', url }, form))
      expect(bad).toMatchObject({ status: 400, code: 1003 })
      expect(Object.keys(bad.errors)).toEqual(['url'])
    }
    const blank = errorOf(await create({ name: '   ', event_type: 'contact_created', url: 'https://example.com' }, form))
    expect(Object.keys(blank.errors)).toEqual(['name'])
  })

  it('refuses to change the event type or the secret, and requires attributes for contact_updated', async () => {
    const sub = dataOf<Subscription>(await create({ name: 'fixed', event_type: 'contact_created', url: 'https://example.com' }))
    const type = errorOf(await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, { token, body: { event_type: 'voucher_created' } }))
    expect(type).toMatchObject({ status: 400, code: 1003 })
    expect(Object.keys(type.errors)).toEqual(['event_type'])
    const same = await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, { token, body: { event_type: 'contact_created', name: 'still fixed' } })
    expect(dataOf<Subscription>(same)).toMatchObject({ event_type: 'contact_created', name: 'still fixed' })
    const secret = errorOf(await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, { token, body: { secret: 'new' } }))
    expect(Object.keys(secret.errors)).toEqual(['secret'])
    const status = errorOf(await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, { token, body: { status: 'PAUSED' } }))
    expect(Object.keys(status.errors)).toEqual(['status'])
    const url = errorOf(await leat(t.app, 'PUT', `/webhook-subscriptions/${sub.uuid}`, { token, body: { url: 'mailto:ops@example.com' } }))
    expect(Object.keys(url.errors)).toEqual(['url'])

    const watcher = dataOf<Subscription>(await create({ name: 'watch', event_type: 'contact_updated', url: 'https://example.com' }))
    const noAttributes = errorOf(await leat(t.app, 'PUT', `/webhook-subscriptions/${watcher.uuid}`, { token, body: { name: 'watch 2' } }))
    expect(noAttributes).toMatchObject({ status: 400, code: 1003 })
    expect(Object.keys(noAttributes.errors)).toEqual(['attributes'])
    expect(dataOf<Subscription>(await leat(t.app, 'GET', `/webhook-subscriptions/${watcher.uuid}`, { token })).name).toBe('watch')
  })

  it('answers 80300 for unknown subscriptions and for those of another account', async () => {
    const mine = dataOf<Subscription>(await create({ name: 'private', event_type: 'contact_created', url: 'https://example.com' }))
    for (const [uuid, as] of [
      [UNKNOWN, token],
      ['not-a-uuid', token],
      [mine.uuid, otherToken],
    ] as const) {
      expect(errorOf(await leat(t.app, 'GET', `/webhook-subscriptions/${uuid}`, { token: as }))).toMatchObject({ status: 400, code: 80300 })
      expect(errorOf(await leat(t.app, 'PUT', `/webhook-subscriptions/${uuid}`, { token: as, body: { name: 'taken' } }))).toMatchObject({ code: 80300 })
      expect(errorOf(await leat(t.app, 'DELETE', `/webhook-subscriptions/${uuid}`, { token: as }))).toMatchObject({ code: 80300 })
    }
    expect(dataOf<Subscription[]>(await leat(t.app, 'GET', '/webhook-subscriptions', { token: otherToken })).map((s) => s.uuid)).not.toContain(mine.uuid)
    expect(dataOf<Subscription>(await leat(t.app, 'GET', `/webhook-subscriptions/${mine.uuid}`, { token })).name).toBe('private')
  })

  it('needs a valid token', async () => {
    expect((await leat(t.app, 'GET', '/webhook-subscriptions')).status).toBe(401)
    expect(
      (await leat(t.app, 'POST', '/webhook-subscriptions', { body: { name: 'x', event_type: 'contact_created', url: 'https://example.com' } })).status,
    ).toBe(401)
  })

  it('answers a retried create with the same Idempotency-Key once, without a second subscription', async () => {
    const { token: own } = await newLeatClient(t)
    const body = { name: 'once', event_type: 'contact_created', url: 'https://example.com/once', secret: 'k' }
    const headers = { 'idempotency-key': 'create-once' }
    const first = await leat(t.app, 'POST', '/webhook-subscriptions', { token: own, body, headers })
    const again = await leat(t.app, 'POST', '/webhook-subscriptions', { token: own, body, headers })
    expect(again.body).toEqual(first.body)
    expect(dataOf<Subscription[]>(await leat(t.app, 'GET', '/webhook-subscriptions', { token: own }))).toHaveLength(1)
    const other = errorOf(await leat(t.app, 'POST', '/webhook-subscriptions', { token: own, body: { ...body, name: 'twice' }, headers }))
    expect(other).toMatchObject({ code: 1003 })
    expect(Object.keys(other.errors)).toEqual(['Idempotency-Key'])
  })
})

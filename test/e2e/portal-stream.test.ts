import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import type { ClientCredentials } from '../../src/domain/accounts/accounts.js'
import { dataOf, leat } from '../api/leat/support.js'
import { tokenFor } from '../api/pegke/support.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'
import { inboxOf, quiet } from '../support/websocket.js'

interface Activity {
  type: string
  event: string
  store: string
}

/** The till follows a portal session live: each kiosk step reaches the shop's activity stream. */
describe.each(databaseKinds())('portal session steps on the store activity stream (%s)', (kind) => {
  let t: TestApp
  let client: ClientCredentials
  const sockets: WebSocket[] = []

  beforeAll(async () => {
    t = await createTestApp(kind, { EVENT_POLL_INTERVAL_MS: '20' })
    await t.container.relay.start()
    client = await t.newClient()
  })
  afterAll(async () => {
    for (const s of sockets) s.terminate()
    await t.close()
  })

  it('streams the session opening, the sign-up on the kiosk and the finish to the shop, and nothing to another shop', async () => {
    const shop = await t.container.uow.run((tx) => tx.shops.create({ accountId: client.accountId, externalId: 'TILL-1', name: 'Centro', now: t.clock.now() }))
    await t.container.uow.run((tx) => tx.shops.create({ accountId: client.accountId, externalId: 'TILL-2', name: 'Norte', now: t.clock.now() }))
    const token = await tokenFor(t.app, client)
    const listen = async (store: string) => {
      let messages: Activity[] = []
      const socket = await t.app.injectWS(
        `/pegke/realtime/store?store=${store}`,
        { headers: { authorization: `Bearer ${token}` } },
        {
          onInit: (ws: WebSocket) => {
            messages = inboxOf<Activity>(ws).messages
          },
        },
      )
      sockets.push(socket)
      return () => messages
    }
    const till = await listen('TILL-1')
    const elsewhere = await listen('TILL-2')
    await quiet(100)

    const opened = await leat(t.app, 'POST', '/portal-sessions', { token: client.apiKey, body: { shop_uuid: shop.uuid, enable_registration: 1 } })
    expect(opened.status).toBe(200)
    const { uuid } = dataOf<{ uuid: string }>(opened)
    const signedUp = await call(t.app, 'POST', `/portal-sessions/api/${uuid}/register`, { body: { email: 'kiosk@example.com', first_name: 'Kim' } })
    expect(signedUp.status).toBe(200)
    expect((await call(t.app, 'POST', `/portal-sessions/api/${uuid}/finish`, { body: {} })).status).toBe(200)

    for (let i = 0; i < 100 && !till().some((m) => m.event === 'portal_session.finished'); i++) await quiet(50)
    const events = till().map((m) => m.event)
    expect(events).toContain('portal_session.created')
    expect(events).toContain('portal_session.event')
    expect(events.at(-1)).toBe('portal_session.finished')
    expect(till().every((m) => m.store === 'TILL-1')).toBe(true)
    expect(elsewhere()).toEqual([])
  })
})

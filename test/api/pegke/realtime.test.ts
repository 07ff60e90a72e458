import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { type Inbox, inboxOf, quiet } from '../../support/websocket.js'
import { customer } from '../msloyalty/support.js'
import { as, give, requestRedeem, tokenFor, validateRedeem } from './support.js'

interface Activity {
  id: number
  type: string
  event: string
  store: string
  occurred: string
  data: Record<string, unknown>
}

describe.each(databaseKinds())('Pegke store activity stream on %s', (kind) => {
  let t: TestApp
  let token: string
  let apiKey: string
  const sockets: WebSocket[] = []

  beforeAll(async () => {
    t = await createTestApp(kind, { EVENT_POLL_INTERVAL_MS: '20' })
    await t.container.relay.start()
    const client = await t.newClient()
    apiKey = client.apiKey
    token = await tokenFor(t.app, client)
  })
  afterAll(async () => {
    for (const s of sockets) s.terminate()
    await t.close()
  })

  const connect = async (query: Record<string, string>, headers: Record<string, string> = { authorization: `Bearer ${token}` }) => {
    let inbox: Inbox<Activity> | null = null
    const onInit = (ws: WebSocket) => {
      inbox = inboxOf(ws)
    }
    const socket = await t.app.injectWS(`/pegke/realtime/store?${new URLSearchParams(query)}`, { headers }, { onInit })
    sockets.push(socket)
    if (!inbox) throw new Error('no inbox')
    // The stream is live once the subscription has read the watermark; a give right after must not be missed.
    await quiet(100)
    return { socket, inbox: inbox as Inbox<Activity> }
  }

  it('streams points given, redeems and other APIs’ entries of the store, and nothing else', async () => {
    const { inbox } = await connect({ store: 'S-1' })
    await give(t.app, token, { idType: 'mob', mob: '9826471001', points: 10, store: 'S-1' })
    await give(t.app, token, { idType: 'mob', mob: '9826471001', points: 99, store: 'S-2' })
    const other = await tokenFor(t.app, await t.newClient())
    await give(t.app, other, { idType: 'mob', mob: '9826471001', points: 7, store: 'S-1' })
    const redeem = as<{ redeem: { id: number; otp: string } }>(await requestRedeem(t.app, token, { idType: 'mob', mob: '9826471001', points: 4, store: 'S-1' }))
    await validateRedeem(t.app, token, { redeem_id: redeem.redeem.id, otp: redeem.redeem.otp })
    await call(t.app, 'POST', '/msloyalty/api/transaction', {
      token: apiKey,
      body: { type: 'POINTS ORDER', total: 2.5, description: 'order', customer: customer('C-1'), store: { externalId: 'S-1', name: 'Centro' } },
    })

    const got = await inbox.waitFor(6)
    await quiet()
    expect(inbox.messages).toHaveLength(6)
    expect(got.map((m) => m.type)).toEqual(['user.created', 'points.given', 'redeem.requested', 'points.redeemed', 'user.created', 'points.given'])
    expect(got.every((m) => m.store === 'S-1')).toBe(true)
    expect(got[1]).toMatchObject({ event: 'ledger.entry.created', data: { points: 10, unit: 'POINTS', kind: 'standard' } })
    expect(got[3]).toMatchObject({ data: { points: -4 } })
    expect(got[5]).toMatchObject({ data: { points: 2.5 } })
    const ids = got.map((m) => m.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('resumes after the last event id without losing or repeating anything', async () => {
    const first = await connect({ store: 'S-5' })
    for (let i = 1; i <= 3; i++) await give(t.app, token, { idType: 'cid', cid: 'R-1', points: i, store: 'S-5' })
    const seen = await first.inbox.waitFor(4)
    first.socket.close()
    await first.inbox.closed

    // Missed while disconnected.
    for (let i = 4; i <= 6; i++) await give(t.app, token, { idType: 'cid', cid: 'R-1', points: i, store: 'S-5' })
    const last = seen[seen.length - 1]?.id ?? 0
    const second = await connect({ store: 'S-5', last_event_id: String(last) })
    const missed = await second.inbox.waitFor(3)
    expect(missed.map((m) => m.data.points)).toEqual([4, 5, 6])
    await give(t.app, token, { idType: 'cid', cid: 'R-1', points: 7, store: 'S-5' })
    await second.inbox.waitFor(4)
    await quiet()
    expect(second.inbox.messages.map((m) => m.data.points)).toEqual([4, 5, 6, 7])
    const ids = [...seen, ...second.inbox.messages].map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('replays from the Last-Event-ID header, and streams only new events without one', async () => {
    await give(t.app, token, { idType: 'cid', cid: 'R-2', points: 1, store: 'S-6' })
    const fresh = await connect({ store: 'S-6' })
    const replayed = await connect({ store: 'S-6' }, { authorization: `Bearer ${token}`, 'last-event-id': '0' })
    await replayed.inbox.waitFor(2)
    expect(replayed.inbox.messages.map((m) => m.type)).toEqual(['user.created', 'points.given'])
    await give(t.app, token, { idType: 'cid', cid: 'R-2', points: 2, store: 'S-6' })
    await fresh.inbox.waitFor(1)
    await replayed.inbox.waitFor(3)
    await quiet()
    expect(fresh.inbox.messages.map((m) => m.data.points)).toEqual([2])
  })

  it('accepts the token as an access_token query parameter, and refuses the upgrade without one', async () => {
    const { inbox } = await connect({ store: 'S-7', access_token: token }, {})
    await give(t.app, token, { idType: 'cid', cid: 'R-3', points: 1, store: 'S-7' })
    await inbox.waitFor(2)
    await expect(t.app.injectWS('/pegke/realtime/store?store=S-7')).rejects.toThrow('401')
    await expect(t.app.injectWS('/pegke/realtime/store?store=S-7', { headers: { authorization: 'Bearer nope' } })).rejects.toThrow('401')
  })
})

import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { StoredEvent } from '../../../src/domain/shared/events.js'
import { createTestApp, type TestApp } from '../../support/app.js'
import { inboxOf, quiet } from '../../support/websocket.js'
import { tokenFor } from './support.js'

const EVENTS = 200
const PAYLOAD = 'x'.repeat(100_000)

describe('Pegke store activity with a consumer that stops reading', () => {
  let t: TestApp
  let base = ''
  let token = ''
  let accountId = 0
  const cleanup: (() => void)[] = []

  beforeAll(async () => {
    t = await createTestApp('sqlite')
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    if (typeof address !== 'object' || !address) throw new Error('not listening')
    base = `127.0.0.1:${address.port}`
    const client = await t.newClient()
    accountId = client.accountId
    token = await tokenFor(t.app, client)
  })
  afterAll(async () => {
    for (const c of cleanup) c()
    await t.close()
  })

  /** A WebSocket client that completes the handshake and then never reads. */
  const stalled = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(base.split(':')[1]) }, () => {
        socket.write(
          [
            'GET /pegke/realtime/store?store=S-slow HTTP/1.1',
            `Host: ${base}`,
            'Upgrade: websocket',
            'Connection: Upgrade',
            'Sec-WebSocket-Version: 13',
            `Sec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}`,
            `Authorization: Bearer ${token}`,
            '',
            '',
          ].join('\r\n'),
        )
        socket.once('data', (head) => {
          if (!String(head).startsWith('HTTP/1.1 101')) reject(new Error(String(head)))
          socket.pause()
          resolve(socket)
        })
      })
      socket.on('error', reject)
      cleanup.push(() => socket.destroy())
    })

  it('closes the stalled consumer with 1013 and keeps serving the others in full', async () => {
    const fast = new WebSocket(`ws://${base}/pegke/realtime/store?store=S-slow`, { headers: { authorization: `Bearer ${token}` } })
    cleanup.push(() => fast.terminate())
    const inbox = inboxOf<{ id: number }>(fast)
    await new Promise((resolve) => fast.once('open', resolve))
    const slow = await stalled()
    await quiet(200)

    const shop = await t.container.activity.openStore(accountId, 'S-slow')
    // Events as the relay would deliver them, large enough to fill the stalled connection's buffers.
    const events: StoredEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
      id: 1_000_000 + i,
      accountId,
      shopId: shop.id,
      type: 'test.bulk',
      payload: { blob: PAYLOAD },
      occurredAt: 0,
    }))
    t.container.events.deliver([], 999_999)
    for (let i = 0; i < EVENTS; i += 10) {
      t.container.events.deliver(events.slice(i, i + 10), events[Math.min(i + 9, EVENTS - 1)]?.id ?? 0)
      await new Promise((resolve) => setImmediate(resolve))
    }

    const got = await inbox.waitFor(EVENTS, 30_000)
    expect(got.map((m) => m.id)).toEqual(events.map((e) => e.id))

    // Reading again, the stalled consumer finds a close frame saying why after what it was sent.
    const received: Buffer[] = []
    slow.on('data', (chunk: Buffer) => received.push(chunk))
    slow.resume()
    const deadline = Date.now() + 20_000
    while (!Buffer.concat(received).includes('slow consumer') && Date.now() < deadline) await quiet(100)
    const all = Buffer.concat(received)
    const at = all.indexOf('slow consumer')
    expect(at).toBeGreaterThan(0)
    // Close frame: opcode 0x88, length, then the code 1013.
    expect(all.readUInt16BE(at - 2)).toBe(1013)
    expect(all.length).toBeLessThan(EVENTS * PAYLOAD.length)
  })
})

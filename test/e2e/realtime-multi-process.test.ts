import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { isPostgresUrl } from '../../src/infra/db/database.js'
import { freshDatabase, type TestDatabase } from '../support/databases.js'
import { type ServerProcess, startSharedServers } from '../support/process.js'
import { type Inbox, inboxOf, quiet } from '../support/websocket.js'

interface Activity {
  id: number
  type: string
  data: { points?: number }
}

/**
 * Two server processes on one PostgreSQL and one Redis, as behind a load
 * balancer: a merchant's stream on one process must carry what the other
 * process wrote, and a reconnection to either must pick up where it left off.
 */
describe.runIf(isPostgresUrl(process.env.DATABASE_URL) && process.env.REDIS_URL)('store activity across two server processes', () => {
  let db: TestDatabase | undefined
  const servers: ServerProcess[] = []
  let stopServers = async () => {}
  const sockets: WebSocket[] = []
  let token = ''

  beforeAll(async () => {
    const fresh = freshDatabase('postgres')
    db = fresh
    const shared = await startSharedServers(fresh, 'realtime', 2, { REDIS_URL: process.env.REDIS_URL ?? '', EVENT_POLL_INTERVAL_MS: '50' })
    stopServers = shared.stop
    servers.push(...shared.servers)
    const { client } = shared
    const res = await fetch(`${servers[0]?.url}/pegke/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
    })
    token = ((await res.json()) as { access_token: string }).access_token
  })

  afterAll(async () => {
    for (const s of sockets) s.terminate()
    await stopServers()
    await db?.drop()
  })

  const connect = async (server: ServerProcess, query: Record<string, string>) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/pegke/realtime/store?${new URLSearchParams(query)}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    sockets.push(socket)
    const inbox: Inbox<Activity> = inboxOf(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    // Let the subscription read its starting point before anything is written.
    await quiet(300)
    return { socket, inbox }
  }

  const give = async (server: ServerProcess, points: number) => {
    const res = await fetch(`${server.url}/pegke/entity/user?_format=json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ idType: 'mob', mob: '9826471001', points, store: 'S-1' }),
    })
    expect(res.status).toBe(200)
  }

  it('streams to a client of one process the points given through the other', async () => {
    const [a, b] = servers
    if (!a || !b) throw new Error('the servers did not start')
    const onA = await connect(a, { store: 'S-1' })
    const onB = await connect(b, { store: 'S-1' })
    await give(b, 10)
    await give(a, 20)
    await give(b, 30)
    for (const { inbox } of [onA, onB]) {
      await inbox.waitFor(4)
      await quiet()
      expect(inbox.messages.map((m) => [m.type, m.data.points])).toEqual([
        ['user.created', undefined],
        ['points.given', 10],
        ['points.given', 20],
        ['points.given', 30],
      ])
    }
  })

  it('loses nothing when a client reconnects to the other process with its last event id', async () => {
    const [a, b] = servers
    if (!a || !b) throw new Error('the servers did not start')
    const first = await connect(a, { store: 'S-1' })
    await give(a, 1)
    await give(b, 2)
    const seen = await first.inbox.waitFor(2)
    first.socket.close()

    // Written while the client is away, through both processes.
    for (let i = 3; i <= 8; i++) await give(i % 2 ? a : b, i)
    const last = seen[seen.length - 1]?.id ?? 0
    const again = await connect(b, { store: 'S-1', last_event_id: String(last) })
    await give(a, 9)
    await again.inbox.waitFor(7)
    await quiet()
    const all = [...seen, ...again.inbox.messages]
    expect(all.map((m) => m.data.points)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const ids = all.map((m) => m.id)
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('keeps streaming when one of the processes stops', async () => {
    const [a, b] = servers
    if (!a || !b) throw new Error('the servers did not start')
    const onB = await connect(b, { store: 'S-1' })
    await a.stop()
    await give(b, 50)
    const [got] = await onB.inbox.waitFor(1, 15_000)
    expect(got?.data.points).toBe(50)
  })
})

import { setTimeout } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds, freshDatabase, type TestDatabase } from '../../support/databases.js'
import { runCli, type ServerProcess, startServer } from '../../support/process.js'
import { BASE } from './support.js'
import { type Receiver, signatureIsValid, startReceiver } from './webhooks-receiver.js'

/**
 * The server as it runs: `src/main.ts` polls the outbox in the background. On
 * PostgreSQL two processes share the work, as behind a load balancer; SQLite
 * has one server process.
 */
describe.each(databaseKinds())('webhooks sent by running servers (%s)', (kind) => {
  let db: TestDatabase
  const servers: ServerProcess[] = []
  let key = ''
  let receiver: Receiver

  beforeAll(async () => {
    db = freshDatabase(kind)
    const migrated = await runCli(['migrate'], db.env)
    expect(migrated.code, migrated.stderr).toBe(0)
    const created = await runCli(['clients', 'create', '--account', 'hooks', '--json'], db.env)
    expect(created.code, created.stderr).toBe(0)
    key = (JSON.parse(created.stdout) as { apiKey: string }).apiKey
    const env = { ...db.env, WEBHOOK_POLL_INTERVAL_MS: '100', WEBHOOK_RETRY_BASE_MS: '300' }
    // One after the other: two starting at once on a busy machine can outlast the start timeout.
    servers.push(await startServer(env))
    if (kind === 'postgres') servers.push(await startServer(env))
    receiver = await startReceiver()
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await receiver?.close()
    await db?.drop()
  })

  const post = async (server: ServerProcess, path: string, body: Record<string, unknown>) => {
    const res = await fetch(`${server.url}${BASE}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { data: Record<string, unknown> }).data
  }

  it('posts every new contact once, signed, retrying a receiver that failed', async () => {
    const [first] = servers
    if (!first) throw new Error('no server')
    await post(first, '/webhook-subscriptions', { name: 'contacts', event_type: 'contact_created', url: receiver.url, secret: 'process-secret' })
    receiver.answerWith(500)
    const emails = Array.from({ length: 10 }, (_, i) => `visitor-${i}@example.com`)
    await Promise.all(emails.map((email, i) => post(servers[i % servers.length] ?? first, '/contacts', { email })))

    const delivered = () => receiver.received.filter((r) => r.answered === 200)
    for (let i = 0; i < 200 && delivered().length < emails.length; i++) await setTimeout(50)
    // Give every process a few more turns: nothing more may arrive.
    await setTimeout(800)

    const ok = delivered()
    expect(ok.map((r) => (r.body.data as { contact: { email: string } }).contact.email).sort()).toEqual([...emails].sort())
    expect(new Set(ok.map((r) => r.headers['leat-webhook-id'])).size).toBe(emails.length)
    expect(receiver.received).toHaveLength(emails.length + 1)
    for (const hook of receiver.received) expect(signatureIsValid(hook, 'process-secret')).toBe(true)
    const failedFirst = receiver.received.find((r) => r.answered === 500)
    expect(ok.some((r) => r.raw === failedFirst?.raw)).toBe(true)
  })
})

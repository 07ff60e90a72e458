import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPostgresUrl } from '../../src/infra/db/database.js'
import { freshDatabase, type TestDatabase } from '../support/databases.js'
import { runCli, type ServerProcess, startServer } from '../support/process.js'

const customer = { externalId: 'shared', name: 'Shared', data: { vendorId: '1', businessOwner: '1', giftCardAmount: '0', giftCardType: 'MONETARY' } }

/** Two server processes behind one PostgreSQL, as behind a load balancer. */
describe.runIf(isPostgresUrl(process.env.DATABASE_URL))('two server processes sharing PostgreSQL', () => {
  let db: TestDatabase
  let servers: ServerProcess[] = []
  let key = ''

  beforeAll(async () => {
    db = freshDatabase('postgres')
    expect((await runCli(['migrate'], db.env)).code).toBe(0)
    const created = await runCli(['clients', 'create', '--account', 'multi', '--json'], db.env)
    key = (JSON.parse(created.stdout) as { apiKey: string }).apiKey
    servers = await Promise.all([startServer(db.env), startServer(db.env)])
  }, 60_000)

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await db.drop()
  })

  const transaction = (server: ServerProcess, total: number, code: string) =>
    fetch(`${server.url}/msloyalty/api/transaction`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'POINTS ORDER', code, total, description: 'multi', customer }),
    })

  it('never lets 50 debits spread over both processes take the balance below zero', async () => {
    const [a, b] = servers
    if (!a || !b) throw new Error('servers did not start')
    expect((await transaction(a, 1000, 'fund')).status).toBe(200)
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => transaction(i % 2 ? a : b, -30, `debit-${i}`)))
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(33)
    expect(statuses.filter((s) => s === 422)).toHaveLength(17)

    const lookup = await fetch(`${b.url}/msloyalty/api/customer/findByExternalId?externalId=shared`, { headers: { authorization: `Bearer ${key}` } })
    const body = (await lookup.json()) as { data: { totals: { total_amount: string }[] } }
    expect(body.data.totals).toEqual([expect.objectContaining({ total_amount: '10.00' })])

    const check = await runCli(['check'], db.env)
    expect(check.stdout).toContain('0 mismatches')
    expect(check.code).toBe(0)
  })
})

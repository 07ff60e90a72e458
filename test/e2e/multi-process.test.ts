import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPostgresUrl } from '../../src/infra/db/database.js'
import { customer } from '../api/msloyalty/support.js'
import { freshDatabase, type TestDatabase } from '../support/databases.js'
import { runCli, type ServerProcess, startSharedServers } from '../support/process.js'

interface Answer {
  status: number
  body: { code: string | number; data?: { customer?: { totals: { total_amount: string }[] } }; warning?: { code?: string } | [] }
}

/** Two server processes behind one PostgreSQL, as behind a load balancer: the wallet lock must hold across processes, not only within one. */
describe.runIf(isPostgresUrl(process.env.DATABASE_URL))('two server processes sharing PostgreSQL', () => {
  let db: TestDatabase | undefined
  const servers: ServerProcess[] = []
  let stopServers = async () => {}
  let key = ''

  beforeAll(async () => {
    const fresh = freshDatabase('postgres')
    db = fresh
    const shared = await startSharedServers(fresh, 'multi', 2)
    stopServers = shared.stop
    servers.push(...shared.servers)
    key = shared.client.apiKey
  })

  afterAll(async () => {
    await stopServers()
    await db?.drop()
  })

  const transaction = async (server: ServerProcess, total: number, code: string): Promise<Answer> => {
    const res = await fetch(`${server.url}/msloyalty/api/transaction`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'POINTS ORDER', code, total, description: 'multi', customer: customer('shared') }),
    })
    return { status: res.status, body: (await res.json()) as Answer['body'] }
  }
  const balanceSeenBy = async (server: ServerProcess) => {
    const res = await fetch(`${server.url}/msloyalty/api/customer/findByExternalId?externalId=shared`, { headers: { authorization: `Bearer ${key}` } })
    return ((await res.json()) as { data: { totals: { total_amount: string }[] } }).data.totals.map((x) => x.total_amount)
  }

  it('never lets 50 debits spread over both processes take more than the balance', async () => {
    const [a, b] = servers
    if (!a || !b) throw new Error('the servers did not start')
    expect((await transaction(a, 1000, 'fund')).status).toBe(200)

    const sent = Array.from({ length: 50 }, (_, i) => ({ via: i % 2 ? a : b, code: `debit-${i}` }))
    const answers = await Promise.all(sent.map(({ via, code }) => transaction(via, -30, code)))

    const accepted = answers.filter((r) => r.status === 200)
    const refused = answers.filter((r) => r.status !== 200)
    expect(accepted).toHaveLength(33)
    expect(refused).toHaveLength(17)
    for (const r of refused) expect(r).toMatchObject({ status: 422, body: { code: 422, warning: { code: 'ledger.insufficient_balance' } } })
    // Both processes took part: each had debits accepted.
    for (const server of [a, b]) expect(answers.filter((r, i) => r.status === 200 && sent[i]?.via === server).length).toBeGreaterThan(0)
    // Every accepted debit started from the balance the one before it left, whichever process wrote it.
    const reported = accepted.map((r) => Number(r.body.data?.customer?.totals[0]?.total_amount)).sort((x, y) => y - x)
    expect(reported).toEqual(Array.from({ length: 33 }, (_, i) => 970 - 30 * i))

    expect(await balanceSeenBy(a)).toEqual(['10.00'])
    expect(await balanceSeenBy(b)).toEqual(['10.00'])

    const check = await runCli(['check'], db?.env ?? {})
    expect(check.stdout).toBe('1 wallets checked, 0 mismatches\n')
    expect(check.code).toBe(0)
  })
})

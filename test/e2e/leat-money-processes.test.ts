import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPostgresUrl } from '../../src/infra/db/database.js'
import { customer, STORE } from '../api/msloyalty/support.js'
import { freshDatabase, type TestDatabase } from '../support/databases.js'
import { runCli, type ServerProcess, startSharedServers } from '../support/process.js'

const BASE = '/leat/api/v3/oauth/clients'

interface Answer {
  readonly status: number
  readonly body: { data?: Record<string, unknown>; code?: number }
}

/** Two server processes behind one PostgreSQL: a card and a voucher must hold across processes, not only within one. */
describe.runIf(isPostgresUrl(process.env.DATABASE_URL))('giftcards and vouchers on two server processes sharing PostgreSQL', () => {
  let db: TestDatabase | undefined
  const servers: ServerProcess[] = []
  let stopServers = async () => {}
  let key = ''

  const send = async (server: ServerProcess, method: string, path: string, body?: Record<string, unknown>): Promise<Answer> => {
    const res = await fetch(`${server.url}${path.startsWith('/msloyalty') ? path : BASE + path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    return { status: res.status, body: (await res.json()) as Answer['body'] }
  }

  beforeAll(async () => {
    const fresh = freshDatabase('postgres')
    db = fresh
    const shared = await startSharedServers(fresh, 'money', 2)
    stopServers = shared.stop
    servers.push(...shared.servers)
    key = shared.client.apiKey
  })

  afterAll(async () => {
    await stopServers()
    await db?.drop()
  })

  it('never overdraws a card nor redeems a voucher twice when requests are spread over both processes', async () => {
    const [a, b] = servers
    if (!a || !b) throw new Error('the servers did not start')
    // The shop is registered by an MS Loyalty sale in it, as an operator's till would.
    const sale = await send(a, 'POST', '/msloyalty/api/transaction', {
      type: 'POINTS ORDER',
      code: 'sale-1',
      total: 10,
      description: 'sale',
      customer: customer('buyer'),
      store: STORE,
    })
    expect(sale.status, JSON.stringify(sale.body)).toBe(200)
    const shops = (await send(a, 'GET', '/shops')).body.data as unknown as { uuid: string }[]
    const shop = shops[0]?.uuid
    if (!shop) throw new Error('the shop was not registered')

    const program = (await send(a, 'POST', '/giftcard-programs', { name: 'Shared' })).body.data?.uuid as string
    const card = (await send(b, 'POST', '/giftcards', { type: 1, giftcard_program_uuid: program })).body.data as { uuid: string; hash: string }
    expect((await send(a, 'POST', '/giftcard-transactions', { giftcard_uuid: card.uuid, amount_in_cents: 1_000, shop_uuid: shop })).status).toBe(200)

    const spends = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        send(i % 2 ? a : b, 'POST', '/giftcard-transactions', { giftcard_uuid: card.uuid, amount_in_cents: -70, shop_uuid: shop }),
      ),
    )
    expect(spends.filter((r) => r.status === 200)).toHaveLength(14)
    expect(spends.filter((r) => r.status === 400).every((r) => r.body.code === 5003)).toBe(true)
    for (const server of [a, b]) {
      const seen = await send(server, 'GET', `/giftcards/find-one-by?hash=${card.hash}`)
      expect(seen.body.data?.amount_in_cents).toBe(20)
    }

    const promotion = (await send(a, 'POST', '/promotions', { name: 'Free pizza', description: 'Once' })).body.data?.uuid as string
    const voucher = (await send(b, 'POST', '/vouchers', { promotion_uuid: promotion, code: 'ONCE-ONLY' })).body.data as { code: string }
    const contact = (await send(a, 'POST', '/contacts', { email: 'pizza@example.com' })).body.data as { uuid: string }
    const redeems = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(i % 2 ? a : b, 'POST', '/vouchers/redeem', { code: voucher.code, contact_uuid: contact.uuid })),
    )
    expect(redeems.filter((r) => r.status === 200)).toHaveLength(1)
    expect(redeems.filter((r) => r.status === 400).every((r) => r.body.code === 80005)).toBe(true)

    const check = await runCli(['check'], db?.env ?? {})
    expect(check.stdout).toMatch(/ 0 mismatches\n$/)
    expect(check.code).toBe(0)
  })
})

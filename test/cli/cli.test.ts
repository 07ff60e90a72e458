import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createContainer } from '../../src/container.js'
import { minor } from '../../src/domain/shared/amounts.js'
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/databases.js'
import { runCli } from '../support/process.js'

/** Runs SQL against the test database directly, as an operator with a SQL prompt would. */
const sqlOn = async (db: TestDatabase, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => {
  if (db.kind === 'sqlite') {
    const conn = new Database(join(db.env.DATA_DIR ?? '', 'punchcard.sqlite'))
    try {
      const stmt = conn.prepare(text.replace(/\$\d+/g, '?'))
      if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[]
      stmt.run(...params)
      return []
    } finally {
      conn.close()
    }
  }
  const client = new pg.Client({ connectionString: db.env.DATABASE_URL, options: `-c search_path=${db.env.DATABASE_SCHEMA}` })
  await client.connect()
  try {
    return (await client.query(text, params)).rows as Record<string, unknown>[]
  } finally {
    await client.end()
  }
}

describe('punchcard --help', () => {
  it('lists every command', async () => {
    const res = await runCli(['--help'], {})
    expect(res.code).toBe(0)
    for (const command of ['migrate', 'clients', 'check', 'expire']) expect(res.stdout).toContain(command)
  })
})

describe.each(databaseKinds())('the command line on %s', (kind) => {
  let db: TestDatabase
  beforeAll(() => {
    db = freshDatabase(kind)
  })
  afterAll(() => db.drop())

  it('migrates, and migrating again changes nothing', async () => {
    const first = await runCli(['migrate'], db.env)
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('0001-initial')
    const again = await runCli(['migrate'], db.env)
    expect(again.stdout).toContain('up to date')
  })

  it('creates a client as one JSON object and keeps only hashes of its secrets', async () => {
    const res = await runCli(['clients', 'create', '--account', 'shop', '--json'], db.env)
    expect(res.code).toBe(0)
    const created = JSON.parse(res.stdout) as { accountId: number; clientId: number; clientSecret: string; apiKey: string }
    expect(Object.keys(created).sort()).toEqual(['accountId', 'apiKey', 'clientId', 'clientSecret'])
    expect(Number.isInteger(created.clientId)).toBe(true)
    const second = JSON.parse((await runCli(['clients', 'create', '--account', 'shop', '--json'], db.env)).stdout) as { accountId: number; clientId: number }
    expect(second.accountId).toBe(created.accountId)
    expect(second.clientId).not.toBe(created.clientId)
    const stored = JSON.stringify(await sqlOn(db, 'select * from api_clients'))
    expect(stored).not.toContain(created.clientSecret)
    expect(stored).not.toContain(created.apiKey)
  })

  it('refuses an unknown time zone', async () => {
    const res = await runCli(['clients', 'create', '--account', 'tz', '--time-zone', 'Mars/Olympus'], db.env)
    expect(res.code).not.toBe(0)
    expect(res.stderr).toContain('unknown time zone')
  })

  it('checks the ledger, and names the wallet whose balance disagrees with its entries', async () => {
    const container = await createContainer(loadConfig({ ...db.env, EXPIRY_INTERVAL_MS: '0' }))
    const { accountId } = await container.auth.createClient({ accountName: 'ledger' })
    const view = await container.ledger.post(
      { accountId },
      { contact: { kind: 'external_id', value: 'c1' }, type: 'POINTS COUPON', code: 'k1', amount: minor(5000) },
    )
    await container.close()

    const healthy = await runCli(['check'], db.env)
    expect(healthy.code).toBe(0)
    expect(healthy.stdout).toContain('0 mismatches')

    await sqlOn(db, 'update wallets set balance = balance + 1 where id = $1', [view.entry.walletId])
    const broken = await runCli(['check'], db.env)
    expect(broken.code).toBe(1)
    expect(broken.stdout).toContain(`wallet ${view.entry.walletId}`)
    await sqlOn(db, 'update wallets set balance = balance - 1 where id = $1', [view.entry.walletId])
  })

  it('expires lots past their expiry and keeps the ledger consistent', async () => {
    const container = await createContainer(loadConfig({ ...db.env, EXPIRY_INTERVAL_MS: '0' }))
    const { accountId } = await container.auth.createClient({ accountName: 'expiring' })
    const view = await container.ledger.post(
      { accountId },
      { contact: { kind: 'external_id', value: 'old' }, type: 'POINTS COUPON', code: 'k2', amount: minor(700) },
    )
    await container.close()
    await sqlOn(db, 'update lots set expires_at = $1 where entry_id = $2', [Date.now() - 1000, view.entry.id])

    const res = await runCli(['expire'], db.env)
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('1 lots expired')
    const [wallet] = await sqlOn(db, 'select balance from wallets where id = $1', [view.entry.walletId])
    expect(Number(wallet?.balance)).toBe(0)
    const expired = await sqlOn(db, "select amount from ledger_entries where wallet_id = $1 and kind = 'expiry'", [view.entry.walletId])
    expect(expired.map((e) => Number(e.amount))).toEqual([-700])
    expect((await runCli(['expire'], db.env)).stdout).toContain('0 lots expired')
    expect((await runCli(['check'], db.env)).code).toBe(0)
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { type Container, createContainer } from '../../src/container.js'
import { minor } from '../../src/domain/shared/amounts.js'
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/databases.js'
import { runCli } from '../support/process.js'

type Row = Record<string, unknown>

const sqlitePath = (db: TestDatabase) => join(db.env.DATA_DIR ?? '', 'punchcard.sqlite')

/**
 * Runs SQL against the test database directly, as an operator at a SQL prompt
 * would; the SQLite file is opened read-only unless the statement writes.
 */
const sqlOn = async (db: TestDatabase, text: string, params: unknown[] = [], mode: 'read' | 'write' = 'read'): Promise<Row[]> => {
  if (db.kind === 'sqlite') {
    const conn = new Database(sqlitePath(db), { readonly: mode === 'read', fileMustExist: true })
    try {
      const stmt = conn.prepare(text.replace(/\$\d+/g, '?'))
      if (stmt.reader) return stmt.all(...params) as Row[]
      stmt.run(...params)
      return []
    } finally {
      conn.close()
    }
  }
  const client = new pg.Client({ connectionString: db.env.DATABASE_URL, options: `-c search_path=${db.env.DATABASE_SCHEMA}` })
  await client.connect()
  try {
    return (await client.query(text, params)).rows as Row[]
  } finally {
    await client.end()
  }
}

const tablesOf = async (db: TestDatabase): Promise<string[]> => {
  const rows =
    db.kind === 'sqlite'
      ? await sqlOn(db, "select name from sqlite_master where type = 'table' order by name")
      : await sqlOn(db, 'select table_name as name from information_schema.tables where table_schema = $1 order by table_name', [db.env.DATABASE_SCHEMA])
  return rows.map((r) => String(r.name))
}

interface Created {
  accountId: number
  clientId: number
  clientSecret: string
  apiKey: string
}

describe('punchcard --help', () => {
  it('lists every command', async () => {
    const res = await runCli(['--help'], {})
    expect(res.code).toBe(0)
    for (const command of ['migrate', 'clients', 'check', 'expire']) expect(res.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'))
  })
})

describe.each(databaseKinds())('the command line on %s', (kind) => {
  let db: TestDatabase
  beforeAll(() => {
    db = freshDatabase(kind)
  })
  afterAll(() => db.drop())

  /** Writes ledger entries through the application's own services, against the database the CLI uses. */
  const withContainer = async <T>(work: (c: Container) => Promise<T>): Promise<T> => {
    const container = await createContainer(loadConfig({ ...db.env, EXPIRY_INTERVAL_MS: '0' }))
    try {
      return await work(container)
    } finally {
      await container.close()
    }
  }
  const credit = (accountId: number, externalId: string, code: string, amount: number) =>
    withContainer((c) =>
      c.ledger.post({ accountId }, { contact: { kind: 'external_id', value: externalId }, type: 'POINTS COUPON', code, amount: minor(amount) }),
    )

  it('migrates a new database, and migrating again changes nothing', async () => {
    const first = await runCli(['migrate'], db.env)
    expect(first.code, first.stderr).toBe(0)
    // Every module's migration is applied, the initial one first.
    expect(first.stdout).toMatch(/^applied: 0001-initial(, \d{4}-[a-z0-9-]+)*\n$/)
    for (const name of [
      '0002-leat-core',
      '0003-leat-money',
      '0004-webhooks',
      '0005-pegke',
      '0006-westfield-visitors',
      '0007-westfield-engagement',
      '0008-ordered-reads',
      '0009-visitor-counts',
    ]) {
      expect(first.stdout).toContain(name)
    }
    const tables = await tablesOf(db)
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'api_clients', 'wallets', 'ledger_entries', 'lots']))

    const again = await runCli(['migrate'], db.env)
    expect(again.code).toBe(0)
    expect(again.stdout).toBe('the schema is up to date\n')
    expect(await tablesOf(db)).toEqual(tables)
  })

  it('creates a client as one JSON object, and keeps its secret and API key only as hashes', async () => {
    const res = await runCli(['clients', 'create', '--account', 'shop', '--json'], db.env)
    expect(res.code).toBe(0)
    const created = JSON.parse(res.stdout) as Created
    expect(Object.keys(created).sort()).toEqual(['accountId', 'apiKey', 'clientId', 'clientSecret'])
    expect(Number.isInteger(created.accountId)).toBe(true)
    expect(Number.isInteger(created.clientId)).toBe(true)
    expect(created.clientSecret).toMatch(/^\S{20,}$/)
    expect(created.apiKey).toMatch(/^\S{20,}$/)
    expect(created.apiKey).not.toBe(created.clientSecret)

    const second = JSON.parse((await runCli(['clients', 'create', '--account', 'shop', '--json'], db.env)).stdout) as Created
    expect(second.accountId).toBe(created.accountId)
    expect(second.clientId).not.toBe(created.clientId)

    const stored = await sqlOn(db, 'select * from api_clients where account_id = $1', [created.accountId])
    expect(stored).toHaveLength(2)
    const text = JSON.stringify(stored)
    for (const secret of [created.clientSecret, created.apiKey, second.clientSecret, second.apiKey]) {
      expect(text).not.toContain(secret)
      // Nor its random part without the prefix.
      expect(text).not.toContain(secret.slice(3))
    }
    if (kind === 'sqlite') {
      // Nowhere in the database files either, journal included.
      const dir = db.env.DATA_DIR ?? ''
      for (const file of readdirSync(dir)) {
        const bytes = readFileSync(join(dir, file)).toString('latin1')
        for (const secret of [created.clientSecret, created.apiKey]) expect(bytes.includes(secret), `${file} holds a secret`).toBe(false)
      }
    }

    // Migrating a database in use keeps what is in it.
    const migrate = await runCli(['migrate'], db.env)
    expect(migrate.stdout).toBe('the schema is up to date\n')
    expect(await sqlOn(db, 'select id from api_clients where account_id = $1', [created.accountId])).toHaveLength(2)
  })

  it('refuses an unknown time zone', async () => {
    const res = await runCli(['clients', 'create', '--account', 'tz', '--time-zone', 'Mars/Olympus'], db.env)
    expect(res.code).not.toBe(0)
    expect(res.stderr).toContain('unknown time zone')
  })

  it('checks the ledger, and names the one wallet whose balance disagrees with its entries', async () => {
    const { accountId } = await withContainer((c) => c.auth.createClient({ accountName: 'ledger' }))
    const good = await credit(accountId, 'c1', 'k1', 5000)
    const bad = await credit(accountId, 'c2', 'k2', 3000)

    const healthy = await runCli(['check'], db.env)
    expect(healthy.code).toBe(0)
    expect(healthy.stdout).toMatch(/^\d+ wallets checked, 0 mismatches\n$/)

    await sqlOn(db, 'update wallets set balance = balance + 1 where id = $1', [bad.entry.walletId], 'write')
    try {
      const broken = await runCli(['check'], db.env)
      expect(broken.code).toBe(1)
      expect(broken.stdout).toContain('1 mismatches')
      expect(broken.stdout).toContain(`wallet ${bad.entry.walletId} (account ${accountId}): balance 3001, entries 3000, lots 3000`)
      expect(broken.stdout).not.toContain(`wallet ${good.entry.walletId} `)

      const json = await runCli(['check', '--json'], db.env)
      expect(json.code).toBe(1)
      expect((JSON.parse(json.stdout) as { mismatches: { walletId: number }[] }).mismatches.map((m) => m.walletId)).toEqual([bad.entry.walletId])
    } finally {
      await sqlOn(db, 'update wallets set balance = balance - 1 where id = $1', [bad.entry.walletId], 'write')
    }
    expect((await runCli(['check'], db.env)).code).toBe(0)
  })

  it('expires the lots past their expiry, leaves the others, and keeps the ledger consistent', async () => {
    const { accountId } = await withContainer((c) => c.auth.createClient({ accountName: 'expiring' }))
    const old = await credit(accountId, 'old', 'k3', 700)
    const fresh = await credit(accountId, 'fresh', 'k4', 900)
    await sqlOn(db, 'update lots set expires_at = $1 where entry_id = $2', [Date.now() - 60_000, old.entry.id], 'write')

    const res = await runCli(['expire'], db.env)
    expect(res.code).toBe(0)
    expect(res.stdout).toBe('1 lots expired\n')

    const balances = await sqlOn(db, 'select id, balance from wallets where id in ($1, $2) order by id', [old.entry.walletId, fresh.entry.walletId])
    expect(balances.map((w) => [Number(w.id), Number(w.balance)])).toEqual([
      [old.entry.walletId, 0],
      [fresh.entry.walletId, 900],
    ])
    const expired = await sqlOn(db, "select amount from ledger_entries where wallet_id = $1 and kind = 'expiry'", [old.entry.walletId])
    expect(expired.map((e) => Number(e.amount))).toEqual([-700])

    const again = await runCli(['expire'], db.env)
    expect(again.code).toBe(0)
    expect(again.stdout).toBe('0 lots expired\n')
    const check = await runCli(['check'], db.env)
    expect(check.stdout).toContain(' 0 mismatches')
    expect(check.code).toBe(0)
  })
})

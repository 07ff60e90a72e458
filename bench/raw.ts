/**
 * The database ceilings of the benchmark: the statements one API request's
 * transaction runs, sent straight through the driver (better-sqlite3 or pg),
 * with no HTTP, no validation and no mapping, against the same database and
 * with the same durability settings as the server.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import type { DbKind } from '../src/infra/db/database.js'
import { byIdentifier } from '../src/infra/stores/contacts.store.js'
import { appendEvent } from '../src/infra/stores/events.store.js'
import { ledgerStatements } from '../src/infra/stores/ledger.store.js'
import { visitorCountStatements } from '../src/infra/stores/visitors.store.js'
import type { TestDbKind } from '../test/support/databases.js'

/** Operations per second for `connections` concurrent clients over `seconds`. */
type Ceiling = (connections: number, seconds: number) => Promise<number>

export interface RawBench {
  readonly ceilings: Record<string, Ceiling>
  /**
   * Brings the planner's statistics up to date, as a live server's
   * autovacuum does within a minute of a burst of writes: without it a
   * scenario that follows thousands of inserts (the visitor list after
   * visitor creation) is planned for the tables as they were seeded.
   * SQLite gathers no statistics, so there it does nothing.
   */
  settle(): Promise<void>
  close(): Promise<void>
}

interface Seeded {
  accountId: number
  contacts: { contactId: number; walletId: number; unitId: number; externalId: string }[]
}

const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)]
  if (item === undefined) throw new Error('nothing seeded')
  return item
}

const seededSql = `select i.account_id, i.contact_id, i.value, w.id as wallet_id, w.unit_id
  from contact_identifiers i join wallets w on w.contact_id = i.contact_id
  where i.kind = 'external_id' and i.value like 'c%'`

type SeedRow = { account_id: number; contact_id: number; value: string; wallet_id: number; unit_id: number }

const toSeeded = (rows: SeedRow[]): Seeded => ({
  accountId: rows[0]?.account_id ?? 0,
  contacts: rows.map((r) => ({ contactId: r.contact_id, walletId: r.wallet_id, unitId: r.unit_id, externalId: r.value })),
})

type ShopRow = { id: number; uuid: string }

/** The page size of the Westfield visitor list when the request names none. */
const VISITOR_PAGE = 25

let codes = 0
const code = () => `raw-${process.pid}-${++codes}`

const YEAR_MS = 365 * 86_400_000

/** The texts of the statements the API runs for an earn and a balance lookup, from the stores themselves. */
const apiStatements = (kind: DbKind) => {
  const ledger = ledgerStatements(kind)
  return {
    contact: byIdentifier(kind).text,
    lockForPosting: ledger.lockForPosting.text,
    insertEntry: ledger.insertEntry.text,
    insertLot: ledger.insertLot.text,
    setBalance: ledger.setBalance.text,
    insertCredit: ledger.insertCredit.text,
    appendEvent: appendEvent(kind).text,
    snapshot: ledger.snapshotByIdentifier.text,
    countVisitor: visitorCountStatements(kind).add.text,
    visitorTotal: visitorCountStatements(kind).total.text,
  }
}

type Contact = Seeded['contacts'][number]

/**
 * The parameters of each statement of an earn, in the order the API's stores
 * bind them: find the customer by external id; lock the wallet, check the
 * natural key and read the snapshot in one statement; append the entry, its
 * lot, the new balance (one statement on PostgreSQL) and the event.
 */
const earnParameters = (accountId: number, c: Contact, amount: number) => {
  const now = Date.now()
  const k = code()
  const naturalKey = JSON.stringify(['COINS ORDER', k])
  const insertEntry = [
    accountId,
    c.walletId,
    c.contactId,
    c.unitId,
    null,
    'standard',
    amount,
    'COINS ORDER',
    'ORDER',
    k,
    naturalKey,
    null,
    null,
    'bench',
    null,
    '{}',
    now,
  ]
  return {
    contact: [accountId, 'external_id', c.externalId],
    lockForPosting: [accountId, c.contactId, c.unitId, 'external_id', naturalKey, accountId, c.contactId, c.unitId],
    insertEntry,
    insertLot: (entryId: number) => [accountId, c.walletId, entryId, amount, amount, now + YEAR_MS, now],
    setBalance: (balance: number) => [balance + amount, now, c.walletId],
    /** PostgreSQL writes the entry, its lots (one here) and the balance in one statement. */
    insertCredit: (balance: number) => [...insertEntry, [amount], [now + YEAR_MS], balance + amount, now, c.walletId],
    appendEvent: (entryId: number) => [
      accountId,
      null,
      'ledger.entry.created',
      JSON.stringify({ entryId, contactId: c.contactId, kind: 'standard', unit: 'COINS', amount, type: 'COINS ORDER', code: k, reversesId: null }),
      now,
    ],
  }
}

/** The parameters of a balance lookup's one statement: the customer by external id, with its wallets and first external id. */
const snapshotParameters = (accountId: number, c: Contact) => ['external_id', accountId, 'external_id', c.externalId]

const sqliteBench = (dataDir: string): RawBench => {
  const db = new SQLite(join(dataDir, 'punchcard.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  const seeded = toSeeded(db.prepare(seededSql).all() as SeedRow[])
  const lock = db.prepare('select id, balance from wallets where account_id = ? and contact_id = ? and unit_id = ?')
  const entry = db.prepare(
    `insert into ledger_entries (account_id, wallet_id, contact_id, unit_id, shop_id, kind, amount, type, source, code, natural_key, reference, title, description, reverses_id, metadata, created_at)
     values (?, ?, ?, ?, null, 'standard', ?, 'COINS ORDER', 'ORDER', ?, ?, null, null, null, null, '{}', ?) returning id`,
  )
  const lot = db.prepare('insert into lots (account_id, wallet_id, entry_id, amount, remaining, expires_at, created_at) values (?, ?, ?, ?, ?, null, ?)')
  const balance = db.prepare('update wallets set balance = balance + ?, updated_at = ? where id = ?')
  const event = db.prepare(`insert into events (account_id, shop_id, type, payload, created_at) values (?, null, 'ledger.entry.created', '{}', ?)`)
  const openLot = db.prepare('select id, remaining from lots where wallet_id = ? and remaining >= ? order by id limit 1')
  const consume = db.prepare('update lots set remaining = remaining - ? where id = ?')
  const consumption = db.prepare('insert into lot_consumptions (account_id, lot_id, entry_id, amount, created_at) values (?, ?, ?, ?, ?)')
  const identifierOwner = db.prepare('select contact_id from contact_identifiers where account_id = ? and kind = ? and value = ?')
  const contact = db.prepare(
    `insert into contacts (uuid, account_id, name, data, channel, registered_shop_id, subscribed_at, referred_by_id, created_at, updated_at)
     values (?, ?, ?, '{}', 'app', null, null, null, ?, ?) returning id`,
  )
  const identifier = db.prepare('insert into contact_identifiers (account_id, contact_id, kind, value, created_at) values (?, ?, ?, ?, ?)')
  const visitor = db.prepare(
    `insert into visitors (account_id, contact_id, visitor_id, account_type, email, first_name, last_name, gender, country_code, acquisition_pc_code, barcode,
       email_verified, email_invalid, phone_verified, phone_invalid, registration_date, created_at, updated_at)
     values (?, ?, ?, 'full', ?, 'Ada', 'Lovelace', 'f', 'FR', 'FR-SC-123', ?, 0, 0, 0, 0, ?, ?, ?) returning *`,
  )
  const visitorPage = db.prepare(`select * from visitors where account_id = ? order by id limit ${VISITOR_PAGE}`)
  const api = apiStatements('sqlite')
  const countVisitor = db.prepare(api.countVisitor)
  const visitorTotal = db.prepare(api.visitorTotal)
  const shop = db.prepare('select * from shops where account_id = ? and uuid = ?')
  const session = db.prepare(
    `insert into portal_sessions (uuid, account_id, shop_id, contact_id, type, options, expires_at, finished_at, created_at)
     values (?, ?, ?, null, 'default', '{}', ?, null, ?) returning *`,
  )
  const shopRow = db.prepare('select id, uuid from shops where account_id = ? order by id limit 1').get(seeded.accountId) as ShopRow | undefined

  /** A credit (amount > 0) adds a lot; a debit takes from the oldest lot that covers it. */
  const post = (c: Seeded['contacts'][number], amount: number) => {
    const now = Date.now()
    lock.get(seeded.accountId, c.contactId, c.unitId)
    const k = code()
    const { id } = entry.get(seeded.accountId, c.walletId, c.contactId, c.unitId, amount, k, JSON.stringify(['COINS ORDER', k]), now) as { id: number }
    if (amount > 0) lot.run(seeded.accountId, c.walletId, id, amount, amount, now)
    else {
      const open = openLot.get(c.walletId, -amount) as { id: number } | undefined
      if (!open) throw new Error('seeded wallet has no lot to debit')
      consume.run(-amount, open.id)
      consumption.run(seeded.accountId, open.id, id, -amount, now)
    }
    balance.run(amount, now, c.walletId)
    event.run(seeded.accountId, now)
  }
  const run = {
    contact: db.prepare(api.contact),
    lockForPosting: db.prepare(api.lockForPosting),
    insertEntry: db.prepare(api.insertEntry),
    insertLot: db.prepare(api.insertLot),
    setBalance: db.prepare(api.setBalance),
    appendEvent: db.prepare(api.appendEvent),
    snapshot: db.prepare(api.snapshot),
  }
  const earn = db.transaction(() => {
    const p = earnParameters(seeded.accountId, pick(seeded.contacts), 1000)
    run.contact.get(p.contact)
    const locked = (run.lockForPosting.all(p.lockForPosting) as { locked: number; balance: number }[]).find((r) => r.locked === 1)
    const { id } = run.insertEntry.get(p.insertEntry) as { id: number }
    run.insertLot.get(p.insertLot(id))
    run.setBalance.run(p.setBalance(locked?.balance ?? 0))
    run.appendEvent.run(p.appendEvent(id))
  })
  const transfer = db.transaction(() => {
    const a = pick(seeded.contacts)
    const b = pick(seeded.contacts.filter((x) => x !== a))
    post(a, -100)
    post(b, 100)
  })
  const register = db.transaction(() => {
    const now = Date.now()
    const n = code()
    identifierOwner.get(seeded.accountId, 'email', `${n}@example.com`)
    const { id } = contact.get(randomUUID(), seeded.accountId, 'Ada Lovelace', now, now) as { id: number }
    identifier.run(seeded.accountId, id, 'email', `${n}@example.com`, now)
    identifier.run(seeded.accountId, id, 'barcode', n, now)
    visitor.get(seeded.accountId, id, randomUUID(), `${n}@example.com`, n, now, now, now)
    countVisitor.run(seeded.accountId, 1)
    event.run(seeded.accountId, now)
  })
  const openSession = db.transaction(() => {
    const now = Date.now()
    const found = shop.get(seeded.accountId, shopRow?.uuid) as { id: number } | undefined
    if (!found) throw new Error('no shop seeded')
    session.get(randomUUID(), seeded.accountId, found.id, now + 600_000, now)
    event.run(seeded.accountId, now)
  })
  const read = () => run.snapshot.all(snapshotParameters(seeded.accountId, pick(seeded.contacts)))
  // SQLite has one writer: concurrency does not apply, so the ceiling is one
  // synchronous loop, each write committed with its own fsync.
  const loop =
    (work: () => void): Ceiling =>
    async (_connections, seconds) => {
      const end = Date.now() + seconds * 1000
      let n = 0
      while (Date.now() < end) {
        work()
        n++
      }
      return n / seconds
    }
  return {
    ceilings: {
      earn: loop(() => earn.immediate()),
      balance: loop(read),
      transfer: loop(() => transfer.immediate()),
      give: loop(() => earn.immediate()),
      'visitor-create': loop(() => register.immediate()),
      'visitor-list': loop(() => {
        visitorPage.all(seeded.accountId)
        visitorTotal.get(seeded.accountId)
      }),
      'portal-session': loop(() => openSession.immediate()),
    },
    settle: async () => {},
    close: async () => {
      db.close()
    },
  }
}

const postgresBench = async (env: Record<string, string>): Promise<RawBench> => {
  // As many database connections as the server gets (DATABASE_POOL_SIZE): the same concurrency on both sides.
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: Number(env.DATABASE_POOL_SIZE ?? 10),
    idleTimeoutMillis: 1000,
    options: `-c search_path=${env.DATABASE_SCHEMA}`,
  })
  const seeded = toSeeded(
    (await pool.query<SeedRow>(seededSql)).rows.map((r) => ({
      ...r,
      account_id: Number(r.account_id),
      contact_id: Number(r.contact_id),
      wallet_id: Number(r.wallet_id),
      unit_id: Number(r.unit_id),
    })),
  )
  /** A credit (amount > 0) adds a lot; a debit takes from the oldest lot that covers it. */
  const post = async (client: pg.PoolClient, c: Seeded['contacts'][number], amount: number) => {
    const now = Date.now()
    const k = code()
    const { rows } = await client.query<{ id: string }>(
      `insert into ledger_entries (account_id, wallet_id, contact_id, unit_id, shop_id, kind, amount, type, source, code, natural_key, reference, title, description, reverses_id, metadata, created_at)
       values ($1, $2, $3, $4, null, 'standard', $5, 'COINS ORDER', 'ORDER', $6, $7, null, null, null, null, '{}', $8) returning id`,
      [seeded.accountId, c.walletId, c.contactId, c.unitId, amount, k, JSON.stringify(['COINS ORDER', k]), now],
    )
    if (amount > 0) {
      await client.query(
        'insert into lots (account_id, wallet_id, entry_id, amount, remaining, expires_at, created_at) values ($1, $2, $3, $4, $4, null, $5)',
        [seeded.accountId, c.walletId, rows[0]?.id, amount, now],
      )
    } else {
      const lots = await client.query<{ id: string }>('select id from lots where wallet_id = $1 and remaining >= $2 order by id limit 1', [c.walletId, -amount])
      await client.query('update lots set remaining = remaining - $1 where id = $2', [-amount, lots.rows[0]?.id])
      await client.query('insert into lot_consumptions (account_id, lot_id, entry_id, amount, created_at) values ($1, $2, $3, $4, $5)', [
        seeded.accountId,
        lots.rows[0]?.id,
        rows[0]?.id,
        -amount,
        now,
      ])
    }
    await client.query('update wallets set balance = balance + $1, updated_at = $2 where id = $3', [amount, now, c.walletId])
    await client.query(`insert into events (account_id, shop_id, type, payload, created_at) values ($1, null, 'ledger.entry.created', '{}', $2)`, [
      seeded.accountId,
      now,
    ])
  }
  const inTransaction = async (client: pg.PoolClient, work: () => Promise<void>) => {
    await client.query('begin')
    try {
      await work()
      await client.query('commit')
    } catch (error) {
      await client.query('rollback')
      throw error
    }
  }
  const lock = (client: pg.PoolClient, walletIds: number[]) =>
    client.query('select id, balance from wallets where id = any($1) order by id for update', [walletIds.sort((a, b) => a - b)])
  const concurrent =
    (work: (client: pg.PoolClient) => Promise<void>): Ceiling =>
    async (connections, seconds) => {
      const end = Date.now() + seconds * 1000
      let n = 0
      await Promise.all(
        Array.from({ length: connections }, async () => {
          const client = await pool.connect()
          try {
            while (Date.now() < end) {
              await work(client)
              n++
            }
          } finally {
            client.release()
          }
        }),
      )
      return n / seconds
    }
  const shopRow = (await pool.query<ShopRow>('select id, uuid from shops where account_id = $1 order by id limit 1', [seeded.accountId])).rows[0]
  const api = apiStatements('postgres')
  // Named, as the server's pool prepares its statements: parsed and planned once per connection.
  const prepared = (client: pg.PoolClient, name: keyof typeof api, values: unknown[]) => client.query({ name: `raw-${name}`, text: api[name], values })
  const earn = concurrent((client) => {
    const p = earnParameters(seeded.accountId, pick(seeded.contacts), 1000)
    return inTransaction(client, async () => {
      await prepared(client, 'contact', p.contact)
      const locked = (await prepared(client, 'lockForPosting', p.lockForPosting)).rows.find((r: { locked: number }) => Number(r.locked) === 1)
      const entry = (await prepared(client, 'insertCredit', p.insertCredit(Number(locked?.balance ?? 0)))).rows[0] as { id: string }
      await prepared(client, 'appendEvent', p.appendEvent(Number(entry.id)))
    })
  })
  const event = (client: pg.PoolClient, now: number) =>
    client.query(`insert into events (account_id, shop_id, type, payload, created_at) values ($1, null, 'ledger.entry.created', '{}', $2)`, [
      seeded.accountId,
      now,
    ])
  return {
    ceilings: {
      give: earn,
      'visitor-create': concurrent((client) =>
        inTransaction(client, async () => {
          const now = Date.now()
          const n = code()
          const email = `${n}@example.com`
          await client.query('select contact_id from contact_identifiers where account_id = $1 and kind = $2 and value = $3', [
            seeded.accountId,
            'email',
            email,
          ])
          const { rows } = await client.query<{ id: string }>(
            `insert into contacts (uuid, account_id, name, data, channel, registered_shop_id, subscribed_at, referred_by_id, created_at, updated_at)
             values ($1, $2, 'Ada Lovelace', '{}', 'app', null, null, null, $3, $3) returning id`,
            [randomUUID(), seeded.accountId, now],
          )
          const id = rows[0]?.id
          const identifier = 'insert into contact_identifiers (account_id, contact_id, kind, value, created_at) values ($1, $2, $3, $4, $5)'
          await client.query(identifier, [seeded.accountId, id, 'email', email, now])
          await client.query(identifier, [seeded.accountId, id, 'barcode', n, now])
          await client.query(
            `insert into visitors (account_id, contact_id, visitor_id, account_type, email, first_name, last_name, gender, country_code, acquisition_pc_code, barcode,
               email_verified, email_invalid, phone_verified, phone_invalid, registration_date, created_at, updated_at)
             values ($1, $2, $3, 'full', $4, 'Ada', 'Lovelace', 'f', 'FR', 'FR-SC-123', $5, 0, 0, 0, 0, $6, $6, $6) returning *`,
            [seeded.accountId, id, randomUUID(), email, n, now],
          )
          await prepared(client, 'countVisitor', [seeded.accountId, 1])
          await event(client, now)
        }),
      ),
      'visitor-list': concurrent(async (client) => {
        await client.query(`select * from visitors where account_id = $1 order by id limit ${VISITOR_PAGE}`, [seeded.accountId])
        await prepared(client, 'visitorTotal', [seeded.accountId])
      }),
      'portal-session': concurrent((client) =>
        inTransaction(client, async () => {
          const now = Date.now()
          const found = await client.query<{ id: string }>('select * from shops where account_id = $1 and uuid = $2', [seeded.accountId, shopRow?.uuid])
          await client.query(
            `insert into portal_sessions (uuid, account_id, shop_id, contact_id, type, options, expires_at, finished_at, created_at)
             values ($1, $2, $3, null, 'default', '{}', $4, null, $5) returning *`,
            [randomUUID(), seeded.accountId, found.rows[0]?.id, now + 600_000, now],
          )
          await event(client, now)
        }),
      ),
      earn,
      balance: concurrent(async (client) => {
        await prepared(client, 'snapshot', snapshotParameters(seeded.accountId, pick(seeded.contacts)))
      }),
      transfer: concurrent((client) => {
        const a = pick(seeded.contacts)
        const b = pick(seeded.contacts.filter((x) => x !== a))
        return inTransaction(client, async () => {
          await lock(client, [a.walletId, b.walletId])
          await post(client, a, -100)
          await post(client, b, 100)
        })
      }),
    },
    settle: async () => {
      // Only this run's schema: a bare `analyze` would visit every schema of the database.
      const { rows } = await pool.query<{ name: string }>('select quote_ident(tablename) as name from pg_tables where schemaname = current_schema()')
      await pool.query(`analyze ${rows.map((r) => r.name).join(', ')}`)
    },
    close: () => pool.end(),
  }
}

export const rawBench = async (kind: TestDbKind, env: Record<string, string>, _customers: number): Promise<RawBench> =>
  kind === 'sqlite' ? sqliteBench(env.DATA_DIR ?? '') : postgresBench(env)

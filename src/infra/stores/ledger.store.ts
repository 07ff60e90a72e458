import { type Expression, type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely'
import type { Entry, EntryKind, Lot, Wallet } from '../../domain/ledger/ledger.js'
import type { LedgerStore, NewEntry } from '../../domain/ledger/ledger.store.js'
import { minor } from '../../domain/shared/amounts.js'
import type { Page } from '../../domain/shared/page.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { statement, statementsFor } from '../db/statement.js'
import { toContact } from './contacts.store.js'

type WalletRow = Selectable<Database['wallets']>

/** An entry's insert; its parameters are `entryParameters`. */
const INSERT_ENTRY = `insert into ledger_entries (account_id, wallet_id, contact_id, unit_id, shop_id, kind, amount, type, source, code, natural_key, reference, title, description, reverses_id, metadata, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`

/** What every credit and debit runs, written once (the benchmark's raw ceiling runs the same texts). */
export const ledgerStatements = statementsFor((kind) => ({
  lockWallet: statement<WalletRow>(
    kind,
    `select * from wallets where account_id = ? and contact_id = ? and unit_id = ?${kind === 'postgres' ? ' for update' : ''}`,
  ),
  /*
   * The wallet a posting locks (on PostgreSQL; SQLite's writer holds the
   * database), with the identifier and the natural key check on its row,
   * then the contact's other wallets as of the statement's start.
   */
  lockForPosting: statement<WalletRow & { locked: number; identifier: string | null; taken: boolean | number | null }>(
    kind,
    `with target as (select * from wallets where account_id = ? and contact_id = ? and unit_id = ?${kind === 'postgres' ? ' for update' : ''})
     select t.*, 1 as locked,
       (select i.value from contact_identifiers i where i.account_id = t.account_id and i.contact_id = t.contact_id and i.kind = ? order by i.id limit 1) as identifier,
       exists (select 1 from ledger_entries e where e.account_id = t.account_id and e.natural_key = ?) as taken
     from target t
     union all
     select w.*, 0, null, null from wallets w where w.account_id = ? and w.contact_id = ? and w.unit_id <> ?`,
  ),
  snapshotByIdentifier: statement<
    Selectable<Database['contacts']> & { wallet_id: number | null; wallet_unit_id: number | null; wallet_balance: number | null; identifier: string | null }
  >(
    kind,
    `select c.*, w.id as wallet_id, w.unit_id as wallet_unit_id, w.balance as wallet_balance,
       (select f.value from contact_identifiers f where f.account_id = c.account_id and f.contact_id = c.id and f.kind = ? order by f.id limit 1) as identifier
     from contact_identifiers i join contacts c on c.id = i.contact_id left join wallets w on w.account_id = c.account_id and w.contact_id = c.id
     where i.account_id = ? and i.kind = ? and i.value = ? order by w.id`,
  ),
  /*
   * A wallet's open lots in the order a debit takes them, read along
   * lots_open_order (named on SQLite, whose planner prefers the older
   * (wallet_id, remaining) index until ANALYZE has run).
   */
  openLots: statement<Selectable<Database['lots']>>(
    kind,
    `select * from lots${kind === 'sqlite' ? ' indexed by lots_open_order' : ''} where wallet_id = ? and remaining > 0
     order by case when expires_at is null then 1 else 0 end, expires_at, id limit ?`,
  ),
  walletsWithIdentifier: statement<WalletRow & { identifier: string | null }>(
    kind,
    `select w.*, (select i.value from contact_identifiers i where i.account_id = w.account_id and i.contact_id = w.contact_id and i.kind = ? order by i.id limit 1) as identifier
     from wallets w where w.account_id = ? and w.contact_id = ? order by w.id`,
  ),
  insertEntry: statement<Selectable<Database['ledger_entries']>>(kind, INSERT_ENTRY),
  findByNaturalKey: statement<Selectable<Database['ledger_entries']>>(kind, 'select * from ledger_entries where account_id = ? and natural_key = ?'),
  insertLot: statement<Selectable<Database['lots']>>(
    kind,
    'insert into lots (account_id, wallet_id, entry_id, amount, remaining, expires_at, created_at) values (?, ?, ?, ?, ?, ?, ?) returning *',
  ),
  setBalance: statement<never>(kind, 'update wallets set balance = ?, updated_at = ? where id = ?'),
  consumeLot: statement<never>(kind, 'update lots set remaining = ? where id = ?'),
  insertConsumption: statement<never>(kind, 'insert into lot_consumptions (account_id, lot_id, entry_id, amount, created_at) values (?, ?, ?, ?, ?)'),
  /*
   * PostgreSQL writes a credit or a debit in one statement (SQLite, with no
   * round trips to save, runs the statements above one by one): the entry,
   * then, through data-modifying CTEs that see the entry's returned row,
   * its lots (or what it takes from lots, passed as arrays) and the
   * wallet's balance. The whole statement fails or succeeds together.
   */
  insertCredit: statement<Selectable<Database['ledger_entries']>>(
    kind,
    `with entry as (${INSERT_ENTRY}),
     lot as (
       insert into lots (account_id, wallet_id, entry_id, amount, remaining, expires_at, created_at)
       select entry.account_id, entry.wallet_id, entry.id, l.amount, l.amount, l.expires_at, entry.created_at
       from entry, unnest(?::bigint[], ?::bigint[]) with ordinality as l(amount, expires_at, n) order by l.n
     ),
     wallet as (update wallets set balance = ?, updated_at = ? where id = ?)
     select * from entry`,
  ),
  insertDebit: statement<Selectable<Database['ledger_entries']>>(
    kind,
    `with entry as (${INSERT_ENTRY}),
     taken as (select * from unnest(?::bigint[], ?::bigint[], ?::bigint[]) with ordinality as t(lot_id, amount, remaining, n)),
     lot as (update lots set remaining = taken.remaining from taken where lots.id = taken.lot_id),
     consumption as (
       insert into lot_consumptions (account_id, lot_id, entry_id, amount, created_at)
       select entry.account_id, taken.lot_id, entry.id, taken.amount, entry.created_at from entry, taken order by taken.n
     ),
     wallet as (update wallets set balance = ?, updated_at = ? where id = ?)
     select * from entry`,
  ),
}))

/** The row an insert returned. */
const returned = <R>(rows: readonly R[]): R => {
  const [row] = rows
  if (!row) throw new Error('the entry insert returned nothing')
  return row
}

/** The parameters of an entry's insert, in the order of its columns. */
const entryParameters = (e: NewEntry): unknown[] => [
  e.accountId,
  e.walletId,
  e.contactId,
  e.unitId,
  e.shopId,
  e.kind,
  e.amount,
  e.type,
  e.source,
  e.code,
  e.naturalKey,
  e.reference,
  e.title,
  e.description,
  e.reversesId,
  JSON.stringify(e.metadata),
  e.createdAt,
]

export const toEntry = (r: Selectable<Database['ledger_entries']>): Entry => ({
  id: r.id,
  accountId: r.account_id,
  walletId: r.wallet_id,
  contactId: r.contact_id,
  unitId: r.unit_id,
  shopId: r.shop_id,
  kind: r.kind as EntryKind,
  amount: minor(r.amount),
  type: r.type,
  source: r.source,
  code: r.code,
  reference: r.reference,
  title: r.title,
  description: r.description,
  reversesId: r.reverses_id,
  metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  createdAt: r.created_at,
})

/** One page of the entries a query selects, newest first, with how many it selects in all. */
export const pageOfEntries = async (
  base: SelectQueryBuilder<Database, 'ledger_entries', object>,
  { page, perPage }: { page: number; perPage: number },
): Promise<Page<Entry>> => {
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
  const rows = await base
    .selectAll()
    .orderBy('id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute()
  return { items: rows.map(toEntry), page, perPage, total: Number(total) }
}

const toWallet = (r: Selectable<Database['wallets']>): Wallet => ({
  id: r.id,
  accountId: r.account_id,
  contactId: r.contact_id,
  unitId: r.unit_id,
  balance: minor(r.balance),
})

const toLot = (r: Selectable<Database['lots']>): Lot => ({
  id: r.id,
  walletId: r.wallet_id,
  entryId: r.entry_id,
  amount: minor(r.amount),
  remaining: minor(r.remaining),
  expiresAt: r.expires_at,
  createdAt: r.created_at,
})

export const createLedgerStore = (db: Kysely<Database>, kind: DbKind): LedgerStore => {
  // Row locks exist only on PostgreSQL; on SQLite the whole write transaction
  // already holds the database's single write lock (BEGIN IMMEDIATE).
  const lockable = kind === 'postgres'
  const stmt = ledgerStatements(kind)

  const walletsQuery = (accountId: number) => db.selectFrom('wallets').selectAll().where('account_id', '=', accountId)

  return {
    async lockWallets(accountId, keys, now) {
      if (keys.length === 0) return []
      const [only] = keys
      const lock = async () => {
        if (only && keys.length === 1) return (await stmt.lockWallet.execute(db, [accountId, only.contactId, only.unitId])).map(toWallet)
        let q = walletsQuery(accountId)
          .where((eb) => eb.or(keys.map((k) => eb.and([eb('contact_id', '=', k.contactId), eb('unit_id', '=', k.unitId)]))))
          .orderBy('id')
        if (lockable) q = q.forUpdate()
        return (await q.execute()).map(toWallet)
      }
      // Wallets usually exist: lock them in one statement, creating only the missing ones first.
      const existing = await lock()
      const missing = keys.filter((k) => !existing.some((w) => w.contactId === k.contactId && w.unitId === k.unitId))
      if (missing.length === 0) return existing
      for (const k of missing) {
        await db
          .insertInto('wallets')
          .values({ account_id: accountId, contact_id: k.contactId, unit_id: k.unitId, balance: 0, updated_at: now })
          .onConflict((oc) => oc.columns(['account_id', 'contact_id', 'unit_id']).doNothing())
          .execute()
      }
      return lock()
    },
    async lockForPosting({ accountId, contactId, unitId, naturalKey, identifierKind, now }) {
      const read = () =>
        stmt.lockForPosting.execute(db, [accountId, contactId, unitId, identifierKind, naturalKey, accountId, contactId, unitId]).then((rows) => {
          const target = rows.find((r) => Number(r.locked) === 1)
          if (!target) return null
          return {
            wallet: toWallet(target),
            others: rows.filter((r) => r !== target).map(toWallet),
            identifier: target.identifier,
            naturalKeyTaken: Boolean(target.taken),
          }
        })
      const found = await read()
      if (found) return found
      // A contact's first posting in a unit: create the wallet, then lock it.
      await this.lockWallets(accountId, [{ contactId, unitId }], now)
      const created = await read()
      if (!created) throw new Error(`wallet of contact ${contactId} in unit ${unitId} was not created`)
      return created
    },
    async lockWalletsById(accountId, walletIds) {
      if (walletIds.length === 0) return []
      let q = walletsQuery(accountId)
        .where('id', 'in', [...walletIds])
        .orderBy('id')
      if (lockable) q = q.forUpdate()
      return (await q.execute()).map(toWallet)
    },
    async walletsOf(accountId, contactId) {
      return (await walletsQuery(accountId).where('contact_id', '=', contactId).orderBy('id').execute()).map(toWallet)
    },
    async snapshotByIdentifier(accountId, kind, value, identifierKind) {
      const rows = await stmt.snapshotByIdentifier.execute(db, [identifierKind, accountId, kind, value])
      const [first] = rows
      if (!first) return null
      const wallets: Wallet[] = []
      for (const r of rows) {
        if (r.wallet_id === null || r.wallet_unit_id === null || r.wallet_balance === null) continue
        wallets.push({ id: r.wallet_id, accountId, contactId: first.id, unitId: r.wallet_unit_id, balance: minor(r.wallet_balance) })
      }
      return { contact: toContact(first), wallets, identifier: first.identifier }
    },
    async walletsWithIdentifier(accountId, contactId, identifierKind) {
      const identifierOf = (contact: Expression<number>) =>
        db
          .selectFrom('contact_identifiers as i')
          .select('i.value')
          .where('i.account_id', '=', accountId)
          .where('i.contact_id', '=', contact)
          .where('i.kind', '=', identifierKind)
          .orderBy('i.id')
          .limit(1)
      const rows = await stmt.walletsWithIdentifier.execute(db, [identifierKind, accountId, contactId])
      const [first] = rows
      // Without a wallet there is no row to carry the identifier: ask for it alone.
      const identifier = first ? first.identifier : ((await identifierOf(sql.val(contactId)).executeTakeFirst())?.value ?? null)
      return { wallets: rows.map(toWallet), identifier: identifier ?? null }
    },

    async insertCredit(e, lots, balance) {
      if (kind === 'postgres') {
        const arrays = [lots.map((l) => l.amount), lots.map((l) => l.expiresAt)]
        return toEntry(returned(await stmt.insertCredit.execute(db, [...entryParameters(e), ...arrays, balance, e.createdAt, e.walletId])))
      }
      const entry = returned(await stmt.insertEntry.execute(db, entryParameters(e)))
      for (const lot of lots) await stmt.insertLot.execute(db, [e.accountId, e.walletId, entry.id, lot.amount, lot.amount, lot.expiresAt, e.createdAt])
      await stmt.setBalance.execute(db, [balance, e.createdAt, e.walletId])
      return toEntry(entry)
    },
    async insertDebit(e, takes, balance) {
      if (kind === 'postgres') {
        const arrays = [takes.map((t) => t.lotId), takes.map((t) => t.amount), takes.map((t) => t.remaining)]
        return toEntry(returned(await stmt.insertDebit.execute(db, [...entryParameters(e), ...arrays, balance, e.createdAt, e.walletId])))
      }
      const entry = returned(await stmt.insertEntry.execute(db, entryParameters(e)))
      for (const take of takes) {
        await stmt.consumeLot.execute(db, [take.remaining, take.lotId])
        await stmt.insertConsumption.execute(db, [e.accountId, take.lotId, entry.id, take.amount, e.createdAt])
      }
      await stmt.setBalance.execute(db, [balance, e.createdAt, e.walletId])
      return toEntry(entry)
    },
    async getEntry(accountId, id) {
      const r = await db.selectFrom('ledger_entries').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
      return r ? toEntry(r) : null
    },
    async findByNaturalKey(accountId, naturalKey) {
      const [r] = await stmt.findByNaturalKey.execute(db, [accountId, naturalKey])
      return r ? toEntry(r) : null
    },
    async findReversalOf(accountId, entryId) {
      const r = await db.selectFrom('ledger_entries').selectAll().where('account_id', '=', accountId).where('reverses_id', '=', entryId).executeTakeFirst()
      return r ? toEntry(r) : null
    },
    history: (accountId, contactId, page) =>
      pageOfEntries(db.selectFrom('ledger_entries').where('account_id', '=', accountId).where('contact_id', '=', contactId), page),
    async byCode(accountId, type, code) {
      const rows = await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('type', '=', type)
        .where('code', '=', code)
        .orderBy('id')
        .execute()
      return rows.map(toEntry)
    },
    async inRange(accountId, contactId, unitId, from, to) {
      const rows = await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .where('unit_id', '=', unitId)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .orderBy('id')
        .execute()
      return rows.map(toEntry)
    },

    async openLots(walletId, limit) {
      return (await stmt.openLots.execute(db, [walletId, limit ?? Number.MAX_SAFE_INTEGER])).map(toLot)
    },
    async openLotsOfContact(accountId, contactId) {
      const rows = await db
        .selectFrom('lots as l')
        .innerJoin('wallets as w', 'w.id', 'l.wallet_id')
        .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
        .selectAll('l')
        .select(['w.unit_id', 'e.source'])
        .where('l.account_id', '=', accountId)
        .where('w.contact_id', '=', contactId)
        .where('l.remaining', '>', 0)
        .orderBy(sql`case when l.expires_at is null then 1 else 0 end`)
        .orderBy('l.expires_at')
        .orderBy('l.id')
        .execute()
      return rows.map((r) => ({ ...toLot(r), unitId: r.unit_id, source: r.source }))
    },
    async consumptionsBy(entryId) {
      const rows = await db
        .selectFrom('lot_consumptions as c')
        .innerJoin('lots as l', 'l.id', 'c.lot_id')
        .selectAll('l')
        .select('c.amount as consumed')
        .where('c.entry_id', '=', entryId)
        .orderBy('c.id')
        .execute()
      return rows.map((r) => ({ lot: toLot(r), amount: minor(r.consumed) }))
    },
    async dueLots(now, limit) {
      const rows = await db
        .selectFrom('lots')
        .select(['account_id', 'wallet_id', 'id'])
        .where('expires_at', '<=', now)
        .where('remaining', '>', 0)
        .orderBy('expires_at')
        .limit(limit)
        .execute()
      return rows.map((r) => ({ accountId: r.account_id, walletId: r.wallet_id, lotId: r.id }))
    },
    async getLot(lotId) {
      const r = await db.selectFrom('lots').selectAll().where('id', '=', lotId).executeTakeFirst()
      return r ? toLot(r) : null
    },

    async insertOrderLines(accountId, entryId, shopId, lines, now) {
      if (lines.length === 0) return
      await db
        .insertInto('order_lines')
        .values(
          lines.map((l) => ({
            account_id: accountId,
            entry_id: entryId,
            shop_id: shopId,
            product_external_id: l.productExternalId,
            product_name: l.productName,
            quantity: l.quantity,
            total: l.total,
            earned_redeemed: l.earnedRedeemed,
            created_at: now,
          })),
        )
        .execute()
    },

    async check() {
      const rows = await db
        .selectFrom('wallets as w')
        .select((eb) => [
          'w.id',
          'w.account_id',
          'w.balance',
          eb.fn
            .coalesce(
              eb
                .selectFrom('ledger_entries as e')
                .select((e) => e.fn.sum<number>('e.amount').as('s'))
                .whereRef('e.wallet_id', '=', 'w.id'),
              eb.lit(0),
            )
            .as('entries_sum'),
          eb.fn
            .coalesce(
              eb
                .selectFrom('lots as l')
                .select((l) => l.fn.sum<number>('l.remaining').as('s'))
                .whereRef('l.wallet_id', '=', 'w.id'),
              eb.lit(0),
            )
            .as('lots_sum'),
        ])
        .execute()
      const mismatches = rows
        .map((r) => ({
          walletId: r.id,
          accountId: r.account_id,
          balance: minor(r.balance),
          entriesSum: minor(Number(r.entries_sum)),
          lotsSum: minor(Number(r.lots_sum)),
        }))
        .filter((w) => w.balance !== w.entriesSum || w.balance !== w.lotsSum || w.balance < 0)
      return { wallets: rows.length, mismatches }
    },
  }
}

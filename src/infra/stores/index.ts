import type { Kysely } from 'kysely'
import type { Tx } from '../../domain/shared/unit-of-work.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { createAccountStore, createClientStore } from './accounts.store.js'
import { createContactStore, createShopStore, createUnitStore } from './contacts.store.js'
import { createEventStore, createIdempotencyStore } from './events.store.js'
import { createLedgerStore } from './ledger.store.js'
import { createReportStore } from './reports.store.js'
import { createTierStore } from './tiers.store.js'

export const createStores = (db: Kysely<Database>, kind: DbKind): Tx => ({
  accounts: createAccountStore(db),
  clients: createClientStore(db),
  contacts: createContactStore(db, kind),
  shops: createShopStore(db),
  units: createUnitStore(db),
  tiers: createTierStore(db),
  ledger: createLedgerStore(db, kind),
  reports: createReportStore(db),
  events: createEventStore(db, kind),
  idempotency: createIdempotencyStore(db),
})

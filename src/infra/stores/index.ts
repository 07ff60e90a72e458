import type { Kysely } from 'kysely'
import type { Tx } from '../../domain/legacy-tx.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { createWebhookStore } from '../webhooks/webhooks.store.js'
import { createAccountStore, createClientStore } from './accounts.store.js'
import { createActivityStore } from './activity.store.js'
import { createAppTokenStore } from './app-tokens.store.js'
import { createContactStore, createShopStore, createUnitStore } from './contacts.store.js'
import { createCreditReceptionStore, createReceptionUnitStore } from './credit-receptions.store.js'
import {
  createArticleStore,
  createChallengeStores,
  createConsentStores,
  createInterestStore,
  createParkingStores,
  createRewardStore,
} from './engagement.store.js'
import { createEventStore, createIdempotencyStore } from './events.store.js'
import { createGiftcardStore } from './giftcards.store.js'
import { createIdentifierDetailStore } from './identifiers.store.js'
import { createLedgerStore } from './ledger.store.js'
import { createPortalSessionStore } from './portal-sessions.store.js'
import { createPrepaidStore } from './prepaid.store.js'
import { createRedeemStore } from './redeems.store.js'
import { createReportStore } from './reports.store.js'
import { createTierStore } from './tiers.store.js'
import { createVisitorStore } from './visitors.store.js'
import { createVoucherStore } from './vouchers.store.js'
import { createCenterStores, createCheckinStore, createServiceStores, createVisitorDataStores } from './westfield.store.js'

/** How each store is built on a connection (or transaction). */
const factories: { readonly [K in keyof Tx]: (db: Kysely<Database>, kind: DbKind) => Tx[K] } = {
  accounts: (db) => createAccountStore(db),
  clients: (db) => createClientStore(db),
  contacts: (db, kind) => createContactStore(db, kind),
  shops: (db) => createShopStore(db),
  units: (db) => createUnitStore(db),
  tiers: (db) => createTierStore(db),
  ledger: (db, kind) => createLedgerStore(db, kind),
  reports: (db) => createReportStore(db),
  events: (db, kind) => createEventStore(db, kind),
  idempotency: (db) => createIdempotencyStore(db),
  visitors: (db, kind) => createVisitorStore(db, kind),
  visitorData: (db) => createVisitorDataStores(db),
  centers: (db) => createCenterStores(db),
  services: (db) => createServiceStores(db),
  checkins: (db) => createCheckinStore(db),
  parking: (db) => createParkingStores(db),
  consent: (db) => createConsentStores(db),
  interests: (db) => createInterestStore(db),
  rewards: (db) => createRewardStore(db),
  challenges: (db) => createChallengeStores(db),
  articles: (db) => createArticleStore(db),
  appTokens: (db) => createAppTokenStore(db),
  redeems: (db, kind) => createRedeemStore(db, kind),
  activity: (db) => createActivityStore(db),
  giftcards: (db) => createGiftcardStore(db),
  identifierDetails: (db) => createIdentifierDetailStore(db),
  receptionUnits: (db) => createReceptionUnitStore(db),
  creditReceptions: (db) => createCreditReceptionStore(db),
  portalSessions: (db, kind) => createPortalSessionStore(db, kind),
  webhooks: (db, kind) => createWebhookStore(db, kind),
  prepaid: (db) => createPrepaidStore(db),
  vouchers: (db, kind) => createVoucherStore(db, kind),
}

interface Built {
  readonly db: Kysely<Database>
  readonly kind: DbKind
  readonly stores: Partial<Record<keyof Tx, unknown>>
}

const isStore = (key: string | symbol): key is keyof Tx => typeof key === 'string' && Object.hasOwn(factories, key)

/** One handler for every transaction: a store is built on first use and kept for the transaction. */
const lazily: ProxyHandler<Built> = {
  get(built, key) {
    if (!isStore(key)) return undefined
    if (!(key in built.stores)) built.stores[key] = factories[key](built.db, built.kind)
    return built.stores[key]
  },
}

/**
 * The stores of one transaction. Each is built the first time the
 * transaction uses it: a request uses a few of them, and building them all
 * took a quarter of the server's CPU on a balance read. `given` replaces
 * stores with the caller's own (the unit of work's cached units).
 */
export const createStores = (db: Kysely<Database>, kind: DbKind, given: Partial<Tx> = {}): Tx =>
  new Proxy<Built>({ db, kind, stores: { ...given } }, lazily) as unknown as Tx

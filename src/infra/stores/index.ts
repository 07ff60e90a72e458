import type { Kysely } from 'kysely'
import type { AccountStore, ClientStore } from '../../domain/accounts/accounts.store.js'
import type { AppTokenStore } from '../../domain/accounts/app-tokens.store.js'
import type { ActivityStore } from '../../domain/activity/activity.store.js'
import type { Article } from '../../domain/articles/articles.js'
import type { CenterStores } from '../../domain/centers/centers.js'
import type { ChallengeStores } from '../../domain/challenges/challenges.store.js'
import type { Checkin } from '../../domain/checkins/checkins.js'
import type { ConsentStores } from '../../domain/consent/consent.store.js'
import type { ContactStore, ShopStore, UnitStore } from '../../domain/contacts/contacts.store.js'
import type { IdentifierDetailStore } from '../../domain/contacts/identifiers.js'
import type { CreditReceptionStore, ReceptionUnitStore } from '../../domain/credit-receptions/credit-receptions.js'
import type { GiftcardStore } from '../../domain/giftcards/giftcards.store.js'
import type { Interest } from '../../domain/interests/interests.js'
import type { LedgerStore } from '../../domain/ledger/ledger.store.js'
import type { OfferStores } from '../../domain/offers/offers.js'
import type { ParkingStores } from '../../domain/parking/parking.store.js'
import type { PortalSessionStore } from '../../domain/portal-sessions/portal-sessions.js'
import type { PrepaidStore } from '../../domain/prepaid/prepaid.store.js'
import type { RecordStore } from '../../domain/records/records.js'
import type { RedeemStore } from '../../domain/redeems/redeems.store.js'
import type { ReportStore } from '../../domain/reports/reports.store.js'
import type { Reward } from '../../domain/rewards/rewards.js'
import type { EventStore } from '../../domain/shared/events.js'
import type { IdempotencyStore } from '../../domain/shared/idempotency.js'
import type { TierStore } from '../../domain/tiers/tiers.store.js'
import type { VisitorDataStores } from '../../domain/visitors/visitor-data.js'
import type { VisitorStore } from '../../domain/visitors/visitors.store.js'
import type { VoucherStore } from '../../domain/vouchers/vouchers.store.js'
import type { WebhookStore } from '../../domain/webhooks/webhooks.store.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { createWebhookStore } from '../webhooks/webhooks.store.js'
import { createAccountStore, createClientStore } from './accounts.store.js'
import { createActivityStore } from './activity.store.js'
import { createAppTokenStore } from './app-tokens.store.js'
import { createArticleStore } from './articles.store.js'
import { createCenterStores } from './centers.store.js'
import { createChallengeStores } from './challenges.store.js'
import { createCheckinStore } from './checkins.store.js'
import { createConsentStores } from './consent.store.js'
import { createContactStore, createShopStore, createUnitStore } from './contacts.store.js'
import { createCreditReceptionStore, createReceptionUnitStore } from './credit-receptions.store.js'
import { createEventStore, createIdempotencyStore } from './events.store.js'
import { createGiftcardStore } from './giftcards.store.js'
import { createIdentifierDetailStore } from './identifiers.store.js'
import { createInterestStore } from './interests.store.js'
import { createLedgerStore } from './ledger.store.js'
import { createOfferStores } from './offers.store.js'
import { createParkingStores } from './parking.store.js'
import { createPortalSessionStore } from './portal-sessions.store.js'
import { createPrepaidStore } from './prepaid.store.js'
import { createRedeemStore } from './redeems.store.js'
import { createReportStore } from './reports.store.js'
import { createRewardStore } from './rewards.store.js'
import { createTierStore } from './tiers.store.js'
import { createVisitorDataStores } from './visitor-data.store.js'
import { createVisitorStore } from './visitors.store.js'
import { createVoucherStore } from './vouchers.store.js'

/**
 * Every store at once: what one transaction of the unit of work offers. Each
 * domain module asks for the part it needs (`LedgerTx & EventsTx`), which this
 * fits.
 */
export interface Stores {
  readonly accounts: AccountStore
  readonly clients: ClientStore
  readonly contacts: ContactStore
  readonly shops: ShopStore
  readonly units: UnitStore
  readonly tiers: TierStore
  readonly ledger: LedgerStore
  readonly reports: ReportStore
  readonly events: EventStore
  readonly idempotency: IdempotencyStore
  readonly visitors: VisitorStore
  readonly visitorData: VisitorDataStores
  readonly centers: CenterStores
  readonly offers: OfferStores
  readonly checkins: RecordStore<Checkin>
  readonly parking: ParkingStores
  readonly consent: ConsentStores
  readonly interests: RecordStore<Interest>
  readonly rewards: RecordStore<Reward>
  readonly challenges: ChallengeStores
  readonly articles: RecordStore<Article>
  readonly appTokens: AppTokenStore
  readonly redeems: RedeemStore
  readonly activity: ActivityStore
  readonly giftcards: GiftcardStore
  readonly identifierDetails: IdentifierDetailStore
  readonly receptionUnits: ReceptionUnitStore
  readonly creditReceptions: CreditReceptionStore
  readonly portalSessions: PortalSessionStore
  readonly webhooks: WebhookStore
  readonly prepaid: PrepaidStore
  readonly vouchers: VoucherStore
}

/** How each store is built on a connection (or transaction). */
const factories: { readonly [K in keyof Stores]: (db: Kysely<Database>, kind: DbKind) => Stores[K] } = {
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
  offers: (db) => createOfferStores(db),
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

/**
 * The stores of one transaction. Each is built the first time the
 * transaction uses it: a request uses a few of them, and building them all
 * took a quarter of the server's CPU on a balance read.
 */
class TransactionStores implements Stores {
  readonly #db: Kysely<Database>
  readonly #kind: DbKind
  readonly #built: { -readonly [K in keyof Stores]?: Stores[K] }

  constructor(db: Kysely<Database>, kind: DbKind, given: Partial<Stores>) {
    this.#db = db
    this.#kind = kind
    this.#built = { ...given }
  }

  #store<K extends keyof Stores>(key: K): Stores[K] {
    const built = this.#built[key]
    if (built !== undefined) return built
    const store = factories[key](this.#db, this.#kind)
    this.#built[key] = store
    return store
  }

  get accounts() {
    return this.#store('accounts')
  }
  get clients() {
    return this.#store('clients')
  }
  get contacts() {
    return this.#store('contacts')
  }
  get shops() {
    return this.#store('shops')
  }
  get units() {
    return this.#store('units')
  }
  get tiers() {
    return this.#store('tiers')
  }
  get ledger() {
    return this.#store('ledger')
  }
  get reports() {
    return this.#store('reports')
  }
  get events() {
    return this.#store('events')
  }
  get idempotency() {
    return this.#store('idempotency')
  }
  get visitors() {
    return this.#store('visitors')
  }
  get visitorData() {
    return this.#store('visitorData')
  }
  get centers() {
    return this.#store('centers')
  }
  get offers() {
    return this.#store('offers')
  }
  get checkins() {
    return this.#store('checkins')
  }
  get parking() {
    return this.#store('parking')
  }
  get consent() {
    return this.#store('consent')
  }
  get interests() {
    return this.#store('interests')
  }
  get rewards() {
    return this.#store('rewards')
  }
  get challenges() {
    return this.#store('challenges')
  }
  get articles() {
    return this.#store('articles')
  }
  get appTokens() {
    return this.#store('appTokens')
  }
  get redeems() {
    return this.#store('redeems')
  }
  get activity() {
    return this.#store('activity')
  }
  get giftcards() {
    return this.#store('giftcards')
  }
  get identifierDetails() {
    return this.#store('identifierDetails')
  }
  get receptionUnits() {
    return this.#store('receptionUnits')
  }
  get creditReceptions() {
    return this.#store('creditReceptions')
  }
  get portalSessions() {
    return this.#store('portalSessions')
  }
  get webhooks() {
    return this.#store('webhooks')
  }
  get prepaid() {
    return this.#store('prepaid')
  }
  get vouchers() {
    return this.#store('vouchers')
  }
}

/** The stores of one transaction; `given` replaces stores with the caller's own (the unit of work's cached units). */
export const createStores = (db: Kysely<Database>, kind: DbKind, given: Partial<Stores> = {}): Stores => new TransactionStores(db, kind, given)

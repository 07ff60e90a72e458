import type { Kysely } from 'kysely'
import type { Tx } from '../../domain/shared/unit-of-work.js'
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
  visitors: createVisitorStore(db, kind),
  visitorData: createVisitorDataStores(db),
  centers: createCenterStores(db),
  services: createServiceStores(db),
  checkins: createCheckinStore(db),
  parking: createParkingStores(db),
  consent: createConsentStores(db),
  interests: createInterestStore(db),
  rewards: createRewardStore(db),
  challenges: createChallengeStores(db),
  articles: createArticleStore(db),
  appTokens: createAppTokenStore(db),
  redeems: createRedeemStore(db, kind),
  activity: createActivityStore(db),
  giftcards: createGiftcardStore(db),
  identifierDetails: createIdentifierDetailStore(db),
  receptionUnits: createReceptionUnitStore(db),
  creditReceptions: createCreditReceptionStore(db),
  portalSessions: createPortalSessionStore(db, kind),
  webhooks: createWebhookStore(db, kind),
  prepaid: createPrepaidStore(db),
  vouchers: createVoucherStore(db, kind),
})

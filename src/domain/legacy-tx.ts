import type { AccountStore, ClientStore } from './accounts/accounts.store.js'
import type { AppTokenStore } from './accounts/app-tokens.store.js'
import type { ActivityStore } from './activity/activity.store.js'
import type { Article } from './articles/articles.js'
import type { CenterStores } from './centers/centers.js'
import type { ChallengeStores } from './challenges/challenges.store.js'
import type { Checkin } from './checkins/checkins.js'
import type { ConsentStores } from './consent/consent.store.js'
import type { ContactStore, ShopStore, UnitStore } from './contacts/contacts.store.js'
import type { IdentifierDetailStore } from './contacts/identifiers.js'
import type { CreditReceptionStore, ReceptionUnitStore } from './credit-receptions/credit-receptions.js'
import type { GiftcardStore } from './giftcards/giftcards.store.js'
import type { Interest } from './interests/interests.js'
import type { LedgerStore } from './ledger/ledger.store.js'
import type { ParkingStores } from './parking/parking.store.js'
import type { PortalSessionStore } from './portal-sessions/portal-sessions.js'
import type { PrepaidStore } from './prepaid/prepaid.store.js'
import type { RecordStore } from './records/records.js'
import type { RedeemStore } from './redeems/redeems.store.js'
import type { ReportStore } from './reports/reports.store.js'
import type { Reward } from './rewards/rewards.js'
import type { ServiceStores } from './services/services.js'
import type { EventStore } from './shared/events.js'
import type { IdempotencyStore } from './shared/idempotency.js'
import type { UnitOfWork } from './shared/unit-of-work.js'
import type { TierStore } from './tiers/tiers.store.js'
import type { VisitorDataStores } from './visitors/visitor-data.js'
import type { VisitorStore } from './visitors/visitors.store.js'
import type { VoucherStore } from './vouchers/vouchers.store.js'
import type { WebhookStore } from './webhooks/webhooks.store.js'

/**
 * Every store at once: the shape services had before each module named its
 * own. Being removed module by module; nothing new may use it.
 */
export interface Tx {
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
  readonly services: ServiceStores
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

export type LegacyUnitOfWork = UnitOfWork<Tx>

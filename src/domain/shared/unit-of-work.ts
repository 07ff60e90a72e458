import type { AccountStore, ClientStore } from '../accounts/accounts.store.js'
import type { ContactStore, ShopStore, UnitStore } from '../contacts/contacts.store.js'
import type { IdentifierDetailStore } from '../contacts/identifiers.js'
import type { CreditReceptionStore, ReceptionUnitStore } from '../credit-receptions/credit-receptions.js'
import type { GiftcardStore } from '../giftcards/giftcards.store.js'
import type { LedgerStore } from '../ledger/ledger.store.js'
import type { PortalSessionStore } from '../portal-sessions/portal-sessions.js'
import type { PrepaidStore } from '../prepaid/prepaid.store.js'
import type { ReportStore } from '../reports/reports.store.js'
import type { TierStore } from '../tiers/tiers.store.js'
import type { VoucherStore } from '../vouchers/vouchers.store.js'
import type { WebhookStore } from '../webhooks/webhooks.store.js'
import type { EventStore } from './events.js'
import type { IdempotencyStore } from './idempotency.js'

/** The stores of one database transaction. */
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
  readonly giftcards: GiftcardStore
  readonly identifierDetails: IdentifierDetailStore
  readonly receptionUnits: ReceptionUnitStore
  readonly creditReceptions: CreditReceptionStore
  readonly portalSessions: PortalSessionStore
  readonly webhooks: WebhookStore
  readonly prepaid: PrepaidStore
  readonly vouchers: VoucherStore
}

export interface UnitOfWork {
  /**
   * Runs `work` in one database transaction: all of it commits or none of it
   * does. Transient conflicts (a unique key raced by a concurrent writer, a
   * serialization failure, a deadlock) roll back and run `work` again, so
   * `work` must do nothing outside the transaction.
   */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>
  /** Runs read-only `work` without opening a write transaction. */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>
}

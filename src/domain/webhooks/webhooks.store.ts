import type { Instant } from '../shared/clock.js'
import type { StoredEvent } from '../shared/events.js'
import type { ClaimedDelivery, WebhookEventType, WebhookStatus, WebhookSubscription } from './webhooks.js'

/**
 * How far the outbox has been read for one account. On PostgreSQL, event ids
 * are handed out before commit, so a later id can commit first; the cursor
 * therefore follows the inserting transaction (`txId`) and reads only
 * transactions that no running transaction can precede. On SQLite a single
 * writer commits in id order and `txId` stays 0.
 */
export interface OutboxCursor {
  readonly txId: number
  readonly eventId: number
}

/** An event read from the outbox, with its place in it. */
export interface OutboxEvent extends StoredEvent {
  readonly position: OutboxCursor
}

export interface SubscriptionFilter {
  readonly eventType?: WebhookEventType | undefined
  readonly status?: WebhookStatus | undefined
}

export interface SubscriptionChanges {
  readonly name?: string | undefined
  readonly url?: string | undefined
  readonly status?: WebhookStatus | undefined
  readonly attributes?: readonly string[] | undefined
}

export interface NewDelivery {
  readonly uuid: string
  readonly accountId: number
  readonly subscriptionId: number
  readonly eventId: number
  readonly eventType: WebhookEventType
  readonly body: string
  readonly now: Instant
}

export interface AttemptOutcome {
  readonly status: 'pending' | 'delivered' | 'failed' | 'cancelled'
  readonly nextAttemptAt: Instant
  /** The receiver's HTTP status, when it answered. */
  readonly responseStatus: number | null
  readonly error: string | null
  readonly now: Instant
}

export interface WebhookStore {
  createSubscription(input: {
    accountId: number
    name: string
    eventType: WebhookEventType
    url: string
    sealedSecret: string
    attributes: readonly string[]
    now: Instant
  }): Promise<WebhookSubscription>
  listSubscriptions(accountId: number, filter: SubscriptionFilter): Promise<WebhookSubscription[]>
  /** Deleted subscriptions are not found. */
  findSubscription(accountId: number, uuid: string): Promise<WebhookSubscription | null>
  updateSubscription(accountId: number, id: number, changes: SubscriptionChanges, now: Instant): Promise<WebhookSubscription>
  /** Removes the subscription from view and cancels its pending deliveries. */
  deleteSubscription(accountId: number, id: number, now: Instant): Promise<void>

  /** Starts the account's outbox cursor at the present when it has none, so older events are never sent. */
  ensureCursor(accountId: number, now: Instant): Promise<void>
  /**
   * Accounts with at least one subscription (active or not) and committed
   * events after their cursor: the ones a step has work for.
   */
  accountsBehind(): Promise<number[]>
  /** When the soonest pending delivery is due; null when none is pending. */
  nextDueAt(): Promise<Instant | null>
  /**
   * Locks the account's cursor for the rest of the transaction; null when
   * another process holds it (that process reads the account's events now).
   */
  lockCursor(accountId: number): Promise<OutboxCursor | null>
  /** Committed events after the cursor, oldest first, and the cursor to save once they are handled. */
  eventsAfter(accountId: number, cursor: OutboxCursor, limit: number): Promise<{ events: OutboxEvent[]; next: OutboxCursor }>
  saveCursor(accountId: number, cursor: OutboxCursor, now: Instant): Promise<void>
  /**
   * Active subscriptions of the account to one event type that began before
   * the event: on PostgreSQL, whose creating transaction could not see it.
   */
  listenersOf(accountId: number, eventType: WebhookEventType, event: OutboxCursor): Promise<WebhookSubscription[]>
  /** Adds a delivery unless the subscription already has one for the event. */
  addDelivery(delivery: NewDelivery): Promise<void>

  /**
   * Claims pending deliveries due at `now` for one attempt: their next attempt
   * moves to `leaseUntil`, so a process that dies while sending leaves them to
   * be claimed again then. Concurrent claimers never get the same delivery.
   */
  claimDue(now: Instant, leaseUntil: Instant, limit: number): Promise<ClaimedDelivery[]>
  recordAttempt(accountId: number, deliveryId: number, outcome: AttemptOutcome): Promise<void>
  /** Events not yet turned into deliveries (of accounts with subscriptions), and deliveries still to be sent. */
  backlog(): Promise<{ events: number; deliveries: number }>
}

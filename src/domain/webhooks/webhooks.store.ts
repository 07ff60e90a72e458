import type { Instant } from '../shared/clock.js'
import type { StoredEvent } from '../shared/events.js'
import type { ClaimedDelivery, WebhookDelivery, WebhookEventType, WebhookStatus, WebhookSubscription } from './webhooks.js'

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

/** A new subscription, its signing secret sealed. */
export type NewSubscription = Pick<WebhookSubscription, 'accountId' | 'name' | 'eventType' | 'url' | 'attributes'> & {
  readonly sealedSecret: string
  readonly now: Instant
}

/** What a change of a subscription may set; a field left out (or undefined) keeps its value. */
export type SubscriptionChanges = { readonly [K in 'name' | 'url' | 'status' | 'attributes']?: WebhookSubscription[K] | undefined }

/** A new delivery, pending from `now`. */
export type NewDelivery = Pick<WebhookDelivery, 'uuid' | 'accountId' | 'subscriptionId' | 'eventId' | 'eventType' | 'body'> & { readonly now: Instant }

export interface AttemptOutcome {
  readonly status: 'pending' | 'delivered' | 'failed' | 'cancelled'
  readonly nextAttemptAt: Instant
  /** The receiver's HTTP status, when it answered. */
  readonly responseStatus: number | null
  readonly error: string | null
  readonly now: Instant
}

export interface WebhookStore {
  createSubscription(input: NewSubscription): Promise<WebhookSubscription>
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

/** The webhook store, as a module needs it of the caller's transaction. */
export interface WebhooksTx {
  readonly webhooks: WebhookStore
}

import type { ContactsTx } from '../contacts/contacts.store.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { type WebhookRenderer, wants, webhookEventsOf } from './webhook-events.js'
import { type ClaimedDelivery, type RetryPolicy, retryDelay, type WebhookEventType } from './webhooks.js'
import type { SecretBox } from './webhooks.service.js'
import type { WebhooksTx } from './webhooks.store.js'

/** What one HTTP attempt to a receiver came to. */
export interface SendResult {
  /** True when the receiver answered 2xx. */
  readonly ok: boolean
  readonly status: number | null
  readonly error: string | null
}

/** Posts one signed webhook; implemented over HTTP outside the domain. */
export interface WebhookSender {
  send(request: { url: string; body: string; secret: string; deliveryUuid: string; eventType: WebhookEventType; at: Instant }): Promise<SendResult>
}

export interface DispatchOptions {
  readonly retry: RetryPolicy
  /** Events read, or deliveries attempted, per batch. */
  readonly batchSize: number
  /**
   * How long a claimed delivery stays with the process that claimed it. If
   * that process dies mid-attempt, another claims it after this; it must
   * exceed the HTTP timeout.
   */
  readonly leaseMs: number
}

export interface DispatchReport {
  /** Deliveries created from new events. */
  readonly queued: number
  /** Delivery attempts made. */
  readonly attempted: number
  readonly delivered: number
}

export interface WebhookDispatcherDeps {
  readonly uow: UnitOfWork<WebhooksTx & Pick<ContactsTx, 'contacts' | 'shops'>>
  readonly clock: Clock
  /** A new delivery's UUID. */
  readonly ids: () => string
  readonly secrets: SecretBox
  readonly sender: WebhookSender
  /** The wire body of each delivery: the dialect's field names and shapes. */
  readonly renderer: WebhookRenderer
  readonly options: DispatchOptions
}

/**
 * Delivers the transactional outbox to webhook subscriptions. Each step reads
 * committed events after a durable per-account cursor and writes one delivery
 * row per matching subscription in the same transaction as the cursor move,
 * so an event is queued exactly once even if a process dies. Deliveries are
 * claimed in a short transaction, posted with no transaction open, and their
 * outcome recorded in another; failures are retried with exponential backoff.
 * Several processes may run it at once: a cursor or a delivery is worked on by
 * one of them at a time. Failures are recorded on the delivery, never thrown;
 * the methods throw only when the database does.
 */
export interface WebhookDispatcher {
  /** Turns committed events into deliveries, one per matching subscription. */
  fanOut(): Promise<number>
  /** Makes one attempt at every delivery due now. */
  deliverDue(): Promise<{ attempted: number; delivered: number }>
  /** One full step: fan out every new event, then attempt every due delivery. */
  runOnce(): Promise<DispatchReport>
  /**
   * What is left to do: committed events not yet read (on PostgreSQL an event
   * waits until every transaction older than it has ended) and deliveries
   * still pending (due now or waiting for a retry).
   */
  backlog(): Promise<{ events: number; deliveries: number }>
}

const MAX_ERROR_LENGTH = 500

export const createWebhookDispatcher = ({ uow, clock, ids, secrets, sender, renderer, options }: WebhookDispatcherDeps): WebhookDispatcher => {
  /** Queues the next batch of one account's events; returns how many events it read, or null when another process holds the account. */
  const fanOutBatch = (accountId: number): Promise<{ events: number; queued: number } | null> =>
    uow.run(async (tx) => {
      const cursor = await tx.webhooks.lockCursor(accountId)
      if (!cursor) return null
      const { events, next } = await tx.webhooks.eventsAfter(accountId, cursor, options.batchSize)
      let queued = 0
      const now = clock.now()
      for (const event of events) {
        for (const webhook of await webhookEventsOf(tx, event)) {
          for (const subscription of await tx.webhooks.listenersOf(accountId, webhook.eventType, event.position)) {
            if (!wants(subscription, webhook)) continue
            const uuid = ids()
            await tx.webhooks.addDelivery({
              uuid,
              accountId,
              subscriptionId: subscription.id,
              eventId: event.id,
              eventType: webhook.eventType,
              body: renderer.render({ uuid, subscription, event, webhook }),
              now,
            })
            queued++
          }
        }
      }
      await tx.webhooks.saveCursor(accountId, next, now)
      return { events: events.length, queued }
    })

  const fanOut = async (): Promise<number> => {
    // Found with a read, so an idle step takes no write lock.
    const accounts = await uow.read((tx) => tx.webhooks.accountsBehind())
    let queued = 0
    for (const accountId of accounts) {
      for (;;) {
        const batch = await fanOutBatch(accountId)
        if (!batch) break
        queued += batch.queued
        if (batch.events < options.batchSize) break
      }
    }
    return queued
  }

  const attempt = async (delivery: ClaimedDelivery): Promise<boolean> => {
    if (!delivery.subscriptionActive) {
      const now = clock.now()
      await uow.run((tx) =>
        tx.webhooks.recordAttempt(delivery.accountId, delivery.id, {
          status: 'cancelled',
          nextAttemptAt: now,
          responseStatus: null,
          error: 'subscription inactive',
          now,
        }),
      )
      return false
    }
    let result: SendResult
    try {
      const secret = secrets.open(delivery.sealedSecret)
      result = await sender.send({
        url: delivery.url,
        body: delivery.body,
        secret,
        deliveryUuid: delivery.uuid,
        eventType: delivery.eventType,
        at: clock.now(),
      })
    } catch (error) {
      result = { ok: false, status: null, error: error instanceof Error ? error.message : String(error) }
    }
    const now = clock.now()
    const outcome = result.ok
      ? { status: 'delivered' as const, nextAttemptAt: now }
      : delivery.attempts >= options.retry.maxAttempts
        ? { status: 'failed' as const, nextAttemptAt: now }
        : { status: 'pending' as const, nextAttemptAt: now + retryDelay(options.retry, delivery.attempts) }
    await uow.run((tx) =>
      tx.webhooks.recordAttempt(delivery.accountId, delivery.id, {
        ...outcome,
        responseStatus: result.status,
        error: result.error?.slice(0, MAX_ERROR_LENGTH) ?? null,
        now,
      }),
    )
    return result.ok
  }

  const deliverDue = async () => {
    let attempted = 0
    let delivered = 0
    for (;;) {
      const now = clock.now()
      const due = await uow.read((tx) => tx.webhooks.nextDueAt())
      if (due === null || due > now) break
      const claimed = await uow.run((tx) => tx.webhooks.claimDue(now, now + options.leaseMs, options.batchSize))
      if (claimed.length === 0) break
      // The network calls run with no transaction open, side by side.
      const results = await Promise.all(claimed.map(attempt))
      attempted += claimed.filter((d) => d.subscriptionActive).length
      delivered += results.filter(Boolean).length
      if (claimed.length < options.batchSize) break
    }
    return { attempted, delivered }
  }

  return {
    fanOut,
    deliverDue,
    async runOnce() {
      const queued = await fanOut()
      const { attempted, delivered } = await deliverDue()
      return { queued, attempted, delivered }
    },
    backlog: () => uow.read((tx) => tx.webhooks.backlog()),
  }
}

import type { Instant } from '../shared/clock.js'

/** The events a webhook subscription can listen to: the names Leat documents. */
export const webhookEventTypes = [
  'contact_created',
  'contact_updated',
  'credit_reception_created',
  'prepaid_transaction_created',
  'voucher_created',
  'voucher_updated',
  'voucher_redeemed',
  'form_submission_completed',
  'referral_completed',
  'contact_identifier_created',
  'reward_updated',
  'promotion_updated',
] as const

export type WebhookEventType = (typeof webhookEventTypes)[number]

export const isWebhookEventType = (value: string): value is WebhookEventType => (webhookEventTypes as readonly string[]).includes(value)

export const webhookStatuses = ['ACTIVE', 'INACTIVE'] as const

export type WebhookStatus = (typeof webhookStatuses)[number]

/** The payload format version; only one exists. */
export const WEBHOOK_VERSION = 'V1'

export interface WebhookSubscription {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly name: string
  readonly eventType: WebhookEventType
  readonly url: string
  readonly status: WebhookStatus
  readonly version: typeof WEBHOOK_VERSION
  /** Contact attributes a `contact_updated` subscription is limited to; empty means every change. */
  readonly attributes: readonly string[]
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled'

/** One event on its way to one subscription's URL. */
export interface WebhookDelivery {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly subscriptionId: number
  readonly eventId: number
  readonly eventType: WebhookEventType
  /** The exact JSON body sent on every attempt, so retries are byte for byte the same. */
  readonly body: string
  readonly status: DeliveryStatus
  readonly attempts: number
  readonly nextAttemptAt: Instant
}

/** A delivery claimed for one attempt, with what the attempt needs to sign and send it. */
export interface ClaimedDelivery extends WebhookDelivery {
  readonly url: string
  /** The subscription's signing secret, sealed as stored. */
  readonly sealedSecret: string
  /** False when the subscription was deleted or switched off since the event: the delivery is dropped. */
  readonly subscriptionActive: boolean
}

/** When failed deliveries are tried again. */
export interface RetryPolicy {
  /** Wait after the first failed attempt; each further failure doubles it. */
  readonly baseDelayMs: number
  /** Longest wait between two attempts. */
  readonly maxDelayMs: number
  /** Attempts after which a delivery is given up as failed. */
  readonly maxAttempts: number
}

/**
 * The wait before the next attempt after `attempts` failed ones: base, 2x
 * base, 4x base ... capped at the maximum. Deterministic (no jitter), so an
 * operator can tell from the attempt count when the next try happens.
 */
export const retryDelay = (policy: RetryPolicy, attempts: number): number => Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1))

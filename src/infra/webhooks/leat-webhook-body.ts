import type { Instant } from '../../domain/shared/clock.js'
import type { WebhookEvent, WebhookRenderer } from '../../domain/webhooks/webhook-events.js'
import { WEBHOOK_VERSION, type WebhookEventType } from '../../domain/webhooks/webhooks.js'

/** Leat's date format: seconds, explicit UTC offset. */
const leatDate = (at: Instant): string => `${new Date(at).toISOString().slice(0, 19)}+00:00`

/** The key of the entity under a webhook's `data`, by event type. */
const entityKeys: Readonly<Record<WebhookEventType, string>> = {
  contact_created: 'contact',
  contact_updated: 'contact',
  credit_reception_created: 'credit_reception',
  prepaid_transaction_created: 'prepaid_transaction',
  voucher_created: 'voucher',
  voucher_updated: 'voucher',
  voucher_redeemed: 'voucher',
  form_submission_completed: 'form_submission',
  referral_completed: 'referral',
  contact_identifier_created: 'contact_identifier',
  reward_updated: 'reward',
  promotion_updated: 'promotion',
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/**
 * The entity an event is about, as a Leat webhook shows it: its own facts in
 * snake_case, internal ids left out (no API shows them) and every related
 * entity (`contactUuid`, `promotionUuid` ...) as `{ "uuid": ... }`. The
 * contact and the shop are added by UUID when the payload names them only by
 * id.
 */
const entityData = ({ payload, related }: WebhookEvent): Record<string, unknown> => {
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'id' || /Ids?$/.test(key)) continue
    if (key.endsWith('Uuid') && key !== 'uuid') {
      body[snake(key.slice(0, -4))] = typeof value === 'string' ? { uuid: value } : null
      continue
    }
    body[snake(key)] = value
  }
  if (body.contact === undefined && related.contact !== null) body.contact = { uuid: related.contact }
  if (body.shop === undefined && related.shop !== null) body.shop = { uuid: related.shop }
  return body
}

/** A new contact is shown by its UUID and email alone. */
const contactData = ({ payload, related }: WebhookEvent): Record<string, unknown> => {
  const email = typeof payload.email === 'string' && payload.email !== '' ? payload.email : null
  return { contact: email ? { uuid: related.contact, email } : { uuid: related.contact } }
}

/** Leat's webhook body, as `leat-reference/webhooks.md` documents it; `docs/dialects/leat.md` shows an example. */
export const leatWebhookRenderer: WebhookRenderer = {
  render: ({ uuid, subscription, event, webhook }) =>
    JSON.stringify({
      uuid,
      event_type: subscription.eventType,
      version: WEBHOOK_VERSION,
      webhook_subscription_uuid: subscription.uuid,
      created_at: leatDate(event.occurredAt),
      data: webhook.eventType === 'contact_created' ? contactData(webhook) : { [entityKeys[webhook.eventType]]: entityData(webhook) },
    }),
}

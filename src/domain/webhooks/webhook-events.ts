import type { ContactsTx } from '../contacts/contacts.store.js'
import type { StoredEvent } from '../shared/events.js'
import type { WebhookEventType, WebhookSubscription } from './webhooks.js'

/**
 * A domain event on its way to the subscriptions of one webhook event type:
 * which type it is, and the facts it carries. How those facts look on the
 * wire is the renderer's business (`WebhookRenderer`).
 */
export interface WebhookEvent {
  readonly eventType: WebhookEventType
  /** The domain event's payload, as published. */
  readonly payload: Readonly<Record<string, unknown>>
  /** The UUIDs of the contact and the shop the event is about, found by id when the payload names them by id only. */
  readonly related: { readonly contact: string | null; readonly shop: string | null }
  /** For `contact_updated`: the contact attributes that changed, when the domain event says. */
  readonly changedAttributes?: readonly string[] | undefined
}

/** Turns one webhook event of one subscription into the exact body its receiver gets. */
export interface WebhookRenderer {
  render(delivery: { readonly uuid: string; readonly subscription: WebhookSubscription; readonly event: StoredEvent; readonly webhook: WebhookEvent }): string
}

/** What finding an event's contact and shop needs of the caller's transaction. */
export type WebhookLookupTx = Pick<ContactsTx, 'contacts' | 'shops'>

type Payload = Readonly<Record<string, unknown>>

const num = (payload: Payload, key: string): number | null => {
  const value = payload[key]
  return typeof value === 'number' ? value : null
}
const str = (payload: Payload, key: string): string | null => {
  const value = payload[key]
  return typeof value === 'string' ? value : null
}

/** The contact's UUID: the payload's (under `uuidKey`), else the contact's of `contactId`. */
const contactOf = async (tx: WebhookLookupTx, event: StoredEvent, uuidKey: string): Promise<string | null> => {
  const uuid = str(event.payload, uuidKey)
  if (uuid) return uuid
  const id = num(event.payload, 'contactId')
  if (id === null) return null
  return (await tx.contacts.get(event.accountId, id))?.uuid ?? null
}

/** The shop's UUID: the payload's `shopUuid`, else the UUID of the event's shop. */
const shopOf = async (tx: WebhookLookupTx, event: StoredEvent): Promise<string | null> => {
  const uuid = str(event.payload, 'shopUuid')
  if (uuid) return uuid
  if (event.shopId === null || event.shopId === undefined) return null
  return (await tx.shops.get(event.accountId, event.shopId))?.uuid ?? null
}

/**
 * Which domain events reach which webhook event types (Leat's documented
 * names). `contactKey` is where the payload names its contact; a
 * `contact.created` without a contact is not sent. Domain events with no
 * documented counterpart (accounts, units, ledger entries of other dialects,
 * giftcards and their transactions, portal session steps, the subscriptions
 * themselves) are not sent as webhooks.
 */
const routes: Readonly<Record<string, { readonly eventType: WebhookEventType; readonly contactKey?: string }>> = {
  'contact.created': { eventType: 'contact_created', contactKey: 'uuid' },
  'contact_identifier.created': { eventType: 'contact_identifier_created' },
  'credit_reception.created': { eventType: 'credit_reception_created' },
  // A reversal is a new credit reception with the opposite credits.
  'credit_reception.reversed': { eventType: 'credit_reception_created' },
  'prepaid_transaction.created': { eventType: 'prepaid_transaction_created' },
  'voucher.created': { eventType: 'voucher_created' },
  'voucher.updated': { eventType: 'voucher_updated' },
  // Locks and reversed redemptions change what the voucher shows, so its subscribers hear of them.
  'voucher.locked': { eventType: 'voucher_updated' },
  'voucher.released': { eventType: 'voucher_updated' },
  'voucher.redemption_reversed': { eventType: 'voucher_updated' },
  'voucher.redeemed': { eventType: 'voucher_redeemed' },
  'promotion.updated': { eventType: 'promotion_updated' },
}

/** The webhook events a domain event produces; none for most. */
export const webhookEventsOf = async (tx: WebhookLookupTx, event: StoredEvent): Promise<WebhookEvent[]> => {
  const route = routes[event.type]
  if (!route) return []
  const contact = await contactOf(tx, event, route.contactKey ?? 'contactUuid')
  if (route.contactKey !== undefined && contact === null) return []
  return [{ eventType: route.eventType, payload: event.payload, related: { contact, shop: await shopOf(tx, event) } }]
}

/** A `contact_updated` subscription limited to some attributes wants only changes of those. */
export const wants = (subscription: WebhookSubscription, webhook: WebhookEvent): boolean => {
  const changed = webhook.changedAttributes
  if (subscription.attributes.length === 0 || changed === undefined) return true
  return changed.some((attribute) => subscription.attributes.includes(attribute))
}

import type { Tx } from '../legacy-tx.js'
import type { StoredEvent } from '../shared/events.js'
import type { WebhookEventType } from './webhooks.js'

/** One Leat webhook event derived from a domain event. */
export interface LeatEvent {
  readonly eventType: WebhookEventType
  /** The webhook's `data`: the event's own facts, related entities by UUID. */
  readonly data: Record<string, unknown>
  /** For `contact_updated`: the contact attributes that changed, when the domain event says. */
  readonly changedAttributes?: readonly string[] | undefined
}

type Payload = Readonly<Record<string, unknown>>
type Mapper = (tx: Tx, event: StoredEvent, payload: Payload) => Promise<LeatEvent[]>

const num = (payload: Payload, key: string): number | null => {
  const value = payload[key]
  return typeof value === 'number' ? value : null
}
const str = (payload: Payload, key: string): string | null => {
  const value = payload[key]
  return typeof value === 'string' ? value : null
}

/** The contact as a webhook shows a related entity: by UUID (payload `uuid`/`contactUuid`, else looked up by id). */
const contactRef = async (tx: Tx, event: StoredEvent, payload: Payload, uuidKey = 'contactUuid'): Promise<{ uuid: string } | null> => {
  const uuid = str(payload, uuidKey)
  if (uuid) return { uuid }
  const id = num(payload, 'contactId')
  if (id === null) return null
  const contact = await tx.contacts.get(event.accountId, id)
  return contact ? { uuid: contact.uuid } : null
}

const shopRef = async (tx: Tx, event: StoredEvent, payload: Payload): Promise<{ uuid: string } | null> => {
  const uuid = str(payload, 'shopUuid')
  if (uuid) return { uuid }
  if (event.shopId === null || event.shopId === undefined) return null
  const shop = await tx.shops.get(event.accountId, event.shopId)
  return shop ? { uuid: shop.uuid } : null
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/**
 * The entity a domain event is about, as a webhook shows it: its own facts
 * in snake_case, internal ids left out (no API shows them) and every related
 * entity (`contactUuid`, `promotionUuid` ...) as `{ "uuid": ... }`. The
 * contact and the shop are added by UUID when the payload names them only by
 * id.
 */
const entityData = async (tx: Tx, event: StoredEvent, payload: Payload): Promise<Record<string, unknown>> => {
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'id' || /Ids?$/.test(key)) continue
    if (key.endsWith('Uuid') && key !== 'uuid') {
      body[snake(key.slice(0, -4))] = typeof value === 'string' ? { uuid: value } : null
      continue
    }
    body[snake(key)] = value
  }
  if (body.contact === undefined) {
    const contact = await contactRef(tx, event, payload)
    if (contact) body.contact = contact
  }
  if (body.shop === undefined) {
    const shop = await shopRef(tx, event, payload)
    if (shop) body.shop = shop
  }
  return body
}

/** A Leat event whose `data` holds the entity under `entity`. */
const entityEvent =
  (eventType: WebhookEventType, entity: string): Mapper =>
  async (tx, event, payload) => [{ eventType, data: { [entity]: await entityData(tx, event, payload) } }]

/**
 * Which domain events reach which Leat webhook events. Domain events with no
 * documented Leat counterpart (accounts, units, ledger entries of other
 * dialects, giftcards and their transactions, portal session steps, the
 * subscriptions themselves) are not sent as webhooks.
 */
const mappers: Readonly<Record<string, Mapper>> = {
  'contact.created': async (tx, event, payload) => {
    const contact = await contactRef(tx, event, payload, 'uuid')
    if (!contact) return []
    const email = str(payload, 'email')
    return [{ eventType: 'contact_created', data: { contact: email ? { ...contact, email } : contact } }]
  },
  'contact_identifier.created': entityEvent('contact_identifier_created', 'contact_identifier'),
  'credit_reception.created': entityEvent('credit_reception_created', 'credit_reception'),
  // A reversal is a new credit reception with the opposite credits.
  'credit_reception.reversed': entityEvent('credit_reception_created', 'credit_reception'),
  'prepaid_transaction.created': entityEvent('prepaid_transaction_created', 'prepaid_transaction'),
  'voucher.created': entityEvent('voucher_created', 'voucher'),
  'voucher.updated': entityEvent('voucher_updated', 'voucher'),
  // Locks and reversed redemptions change what the voucher shows, so its subscribers hear of them.
  'voucher.locked': entityEvent('voucher_updated', 'voucher'),
  'voucher.released': entityEvent('voucher_updated', 'voucher'),
  'voucher.redemption_reversed': entityEvent('voucher_updated', 'voucher'),
  'voucher.redeemed': entityEvent('voucher_redeemed', 'voucher'),
  'promotion.updated': entityEvent('promotion_updated', 'promotion'),
}

/** The Leat webhook events a domain event produces; none for most. */
export const leatEventsOf = (tx: Tx, event: StoredEvent): Promise<LeatEvent[]> => {
  const mapper = mappers[event.type]
  return mapper ? mapper(tx, event, event.payload) : Promise.resolve([])
}

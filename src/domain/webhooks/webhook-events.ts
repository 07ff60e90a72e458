import type { StoredEvent } from '../shared/events.js'
import type { Tx } from '../shared/unit-of-work.js'
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

/** The payload without internal ids, which no API shows. */
const facts = (payload: Payload): Record<string, unknown> =>
  Object.fromEntries(Object.entries(payload).filter(([key]) => key !== 'id' && !key.endsWith('Id') && !key.endsWith('Ids')))

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const snakeKeys = (value: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), v]))

/**
 * A Leat event whose `data` holds the entity under `entity`: its facts from
 * the domain event, with the contact and shop as UUIDs.
 */
const entityEvent =
  (eventType: WebhookEventType, entity: string): Mapper =>
  async (tx, event, payload) => {
    const contact = await contactRef(tx, event, payload)
    const shop = await shopRef(tx, event, payload)
    const body: Record<string, unknown> = snakeKeys(facts(payload))
    if (contact) body.contact = contact
    if (shop) body.shop = shop
    return [{ eventType, data: { [entity]: body } }]
  }

/**
 * Which domain events reach which Leat webhook events. Domain events with no
 * documented Leat counterpart (account changes, ledger entries of other
 * dialects, giftcard transactions, portal session steps, subscription
 * changes themselves) are not sent as webhooks.
 */
const mappers: Readonly<Record<string, Mapper>> = {
  'contact.created': async (tx, event, payload) => {
    const contact = await contactRef(tx, event, payload, 'uuid')
    return contact ? [{ eventType: 'contact_created', data: { contact } }] : []
  },
}

/** The Leat webhook events a domain event produces; none for most. */
export const leatEventsOf = (tx: Tx, event: StoredEvent): Promise<LeatEvent[]> => {
  const mapper = mappers[event.type]
  return mapper ? mapper(tx, event, event.payload) : Promise.resolve([])
}

/** Kept for mappers added beside the modules that emit their events. */
export const mapsEntity = entityEvent

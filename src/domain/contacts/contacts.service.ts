import type { Instant } from '../shared/clock.js'
import type { Channel } from '../shared/command.js'
import { DomainError, type Subject } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { Contact, IdentifierKind, Shop, Unit } from './contacts.js'
import type { ContactsTx } from './contacts.store.js'

export interface ContactReference {
  readonly kind: IdentifierKind
  readonly value: string
  readonly name?: string | undefined
  readonly data?: Record<string, unknown> | undefined
  /** The identifier value of the contact who referred this one, when it is new. */
  readonly referredBy?: string | undefined
}

/** Finds a contact by identifier; the caller decides whether "missing" is an error. */
export const findContact = (tx: Pick<ContactsTx, 'contacts'>, accountId: number, ref: { kind: IdentifierKind; value: string }): Promise<Contact | null> =>
  tx.contacts.findByIdentifier(accountId, ref.kind, ref.value)

/** @throws contact.not_found, about `subject` (the contact by default; a transfer's sender, say) */
export const requireContact = async (
  tx: Pick<ContactsTx, 'contacts'>,
  accountId: number,
  ref: { kind: IdentifierKind; value: string },
  subject: Subject = 'contact',
): Promise<Contact> => {
  const contact = await findContact(tx, accountId, ref)
  if (!contact) throw new DomainError('contact.not_found', { subject, reason: `no contact with ${ref.kind} ${ref.value}` })
  return contact
}

/** @throws contact.not_found, about `subject` (the contact by default; a referrer, say) */
export const contactByUuid = async (tx: Pick<ContactsTx, 'contacts'>, accountId: number, uuid: string, subject: Subject = 'contact'): Promise<Contact> => {
  const contact = await tx.contacts.findByUuid(accountId, uuid)
  if (!contact) throw new DomainError('contact.not_found', { subject, reason: `no contact ${uuid}` })
  return contact
}

/**
 * Finds the contact an identifier points at, or registers a new one. It does
 * not touch an existing contact's row: callers refresh it with
 * `refreshContact` once they hold their wallet locks, so that every
 * transaction locks wallets before contacts and two of them never wait on
 * each other in opposite orders.
 */
export const findOrCreateContact = async (
  tx: Pick<ContactsTx, 'contacts'> & EventsTx,
  input: { accountId: number; ref: ContactReference; channel: Channel; shop: Shop | null; now: Instant },
): Promise<Contact> => {
  const { accountId, ref, channel, now } = input
  const existing = await tx.contacts.findByIdentifier(accountId, ref.kind, ref.value)
  if (existing) return existing
  const referrer = ref.referredBy ? await tx.contacts.findByIdentifier(accountId, ref.kind, ref.referredBy) : null
  const contact = await tx.contacts.create({
    accountId,
    name: ref.name ?? null,
    data: ref.data ?? {},
    channel,
    registeredShopId: input.shop?.id ?? null,
    referredById: referrer?.id ?? null,
    now,
  })
  await tx.contacts.addIdentifier({ accountId, contactId: contact.id, kind: ref.kind, value: ref.value, now })
  await tx.events.append({
    type: 'contact.created',
    accountId,
    shopId: input.shop?.id ?? null,
    payload: { contactId: contact.id, uuid: contact.uuid, channel },
    occurredAt: now,
  })
  return contact
}

/**
 * Keeps a contact's name and data up to date with what the caller sent. A
 * contact first seen at a point of sale that now arrives through the web or
 * an app is counted as subscribed after the point of sale.
 */
export const refreshContact = async (
  tx: Pick<ContactsTx, 'contacts'>,
  contact: Contact,
  ref: ContactReference,
  channel: Channel,
  now: Instant,
): Promise<Contact> => {
  const patch: { name?: string; data?: Record<string, unknown>; subscribedAt?: Instant } = {}
  if (ref.name !== undefined && ref.name !== contact.name) patch.name = ref.name
  if (ref.data !== undefined && Object.entries(ref.data).some(([k, v]) => JSON.stringify(contact.data[k]) !== JSON.stringify(v)))
    patch.data = { ...contact.data, ...ref.data }
  if (contact.channel === 'pos' && channel !== 'pos' && contact.subscribedAt === null) patch.subscribedAt = now
  if (Object.keys(patch).length === 0) return contact
  return tx.contacts.update(contact.accountId, contact.id, patch, now)
}

/** Finds a shop by its external id, registering it the first time it is named. */
export const upsertShop = async (
  tx: Pick<ContactsTx, 'shops'>,
  accountId: number,
  ref: { externalId: string; name?: string | undefined },
  now: Instant,
): Promise<Shop> => {
  const shop = await tx.shops.findByExternalId(accountId, ref.externalId)
  if (!shop) return tx.shops.create({ accountId, externalId: ref.externalId, name: ref.name ?? ref.externalId, now })
  if (ref.name !== undefined && ref.name !== shop.name) return tx.shops.rename(accountId, shop.id, ref.name)
  return shop
}

/** @throws unit.not_found */
export const requireUnit = (units: readonly Unit[], name: string): Unit => {
  const unit = units.find((u) => u.name === name)
  if (!unit) throw new DomainError('unit.not_found', { subject: 'unit', reason: `unknown unit ${name}` })
  return unit
}

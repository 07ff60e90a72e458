import type { Contact, IdentifierKind, Shop } from '../contacts/contacts.js'
import { requireContact, upsertShop } from '../contacts/contacts.service.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { snapshot } from '../ledger/ledger.queries.js'
import type { LedgerTx } from '../ledger/ledger.store.js'
import type { Clock } from '../shared/clock.js'
import type { StoredEvent } from '../shared/events.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { ContactKeys, ContactProfile, HistoryItem, TimeRange } from './activity.js'
import type { ActivityStore } from './activity.store.js'

export type ActivityTx = ContactsTx & LedgerTx & { readonly activity: ActivityStore }

export interface ContactLookup {
  readonly kind: IdentifierKind
  readonly value: string
}

/** What happened, to whom and where: profiles, histories and the store activity feed. */
export interface ActivityService {
  /** A contact with its identifiers and balances. @throws contact.not_found */
  profile(accountId: number, lookup: ContactLookup): Promise<ContactProfile>
  /** A store's entries, newest first; a store never named before has none. */
  storeHistory(accountId: number, storeExternalId: string, range: TimeRange, page: PageRequest): Promise<Page<HistoryItem>>
  /** A contact's entries in every store, newest first. @throws contact.not_found */
  contactHistory(accountId: number, lookup: ContactLookup, range: TimeRange, page: PageRequest): Promise<Page<HistoryItem>>
  /** The store a feed is opened for, registered the first time it is named (as a write naming it would). */
  openStore(accountId: number, externalId: string): Promise<Shop>
  /** Committed events of a store after `afterId`, up to `upToId`, oldest first. */
  storeEvents(accountId: number, shopId: number, afterId: number, upToId: number, limit: number): Promise<StoredEvent[]>
  /** Where a feed opened "from now on" starts: after the account's latest committed event. */
  latestEventId(accountId: number): Promise<number>
}

export const createActivityService = ({ uow, clock }: { uow: UnitOfWork<ActivityTx>; clock: Clock }): ActivityService => {
  const keysOf = async (tx: Pick<ContactsTx, 'contacts'>, contact: Contact): Promise<ContactKeys> => ({
    uuid: contact.uuid,
    phone: await tx.contacts.identifierOf(contact.accountId, contact.id, 'phone'),
    email: await tx.contacts.identifierOf(contact.accountId, contact.id, 'email'),
    externalId: await tx.contacts.identifierOf(contact.accountId, contact.id, 'external_id'),
  })

  const itemsOf = async (tx: ActivityTx, accountId: number, page: Page<HistoryItem['entry']>): Promise<Page<HistoryItem>> => {
    const units = await tx.units.list(accountId)
    const shops = new Map<number, Shop | null>()
    const contacts = new Map<number, ContactKeys>()
    const items: HistoryItem[] = []
    for (const entry of page.items) {
      const unit = units.find((u) => u.id === entry.unitId)
      if (!unit) throw new Error(`unit ${entry.unitId} is missing`)
      if (entry.shopId !== null && !shops.has(entry.shopId)) shops.set(entry.shopId, await tx.shops.get(accountId, entry.shopId))
      let keys = contacts.get(entry.contactId)
      if (!keys) {
        const contact = await tx.contacts.get(accountId, entry.contactId)
        if (!contact) throw new Error(`contact ${entry.contactId} is missing`)
        keys = await keysOf(tx, contact)
        contacts.set(entry.contactId, keys)
      }
      items.push({ entry, unit, shop: entry.shopId === null ? null : (shops.get(entry.shopId) ?? null), contact: keys })
    }
    return { ...page, items }
  }

  const profile = (accountId: number, lookup: ContactLookup): Promise<ContactProfile> =>
    uow.read(async (tx) => {
      const contact = await requireContact(tx, accountId, lookup)
      const { totals } = await snapshot(tx, contact, await tx.units.list(accountId))
      return { contact, keys: await keysOf(tx, contact), totals }
    })

  const storeHistory = (accountId: number, storeExternalId: string, range: TimeRange, page: PageRequest): Promise<Page<HistoryItem>> =>
    uow.read(async (tx) => {
      const shop = await tx.shops.findByExternalId(accountId, storeExternalId)
      if (!shop) return { items: [], page: page.page, perPage: page.perPage, total: 0 }
      return itemsOf(tx, accountId, await tx.activity.entries(accountId, { shopId: shop.id, ...range }, page))
    })

  const contactHistory = (accountId: number, lookup: ContactLookup, range: TimeRange, page: PageRequest): Promise<Page<HistoryItem>> =>
    uow.read(async (tx) => {
      const contact = await requireContact(tx, accountId, lookup)
      return itemsOf(tx, accountId, await tx.activity.entries(accountId, { contactId: contact.id, ...range }, page))
    })

  const openStore = (accountId: number, externalId: string): Promise<Shop> => uow.run((tx) => upsertShop(tx, accountId, { externalId }, clock.now()))

  const storeEvents = (accountId: number, shopId: number, afterId: number, upToId: number, limit: number): Promise<StoredEvent[]> =>
    uow.read((tx) => tx.activity.eventsOfShop(accountId, shopId, afterId, upToId, limit))

  const latestEventId = (accountId: number): Promise<number> => uow.read((tx) => tx.activity.lastEventId(accountId))

  return { profile, storeHistory, contactHistory, openStore, storeEvents, latestEventId }
}

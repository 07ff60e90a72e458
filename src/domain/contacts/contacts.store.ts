import type { Instant } from '../shared/clock.js'
import type { Channel } from '../shared/command.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { Contact, IdentifierKind, Shop, Unit } from './contacts.js'

export interface NewContact {
  readonly accountId: number
  readonly name: string | null
  readonly data: Record<string, unknown>
  readonly channel: Channel
  readonly registeredShopId: number | null
  readonly referredById: number | null
  readonly now: Instant
}

export interface ContactStore {
  get(accountId: number, id: number): Promise<Contact | null>
  findByIdentifier(accountId: number, kind: IdentifierKind, value: string): Promise<Contact | null>
  create(input: NewContact): Promise<Contact>
  update(accountId: number, id: number, patch: { name?: string | null; data?: Record<string, unknown>; subscribedAt?: Instant }, now: Instant): Promise<Contact>
  addIdentifier(input: { accountId: number; contactId: number; kind: IdentifierKind; value: string; now: Instant }): Promise<void>
  identifierOf(accountId: number, contactId: number, kind: IdentifierKind): Promise<string | null>
  findByUuid(accountId: number, uuid: string): Promise<Contact | null>
  /** Contacts of the account, oldest first. */
  list(accountId: number, page: PageRequest): Promise<Page<Contact>>
  /** Every identifier of a contact, oldest first. */
  identifiersOf(accountId: number, contactId: number): Promise<{ kind: IdentifierKind; value: string }[]>
  /** Detaches an identifier from its contact; true when there was one. */
  removeIdentifier(accountId: number, kind: IdentifierKind, value: string): Promise<boolean>
}

export interface ShopStore {
  get(accountId: number, id: number): Promise<Shop | null>
  findByExternalId(accountId: number, externalId: string): Promise<Shop | null>
  create(input: { accountId: number; externalId: string | null; name: string; now: Instant }): Promise<Shop>
  rename(accountId: number, id: number, name: string): Promise<Shop>
  findByUuid(accountId: number, uuid: string): Promise<Shop | null>
  /** Every shop of the account, oldest first. */
  list(accountId: number): Promise<Shop[]>
}

export interface UnitStore {
  list(accountId: number): Promise<Unit[]>
  create(input: { accountId: number; name: string; sign: string; lifetimeDays: number | null; now: Instant }): Promise<Unit>
}

/** The contact stores a module needs of the caller's transaction. */
export interface ContactsTx {
  readonly contacts: ContactStore
  readonly shops: ShopStore
  readonly units: UnitStore
}

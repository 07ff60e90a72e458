import type { IdentifierKind } from '../contacts/contacts.js'
import type { Instant } from '../shared/clock.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { NewVisitor, Visitor, VisitorFilter, VisitorPatch } from './visitors.js'

export interface VisitorStore {
  insert(values: NewVisitor): Promise<Visitor>
  byVisitorId(accountId: number, visitorId: string): Promise<Visitor | null>
  byContactId(accountId: number, contactId: number): Promise<Visitor | null>
  byVisitorIds(accountId: number, visitorIds: readonly string[]): Promise<Visitor[]>
  update(accountId: number, id: number, patch: VisitorPatch): Promise<Visitor>
  list(accountId: number, filter: VisitorFilter, query: ListQuery): Promise<Listed<Visitor>>
  count(accountId: number, filter: VisitorFilter): Promise<number>
  /** The contacts an external id of this type names (in `pcCode` when given). */
  contactsByExternalId(accountId: number, externalType: string, externalId: string, pcCode: string | null): Promise<number[]>
  /** The contact an identifier belongs to, if any. */
  identifierOwner(accountId: number, kind: IdentifierKind, value: string): Promise<number | null>
  /** Gives the contact this identifier of `kind` in place of the one it had (none when `value` is null). */
  replaceIdentifier(input: {
    accountId: number
    contactId: number
    kind: IdentifierKind
    old: string | null
    value: string | null
    now: Instant
  }): Promise<void>
  /**
   * Removes every row that says something about the person behind a contact:
   * the visitor, its records in every visitor module (any table with a
   * `contact_id`, except the ledger's, which keeps amounts only), its
   * identifiers, stored answers that quote it; and blanks the contact's name
   * and data. The contact row and its ledger stay, anonymous.
   */
  erase(accountId: number, contactId: number, visitorId: string, now: Instant): Promise<void>
}

/** The store this module needs of the caller's transaction. */
export interface VisitorsTx {
  readonly visitors: VisitorStore
}

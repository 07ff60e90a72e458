import type { Instant } from '../shared/clock.js'
import type { Contact, IdentifierKind } from './contacts.js'

/**
 * Leat's contact identifiers are cards: stored as identifiers of kind
 * `card`, so a card scanned at a kiosk or sent by another dialect finds the
 * same contact.
 */
export const CARD: IdentifierKind = 'card'

/**
 * What an account keeps about an identifier besides the contact it points at:
 * a name and whether it may be used. An identifier known only from its link
 * (registered through another dialect) has no details and is active, named
 * after its value.
 */
export interface IdentifierDetail {
  readonly id: number
  readonly accountId: number
  readonly kind: IdentifierKind
  readonly value: string
  readonly name: string
  readonly active: boolean
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/** An identifier as a client sees it: its details and the contact it is linked to, if any. */
export interface IdentifierView {
  readonly kind: IdentifierKind
  readonly value: string
  readonly name: string
  readonly active: boolean
  readonly contact: { readonly contact: Contact; readonly email: string | null } | null
}

export interface IdentifierDetailStore {
  find(accountId: number, kind: IdentifierKind, value: string): Promise<IdentifierDetail | null>
  insert(input: { accountId: number; kind: IdentifierKind; value: string; name: string; active: boolean; now: Instant }): Promise<IdentifierDetail>
  update(accountId: number, id: number, patch: { name?: string; active?: boolean }, now: Instant): Promise<IdentifierDetail>
  delete(accountId: number, id: number): Promise<void>
}

export interface IdentifierDetailsTx {
  readonly identifierDetails: IdentifierDetailStore
}

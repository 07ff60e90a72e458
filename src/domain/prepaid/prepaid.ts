import type { Contact, Shop } from '../contacts/contacts.js'
import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'

/** One payment from (negative) or top-up of (positive) a contact's prepaid balance; its money is a ledger entry. */
export interface PrepaidTransaction {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly contactId: number
  readonly entryId: number
  readonly shopId: number | null
  readonly amount: Minor
  /** The contact's prepaid balance right after this transaction. */
  readonly balanceAfter: Minor
  /** The identifier the contact was named by, when it was named by one. */
  readonly identifierKind: string | null
  readonly identifierValue: string | null
  readonly reversesId: number | null
  readonly createdAt: Instant
}

/** The identifier a transaction was made with, as Leat shows it. */
export interface PrepaidIdentifier {
  readonly name: string
  readonly value: string
  readonly active: boolean
}

export interface PrepaidTransactionView {
  readonly transaction: PrepaidTransaction
  readonly contact: Contact
  readonly email: string | null
  readonly shop: Shop | null
  readonly identifier: PrepaidIdentifier | null
}

/** The unit prepaid wallets count in: cents of the account's currency. */
export const PREPAID_UNIT = { name: 'PREPAID', sign: '€', lifetimeDays: null } as const

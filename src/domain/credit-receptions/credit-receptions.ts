import type { Shop } from '../contacts/contacts.js'
import type { ContactCard } from '../contacts/directory.service.js'
import type { Instant } from '../shared/clock.js'
import type { Page, PageRequest } from '../shared/page.js'

/**
 * What a credit reception converts into credits: an amount of money
 * (`purchase_amount`), visits, kilometres... Each unit has a rate of credits
 * per whole unit; the account's default unit is used when a reception names none.
 */
export interface ReceptionUnit {
  readonly id: number
  readonly accountId: number
  readonly name: string
  readonly label: string
  readonly prefix: string
  readonly isDefault: boolean
  /** Hundredths of a credit per whole unit value (100 = one credit per unit). */
  readonly creditsPerUnit: number
  readonly createdAt: Instant
}

/** Credits given to (or, negative, taken from) a contact at a shop; the ledger entry holds the balance change. */
export interface CreditReception {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly contactId: number
  readonly shopId: number
  readonly unitId: number | null
  /** Hundredths of the unit (`unit_value` 10.40 is 1040), when the credits were computed from one. */
  readonly unitValue: number | null
  /** Whole credits, signed. */
  readonly credits: number
  /** Null when the reception gave no credits. */
  readonly entryId: number | null
  readonly reversesId: number | null
  readonly posTransactionUuid: string | null
  readonly contactIdentifierValue: string | null
  readonly createdAt: Instant
}

export type NewCreditReception = Omit<CreditReception, 'id' | 'uuid'>

export interface ReceptionView {
  readonly reception: CreditReception
  readonly contact: ContactCard
  readonly shop: Shop
  readonly unit: ReceptionUnit | null
}

export interface ReceptionFilter {
  readonly contactId?: number | undefined
  readonly shopId?: number | undefined
}

export interface ReceptionUnitStore {
  list(accountId: number): Promise<ReceptionUnit[]>
  create(input: Omit<ReceptionUnit, 'id'>): Promise<ReceptionUnit>
  /** Makes no unit the default, before another one becomes it. */
  clearDefault(accountId: number): Promise<void>
}

export interface CreditReceptionStore {
  insert(input: NewCreditReception): Promise<CreditReception>
  findByUuid(accountId: number, uuid: string): Promise<CreditReception | null>
  findByPosTransaction(accountId: number, posTransactionUuid: string): Promise<CreditReception | null>
  findReversalOf(accountId: number, id: number): Promise<CreditReception | null>
  /** Newest first. */
  list(accountId: number, filter: ReceptionFilter, page: PageRequest): Promise<Page<CreditReception>>
}

import { DomainError } from '../shared/errors.js'
import type { Visitor } from './visitors.js'
import type { VisitorsTx } from './visitors.store.js'

/** The contact behind a Westfield visitor id, as the visitor record modules need it. */
export interface VisitorRef {
  readonly contactId: number
  /** The contact's UUID: the `visitorId` clients see. */
  readonly visitorId: string
  /** The name a ranking shows: first name and the initial of the last name (`Ada L.`). */
  readonly name: string
}

export const refOf = (v: Visitor): VisitorRef => ({
  contactId: v.contactId,
  visitorId: v.visitorId,
  name: v.lastName ? `${v.firstName} ${v.lastName.slice(0, 1)}.` : v.firstName,
})

/** @throws visitor.not_found */
export const requireVisitor = async (tx: VisitorsTx, accountId: number, visitorId: string, field = 'visitorId'): Promise<VisitorRef> => {
  const found = await tx.visitors.byVisitorId(accountId, visitorId)
  if (!found) throw new DomainError('visitor.not_found', { field, reason: `no visitor ${visitorId}` })
  return refOf(found)
}

/** The visitor a barcode belongs to, or null. */
export const visitorByBarcode = async (tx: VisitorsTx, accountId: number, barcode: string): Promise<VisitorRef | null> => {
  const contactId = await tx.visitors.identifierOwner(accountId, 'barcode', barcode)
  if (contactId === null) return null
  const visitor = await tx.visitors.byContactId(accountId, contactId)
  return visitor ? refOf(visitor) : null
}

/** A record of one visitor, or the not-found error naming the id field. @throws resource.not_found */
export const owned = <T extends { readonly contactId: number }>(record: T | null, visitor: VisitorRef, field: string, id: number | string): T => {
  if (!record || record.contactId !== visitor.contactId) throw new DomainError('resource.not_found', { field, reason: `no ${field} ${id} for this visitor` })
  return record
}

/** @throws resource.not_found */
export const found = <T>(record: T | null, field: string, id: number | string): T => {
  if (!record) throw new DomainError('resource.not_found', { field, reason: `no ${field} ${id}` })
  return record
}

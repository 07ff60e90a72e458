import type { Contact } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { CARD, type IdentifierDetailStore } from '../contacts/identifiers.js'
import { normalizeEmail, registerByEmailWithin } from '../directory/directory.service.js'
import type { LedgerTx } from '../ledger/ledger.store.js'
import type { Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'

/**
 * The contact lookups and the registration a kiosk step makes, in the step's
 * transaction, with the rules of the contacts module's own use cases (its
 * identifiers' `find`, its directory's `findByEmail` and `create`), which
 * run in transactions of their own.
 */
export type KioskContactsTx = ContactsTx & LedgerTx & EventsTx & { readonly identifierDetails: IdentifierDetailStore }

/**
 * The contact a card belongs to; null when the card is known but linked to nobody.
 * @throws identifier.not_found, identifier.inactive
 */
export const contactByCardWithin = async (tx: KioskContactsTx, accountId: number, value: string): Promise<Contact | null> => {
  const detail = await tx.identifierDetails.find(accountId, CARD, value)
  const contact = await tx.contacts.findByIdentifier(accountId, CARD, value)
  if (!detail && !contact) throw new DomainError('identifier.not_found', { subject: 'identifier', reason: `no contact identifier ${value}` })
  if (detail && !detail.active) throw new DomainError('identifier.inactive', { subject: 'identifier', reason: `contact identifier ${value} is inactive` })
  return contact
}

/** @throws contact.not_found */
export const contactByEmailWithin = async (tx: KioskContactsTx, accountId: number, email: string): Promise<Contact> => {
  const contact = await tx.contacts.findByIdentifier(accountId, 'email', normalizeEmail(email))
  if (!contact) throw new DomainError('contact.not_found', { subject: 'email', reason: `no contact with email ${email}` })
  return contact
}

/**
 * Registers a new contact by email, with an empty credit balance so that the
 * balance has an id from the start.
 * @throws contact.exists, unit.not_found
 */
export const registerWithin = async (tx: KioskContactsTx, ctx: CommandContext, input: { email: string }, now: Instant): Promise<Contact> => {
  const email = normalizeEmail(input.email)
  if (await tx.contacts.findByIdentifier(ctx.accountId, 'email', email)) {
    throw new DomainError('contact.exists', { subject: 'email', reason: `a contact with email ${email} exists` })
  }
  return registerByEmailWithin(tx, ctx, email, null, now)
}

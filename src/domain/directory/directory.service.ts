import type { Contact, Unit } from '../contacts/contacts.js'
import { contactByUuid } from '../contacts/contacts.service.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { CARD, type IdentifierDetailsTx, type IdentifierView } from '../contacts/identifiers.js'
import { contactBalances } from '../ledger/ledger.queries.js'
import type { LedgerTx } from '../ledger/ledger.store.js'
import { PREPAID_UNIT } from '../prepaid/prepaid.js'
import type { Minor } from '../shared/amounts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'

export type ContactDirectoryTx = ContactsTx & LedgerTx & EventsTx & IdempotencyTx & IdentifierDetailsTx

/** A contact with what Leat shows beside it: its email and its credit balance. */
export interface ContactCard {
  readonly contact: Contact
  readonly email: string | null
  readonly credits: { readonly walletId: number | null; readonly balance: Minor }
  /** The prepaid balance, in cents. */
  readonly prepaid: Minor
}

/** The unit credits are counted in: the account's points (its first unit). @throws unit.not_found */
export const creditUnit = (units: readonly Unit[]): Unit => {
  const unit = units.find((u) => u.name === 'POINTS') ?? units[0]
  if (!unit) throw new DomainError('unit.not_found', { subject: 'unit', reason: 'the account has no units' })
  return unit
}

/** Emails are identifiers compared without case or surrounding space. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase()

export const contactCard = async (tx: LedgerTx & ContactsTx, contact: Contact): Promise<ContactCard> => {
  const balances = await contactBalances(tx, contact.accountId, contact.id)
  const unit = creditUnit(balances.all.map((b) => b.unit))
  const credits = balances.all.find((b) => b.unit.id === unit.id)
  return {
    contact,
    email: await tx.contacts.identifierOf(contact.accountId, contact.id, 'email'),
    credits: { walletId: credits?.walletId ?? null, balance: balances.of(unit.name) },
    prepaid: balances.of(PREPAID_UNIT.name),
  }
}

/**
 * A new contact with its email (already normalized and checked to be free)
 * and an empty credit balance, so the balance has an id from the start.
 * @throws unit.not_found when the account has no units
 */
export const registerByEmailWithin = async (
  tx: ContactsTx & LedgerTx & EventsTx,
  ctx: CommandContext,
  email: string,
  referrer: Contact | null,
  now: Instant,
): Promise<Contact> => {
  const channel = ctx.channel ?? 'web'
  const contact = await tx.contacts.create({
    accountId: ctx.accountId,
    name: null,
    data: {},
    channel,
    registeredShopId: null,
    referredById: referrer?.id ?? null,
    now,
  })
  await tx.contacts.addIdentifier({ accountId: ctx.accountId, contactId: contact.id, kind: 'email', value: email, now })
  await tx.ledger.lockWallets(ctx.accountId, [{ contactId: contact.id, unitId: creditUnit(await tx.units.list(ctx.accountId)).id }], now)
  await tx.events.append({
    type: 'contact.created',
    accountId: ctx.accountId,
    payload: { contactId: contact.id, uuid: contact.uuid, channel, email },
    occurredAt: now,
  })
  return contact
}

/** Contacts found by email or UUID, as Leat's contacts API and the kiosk use them. */
export interface ContactDirectory {
  /**
   * Registers a contact by email. A referral code is the referring contact's UUID.
   * @throws contact.exists (email), contact.not_found (referrer), idempotency.key_reused
   */
  create(ctx: CommandContext, input: { email: string; referralCode?: string | undefined }): Promise<ContactCard>
  /** The contact with this email, registered when there is none. @throws idempotency.key_reused */
  findOrCreate(ctx: CommandContext, input: { email: string }): Promise<ContactCard>
  /** @throws contact.not_found (email) */
  findByEmail(accountId: number, email: string): Promise<ContactCard>
  /** @throws contact.not_found */
  get(accountId: number, uuid: string): Promise<ContactCard>
  /** Contacts of the account, oldest first. */
  list(accountId: number, page: PageRequest): Promise<Page<ContactCard>>
  /** The contact's cards with their names and states. @throws contact.not_found */
  identifiersOf(accountId: number, uuid: string): Promise<IdentifierView[]>
}

export const createContactDirectory = ({ uow, clock }: { uow: UnitOfWork<ContactDirectoryTx>; clock: Clock }): ContactDirectory => {
  const write = writer({ uow, clock })

  /**
   * Registers a contact by email. A referral code is the referring contact's UUID.
   * @throws contact.exists, contact.not_found (referral_code)
   */
  const create = (ctx: CommandContext, input: { email: string; referralCode?: string | undefined }): Promise<ContactCard> =>
    write(ctx, async (tx, now) => {
      const email = normalizeEmail(input.email)
      if (await tx.contacts.findByIdentifier(ctx.accountId, 'email', email)) {
        throw new DomainError('contact.exists', { subject: 'email', reason: `a contact with email ${email} exists` })
      }
      const referrer = input.referralCode === undefined ? null : await contactByUuid(tx, ctx.accountId, input.referralCode, 'referrer')
      return contactCard(tx, await registerByEmailWithin(tx, ctx, email, referrer, now))
    })

  /** The contact with this email, registered when there is none. */
  const findOrCreate = (ctx: CommandContext, input: { email: string }): Promise<ContactCard> =>
    write(ctx, async (tx, now) => {
      const email = normalizeEmail(input.email)
      const found = await tx.contacts.findByIdentifier(ctx.accountId, 'email', email)
      return contactCard(tx, found ?? (await registerByEmailWithin(tx, ctx, email, null, now)))
    })

  /** @throws contact.not_found */
  const findByEmail = (accountId: number, email: string): Promise<ContactCard> =>
    uow.read(async (tx) => {
      const contact = await tx.contacts.findByIdentifier(accountId, 'email', normalizeEmail(email))
      if (!contact) throw new DomainError('contact.not_found', { subject: 'email', reason: `no contact with email ${email}` })
      return contactCard(tx, contact)
    })

  /** @throws contact.not_found */
  const get = (accountId: number, uuid: string): Promise<ContactCard> => uow.read(async (tx) => contactCard(tx, await contactByUuid(tx, accountId, uuid)))

  const list = (accountId: number, page: PageRequest): Promise<Page<ContactCard>> =>
    uow.read(async (tx) => {
      const contacts = await tx.contacts.list(accountId, page)
      const items: ContactCard[] = []
      for (const contact of contacts.items) items.push(await contactCard(tx, contact))
      return { ...contacts, items }
    })

  /** The contact's cards with their names and states. @throws contact.not_found */
  const identifiersOf = (accountId: number, uuid: string) =>
    uow.read(async (tx) => {
      const contact = await contactByUuid(tx, accountId, uuid)
      const email = await tx.contacts.identifierOf(accountId, contact.id, 'email')
      const out = []
      for (const { kind, value } of await tx.contacts.identifiersOf(accountId, contact.id)) {
        if (kind !== CARD) continue
        const detail = await tx.identifierDetails.find(accountId, kind, value)
        out.push({ kind, value, name: detail?.name ?? value, active: detail?.active ?? true, contact: { contact, email } })
      }
      return out
    })

  return { create, findOrCreate, findByEmail, get, list, identifiersOf }
}

import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import type { Contact } from './contacts.js'
import { contactByUuid } from './contacts.service.js'
import type { ContactsTx } from './contacts.store.js'
import { CARD, type IdentifierDetail, type IdentifierDetailsTx, type IdentifierView } from './identifiers.js'

type Tx = ContactsTx & IdentifierDetailsTx & EventsTx & IdempotencyTx

/**
 * Leat's contact identifiers: the link to the contact lives in the contact's
 * identifiers (kind `card`), the name and the active flag beside it.
 */
export { CARD } from './identifiers.js'

interface Found {
  readonly detail: IdentifierDetail | null
  readonly contact: Contact | null
}

/** Leat's contact identifiers (cards), all errors about the identifier unless said otherwise. */
export interface IdentifierService {
  /** @throws identifier.not_found, identifier.inactive */
  find(accountId: number, value: string): Promise<IdentifierView>
  /** Registers a new identifier, linked to a contact when one is named. @throws identifier.exists, contact.not_found (contact), idempotency.key_reused */
  create(ctx: CommandContext, input: { value: string; name?: string | undefined; contactUuid?: string | undefined }): Promise<IdentifierView>
  /** @throws identifier.not_found, identifier.inactive, contact.not_found (contact), identifier.already_linked, idempotency.key_reused */
  link(ctx: CommandContext, input: { value: string; contactUuid: string }): Promise<IdentifierView>
  /** Detaches the identifier from its contact; its name and state are kept so it can be linked again. @throws identifier.not_found, identifier.inactive */
  unlink(ctx: CommandContext, value: string): Promise<IdentifierView>
  /** Changes the name or the active state; the value cannot change. @throws identifier.not_found */
  update(ctx: CommandContext, input: { value: string; name?: string | undefined; active?: boolean | undefined }): Promise<IdentifierView>
  /** Removes the identifier and its link. @throws identifier.not_found */
  remove(ctx: CommandContext, value: string): Promise<{ deleted: true }>
}

export const createIdentifierService = ({ uow, clock }: { uow: UnitOfWork<Tx>; clock: Clock }): IdentifierService => {
  const write = writer({ uow, clock })

  const lookup = async (tx: Tx, accountId: number, value: string): Promise<Found | null> => {
    const detail = await tx.identifierDetails.find(accountId, CARD, value)
    const contact = await tx.contacts.findByIdentifier(accountId, CARD, value)
    if (!detail && !contact) return null
    return { detail, contact }
  }

  /** @throws identifier.not_found */
  const requireFound = async (tx: Tx, accountId: number, value: string): Promise<Found> => {
    const found = await lookup(tx, accountId, value)
    if (!found) throw new DomainError('identifier.not_found', { subject: 'identifier', reason: `no contact identifier ${value}` })
    return found
  }

  /** @throws identifier.inactive */
  const requireActive = (found: Found, value: string): void => {
    if (found.detail && !found.detail.active)
      throw new DomainError('identifier.inactive', { subject: 'identifier', reason: `contact identifier ${value} is inactive` })
  }

  const view = async (tx: Tx, accountId: number, value: string, found: Found): Promise<IdentifierView> => ({
    kind: CARD,
    value,
    name: found.detail?.name ?? value,
    active: found.detail?.active ?? true,
    contact: found.contact ? { contact: found.contact, email: await tx.contacts.identifierOf(accountId, found.contact.id, 'email') } : null,
  })

  const emit = (tx: Tx, accountId: number, type: string, value: string, contact: Contact | null, now: Instant) =>
    tx.events.append({
      type,
      accountId,
      payload: { value, contactId: contact?.id ?? null, contactUuid: contact?.uuid ?? null },
      occurredAt: now,
    })

  /** @throws identifier.not_found, identifier.inactive */
  const find = (accountId: number, value: string): Promise<IdentifierView> =>
    uow.read(async (tx) => {
      const found = await requireFound(tx, accountId, value)
      requireActive(found, value)
      return view(tx, accountId, value, found)
    })

  /**
   * Registers a new identifier, linked to a contact when one is named.
   * @throws identifier.exists, contact.not_found
   */
  const create = (ctx: CommandContext, input: { value: string; name?: string | undefined; contactUuid?: string | undefined }): Promise<IdentifierView> =>
    write(ctx, async (tx, now) => {
      if (await lookup(tx, ctx.accountId, input.value)) {
        throw new DomainError('identifier.exists', { subject: 'identifier', reason: `contact identifier ${input.value} exists` })
      }
      const contact = input.contactUuid === undefined ? null : await contactByUuid(tx, ctx.accountId, input.contactUuid)
      const detail = await tx.identifierDetails.insert({
        accountId: ctx.accountId,
        kind: CARD,
        value: input.value,
        name: input.name ?? input.value,
        active: true,
        now,
      })
      if (contact) await tx.contacts.addIdentifier({ accountId: ctx.accountId, contactId: contact.id, kind: CARD, value: input.value, now })
      await emit(tx, ctx.accountId, 'contact_identifier.created', input.value, contact, now)
      return view(tx, ctx.accountId, input.value, { detail, contact })
    })

  /** @throws identifier.not_found, identifier.inactive, contact.not_found, identifier.already_linked */
  const link = (ctx: CommandContext, input: { value: string; contactUuid: string }): Promise<IdentifierView> =>
    write(ctx, async (tx, now) => {
      const found = await requireFound(tx, ctx.accountId, input.value)
      requireActive(found, input.value)
      const contact = await contactByUuid(tx, ctx.accountId, input.contactUuid)
      if (found.contact)
        throw new DomainError('identifier.already_linked', { subject: 'identifier', reason: `contact identifier ${input.value} is linked to a contact` })
      await tx.contacts.addIdentifier({ accountId: ctx.accountId, contactId: contact.id, kind: CARD, value: input.value, now })
      await emit(tx, ctx.accountId, 'contact_identifier.linked', input.value, contact, now)
      return view(tx, ctx.accountId, input.value, { detail: found.detail, contact })
    })

  /**
   * Detaches the identifier from its contact; its name and state are kept so
   * it can be linked again.
   * @throws identifier.not_found, identifier.inactive
   */
  const unlink = (ctx: CommandContext, value: string): Promise<IdentifierView> =>
    write(ctx, async (tx, now) => {
      const found = await requireFound(tx, ctx.accountId, value)
      requireActive(found, value)
      const detail = found.detail ?? (await tx.identifierDetails.insert({ accountId: ctx.accountId, kind: CARD, value, name: value, active: true, now }))
      if (found.contact) {
        await tx.contacts.removeIdentifier(ctx.accountId, CARD, value)
        await emit(tx, ctx.accountId, 'contact_identifier.unlinked', value, found.contact, now)
      }
      return view(tx, ctx.accountId, value, { detail, contact: null })
    })

  /** Changes the name or the active state; the value cannot change. @throws identifier.not_found */
  const update = (ctx: CommandContext, input: { value: string; name?: string | undefined; active?: boolean | undefined }): Promise<IdentifierView> =>
    write(ctx, async (tx, now) => {
      const found = await requireFound(tx, ctx.accountId, input.value)
      const patch = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active } : {}) }
      const detail = found.detail
        ? await tx.identifierDetails.update(ctx.accountId, found.detail.id, patch, now)
        : await tx.identifierDetails.insert({
            accountId: ctx.accountId,
            kind: CARD,
            value: input.value,
            name: input.name ?? input.value,
            active: input.active ?? true,
            now,
          })
      await emit(tx, ctx.accountId, 'contact_identifier.updated', input.value, found.contact, now)
      return view(tx, ctx.accountId, input.value, { detail, contact: found.contact })
    })

  /** Removes the identifier and its link. @throws identifier.not_found */
  const remove = (ctx: CommandContext, value: string): Promise<{ deleted: true }> =>
    write(ctx, async (tx, now) => {
      const found = await requireFound(tx, ctx.accountId, value)
      if (found.detail) await tx.identifierDetails.delete(ctx.accountId, found.detail.id)
      if (found.contact) await tx.contacts.removeIdentifier(ctx.accountId, CARD, value)
      await emit(tx, ctx.accountId, 'contact_identifier.deleted', value, found.contact, now)
      return { deleted: true as const }
    })

  return { find, create, link, unlink, update, remove }
}

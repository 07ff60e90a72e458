import type { Optin } from '../consent/consent.js'
import type { ConsentTx } from '../consent/consent.store.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import { idempotent } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { VisitorOwned } from '../visitors/visitor-records.js'
import {
  type AccountType,
  emailKey,
  fullName,
  phoneKey,
  type Visitor,
  type VisitorFilter,
  type VisitorPatch,
  type VisitorProfile,
} from '../visitors/visitors.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'

type Tx = ConsentTx & EventsTx & IdempotencyTx & VisitorsTx & Pick<ContactsTx, 'contacts'>

/** @throws visitor.not_found */
export const requireVisitorProfile = async (tx: VisitorsTx, accountId: number, visitorId: string, field = 'visitorId'): Promise<Visitor> => {
  const visitor = await tx.visitors.byVisitorId(accountId, visitorId)
  if (!visitor) throw new DomainError('visitor.not_found', { field, reason: `no visitor ${visitorId}` })
  return visitor
}

/** An optin given with the registration. */
export type RegistrationOptin = Omit<Optin, keyof VisitorOwned | 'optinDate' | 'optoutDate'>

export interface VisitorRegistration extends VisitorProfile {
  readonly accountType: AccountType
  readonly originType: string | null
  readonly origin: string | null
  readonly optins: readonly RegistrationOptin[]
}

export interface InvalidFlags {
  readonly visitorId: string
  readonly emailInvalid?: boolean | undefined
  readonly phoneInvalid?: boolean | undefined
}

export interface ErasureRequest {
  readonly analyticsId: string
  readonly pcCode?: string | undefined
}

export const ANALYTICS = 'analytics'

export interface VisitorService {
  register(ctx: CommandContext, input: VisitorRegistration): Promise<{ visitor: Visitor; created: boolean }>
  update(
    ctx: CommandContext,
    visitorId: string,
    patch: Partial<Omit<Visitor, 'id' | 'accountId' | 'contactId' | 'visitorId' | 'createdAt' | 'barcode' | 'registrationDate'>>,
  ): Promise<Visitor>
  flagInvalid(ctx: CommandContext, items: readonly InvalidFlags[]): Promise<Visitor[]>
  eraseByAnalyticsIds(ctx: CommandContext, requests: readonly ErasureRequest[]): Promise<{ success: string[]; failed: string[] }>
  /** @throws visitor.not_found */
  get(accountId: number, visitorId: string): Promise<Visitor>
  list(accountId: number, filter: VisitorFilter, query: ListQuery): Promise<Listed<Visitor>>
  count(accountId: number, filter: VisitorFilter): Promise<number>
}

/**
 * Visitors are contacts with a Westfield profile: email, phone and barcode
 * are contact identifiers, so the person found here is the one the other
 * dialects know.
 */
export const createVisitorService = ({ uow, clock }: { uow: UnitOfWork<Tx>; clock: Clock }): VisitorService => {
  const write = <T>(ctx: CommandContext, work: (tx: Tx, now: Instant) => Promise<T>): Promise<T> =>
    uow.run((tx) => {
      const now = clock.now()
      return idempotent(tx, ctx, now, () => work(tx, now))
    })

  /** @throws resource.duplicate when the identifier belongs to another contact. */
  const claim = async (tx: Tx, accountId: number, contactId: number, kind: 'email' | 'phone', old: string | null, value: string | null, now: Instant) => {
    if (old === value) return
    if (value !== null) {
      const owner = await tx.visitors.identifierOwner(accountId, kind, value)
      if (owner !== null && owner !== contactId) {
        throw new DomainError(kind === 'email' ? 'visitor.duplicate' : 'resource.duplicate', { field: kind, reason: `this ${kind} belongs to another visitor` })
      }
      if (owner === contactId) return
    }
    await tx.visitors.replaceIdentifier({ accountId, contactId, kind, old, value, now })
  }

  /** Records the optins given with a registration. @throws resource.not_found naming `optins[i].legalTextId` */
  const giveOptins = async (tx: Tx, accountId: number, visitor: Visitor, optins: readonly RegistrationOptin[], now: Instant) => {
    for (const [i, optin] of optins.entries()) {
      if (optin.legalTextId !== null && !(await tx.consent.legalTexts.get(accountId, optin.legalTextId))) {
        throw new DomainError('resource.not_found', { field: `optins[${i}].legalTextId`, reason: `no legal text ${optin.legalTextId}` })
      }
      const record = await tx.consent.optins.insert({
        ...optin,
        accountId,
        contactId: visitor.contactId,
        visitorId: visitor.visitorId,
        optinDate: now,
        optoutDate: optin.isActive ? null : now,
        createdAt: now,
        updatedAt: now,
      })
      await tx.events.append({ type: 'westfield.optin.created', accountId, payload: { id: record.id, visitorId: visitor.visitorId }, occurredAt: now })
    }
  }

  /**
   * Registers a visitor, with the optins it gave. The email names the person: a contact already known
   * by it (through another dialect) gets the profile; a partial visitor
   * registering in full is upgraded; a full visitor cannot register twice.
   * @throws visitor.duplicate, resource.duplicate (phone)
   */
  const register = (ctx: CommandContext, input: VisitorRegistration): Promise<{ visitor: Visitor; created: boolean }> =>
    write(ctx, async (tx, now) => {
      const { accountId } = ctx
      const email = emailKey(input.email)
      const ownerId = await tx.visitors.identifierOwner(accountId, 'email', email)
      const existing = ownerId === null ? null : await tx.visitors.byContactId(accountId, ownerId)
      if (existing) {
        if (existing.accountType === 'full' || input.accountType === 'partial') {
          throw new DomainError('visitor.duplicate', { field: 'email', reason: 'a visitor with this email already exists' })
        }
        await claim(
          tx,
          accountId,
          existing.contactId,
          'phone',
          existing.phone ? phoneKey(existing.phone) : null,
          input.phone ? phoneKey(input.phone) : null,
          now,
        )
        const { optins, ...profile } = input
        const visitor = await tx.visitors.update(accountId, existing.id, {
          ...profile,
          accountType: 'full',
          upgradePcCode: input.acquisitionPcCode,
          acquisitionPcCode: existing.acquisitionPcCode,
          originType: input.originType ?? existing.originType,
          origin: input.origin ?? existing.origin,
          updatedAt: now,
        })
        await tx.contacts.update(accountId, existing.contactId, { name: fullName(visitor) }, now)
        await tx.events.append({ type: 'visitor.upgraded', accountId, payload: { visitorId: visitor.visitorId }, occurredAt: now })
        await giveOptins(tx, accountId, visitor, optins, now)
        return { visitor, created: false }
      }
      const contact =
        ownerId !== null
          ? await tx.contacts.update(accountId, ownerId, { name: fullName(input) }, now)
          : await tx.contacts.create({ accountId, name: fullName(input), data: {}, channel: 'app', registeredShopId: null, referredById: null, now })
      if (ownerId === null) await tx.visitors.replaceIdentifier({ accountId, contactId: contact.id, kind: 'email', old: null, value: email, now })
      await claim(tx, accountId, contact.id, 'phone', null, input.phone ? phoneKey(input.phone) : null, now)
      const barcode = crypto.randomUUID()
      await tx.visitors.replaceIdentifier({ accountId, contactId: contact.id, kind: 'barcode', old: null, value: barcode, now })
      const { optins, ...profile } = input
      const visitor = await tx.visitors.insert({
        ...profile,
        accountId,
        contactId: contact.id,
        visitorId: contact.uuid,
        upgradePcCode: null,
        barcode,
        registrationDate: now,
        createdAt: now,
        updatedAt: now,
      })
      await tx.events.append({
        type: 'visitor.created',
        accountId,
        payload: { visitorId: visitor.visitorId, accountType: visitor.accountType },
        occurredAt: now,
      })
      await giveOptins(tx, accountId, visitor, optins, now)
      return { visitor, created: true }
    })

  /** @throws visitor.not_found, visitor.duplicate, resource.duplicate */
  const update = (ctx: CommandContext, visitorId: string, patch: VisitorPatch): Promise<Visitor> =>
    write(ctx, async (tx, now) => {
      const { accountId } = ctx
      const current = await requireVisitorProfile(tx, accountId, visitorId)
      if (patch.email !== undefined) await claim(tx, accountId, current.contactId, 'email', emailKey(current.email), emailKey(patch.email), now)
      if (patch.phone !== undefined) {
        await claim(tx, accountId, current.contactId, 'phone', current.phone ? phoneKey(current.phone) : null, patch.phone ? phoneKey(patch.phone) : null, now)
      }
      const visitor = await tx.visitors.update(accountId, current.id, { ...patch, updatedAt: now })
      if (fullName(visitor) !== fullName(current)) await tx.contacts.update(accountId, current.contactId, { name: fullName(visitor) }, now)
      await tx.events.append({ type: 'visitor.updated', accountId, payload: { visitorId }, occurredAt: now })
      return visitor
    })

  /** All or nothing: one unknown visitor rejects the batch, naming its position. @throws visitor.not_found */
  const flagInvalid = (ctx: CommandContext, items: readonly InvalidFlags[]): Promise<Visitor[]> =>
    write(ctx, async (tx, now) => {
      const out: Visitor[] = []
      for (const [i, item] of items.entries()) {
        const current = await requireVisitorProfile(tx, ctx.accountId, item.visitorId, `[${i}].visitorId`)
        const patch: VisitorPatch = {
          ...(item.emailInvalid !== undefined ? { emailInvalid: item.emailInvalid } : {}),
          ...(item.phoneInvalid !== undefined ? { phoneInvalid: item.phoneInvalid } : {}),
          updatedAt: now,
        }
        out.push(await tx.visitors.update(ctx.accountId, current.id, patch))
        await tx.events.append({ type: 'visitor.updated', accountId: ctx.accountId, payload: { visitorId: item.visitorId }, occurredAt: now })
      }
      return out
    })

  /**
   * Forgets the visitors named by their analytics ids (an external id of type
   * `analytics`, in `pcCode` when given): every record about them is deleted
   * and their contact kept anonymous under the ledger. An id that names no
   * visitor is reported in `failed`.
   */
  const eraseByAnalyticsIds = (ctx: CommandContext, requests: readonly ErasureRequest[]): Promise<{ success: string[]; failed: string[] }> =>
    write(ctx, async (tx, now) => {
      const success: string[] = []
      const failed: string[] = []
      for (const request of requests) {
        const contactIds = await tx.visitors.contactsByExternalId(ctx.accountId, ANALYTICS, request.analyticsId, request.pcCode ?? null)
        const visitors = (await Promise.all(contactIds.map((id) => tx.visitors.byContactId(ctx.accountId, id)))).filter((v): v is Visitor => v !== null)
        if (visitors.length === 0) {
          failed.push(request.analyticsId)
          continue
        }
        for (const visitor of visitors) {
          await tx.visitors.erase(ctx.accountId, visitor.contactId, visitor.visitorId, now)
          await tx.events.append({ type: 'visitor.erased', accountId: ctx.accountId, payload: { visitorId: visitor.visitorId }, occurredAt: now })
        }
        success.push(request.analyticsId)
      }
      return { success, failed }
    })

  return {
    register,
    update,
    flagInvalid,
    eraseByAnalyticsIds,
    get: (accountId: number, visitorId: string): Promise<Visitor> => uow.read((tx) => requireVisitorProfile(tx, accountId, visitorId)),
    list: (accountId: number, filter: VisitorFilter, query: ListQuery): Promise<Listed<Visitor>> =>
      uow.read((tx) => tx.visitors.list(accountId, filter, query)),
    count: (accountId: number, filter: VisitorFilter): Promise<number> => uow.read((tx) => tx.visitors.count(accountId, filter)),
  }
}

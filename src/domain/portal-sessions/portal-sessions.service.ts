import type { Contact, Shop } from '../contacts/contacts.js'
import { contactByUuid } from '../contacts/directory.service.js'
import type { LegacyUnitOfWork, Tx } from '../legacy-tx.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import { idempotent } from '../shared/idempotency.js'
import {
  defaultOptions,
  type OptionsInput,
  type PortalSession,
  type PortalSessionEvent,
  type PortalSessionOptions,
  type PortalSessionType,
  type PortalSessionView,
} from './portal-sessions.js'

export interface CreatePortalSessionCommand {
  readonly type: PortalSessionType
  readonly shopUuid: string
  readonly contactUuid?: string | undefined
  /** Options the caller set; the rest take their documented defaults. */
  readonly options: OptionsInput
}

const FIELD = 'portal_session_uuid'

/** True once a session's lifetime has passed. */
export const isExpired = (session: PortalSession, now: Instant): boolean => session.expiresAt <= now

/** Options with their defaults; `redeem_giftcards` sessions also allow several giftcards unless told otherwise. */
export const withDefaults = (type: PortalSessionType, options: OptionsInput): PortalSessionOptions => {
  const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<PortalSessionOptions>
  const merged: PortalSessionOptions = { ...defaultOptions, ...set }
  if (type !== 'redeem_giftcards') {
    const { amountInCents: _amount, allowMultipleGiftcards: _multiple, ...rest } = merged
    return rest
  }
  return { ...merged, allowMultipleGiftcards: merged.allowMultipleGiftcards ?? true }
}

export type PortalSessionService = ReturnType<typeof createPortalSessionService>

/**
 * Portal sessions: a page (the kiosk) opened for one shop, optionally for one
 * contact, that performs one kind of step. The UUID is the capability the
 * page is opened with; a session expires after `ttlSeconds`.
 */
export const createPortalSessionService = ({ uow, clock, ttlSeconds }: { uow: LegacyUnitOfWork; clock: Clock; ttlSeconds: number }) => {
  const write = <T>(ctx: CommandContext, work: (tx: Tx, now: Instant) => Promise<T>): Promise<T> =>
    uow.run((tx) => {
      const now = clock.now()
      return idempotent(tx, ctx, now, () => work(tx, now))
    })

  const view = async (tx: Tx, session: PortalSession): Promise<PortalSessionView> => {
    const shop = await tx.shops.get(session.accountId, session.shopId)
    if (!shop) throw new Error(`portal session ${session.id} lost its shop`)
    const contact = session.contactId === null ? null : await tx.contacts.get(session.accountId, session.contactId)
    return { session, shop, contact, events: await tx.portalSessions.events(session.accountId, session.id) }
  }

  const notFound = (uuid: string) => new DomainError('portal_session.not_found', { field: FIELD, reason: `no portal session ${uuid}` })

  const emit = (tx: Tx, session: PortalSession, type: string, payload: Record<string, unknown>, now: Instant) =>
    tx.events.append({ type, accountId: session.accountId, shopId: session.shopId, payload: { sessionUuid: session.uuid, ...payload }, occurredAt: now })

  /**
   * Opens a session for a shop, optionally for a contact.
   * @throws shop.not_found, contact.not_found
   */
  const create = (ctx: CommandContext, cmd: CreatePortalSessionCommand): Promise<PortalSessionView> =>
    write(ctx, async (tx, now) => {
      const shop: Shop | null = await tx.shops.findByUuid(ctx.accountId, cmd.shopUuid)
      if (!shop) throw new DomainError('shop.not_found', { field: 'shop_uuid', reason: `no shop ${cmd.shopUuid}` })
      const contact: Contact | null = cmd.contactUuid === undefined ? null : await contactByUuid(tx, ctx.accountId, cmd.contactUuid)
      const session = await tx.portalSessions.insert({
        accountId: ctx.accountId,
        shopId: shop.id,
        contactId: contact?.id ?? null,
        type: cmd.type,
        options: withDefaults(cmd.type, cmd.options),
        expiresAt: now + ttlSeconds * 1000,
        finishedAt: null,
        createdAt: now,
      })
      await emit(tx, session, 'portal_session.created', { type: session.type, contactUuid: contact?.uuid ?? null }, now)
      return view(tx, session)
    })

  /** A session of the caller's account. @throws portal_session.not_found */
  const get = (accountId: number, uuid: string): Promise<PortalSessionView> =>
    uow.read(async (tx) => {
      const session = await tx.portalSessions.findInAccount(accountId, uuid)
      if (!session) throw notFound(uuid)
      return view(tx, session)
    })

  /**
   * A session by its UUID alone, as the session's own page reads it (expired
   * or finished sessions too: the page says so).
   * @throws portal_session.not_found
   */
  const getByCapability = (uuid: string): Promise<PortalSessionView> =>
    uow.read(async (tx) => {
      const session = await tx.portalSessions.findByCapability(uuid)
      if (!session) throw notFound(uuid)
      return view(tx, session)
    })

  /** Locks an open session for a step. @throws portal_session.not_found, portal_session.finished, portal_session.expired */
  const lockOpen = async (tx: Tx, uuid: string, now: Instant): Promise<PortalSession> => {
    const found = await tx.portalSessions.findByCapability(uuid)
    const session = found ? await tx.portalSessions.lock(found.accountId, found.id) : null
    if (!session) throw notFound(uuid)
    if (session.finishedAt !== null) throw new DomainError('portal_session.finished', { field: FIELD, reason: 'the portal session is finished' })
    if (isExpired(session, now)) throw new DomainError('portal_session.expired', { field: FIELD, reason: 'the portal session has expired' })
    return session
  }

  /**
   * Records a step of an open session, inside the caller's transaction (the
   * kiosk records it in the same transaction as the step itself). Also a
   * domain event `portal_session.event` with the session's shop.
   * @throws portal_session.not_found, portal_session.finished, portal_session.expired
   */
  const recordEventIn = async (tx: Tx, uuid: string, type: string, data: Record<string, unknown>, now: Instant): Promise<PortalSessionEvent> => {
    const session = await lockOpen(tx, uuid, now)
    const event = await tx.portalSessions.appendEvent({ accountId: session.accountId, sessionId: session.id, type, data, now })
    await emit(tx, session, 'portal_session.event', { type, data }, now)
    return event
  }

  /** Records a step of an open session in its own transaction. @throws portal_session.not_found, portal_session.finished, portal_session.expired */
  const recordEvent = (uuid: string, type: string, data: Record<string, unknown> = {}): Promise<PortalSessionView> =>
    uow.run(async (tx) => {
      const now = clock.now()
      await recordEventIn(tx, uuid, type, data, now)
      const session = await tx.portalSessions.findByCapability(uuid)
      if (!session) throw notFound(uuid)
      return view(tx, session)
    })

  /**
   * Sets the contact the session is for, once identified at the kiosk; the
   * contact must belong to the session's account.
   * @throws portal_session.not_found, portal_session.finished, portal_session.expired, contact.not_found
   */
  const identify = (uuid: string, contactUuid: string): Promise<PortalSessionView> =>
    uow.run(async (tx) => {
      const now = clock.now()
      const session = await lockOpen(tx, uuid, now)
      const contact = await contactByUuid(tx, session.accountId, contactUuid)
      await tx.portalSessions.setContact(session.accountId, session.id, contact.id)
      await tx.portalSessions.appendEvent({
        accountId: session.accountId,
        sessionId: session.id,
        type: 'contact_identified',
        data: { contact_uuid: contact.uuid },
        now,
      })
      await emit(tx, session, 'portal_session.event', { type: 'contact_identified', data: { contact_uuid: contact.uuid }, contactId: contact.id }, now)
      return view(tx, { ...session, contactId: contact.id })
    })

  /** Closes the session: no further steps are taken. @throws portal_session.not_found, portal_session.finished, portal_session.expired */
  const finish = (uuid: string): Promise<PortalSessionView> =>
    uow.run(async (tx) => {
      const now = clock.now()
      const session = await lockOpen(tx, uuid, now)
      await tx.portalSessions.finish(session.accountId, session.id, now)
      await tx.portalSessions.appendEvent({ accountId: session.accountId, sessionId: session.id, type: 'finished', data: {}, now })
      await emit(tx, session, 'portal_session.finished', {}, now)
      return view(tx, { ...session, finishedAt: now })
    })

  return { create, get, getByCapability, recordEvent, recordEventIn, identify, finish, isExpired: (session: PortalSession) => isExpired(session, clock.now()) }
}

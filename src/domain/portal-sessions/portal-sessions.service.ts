import type { Contact } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import {
  defaultOptions,
  isExpired,
  type OptionsInput,
  type PortalSession,
  type PortalSessionEvent,
  type PortalSessionOptions,
  type PortalSessionsTx,
  type PortalSessionType,
  type PortalSessionView,
  requireLive,
  requireOpen,
} from './portal-sessions.js'

/** What the portal session use cases need of a transaction. */
export type PortalSessionServiceTx = PortalSessionsTx & ContactsTx & EventsTx

export interface CreatePortalSessionCommand {
  readonly type: PortalSessionType
  readonly shopUuid: string
  readonly contactUuid?: string | undefined
  /** Options the caller set; the rest take their documented defaults. */
  readonly options: OptionsInput
}

export interface PortalSessionDeps {
  readonly uow: UnitOfWork<PortalSessionServiceTx & IdempotencyTx>
  readonly clock: Clock
  /** How long a session stays open. */
  readonly ttlSeconds: number
}

/**
 * Portal sessions: a page (the kiosk) opened for one shop, optionally for one
 * contact, that performs one kind of step. The UUID is the capability the
 * page is opened with; a session expires after `ttlSeconds`.
 */
export interface PortalSessionService {
  /** Opens a session for a shop, optionally for a contact. @throws shop.not_found, contact.not_found, idempotency.key_reused */
  create(ctx: CommandContext, cmd: CreatePortalSessionCommand): Promise<PortalSessionView>
  /** A session of the caller's account. @throws portal_session.not_found */
  get(accountId: number, uuid: string): Promise<PortalSessionView>
  /**
   * A session by its UUID alone, as the session's own page reads it (expired
   * or finished sessions too: the page says so).
   * @throws portal_session.not_found
   */
  getByCapability(uuid: string): Promise<PortalSessionView>
  /** Records a step of an open session in its own transaction. @throws portal_session.not_found, portal_session.finished, portal_session.expired */
  recordEvent(uuid: string, type: string, data?: Record<string, unknown>): Promise<PortalSessionView>
  /**
   * Records a step of an open session in the caller's transaction (the kiosk
   * records it in the same transaction as the step itself), with a domain
   * event `portal_session.event` of the session's shop.
   * @throws portal_session.not_found, portal_session.finished, portal_session.expired
   */
  recordEventWithin(tx: PortalSessionServiceTx, uuid: string, type: string, data: Record<string, unknown>, now: Instant): Promise<PortalSessionEvent>
  /**
   * Sets the contact the session is for, once identified at the kiosk; the
   * contact must belong to the session's account.
   * @throws portal_session.not_found, portal_session.finished, portal_session.expired, contact.not_found
   */
  identify(uuid: string, contactUuid: string): Promise<PortalSessionView>
  /** {@link identify}, in the caller's transaction. @throws as {@link identify} */
  identifyWithin(tx: PortalSessionServiceTx, uuid: string, contactUuid: string, now: Instant): Promise<PortalSessionView>
  /** Closes the session: no further steps are taken. @throws portal_session.not_found, portal_session.finished, portal_session.expired */
  finish(uuid: string): Promise<PortalSessionView>
  /** {@link finish}, in the caller's transaction. @throws as {@link finish} */
  finishWithin(tx: PortalSessionServiceTx, uuid: string, now: Instant): Promise<PortalSessionView>
  /** True once the session's lifetime has passed. */
  isExpired(session: PortalSession): boolean
}

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

const notFound = (uuid: string) => new DomainError('portal_session.not_found', { subject: 'portalSession', reason: `no portal session ${uuid}` })

const view = async (tx: PortalSessionServiceTx, session: PortalSession): Promise<PortalSessionView> => {
  const shop = await tx.shops.get(session.accountId, session.shopId)
  if (!shop) throw new Error(`portal session ${session.id} lost its shop`)
  const contact = session.contactId === null ? null : await tx.contacts.get(session.accountId, session.contactId)
  return { session, shop, contact, events: await tx.portalSessions.events(session.accountId, session.id) }
}

const emit = (tx: EventsTx, session: PortalSession, type: string, payload: Record<string, unknown>, now: Instant) =>
  tx.events.append({ type, accountId: session.accountId, shopId: session.shopId, payload: { sessionUuid: session.uuid, ...payload }, occurredAt: now })

/** Locks an open session for a step. @throws portal_session.not_found, portal_session.finished, portal_session.expired */
const lockOpen = async (tx: PortalSessionsTx, uuid: string, now: Instant): Promise<PortalSession> => {
  const found = await tx.portalSessions.findByCapability(uuid)
  const session = found ? await tx.portalSessions.lock(found.accountId, found.id) : null
  if (!session) throw notFound(uuid)
  requireOpen(session)
  requireLive(session, now)
  return session
}

/** @throws contact.not_found */
const contactOfAccount = async (tx: ContactsTx, accountId: number, uuid: string): Promise<Contact> => {
  const contact = await tx.contacts.findByUuid(accountId, uuid)
  if (!contact) throw new DomainError('contact.not_found', { subject: 'contact', reason: `no contact ${uuid}` })
  return contact
}

const recordEventWithin = async (
  tx: PortalSessionServiceTx,
  uuid: string,
  type: string,
  data: Record<string, unknown>,
  now: Instant,
): Promise<PortalSessionEvent> => {
  const session = await lockOpen(tx, uuid, now)
  const event = await tx.portalSessions.appendEvent({ accountId: session.accountId, sessionId: session.id, type, data, now })
  await emit(tx, session, 'portal_session.event', { type, data }, now)
  return event
}

const identifyWithin = async (tx: PortalSessionServiceTx, uuid: string, contactUuid: string, now: Instant): Promise<PortalSessionView> => {
  const session = await lockOpen(tx, uuid, now)
  const contact = await contactOfAccount(tx, session.accountId, contactUuid)
  await tx.portalSessions.setContact(session.accountId, session.id, contact.id)
  const data = { contact_uuid: contact.uuid }
  await tx.portalSessions.appendEvent({ accountId: session.accountId, sessionId: session.id, type: 'contact_identified', data, now })
  await emit(tx, session, 'portal_session.event', { type: 'contact_identified', data, contactId: contact.id }, now)
  return view(tx, { ...session, contactId: contact.id })
}

const finishWithin = async (tx: PortalSessionServiceTx, uuid: string, now: Instant): Promise<PortalSessionView> => {
  const session = await lockOpen(tx, uuid, now)
  await tx.portalSessions.finish(session.accountId, session.id, now)
  await tx.portalSessions.appendEvent({ accountId: session.accountId, sessionId: session.id, type: 'finished', data: {}, now })
  await emit(tx, session, 'portal_session.finished', {}, now)
  return view(tx, { ...session, finishedAt: now })
}

export const createPortalSessionService = ({ uow, clock, ttlSeconds }: PortalSessionDeps): PortalSessionService => {
  const write = writer({ uow, clock })
  /** Runs a step in its own transaction, with the time read once inside it. */
  const step = <T>(work: (tx: PortalSessionServiceTx, now: Instant) => Promise<T>): Promise<T> => uow.run((tx) => work(tx, clock.now()))

  const create = (ctx: CommandContext, cmd: CreatePortalSessionCommand): Promise<PortalSessionView> =>
    write(ctx, async (tx, now) => {
      const shop = await tx.shops.findByUuid(ctx.accountId, cmd.shopUuid)
      if (!shop) throw new DomainError('shop.not_found', { subject: 'shop', reason: `no shop ${cmd.shopUuid}` })
      const contact = cmd.contactUuid === undefined ? null : await contactOfAccount(tx, ctx.accountId, cmd.contactUuid)
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

  const get = (accountId: number, uuid: string): Promise<PortalSessionView> =>
    uow.read(async (tx) => {
      const session = await tx.portalSessions.findInAccount(accountId, uuid)
      if (!session) throw notFound(uuid)
      return view(tx, session)
    })

  const getByCapability = (uuid: string): Promise<PortalSessionView> =>
    uow.read(async (tx) => {
      const session = await tx.portalSessions.findByCapability(uuid)
      if (!session) throw notFound(uuid)
      return view(tx, session)
    })

  const recordEvent = (uuid: string, type: string, data: Record<string, unknown> = {}): Promise<PortalSessionView> =>
    step(async (tx, now) => {
      await recordEventWithin(tx, uuid, type, data, now)
      const session = await tx.portalSessions.findByCapability(uuid)
      if (!session) throw notFound(uuid)
      return view(tx, session)
    })

  return {
    create,
    get,
    getByCapability,
    recordEvent,
    recordEventWithin,
    identify: (uuid, contactUuid) => step((tx, now) => identifyWithin(tx, uuid, contactUuid, now)),
    identifyWithin,
    finish: (uuid) => step((tx, now) => finishWithin(tx, uuid, now)),
    finishWithin,
    isExpired: (session) => isExpired(session, clock.now()),
  }
}

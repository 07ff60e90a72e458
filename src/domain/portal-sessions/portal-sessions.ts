import type { Contact, Shop } from '../contacts/contacts.js'
import type { Instant } from '../shared/clock.js'
import { DomainError } from '../shared/errors.js'

/** What a session is for; `default` identifies (or registers) a contact and shows their balance. */
export const portalSessionTypes = ['default', 'credit_reception', 'redeem_giftcards', 'top_up_giftcards', 'pay_prepaid', 'top_up_prepaid', 'vouchers'] as const
export type PortalSessionType = (typeof portalSessionTypes)[number]

export type ScannerType = 'camera' | 'hand_scanner'
export type FacingMode = 'user' | 'environment'
export type IdentificationMethod = 'email' | 'identifier'

/** The session's options, every one with its documented default filled in. */
export interface PortalSessionOptions {
  readonly scannerType: ScannerType
  readonly enableEmailIdentification: boolean
  readonly enableRegistration: boolean
  readonly enableOnScreenKeyboard: boolean
  readonly cameraService: 1 | 2 | 3
  readonly facingMode: FacingMode
  readonly primaryIdentificationMethod: IdentificationMethod
  /** `redeem_giftcards` only: the purchase amount, in cents. */
  readonly amountInCents?: number | undefined
  /** `redeem_giftcards` only: whether several giftcards may pay one purchase. */
  readonly allowMultipleGiftcards?: boolean | undefined
}

/** Options as a caller sets them: any of them, the rest left to their defaults. */
export type OptionsInput = { readonly [K in keyof PortalSessionOptions]?: PortalSessionOptions[K] | undefined }

export const defaultOptions: PortalSessionOptions = {
  scannerType: 'camera',
  enableEmailIdentification: false,
  enableRegistration: false,
  enableOnScreenKeyboard: false,
  cameraService: 3,
  facingMode: 'user',
  primaryIdentificationMethod: 'identifier',
}

export interface PortalSession {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly shopId: number
  readonly contactId: number | null
  readonly type: PortalSessionType
  readonly options: PortalSessionOptions
  readonly expiresAt: Instant
  readonly finishedAt: Instant | null
  readonly createdAt: Instant
}

/** A step taken in a session (contact identified, credits received, giftcard redeemed...), in order. */
export interface PortalSessionEvent {
  readonly id: number
  readonly sessionId: number
  readonly type: string
  readonly data: Readonly<Record<string, unknown>>
  readonly createdAt: Instant
}

export interface PortalSessionView {
  readonly session: PortalSession
  readonly shop: Shop
  readonly contact: Contact | null
  readonly events: readonly PortalSessionEvent[]
}

/** A step to record: the session's account, the step's type and data, and when it happened. */
export type NewPortalSessionEvent = Omit<PortalSessionEvent, 'id' | 'createdAt'> & { readonly accountId: number; readonly now: Instant }

export interface PortalSessionStore {
  insert(input: Omit<PortalSession, 'id' | 'uuid'>): Promise<PortalSession>
  findInAccount(accountId: number, uuid: string): Promise<PortalSession | null>
  /**
   * By UUID alone: the UUID is the capability the session's page is opened
   * with. Everything read afterwards is filtered by the session's account.
   */
  findByCapability(uuid: string): Promise<PortalSession | null>
  /** Locks the session's row for the rest of the transaction (a no-op on SQLite, which serialises writers). */
  lock(accountId: number, id: number): Promise<PortalSession | null>
  setContact(accountId: number, id: number, contactId: number): Promise<void>
  finish(accountId: number, id: number, now: Instant): Promise<void>
  appendEvent(input: NewPortalSessionEvent): Promise<PortalSessionEvent>
  events(accountId: number, sessionId: number): Promise<PortalSessionEvent[]>
}

/** The portal session store, as a module needs it of the caller's transaction. */
export interface PortalSessionsTx {
  readonly portalSessions: PortalSessionStore
}

/** True once a session's lifetime has passed. */
export const isExpired = (session: PortalSession, now: Instant): boolean => session.expiresAt <= now

/** @throws portal_session.expired once the session's lifetime has passed */
export const requireLive = (session: PortalSession, now: Instant): void => {
  if (isExpired(session, now)) throw new DomainError('portal_session.expired', { subject: 'portalSession', reason: 'the portal session has expired' })
}

/** @throws portal_session.finished once the session is finished */
export const requireOpen = (session: PortalSession): void => {
  if (session.finishedAt !== null) throw new DomainError('portal_session.finished', { subject: 'portalSession', reason: 'the portal session is finished' })
}

import type { CentersTx } from '../centers/centers.js'
import { requireCenter } from '../centers/centers.service.js'
import type { Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import { type Listed, type ListQuery, listInMemory } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import type { VisitorDataTx } from '../visitors/visitor-data.js'
import {
  type Bookmark,
  type CenterOperationSession,
  type Device,
  type DeviceApp,
  type ExternalId,
  localeKey,
  localeLabel,
  locales,
  type NamedRef,
  type TokenSigner,
  type VisitorCenter,
  type VisitorLocale,
} from '../visitors/visitor-data.js'
import { emit, type VisitorInput, type VisitorOwned, visitorRecords } from '../visitors/visitor-records.js'
import { requireVisitor, type VisitorRef } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'

type Tx = CentersTx & EventsTx & IdempotencyTx & VisitorDataTx & VisitorsTx

import { centerSessions, eq, where } from './center-sessions.js'

export interface EventToken {
  readonly token: string
  readonly expiresAt: Instant
}

export const EVENT_TOKEN_TTL_MS = 3_600_000

/** What an app sends to register the device it runs on. */
export type DeviceRegistration = Omit<Device, keyof VisitorOwned> & { readonly urwAppId: string }

export type VisitorCenterInput = Omit<VisitorInput<VisitorCenter>, 'favoriteDate'>
export type VisitorCenterPatch = Partial<Omit<VisitorCenterInput, 'pcCode'>>

export interface VisitorDataService {
  /** @throws visitor.not_found, center.not_found, resource.duplicate (guid) */
  createSession(
    ctx: CommandContext,
    visitorId: string,
    input: Omit<VisitorInput<CenterOperationSession>, 'segments' | 'stores'>,
  ): Promise<CenterOperationSession>
  /** @throws visitor.not_found */
  listSessions(
    accountId: number,
    visitorId: string,
    filter: { pcCode?: string | undefined; gameId?: string | undefined; since?: Instant | undefined; until?: Instant | undefined },
    query: ListQuery,
  ): Promise<Listed<CenterOperationSession>>
  addToSession(
    ctx: CommandContext,
    visitorId: string,
    guid: string,
    part: 'segments' | 'stores',
    items: readonly NamedRef[],
  ): Promise<{ success: NamedRef[]; failed: NamedRef[] }>
  addExternalId(ctx: CommandContext, visitorId: string, input: { externalType: string; externalId: string; pcCode: string | null }): Promise<ExternalId>
  removeExternalId(ctx: CommandContext, visitorId: string, externalType: string, pcCode: string | undefined): Promise<void>
  /** @throws visitor.not_found */
  listExternalIds(accountId: number, visitorId: string, pcCode: string | undefined, query: ListQuery): Promise<Listed<ExternalId>>
  /** @throws visitor.not_found, resource.not_found */
  getExternalId(accountId: number, visitorId: string, externalType: string, pcCode: string | undefined): Promise<ExternalId>
  /** @throws resource.not_found */
  findByExternalId(accountId: number, externalType: string, externalId: string, pcCode: string | undefined): Promise<ExternalId>
  /** The external ids of these types (`analytics` when none is named) of these visitors; unknown visitors have none. */
  analyticsIds(accountId: number, visitorIds: readonly string[], types: readonly string[], pcCode: string | undefined): Promise<ExternalId[]>
  /** A visitor's bookmarks. @throws visitor.not_found, resource.not_found (bookmarkId) */
  readonly bookmarks: {
    create(ctx: CommandContext, visitorId: string, input: VisitorInput<Bookmark>): Promise<Bookmark>
    get(accountId: number, visitorId: string, id: number): Promise<Bookmark>
    list(accountId: number, visitorId: string, where: Where<Bookmark>, query: ListQuery): Promise<Listed<Bookmark>>
    remove(ctx: CommandContext, visitorId: string, id: number): Promise<void>
  }
  saveVisitorCenter(
    ctx: CommandContext,
    visitorId: string,
    input: { pcCode: string } & Partial<Omit<VisitorCenterInput, 'pcCode'>>,
    upsert: boolean,
  ): Promise<{ record: VisitorCenter; created: boolean }>
  updateVisitorCenter(ctx: CommandContext, visitorId: string, pcCode: string, patch: Partial<Omit<VisitorCenterInput, 'pcCode'>>): Promise<VisitorCenter>
  /** @throws visitor.not_found */
  listVisitorCenters(accountId: number, visitorId: string, query: ListQuery): Promise<Listed<VisitorCenter>>
  /** @throws visitor.not_found, resource.not_found */
  getVisitorCenter(accountId: number, visitorId: string, pcCode: string): Promise<VisitorCenter>
  registerDevice(ctx: CommandContext, visitorId: string, input: DeviceRegistration): Promise<{ device: Device; created: boolean }>
  /** @throws visitor.not_found */
  listDevices(accountId: number, visitorId: string, query: ListQuery): Promise<Listed<Device>>
  /** @throws visitor.not_found, resource.not_found */
  getDevice(accountId: number, visitorId: string, deviceId: number): Promise<Device>
  /**
   * The apps installed on one of the visitor's devices.
   * @throws visitor.not_found, resource.not_found
   */
  listApps(accountId: number, visitorId: string, deviceId: number, query: ListQuery): Promise<Listed<DeviceApp>>
  /**
   * Removes the device and its apps.
   * @throws visitor.not_found, resource.not_found
   */
  removeDevice(ctx: CommandContext, visitorId: string, deviceId: number): Promise<void>
  /**
   * A token naming the visitor and the company, signed by the server and valid for an hour.
   * @throws visitor.not_found
   */
  eventToken(accountId: number, visitorId: string, companyId: string): Promise<EventToken>
  /** The locales a visitor may choose from. */
  localeValues(query: ListQuery): Listed<{ readonly localeCode: string; readonly localeLabel: string }>
  /** @throws visitor.not_found, validation.invalid (unknown locale), resource.duplicate */
  addLocale(ctx: CommandContext, visitorId: string, code: string): Promise<VisitorLocale>
  /** @throws visitor.not_found */
  listLocales(accountId: number, visitorId: string, query: ListQuery): Promise<Listed<VisitorLocale>>
  /** @throws visitor.not_found, resource.not_found */
  getLocale(accountId: number, visitorId: string, code: string): Promise<VisitorLocale>
  /** @throws visitor.not_found, resource.not_found */
  removeLocale(ctx: CommandContext, visitorId: string, code: string): Promise<void>
}

/**
 * What a visitor keeps beside the profile: external ids, bookmarks, centers,
 * devices and apps, locales and center operation sessions. A record of
 * another visitor is as absent as one that does not exist.
 */
export const createVisitorDataService = (deps: { uow: UnitOfWork<Tx>; clock: Clock; signer: TokenSigner }): VisitorDataService => {
  const { uow, clock, signer } = deps
  const write = writer(deps)
  const bookmarks = visitorRecords<Bookmark, Tx>(deps, (tx) => tx.visitorData.bookmarks, 'bookmarkId', 'bookmark')

  // External ids --------------------------------------------------------------

  const externalIdsOf = (tx: Tx, accountId: number, visitor: VisitorRef, externalType: string, pcCode: string | undefined) =>
    tx.visitorData.externalIds.find(
      accountId,
      where<ExternalId>(['contactId', eq(visitor.contactId)], ['externalType', eq(externalType)], pcCode !== undefined && ['pcCode', eq(pcCode)]),
    )

  /** @throws visitor.not_found, resource.duplicate */
  const addExternalId = (ctx: CommandContext, visitorId: string, input: { externalType: string; externalId: string; pcCode: string | null }) =>
    write(ctx, async (tx, now) => {
      const { accountId } = ctx
      const visitor = await requireVisitor(tx, accountId, visitorId)
      const same = await tx.visitorData.externalIds.find(
        accountId,
        where<ExternalId>(['externalType', eq(input.externalType)], input.pcCode === null ? ['pcCode', { op: 'null' }] : ['pcCode', eq(input.pcCode)]),
      )
      if (same.some((x) => x.contactId === visitor.contactId)) {
        throw new DomainError('resource.duplicate', { field: 'externalType', reason: `the visitor already has a ${input.externalType} id here` })
      }
      if (same.some((x) => x.externalId === input.externalId)) {
        throw new DomainError('resource.duplicate', { field: 'externalId', reason: 'this external id belongs to another visitor' })
      }
      const owner = await tx.visitors.identifierOwner(accountId, 'external_id', input.externalId)
      if (owner !== null && owner !== visitor.contactId) {
        throw new DomainError('resource.duplicate', { field: 'externalId', reason: 'this external id belongs to another contact' })
      }
      if (owner === null)
        await tx.visitors.replaceIdentifier({ accountId, contactId: visitor.contactId, kind: 'external_id', old: null, value: input.externalId, now })
      const record = await tx.visitorData.externalIds.insert({
        ...input,
        accountId,
        contactId: visitor.contactId,
        visitorId: visitor.visitorId,
        createdAt: now,
        updatedAt: now,
      })
      await emit(tx, accountId, 'external_id.created', { visitorId, externalType: input.externalType }, now)
      return record
    })

  const removeExternalId = (ctx: CommandContext, visitorId: string, externalType: string, pcCode: string | undefined) =>
    write(ctx, async (tx, now) => {
      const { accountId } = ctx
      const visitor = await requireVisitor(tx, accountId, visitorId)
      const found = await externalIdsOf(tx, accountId, visitor, externalType, pcCode)
      if (found.length === 0) throw new DomainError('resource.not_found', { field: 'externalType', reason: `the visitor has no ${externalType} id` })
      for (const x of found) await tx.visitorData.externalIds.remove(accountId, x.id)
      const left = await tx.visitorData.externalIds.find(accountId, where<ExternalId>(['contactId', eq(visitor.contactId)]))
      for (const value of new Set(found.map((x) => x.externalId))) {
        if (!left.some((x) => x.externalId === value)) {
          await tx.visitors.replaceIdentifier({ accountId, contactId: visitor.contactId, kind: 'external_id', old: value, value: null, now })
        }
      }
      await emit(tx, accountId, 'external_id.deleted', { visitorId, externalType }, now)
    })

  // Visitor centers -------------------------------------------------------------

  const requireCompany = async (tx: Tx, accountId: number, pcCode: string, centerCompanyId: number | null | undefined) => {
    if (centerCompanyId === null || centerCompanyId === undefined) return
    const company = await tx.centers.companies.get(accountId, centerCompanyId)
    if (!company || company.pcCode !== pcCode) {
      throw new DomainError('resource.not_found', { field: 'centerCompanyId', reason: `no company ${centerCompanyId} in center ${pcCode}` })
    }
  }

  const visitorCenterOf = async (tx: Tx, accountId: number, visitor: VisitorRef, pcCode: string): Promise<VisitorCenter | null> => {
    const [found] = await tx.visitorData.visitorCenters.find(accountId, where<VisitorCenter>(['contactId', eq(visitor.contactId)], ['pcCode', eq(pcCode)]))
    return found ?? null
  }

  const favoriteDateOf = (current: VisitorCenter | null, isFavorite: boolean | undefined, now: Instant): Instant | null | undefined => {
    if (isFavorite === undefined) return undefined
    if (!isFavorite) return null
    return current?.isFavorite ? current.favoriteDate : now
  }

  /** Creates, or with `upsert` changes, the visitor's relation with a center. @throws visitor.not_found, center.not_found, resource.duplicate */
  const saveVisitorCenter = (ctx: CommandContext, visitorId: string, input: { pcCode: string } & VisitorCenterPatch, upsert: boolean) =>
    write(ctx, async (tx, now) => {
      const { accountId } = ctx
      const visitor = await requireVisitor(tx, accountId, visitorId)
      await requireCenter(tx, accountId, input.pcCode)
      await requireCompany(tx, accountId, input.pcCode, input.centerCompanyId)
      const current = await visitorCenterOf(tx, accountId, visitor, input.pcCode)
      if (current && !upsert) throw new DomainError('resource.duplicate', { field: 'pcCode', reason: `the visitor already has center ${input.pcCode}` })
      if (current) {
        const updated = await tx.visitorData.visitorCenters.update(accountId, current.id, {
          ...input,
          favoriteDate: favoriteDateOf(current, input.isFavorite, now),
          updatedAt: now,
        })
        await emit(tx, accountId, 'visitor_center.updated', { visitorId, pcCode: input.pcCode }, now)
        return { record: updated ?? current, created: false }
      }
      const record = await tx.visitorData.visitorCenters.insert({
        accountId,
        contactId: visitor.contactId,
        visitorId: visitor.visitorId,
        pcCode: input.pcCode,
        isTlp: input.isTlp ?? false,
        isFavorite: input.isFavorite ?? false,
        isSmartparker: input.isSmartparker ?? false,
        centerCompanyId: input.centerCompanyId ?? null,
        favoriteDate: input.isFavorite ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      await emit(tx, accountId, 'visitor_center.created', { visitorId, pcCode: input.pcCode }, now)
      return { record, created: true }
    })

  const updateVisitorCenter = (ctx: CommandContext, visitorId: string, pcCode: string, patch: VisitorCenterPatch) =>
    write(ctx, async (tx, now) => {
      const { accountId } = ctx
      const visitor = await requireVisitor(tx, accountId, visitorId)
      const current = await visitorCenterOf(tx, accountId, visitor, pcCode)
      if (!current) throw new DomainError('resource.not_found', { field: 'pcCode', reason: `the visitor has no center ${pcCode}` })
      await requireCompany(tx, accountId, pcCode, patch.centerCompanyId)
      const updated = await tx.visitorData.visitorCenters.update(accountId, current.id, {
        ...patch,
        favoriteDate: favoriteDateOf(current, patch.isFavorite, now),
        updatedAt: now,
      })
      await emit(tx, accountId, 'visitor_center.updated', { visitorId, pcCode }, now)
      return updated ?? current
    })

  // Devices -------------------------------------------------------------------------

  /**
   * Registers the device by its token, or updates it: a token already known
   * (for this visitor or, after a change of hands, another) is the same
   * device, now this visitor's. The app named by `urwAppId` is registered on
   * it with its notification token. @throws visitor.not_found
   */
  const registerDevice = (ctx: CommandContext, visitorId: string, input: DeviceRegistration) =>
    write(ctx, async (tx, now) => {
      const { accountId } = ctx
      const visitor = await requireVisitor(tx, accountId, visitorId)
      const { urwAppId, ...fields } = input
      const [existing] = await tx.visitorData.devices.find(accountId, where<Device>(['token', eq(input.token)]))
      const owner = { contactId: visitor.contactId, visitorId: visitor.visitorId }
      const device = existing
        ? ((await tx.visitorData.devices.update(accountId, existing.id, { ...fields, ...owner, updatedAt: now })) ?? existing)
        : await tx.visitorData.devices.insert({ ...fields, ...owner, accountId, createdAt: now, updatedAt: now })
      if (existing && existing.contactId !== visitor.contactId) {
        await tx.visitorData.deviceApps.removeWhere(accountId, where<DeviceApp>(['deviceId', eq(device.id)]))
      }
      const [app] = await tx.visitorData.deviceApps.find(accountId, where<DeviceApp>(['deviceId', eq(device.id)], ['urwAppId', eq(urwAppId)]))
      if (app) await tx.visitorData.deviceApps.update(accountId, app.id, { notificationToken: input.notificationToken, updatedAt: now })
      else
        await tx.visitorData.deviceApps.insert({
          ...owner,
          accountId,
          deviceId: device.id,
          urwAppId,
          notificationToken: input.notificationToken,
          createdAt: now,
          updatedAt: now,
        })
      await emit(tx, accountId, existing ? 'device.updated' : 'device.created', { visitorId, deviceId: device.id }, now)
      return { device, created: !existing }
    })

  const loadDevice = async (tx: Tx, accountId: number, visitor: VisitorRef, deviceId: number): Promise<Device> => {
    const device = await tx.visitorData.devices.get(accountId, deviceId)
    if (!device || device.contactId !== visitor.contactId)
      throw new DomainError('resource.not_found', { field: 'deviceId', reason: `no device ${deviceId} for this visitor` })
    return device
  }

  // Locales -----------------------------------------------------------------------------

  const loadLocale = async (tx: Tx, accountId: number, visitor: VisitorRef, code: string): Promise<VisitorLocale> => {
    const [found] = await tx.visitorData.locales.find(
      accountId,
      where<VisitorLocale>(['contactId', eq(visitor.contactId)], ['localeCode', eq(localeKey(code))]),
    )
    if (!found) throw new DomainError('resource.not_found', { field: 'localeCode', reason: `the visitor has no locale ${code}` })
    return found
  }

  return {
    addExternalId,
    removeExternalId,
    listExternalIds: (accountId: number, visitorId: string, pcCode: string | undefined, query: ListQuery): Promise<Listed<ExternalId>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        return tx.visitorData.externalIds.list(
          accountId,
          where<ExternalId>(['contactId', eq(visitor.contactId)], pcCode !== undefined && ['pcCode', eq(pcCode)]),
          query,
        )
      }),
    getExternalId: (accountId: number, visitorId: string, externalType: string, pcCode: string | undefined): Promise<ExternalId> =>
      uow.read(async (tx) => {
        const [found] = await externalIdsOf(tx, accountId, await requireVisitor(tx, accountId, visitorId), externalType, pcCode)
        if (!found) throw new DomainError('resource.not_found', { field: 'externalType', reason: `the visitor has no ${externalType} id` })
        return found
      }),
    findByExternalId: (accountId: number, externalType: string, externalId: string, pcCode: string | undefined): Promise<ExternalId> =>
      uow.read(async (tx) => {
        const [found] = await tx.visitorData.externalIds.find(
          accountId,
          where<ExternalId>(['externalType', eq(externalType)], ['externalId', eq(externalId)], pcCode !== undefined && ['pcCode', eq(pcCode)]),
        )
        if (!found) throw new DomainError('resource.not_found', { field: 'externalId', reason: `no visitor with ${externalType} id ${externalId}` })
        return found
      }),
    analyticsIds: (accountId: number, visitorIds: readonly string[], types: readonly string[], pcCode: string | undefined): Promise<ExternalId[]> =>
      uow.read((tx) =>
        tx.visitorData.externalIds.find(
          accountId,
          where<ExternalId>(
            ['visitorId', { op: 'in', values: visitorIds }],
            ['externalType', { op: 'in', values: types.length ? types : ['analytics'] }],
            pcCode !== undefined && ['pcCode', eq(pcCode)],
          ),
          [{ field: 'id', descending: false }],
        ),
      ),

    bookmarks,

    saveVisitorCenter,
    updateVisitorCenter,
    listVisitorCenters: (accountId: number, visitorId: string, query: ListQuery): Promise<Listed<VisitorCenter>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        return tx.visitorData.visitorCenters.list(accountId, where<VisitorCenter>(['contactId', eq(visitor.contactId)]), query)
      }),
    getVisitorCenter: (accountId: number, visitorId: string, pcCode: string): Promise<VisitorCenter> =>
      uow.read(async (tx) => {
        const found = await visitorCenterOf(tx, accountId, await requireVisitor(tx, accountId, visitorId), pcCode)
        if (!found) throw new DomainError('resource.not_found', { field: 'pcCode', reason: `the visitor has no center ${pcCode}` })
        return found
      }),

    registerDevice,
    listDevices: (accountId: number, visitorId: string, query: ListQuery): Promise<Listed<Device>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        return tx.visitorData.devices.list(accountId, where<Device>(['contactId', eq(visitor.contactId)]), query)
      }),
    getDevice: (accountId: number, visitorId: string, deviceId: number): Promise<Device> =>
      uow.read(async (tx) => loadDevice(tx, accountId, await requireVisitor(tx, accountId, visitorId), deviceId)),
    /** The apps installed on one of the visitor's devices. @throws visitor.not_found, resource.not_found */
    listApps: (accountId: number, visitorId: string, deviceId: number, query: ListQuery): Promise<Listed<DeviceApp>> =>
      uow.read(async (tx) => {
        const device = await loadDevice(tx, accountId, await requireVisitor(tx, accountId, visitorId), deviceId)
        return tx.visitorData.deviceApps.list(accountId, where<DeviceApp>(['deviceId', eq(device.id)]), query)
      }),
    /** Removes the device and its apps. @throws visitor.not_found, resource.not_found */
    removeDevice: (ctx: CommandContext, visitorId: string, deviceId: number): Promise<void> =>
      write(ctx, async (tx, now) => {
        const device = await loadDevice(tx, ctx.accountId, await requireVisitor(tx, ctx.accountId, visitorId), deviceId)
        await tx.visitorData.deviceApps.removeWhere(ctx.accountId, where<DeviceApp>(['deviceId', eq(device.id)]))
        await tx.visitorData.devices.remove(ctx.accountId, device.id)
        await emit(tx, ctx.accountId, 'device.deleted', { visitorId, deviceId }, now)
      }),

    /** A token naming the visitor and the company, signed by the server and valid for an hour. @throws visitor.not_found */
    eventToken: (accountId: number, visitorId: string, companyId: string): Promise<EventToken> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        const now = clock.now()
        const expiresAt = now + EVENT_TOKEN_TTL_MS
        const token = signer.sign({
          visitorId: visitor.visitorId,
          companyId,
          accountId,
          iat: Math.floor(now / 1000),
          exp: Math.floor(expiresAt / 1000),
        })
        return { token, expiresAt: Math.floor(expiresAt / 1000) * 1000 }
      }),

    localeValues: (query: ListQuery): Listed<(typeof locales)[number]> =>
      listInMemory(locales, query, (l, field) => (field === 'localeLabel' ? l.localeLabel : l.localeCode)),
    addLocale: (ctx: CommandContext, visitorId: string, code: string): Promise<VisitorLocale> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        if (localeLabel(code) === null) throw new DomainError('validation.invalid', { field: 'localeCode', reason: `unknown locale ${code}; see GET /locales` })
        const key = localeKey(code)
        const [same] = await tx.visitorData.locales.find(ctx.accountId, where<VisitorLocale>(['contactId', eq(visitor.contactId)], ['localeCode', eq(key)]))
        if (same) throw new DomainError('resource.duplicate', { field: 'localeCode', reason: `the visitor already has locale ${key}` })
        const record = await tx.visitorData.locales.insert({
          accountId: ctx.accountId,
          contactId: visitor.contactId,
          visitorId: visitor.visitorId,
          localeCode: key,
          createdAt: now,
          updatedAt: now,
        })
        await emit(tx, ctx.accountId, 'visitor_locale.created', { visitorId, localeCode: key }, now)
        return record
      }),
    listLocales: (accountId: number, visitorId: string, query: ListQuery): Promise<Listed<VisitorLocale>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        return tx.visitorData.locales.list(accountId, where<VisitorLocale>(['contactId', eq(visitor.contactId)]), query)
      }),
    getLocale: (accountId: number, visitorId: string, code: string): Promise<VisitorLocale> =>
      uow.read(async (tx) => loadLocale(tx, accountId, await requireVisitor(tx, accountId, visitorId), code)),
    removeLocale: (ctx: CommandContext, visitorId: string, code: string): Promise<void> =>
      write(ctx, async (tx, now) => {
        const found = await loadLocale(tx, ctx.accountId, await requireVisitor(tx, ctx.accountId, visitorId), code)
        await tx.visitorData.locales.remove(ctx.accountId, found.id)
        await emit(tx, ctx.accountId, 'visitor_locale.deleted', { visitorId, localeCode: found.localeCode }, now)
      }),

    ...centerSessions(deps),
  }
}

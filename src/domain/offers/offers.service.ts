import type { CentersTx } from '../centers/centers.js'
import { requireCenter } from '../centers/centers.service.js'
import { upsertShop } from '../contacts/contacts.service.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import type { Condition, RecordStore, Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import { emit } from '../visitors/visitor-records.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import type {
  OffersTx,
  Service,
  ServiceInput,
  ServiceSegment,
  ServiceShop,
  ServiceTarget,
  ServiceTargetLink,
  ServiceTheme,
  ServiceThemeLink,
  ServiceView,
} from './offers.js'

type Tx = CentersTx & EventsTx & IdempotencyTx & OffersTx & VisitorsTx & Pick<ContactsTx, 'shops'>

const eq = (value: string | number | boolean): Condition => ({ op: 'eq', value })
const where = <T>(...all: (readonly [keyof T & string, Condition] | false)[]): Where<T> => ({
  all: all.filter((c): c is readonly [keyof T & string, Condition] => c !== false),
})

export interface ServiceFilter {
  readonly pcCode?: string | undefined
  readonly endDateSince?: Instant | undefined
  readonly endDateUntil?: Instant | undefined
}

/** A service's theme or target link, with the catalogue entry it points at. */
export interface Linked<L, E> {
  readonly link: L
  readonly entry: E
}

/** @throws resource.not_found naming `serviceId` */
export const requireService = async (tx: OffersTx, accountId: number, serviceId: number, field = 'serviceId'): Promise<Service> => {
  const service = await tx.offers.services.get(accountId, serviceId)
  if (!service) throw new DomainError('resource.not_found', { field, reason: `no service ${serviceId}` })
  return service
}

export interface OfferService {
  /** @throws center.not_found */
  create(ctx: CommandContext, input: ServiceInput): Promise<ServiceView>
  list(accountId: number, filter: ServiceFilter, query: ListQuery): Promise<Listed<ServiceView>>
  /** @throws resource.not_found */
  get(accountId: number, serviceId: number): Promise<ServiceView>
  /** @throws resource.not_found, center.not_found */
  update(ctx: CommandContext, serviceId: number, patch: Partial<ServiceInput>): Promise<ServiceView>
  listStores(accountId: number, serviceId: number, query: ListQuery): Promise<Listed<ServiceShop>>
  /** The store becomes a shop of the account too (its `externalId` is the `storeId`), so sales there and check-ins meet. */
  addStore(ctx: CommandContext, serviceId: number, input: { storeId: number; storeName: string }): Promise<ServiceShop>
  removeStore(ctx: CommandContext, serviceId: number, keyValue: number): Promise<void>
  listSegments(accountId: number, serviceId: number, query: ListQuery): Promise<Listed<ServiceSegment>>
  addSegment(ctx: CommandContext, serviceId: number, input: { segmentId: number; segmentName: string }): Promise<ServiceSegment>
  removeSegment(ctx: CommandContext, serviceId: number, keyValue: number): Promise<void>
  /** @throws resource.not_found */
  listThemes(accountId: number, serviceId: number, query: ListQuery): Promise<Listed<Linked<ServiceThemeLink, ServiceTheme>>>
  /** @throws resource.not_found (service or theme), resource.duplicate */
  addTheme(ctx: CommandContext, serviceId: number, serviceThemeId: number): Promise<Linked<ServiceThemeLink, ServiceTheme>>
  removeTheme(ctx: CommandContext, serviceId: number, keyValue: number): Promise<void>
  /** @throws resource.not_found */
  listTargets(accountId: number, serviceId: number, query: ListQuery): Promise<Listed<Linked<ServiceTargetLink, ServiceTarget>>>
  /** @throws resource.not_found (service or target), resource.duplicate */
  addTarget(ctx: CommandContext, serviceId: number, serviceTargetId: number): Promise<Linked<ServiceTargetLink, ServiceTarget>>
  removeTarget(ctx: CommandContext, serviceId: number, keyValue: number): Promise<void>
  createTheme(ctx: CommandContext, input: { value: string; category: string; deprecated: boolean }): Promise<ServiceTheme>
  listCatalogueThemes(accountId: number, query: ListQuery): Promise<Listed<ServiceTheme>>
  /** @throws resource.not_found */
  updateTheme(ctx: CommandContext, id: number, patch: { value?: string; category?: string; deprecated?: boolean }): Promise<ServiceTheme>
  createTarget(ctx: CommandContext, value: string): Promise<ServiceTarget>
  listCatalogueTargets(accountId: number, query: ListQuery): Promise<Listed<ServiceTarget>>
  /** @throws resource.not_found */
  updateTarget(ctx: CommandContext, id: number, value: string | undefined): Promise<ServiceTarget>
}

/**
 * The services centers offer, with the stores and segments they involve, the
 * themes and targets of the account's catalogues, and how often visitors
 * checked in to each.
 */
export const createOfferService = (deps: { uow: UnitOfWork<Tx>; clock: Clock }): OfferService => {
  const { uow } = deps
  const write = writer(deps)

  const views = async (tx: Tx, accountId: number, services: readonly Service[]): Promise<ServiceView[]> => {
    if (services.length === 0) return []
    const ids = services.map((s) => s.id)
    const byService = { all: [['serviceId', { op: 'in', values: ids }] as const] }
    const [stores, segments, themeLinks, targetLinks, counts] = await Promise.all([
      tx.offers.stores.find(accountId, byService),
      tx.offers.segments.find(accountId, byService),
      tx.offers.serviceThemes.find(accountId, byService),
      tx.offers.serviceTargets.find(accountId, byService),
      tx.offers.checkinCounts(accountId, ids),
    ])
    const themes = await tx.offers.themes.find(accountId, { all: [['id', { op: 'in', values: themeLinks.map((l) => l.serviceThemeId) }]] })
    const targets = await tx.offers.targets.find(accountId, { all: [['id', { op: 'in', values: targetLinks.map((l) => l.serviceTargetId) }]] })
    return services.map((service) => ({
      service,
      stores: stores.filter((s) => s.serviceId === service.id),
      segments: segments.filter((s) => s.serviceId === service.id),
      themes: themeLinks.filter((l) => l.serviceId === service.id).flatMap((l) => themes.filter((t) => t.id === l.serviceThemeId)),
      targets: targetLinks.filter((l) => l.serviceId === service.id).flatMap((l) => targets.filter((t) => t.id === l.serviceTargetId)),
      checkinCount: counts.get(service.id) ?? 0,
    }))
  }

  const view = async (tx: Tx, accountId: number, service: Service): Promise<ServiceView> => {
    const [v] = await views(tx, accountId, [service])
    if (!v) throw new DomainError('resource.not_found', { field: 'serviceId', reason: `no service ${service.id}` })
    return v
  }

  /** Links of one kind on a service: list, add (a second link to the same thing is a conflict) and delete. */
  const links = <
    T extends { readonly serviceId: number; readonly createdAt: Instant; readonly updatedAt: Instant; readonly id: number; readonly accountId: number },
  >(
    storeOf: (tx: Tx) => RecordStore<T>,
    key: keyof T & string,
    field: string,
    event: string,
  ) => ({
    list: (accountId: number, serviceId: number, query: ListQuery): Promise<Listed<T>> =>
      uow.read(async (tx) => {
        await requireService(tx, accountId, serviceId)
        return storeOf(tx).list(accountId, where<T>(['serviceId' as keyof T & string, eq(serviceId)]), query)
      }),
    /** @throws resource.not_found, resource.duplicate */
    add: (
      ctx: CommandContext,
      serviceId: number,
      input: Omit<T, 'id' | 'accountId' | 'serviceId' | 'createdAt' | 'updatedAt'>,
      check?: (tx: Tx, now: Instant) => Promise<Partial<T>>,
    ) =>
      write(ctx, async (tx, now) => {
        await requireService(tx, ctx.accountId, serviceId)
        const keyValue = (input as Record<string, unknown>)[key] as number
        const [same] = await storeOf(tx).find(ctx.accountId, where<T>(['serviceId' as keyof T & string, eq(serviceId)], [key, eq(keyValue)]))
        if (same) throw new DomainError('resource.duplicate', { field, reason: `the service already has ${field} ${keyValue}` })
        const extra = check ? await check(tx, now) : {}
        const record = await storeOf(tx).insert({ ...input, ...extra, accountId: ctx.accountId, serviceId, createdAt: now, updatedAt: now } as unknown as Omit<
          T,
          'id'
        >)
        await emit(tx, ctx.accountId, `${event}.created`, { serviceId, [field]: keyValue }, now)
        return record
      }),
    remove: (ctx: CommandContext, serviceId: number, keyValue: number): Promise<void> =>
      write(ctx, async (tx, now) => {
        await requireService(tx, ctx.accountId, serviceId)
        const removed = await storeOf(tx).removeWhere(ctx.accountId, where<T>(['serviceId' as keyof T & string, eq(serviceId)], [key, eq(keyValue)]))
        if (removed === 0) throw new DomainError('resource.not_found', { field, reason: `the service has no ${field} ${keyValue}` })
        await emit(tx, ctx.accountId, `${event}.deleted`, { serviceId, [field]: keyValue }, now)
      }),
  })

  const storesLinks = links<ServiceShop>((tx) => tx.offers.stores, 'storeId', 'storeId', 'service_store')
  const segmentLinks = links<ServiceSegment>((tx) => tx.offers.segments, 'segmentId', 'segmentId', 'service_segment')
  const themeLinks = links<ServiceThemeLink>((tx) => tx.offers.serviceThemes, 'serviceThemeId', 'serviceThemeId', 'service_theme_link')
  const targetLinks = links<ServiceTargetLink>((tx) => tx.offers.serviceTargets, 'serviceTargetId', 'serviceTargetId', 'service_target_link')

  const requireTheme = async (tx: Tx, accountId: number, id: number): Promise<ServiceTheme> => {
    const theme = await tx.offers.themes.get(accountId, id)
    if (!theme) throw new DomainError('resource.not_found', { field: 'serviceThemeId', reason: `no service theme ${id}` })
    return theme
  }
  const requireTarget = async (tx: Tx, accountId: number, id: number): Promise<ServiceTarget> => {
    const target = await tx.offers.targets.get(accountId, id)
    if (!target) throw new DomainError('resource.not_found', { field: 'serviceTargetId', reason: `no service target ${id}` })
    return target
  }

  /** Theme or target links of a page, each with its catalogue entry. */
  const withEntries = async <L, E extends { id: number }>(links: Listed<L>, entries: readonly E[], idOf: (l: L) => number): Promise<Listed<Linked<L, E>>> => ({
    total: links.total,
    items: links.items.flatMap((link) => entries.filter((e) => e.id === idOf(link)).map((entry) => ({ link, entry }))),
  })

  return {
    create: (ctx: CommandContext, input: ServiceInput): Promise<ServiceView> =>
      write(ctx, async (tx, now) => {
        await requireCenter(tx, ctx.accountId, input.pcCode)
        const service = await tx.offers.services.insert({ ...input, accountId: ctx.accountId, createdAt: now, updatedAt: now })
        await emit(tx, ctx.accountId, 'service.created', { serviceId: service.id, pcCode: input.pcCode }, now)
        return view(tx, ctx.accountId, service)
      }),
    list: (accountId: number, filter: ServiceFilter, query: ListQuery): Promise<Listed<ServiceView>> =>
      uow.read(async (tx) => {
        const page = await tx.offers.services.list(
          accountId,
          where<Service>(
            filter.pcCode !== undefined && ['pcCode', eq(filter.pcCode)],
            filter.endDateSince !== undefined && ['endDate', { op: 'gte', value: filter.endDateSince }],
            filter.endDateUntil !== undefined && ['endDate', { op: 'lte', value: filter.endDateUntil }],
          ),
          query,
        )
        return { total: page.total, items: await views(tx, accountId, page.items) }
      }),
    get: (accountId: number, serviceId: number): Promise<ServiceView> =>
      uow.read(async (tx) => view(tx, accountId, await requireService(tx, accountId, serviceId))),
    update: (ctx: CommandContext, serviceId: number, patch: Partial<ServiceInput>): Promise<ServiceView> =>
      write(ctx, async (tx, now) => {
        const service = await requireService(tx, ctx.accountId, serviceId)
        if (patch.pcCode !== undefined) await requireCenter(tx, ctx.accountId, patch.pcCode)
        const updated = await tx.offers.services.update(ctx.accountId, service.id, { ...patch, updatedAt: now })
        await emit(tx, ctx.accountId, 'service.updated', { serviceId }, now)
        return view(tx, ctx.accountId, updated ?? service)
      }),

    listStores: storesLinks.list,
    addStore: (ctx: CommandContext, serviceId: number, input: { storeId: number; storeName: string }) =>
      storesLinks.add(ctx, serviceId, { ...input, shopId: 0 }, async (tx, now) => {
        const shop = await upsertShop(tx, ctx.accountId, { externalId: String(input.storeId), name: input.storeName }, now)
        return { shopId: shop.id }
      }),
    removeStore: storesLinks.remove,
    listSegments: segmentLinks.list,
    addSegment: (ctx: CommandContext, serviceId: number, input: { segmentId: number; segmentName: string }) => segmentLinks.add(ctx, serviceId, input),
    removeSegment: segmentLinks.remove,

    listThemes: (accountId: number, serviceId: number, query: ListQuery): Promise<Listed<Linked<ServiceThemeLink, ServiceTheme>>> =>
      themeLinks
        .list(accountId, serviceId, query)
        .then((page) =>
          uow.read(async (tx) =>
            withEntries(
              page,
              await tx.offers.themes.find(accountId, { all: [['id', { op: 'in', values: page.items.map((l) => l.serviceThemeId) }]] }),
              (l) => l.serviceThemeId,
            ),
          ),
        ),
    addTheme: (ctx: CommandContext, serviceId: number, serviceThemeId: number): Promise<Linked<ServiceThemeLink, ServiceTheme>> =>
      themeLinks
        .add(ctx, serviceId, { serviceThemeId }, async (tx) => {
          await requireTheme(tx, ctx.accountId, serviceThemeId)
          return {}
        })
        .then(async (link) => ({ link, entry: await uow.read((tx) => requireTheme(tx, ctx.accountId, serviceThemeId)) })),
    removeTheme: themeLinks.remove,
    listTargets: (accountId: number, serviceId: number, query: ListQuery): Promise<Listed<Linked<ServiceTargetLink, ServiceTarget>>> =>
      targetLinks
        .list(accountId, serviceId, query)
        .then((page) =>
          uow.read(async (tx) =>
            withEntries(
              page,
              await tx.offers.targets.find(accountId, { all: [['id', { op: 'in', values: page.items.map((l) => l.serviceTargetId) }]] }),
              (l) => l.serviceTargetId,
            ),
          ),
        ),
    addTarget: (ctx: CommandContext, serviceId: number, serviceTargetId: number): Promise<Linked<ServiceTargetLink, ServiceTarget>> =>
      targetLinks
        .add(ctx, serviceId, { serviceTargetId }, async (tx) => {
          await requireTarget(tx, ctx.accountId, serviceTargetId)
          return {}
        })
        .then(async (link) => ({ link, entry: await uow.read((tx) => requireTarget(tx, ctx.accountId, serviceTargetId)) })),
    removeTarget: targetLinks.remove,

    createTheme: (ctx: CommandContext, input: { value: string; category: string; deprecated: boolean }): Promise<ServiceTheme> =>
      write(ctx, async (tx, now) => {
        const theme = await tx.offers.themes.insert({ ...input, accountId: ctx.accountId, createdAt: now, updatedAt: now })
        await emit(tx, ctx.accountId, 'service_theme.created', { serviceThemeId: theme.id }, now)
        return theme
      }),
    listCatalogueThemes: (accountId: number, query: ListQuery): Promise<Listed<ServiceTheme>> => uow.read((tx) => tx.offers.themes.list(accountId, {}, query)),
    updateTheme: (ctx: CommandContext, id: number, patch: { value?: string; category?: string; deprecated?: boolean }): Promise<ServiceTheme> =>
      write(ctx, async (tx, now) => {
        const theme = await requireTheme(tx, ctx.accountId, id)
        const updated = await tx.offers.themes.update(ctx.accountId, id, { ...patch, updatedAt: now })
        await emit(tx, ctx.accountId, 'service_theme.updated', { serviceThemeId: id }, now)
        return updated ?? theme
      }),
    createTarget: (ctx: CommandContext, value: string): Promise<ServiceTarget> =>
      write(ctx, async (tx, now) => {
        const target = await tx.offers.targets.insert({ value, accountId: ctx.accountId, createdAt: now, updatedAt: now })
        await emit(tx, ctx.accountId, 'service_target.created', { serviceTargetId: target.id }, now)
        return target
      }),
    listCatalogueTargets: (accountId: number, query: ListQuery): Promise<Listed<ServiceTarget>> =>
      uow.read((tx) => tx.offers.targets.list(accountId, {}, query)),
    updateTarget: (ctx: CommandContext, id: number, value: string | undefined): Promise<ServiceTarget> =>
      write(ctx, async (tx, now) => {
        const target = await requireTarget(tx, ctx.accountId, id)
        const updated = await tx.offers.targets.update(ctx.accountId, id, { ...(value !== undefined ? { value } : {}), updatedAt: now })
        await emit(tx, ctx.accountId, 'service_target.updated', { serviceTargetId: id }, now)
        return updated ?? target
      }),
  }
}

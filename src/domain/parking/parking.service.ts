import type { RecordPatch, Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import { type Listed, type ListQuery, listInMemory } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { emit, type VisitorInput, visitorRecords } from '../visitors/visitor-records.js'
import { owned, refOf, requireVisitor, type VisitorRef, visitorByBarcode } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import {
  type CreditCard,
  matchVisitor,
  type Parking,
  type ParkingHistory,
  type ParkingSummaryRow,
  plateKey,
  requireTimeZone,
  type SmartparkingVisit,
  summarize,
  type Vehicle,
  type VehiclePartner,
  type VisitorCandidate,
  type VisitType,
} from './parking.js'
import type { ParkingTx } from './parking.store.js'

type Tx = EventsTx & IdempotencyTx & ParkingTx & VisitorsTx

export interface SmartparkingIds {
  readonly visitorId?: string | undefined
  readonly barcode?: string | undefined
  readonly licensePlate?: string | undefined
}

export interface HistoryFilter {
  readonly accessDevice?: string | undefined
  readonly parkingId?: number | undefined
  readonly parkingSessionId?: number | undefined
  readonly pcCode?: string | undefined
  /** Sessions starting at or after. */
  readonly startDate?: Instant | undefined
  /** Sessions starting at or before. */
  readonly endDate?: Instant | undefined
}

export interface VisitFilter {
  readonly pcCode: string
  readonly visitType?: VisitType | undefined
  readonly since?: Instant | undefined
  readonly until?: Instant | undefined
}

const notDeleted = <T extends { deletedAt: Instant | null }>(includeDeleted: boolean | undefined): Where<T> =>
  includeDeleted ? {} : { all: [['deletedAt' as keyof T & string, { op: 'null' }]] }

const historyWhere = (f: HistoryFilter): Where<ParkingHistory> => ({
  all: [
    ...(f.parkingId !== undefined ? [['parkingId', { op: 'eq', value: f.parkingId }] as const] : []),
    ...(f.parkingSessionId !== undefined ? [['parkingSessionId', { op: 'eq', value: f.parkingSessionId }] as const] : []),
    ...(f.pcCode !== undefined ? [['pcCode', { op: 'eq', value: f.pcCode }] as const] : []),
    ...(f.startDate !== undefined ? [['parkingSessionStart', { op: 'gte', value: f.startDate }] as const] : []),
    ...(f.endDate !== undefined ? [['parkingSessionStart', { op: 'lte', value: f.endDate }] as const] : []),
  ],
  anyOf:
    f.accessDevice !== undefined
      ? [
          [
            ['accessDevice', { op: 'eq', value: f.accessDevice }],
            ['exitAccessDevice', { op: 'eq', value: f.accessDevice }],
          ],
        ]
      : [],
})

export interface ParkingService {
  createCard(ctx: CommandContext, visitorId: string, input: Omit<VisitorInput<CreditCard>, 'deletedAt'>): Promise<CreditCard>
  getCard(accountId: number, visitorId: string, id: number): Promise<CreditCard>
  listCards(accountId: number, visitorId: string, includeDeleted: boolean | undefined, query: ListQuery): Promise<Listed<CreditCard>>
  updateCard(
    ctx: CommandContext,
    visitorId: string,
    id: number,
    patch: Partial<Pick<CreditCard, 'firstName' | 'lastName' | 'postalCode' | 'serviceTypes' | 'year' | 'month'>>,
  ): Promise<CreditCard>
  deleteCard(ctx: CommandContext, visitorId: string, id: number): Promise<void>
  createVehicle(ctx: CommandContext, visitorId: string, input: Omit<VisitorInput<Vehicle>, 'deletedAt' | 'plateKey'>): Promise<Vehicle>
  getVehicle(accountId: number, visitorId: string, id: number): Promise<Vehicle>
  listVehicles(
    accountId: number,
    visitorId: string,
    filter: { includeDeleted?: boolean | undefined; licensePlate?: string | undefined },
    query: ListQuery,
  ): Promise<Listed<Vehicle>>
  updateVehicle(ctx: CommandContext, visitorId: string, id: number, patch: Partial<Omit<VisitorInput<Vehicle>, 'plateKey'>>): Promise<Vehicle>
  deleteVehicle(ctx: CommandContext, visitorId: string, id: number): Promise<void>
  /** @throws resource.not_found naming `vehicleId` unless the vehicle is the visitor's and not deleted */
  createVehiclePartner(ctx: CommandContext, visitorId: string, input: VisitorInput<VehiclePartner>): Promise<VehiclePartner>
  listVehiclePartners(accountId: number, visitorId: string, query: ListQuery): Promise<Listed<VehiclePartner>>
  deleteVehiclePartner(ctx: CommandContext, visitorId: string, id: number): Promise<void>
  createParking(
    ctx: CommandContext,
    visitorId: string,
    parkingPartner: 'smartparking_us' | 'smartparking_uk' | 'ilogs' | 'designa' | 'thales' | 'smartparking_v2',
  ): Promise<Parking>
  getParking(accountId: number, visitorId: string, id: number): Promise<Parking>
  listParkings(accountId: number, visitorId: string, parkingPartner: string | undefined, query: ListQuery): Promise<Listed<Parking>>
  deleteParking(ctx: CommandContext, visitorId: string, id: number): Promise<void>
  /** @throws resource.not_found naming `parkingId` or `cardId` unless both are the visitor's */
  createHistory(ctx: CommandContext, visitorId: string, input: VisitorInput<ParkingHistory>): Promise<ParkingHistory>
  getHistory(accountId: number, visitorId: string, id: number): Promise<ParkingHistory>
  listHistories(accountId: number, visitorId: string, filter: HistoryFilter, query: ListQuery): Promise<Listed<ParkingHistory>>
  updateHistory(
    ctx: CommandContext,
    visitorId: string,
    id: number,
    patch: Omit<RecordPatch<ParkingHistory>, 'contactId' | 'visitorId' | 'cardId' | 'pcCode' | 'parkingId'>,
  ): Promise<ParkingHistory>
  deleteHistory(ctx: CommandContext, visitorId: string, id: number): Promise<void>
  /**
   * Monthly totals per currency in `timeZone`, newest month first unless sorted otherwise.
   * @throws visitor.not_found, validation.invalid (timezone)
   */
  summary(accountId: number, visitorId: string, timeZone: string, filter: HistoryFilter, query: ListQuery): Promise<Listed<ParkingSummaryRow>>
  /**
   * Records that the visitor the ids name entered or left a center's car
   * park; an entry by license plate also dates the vehicle's last parking session.
   * @throws validation.invalid, visitor.not_found, parking.visitor_mismatch
   */
  recordVisit(ctx: CommandContext, ids: SmartparkingIds, pcCode: string, visitType: 'entry' | 'exit'): Promise<SmartparkingVisit>
  /**
   * The visits of the visitor the ids name at one center.
   * @throws validation.invalid, visitor.not_found, parking.visitor_mismatch
   */
  listVisits(accountId: number, ids: SmartparkingIds, filter: VisitFilter, query: ListQuery): Promise<Listed<SmartparkingVisit>>
}

/**
 * Cards, vehicles and their partner ids, parking subscriptions, parking
 * histories and smartparking visits of visitors.
 */
export const createParkingService = (deps: { uow: UnitOfWork<Tx>; clock: Clock }): ParkingService => {
  const cards = visitorRecords(deps, (tx) => tx.parking.creditCards, 'cardId', 'westfield.credit_card')
  const vehicles = visitorRecords(deps, (tx) => tx.parking.vehicles, 'vehicleId', 'westfield.vehicle')
  const partners = visitorRecords(deps, (tx) => tx.parking.vehiclePartners, 'vehiclePartnerId', 'westfield.vehicle_partner')
  const parkings = visitorRecords(deps, (tx) => tx.parking.parkings, 'parkingId', 'westfield.parking')
  const histories = visitorRecords(deps, (tx) => tx.parking.histories, 'parkingHistoryId', 'westfield.parking_history')
  const write = cards.write

  /** A soft delete: the record stays, with its deletion date, for what refers to it. @throws visitor.not_found, resource.not_found */
  const softDelete =
    (
      load: (tx: Tx, accountId: number, visitor: VisitorRef, id: number) => Promise<{ deletedAt: Instant | null }>,
      mark: (tx: Tx, accountId: number, id: number, now: Instant) => Promise<unknown>,
      event: string,
    ) =>
    (ctx: CommandContext, visitorId: string, id: number): Promise<void> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        const current = await load(tx, ctx.accountId, visitor, id)
        if (current.deletedAt !== null) return
        await mark(tx, ctx.accountId, id, now)
        await emit(tx, ctx.accountId, `${event}.deleted`, { id, visitorId: visitor.visitorId }, now)
      })

  /** @throws resource.not_found naming `field` unless the visitor has this vehicle, not deleted */
  const requireVehicle = async (tx: Tx, accountId: number, visitor: VisitorRef, vehicleId: number, field: string): Promise<Vehicle> => {
    const vehicle = owned(await tx.parking.vehicles.get(accountId, vehicleId), visitor, field, vehicleId)
    if (vehicle.deletedAt !== null) throw new DomainError('resource.not_found', { field, reason: `vehicle ${vehicleId} was deleted` })
    return vehicle
  }

  /**
   * The visitor a smartparking request names, by the documented rules: a
   * license plate finds the latest updated vehicle that is not deleted; a
   * visitorId or barcode finds the visitor; all ids given must agree.
   * @throws validation.invalid, visitor.not_found, parking.visitor_mismatch
   */
  const identify = async (tx: Tx, accountId: number, ids: SmartparkingIds): Promise<{ visitor: VisitorRef; vehicle: Vehicle | null }> => {
    const candidates: VisitorCandidate[] = []
    let vehicle: Vehicle | null = null
    if (ids.visitorId !== undefined) {
      candidates.push({ field: 'visitorId', value: ids.visitorId, contactId: (await tx.visitors.byVisitorId(accountId, ids.visitorId))?.contactId ?? null })
    }
    if (ids.barcode !== undefined) {
      candidates.push({ field: 'barcode', value: ids.barcode, contactId: (await visitorByBarcode(tx, accountId, ids.barcode))?.contactId ?? null })
    }
    if (ids.licensePlate !== undefined) {
      const [latest] = await tx.parking.vehicles.find(
        accountId,
        {
          all: [
            ['plateKey', { op: 'eq', value: plateKey(ids.licensePlate) }],
            ['deletedAt', { op: 'null' }],
          ],
        },
        [
          { field: 'updatedAt', descending: true },
          { field: 'id', descending: true },
        ],
      )
      vehicle = latest ?? null
      candidates.push({ field: 'licensePlate', value: ids.licensePlate, contactId: vehicle?.contactId ?? null })
    }
    const contactId = matchVisitor(candidates)
    const visitor = await tx.visitors.byContactId(accountId, contactId)
    if (!visitor) throw new DomainError('visitor.not_found', { field: 'visitorId', reason: 'the visitor no longer exists' })
    return { visitor: refOf(visitor), vehicle }
  }

  return {
    createCard: (ctx: CommandContext, visitorId: string, input: Omit<VisitorInput<CreditCard>, 'deletedAt'>) =>
      cards.create(ctx, visitorId, { ...input, deletedAt: null }),
    getCard: cards.get,
    listCards: (accountId: number, visitorId: string, includeDeleted: boolean | undefined, query: ListQuery) =>
      cards.list(accountId, visitorId, notDeleted<CreditCard>(includeDeleted), query),
    updateCard: (
      ctx: CommandContext,
      visitorId: string,
      id: number,
      patch: Partial<Pick<CreditCard, 'firstName' | 'lastName' | 'postalCode' | 'serviceTypes' | 'year' | 'month'>>,
    ) => cards.update(ctx, visitorId, id, patch),
    deleteCard: softDelete(
      cards.load,
      (tx, accountId, id, now) => tx.parking.creditCards.update(accountId, id, { deletedAt: now, updatedAt: now }),
      'westfield.credit_card',
    ),

    createVehicle: (ctx: CommandContext, visitorId: string, input: Omit<VisitorInput<Vehicle>, 'deletedAt' | 'plateKey'>) =>
      vehicles.create(ctx, visitorId, { ...input, plateKey: plateKey(input.licensePlate), deletedAt: null }),
    getVehicle: vehicles.get,
    listVehicles: (
      accountId: number,
      visitorId: string,
      filter: { includeDeleted?: boolean | undefined; licensePlate?: string | undefined },
      query: ListQuery,
    ) =>
      vehicles.list(
        accountId,
        visitorId,
        {
          all: [
            ...(notDeleted<Vehicle>(filter.includeDeleted).all ?? []),
            ...(filter.licensePlate !== undefined ? [['plateKey', { op: 'eq', value: plateKey(filter.licensePlate) }] as const] : []),
          ],
        },
        query,
      ),
    updateVehicle: (ctx: CommandContext, visitorId: string, id: number, patch: Partial<Omit<VisitorInput<Vehicle>, 'plateKey'>>) =>
      vehicles.update(ctx, visitorId, id, patch.licensePlate === undefined ? patch : { ...patch, plateKey: plateKey(patch.licensePlate) }),
    deleteVehicle: softDelete(
      vehicles.load,
      (tx, accountId, id, now) => tx.parking.vehicles.update(accountId, id, { deletedAt: now, updatedAt: now }),
      'westfield.vehicle',
    ),

    createVehiclePartner: (ctx: CommandContext, visitorId: string, input: VisitorInput<VehiclePartner>) =>
      partners.create(ctx, visitorId, input, async (tx, visitor) => {
        await requireVehicle(tx, ctx.accountId, visitor, input.vehicleId, 'vehicleId')
      }),
    listVehiclePartners: (accountId: number, visitorId: string, query: ListQuery) => partners.list(accountId, visitorId, {}, query),
    deleteVehiclePartner: partners.remove,

    createParking: (ctx: CommandContext, visitorId: string, parkingPartner: VehiclePartner['parkingPartner']) =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        const parking = await tx.parking.parkings.insert({
          accountId: ctx.accountId,
          contactId: visitor.contactId,
          visitorId: visitor.visitorId,
          parkingPartner,
          isActive: true,
          subscriptionDate: now,
          unsubscribedAt: null,
          createdAt: now,
          updatedAt: now,
        })
        await emit(tx, ctx.accountId, 'westfield.parking.created', { id: parking.id, visitorId: visitor.visitorId, parkingPartner }, now)
        return parking
      }),
    getParking: parkings.get,
    listParkings: (accountId: number, visitorId: string, parkingPartner: string | undefined, query: ListQuery) =>
      parkings.list(accountId, visitorId, parkingPartner === undefined ? {} : { all: [['parkingPartner', { op: 'eq', value: parkingPartner }]] }, query),
    deleteParking: parkings.remove,

    createHistory: (ctx: CommandContext, visitorId: string, input: VisitorInput<ParkingHistory>) =>
      histories.create(ctx, visitorId, input, async (tx, visitor) => {
        owned(await tx.parking.parkings.get(ctx.accountId, input.parkingId), visitor, 'parkingId', input.parkingId)
        owned(await tx.parking.creditCards.get(ctx.accountId, input.cardId), visitor, 'cardId', input.cardId)
      }),
    getHistory: histories.get,
    listHistories: (accountId: number, visitorId: string, filter: HistoryFilter, query: ListQuery) =>
      histories.list(accountId, visitorId, historyWhere(filter), query),
    updateHistory: (
      ctx: CommandContext,
      visitorId: string,
      id: number,
      patch: Omit<RecordPatch<ParkingHistory>, 'parkingId' | 'cardId' | 'pcCode' | 'contactId' | 'visitorId'>,
    ) => histories.update(ctx, visitorId, id, patch),
    deleteHistory: histories.remove,

    summary: (accountId: number, visitorId: string, timeZone: string, filter: HistoryFilter, query: ListQuery): Promise<Listed<ParkingSummaryRow>> => {
      requireTimeZone(timeZone)
      return deps.uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        const rows = await tx.parking.histories.find(accountId, histories.within(visitor, historyWhere(filter)))
        return listInMemory(summarize(rows, timeZone), query, (row, field) => row[field as keyof ParkingSummaryRow])
      })
    },

    recordVisit: (ctx: CommandContext, ids: SmartparkingIds, pcCode: string, visitType: VisitType): Promise<SmartparkingVisit> =>
      write(ctx, async (tx, now) => {
        const { visitor, vehicle } = await identify(tx, ctx.accountId, ids)
        const visit = await tx.parking.visits.insert({
          accountId: ctx.accountId,
          contactId: visitor.contactId,
          visitorId: visitor.visitorId,
          pcCode,
          visitDate: now,
          visitType,
          licensePlate: vehicle?.licensePlate ?? ids.licensePlate ?? null,
          createdAt: now,
          updatedAt: now,
        })
        if (vehicle && visitType === 'entry') await tx.parking.vehicles.update(ctx.accountId, vehicle.id, { lastParkingSession: now })
        await emit(tx, ctx.accountId, 'westfield.smartparking.visit', { id: visit.id, visitorId: visitor.visitorId, pcCode, visitType }, now)
        return visit
      }),

    /** The visits of the visitor the ids name at one center. @throws validation.invalid, visitor.not_found, parking.visitor_mismatch */
    listVisits: (accountId: number, ids: SmartparkingIds, filter: VisitFilter, query: ListQuery): Promise<Listed<SmartparkingVisit>> =>
      deps.uow.read(async (tx) => {
        const { visitor } = await identify(tx, accountId, ids)
        return tx.parking.visits.list(
          accountId,
          {
            all: [
              ['contactId', { op: 'eq', value: visitor.contactId }],
              ['pcCode', { op: 'eq', value: filter.pcCode }],
              ...(filter.visitType !== undefined ? [['visitType', { op: 'eq', value: filter.visitType }] as const] : []),
              ...(filter.since !== undefined ? [['visitDate', { op: 'gte', value: filter.since }] as const] : []),
              ...(filter.until !== undefined ? [['visitDate', { op: 'lte', value: filter.until }] as const] : []),
            ],
          },
          query,
        )
      }),
  }
}

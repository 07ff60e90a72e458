import type { CentersTx } from '../centers/centers.js'
import { requireCenter } from '../centers/centers.service.js'
import type { OffersTx } from '../offers/offers.js'
import { requireService } from '../offers/offers.service.js'
import type { Condition, Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import { emit, visitorRecords } from '../visitors/visitor-records.js'
import { type VisitorRef, visitorByBarcode } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import type { Checkin, CheckinsTx } from './checkins.js'

type Tx = CheckinsTx & CentersTx & OffersTx & EventsTx & IdempotencyTx & VisitorsTx

export interface CheckinInput {
  readonly pcCode: string
  readonly serviceId: number
  readonly origin: string
}

export interface CheckinFilter {
  readonly pcCode?: string | undefined
  readonly serviceId?: number | undefined
  readonly since?: Instant | undefined
  readonly until?: Instant | undefined
}

const eq = (value: string | number): Condition => ({ op: 'eq', value })

const filterOf = (filter: CheckinFilter, contactId?: number): Where<Checkin> => ({
  all: [
    ...(contactId !== undefined ? [['contactId', eq(contactId)] as const] : []),
    ...(filter.pcCode !== undefined ? [['pcCode', eq(filter.pcCode)] as const] : []),
    ...(filter.serviceId !== undefined ? [['serviceId', eq(filter.serviceId)] as const] : []),
    ...(filter.since !== undefined ? [['createdAt', { op: 'gte', value: filter.since }] as const] : []),
    ...(filter.until !== undefined ? [['createdAt', { op: 'lte', value: filter.until }] as const] : []),
  ],
})

export interface CheckinService {
  /** @throws visitor.not_found, center.not_found, resource.not_found, validation.invalid */
  create(ctx: CommandContext, visitorId: string, input: CheckinInput): Promise<Checkin>
  /** @throws visitor.not_found (field barcode), center.not_found, resource.not_found, validation.invalid */
  createByBarcode(ctx: CommandContext, barcode: string, input: CheckinInput): Promise<Checkin>
  /** @throws visitor.not_found */
  listForVisitor(accountId: number, visitorId: string, pcCode: string | undefined, query: ListQuery): Promise<Listed<Checkin>>
  /** Check-ins of every visitor in a center or a service, in a time range. */
  list(accountId: number, filter: CheckinFilter, query: ListQuery): Promise<Listed<Checkin>>
  get(accountId: number, visitorId: string, id: number): Promise<Checkin>
  remove(ctx: CommandContext, visitorId: string, id: number): Promise<void>
}

/** A visitor using a service of a center; the service must be one of that center's. */
export const createCheckinService = (deps: { uow: UnitOfWork<Tx>; clock: Clock }): CheckinService => {
  const records = visitorRecords<Checkin, Tx>(deps, (tx) => tx.checkins, 'checkinId', 'checkin')
  const write = writer(deps)

  /** @throws center.not_found, resource.not_found (service) */
  const check = async (tx: Tx, accountId: number, input: CheckinInput) => {
    await requireCenter(tx, accountId, input.pcCode)
    const service = await requireService(tx, accountId, input.serviceId)
    if (service.pcCode !== input.pcCode)
      throw new DomainError('validation.invalid', { field: 'serviceId', reason: `service ${input.serviceId} is not offered in ${input.pcCode}` })
  }

  return {
    create: (ctx: CommandContext, visitorId: string, input: CheckinInput): Promise<Checkin> =>
      records.create(ctx, visitorId, input, (tx) => check(tx, ctx.accountId, input)),
    createByBarcode: (ctx: CommandContext, barcode: string, input: CheckinInput): Promise<Checkin> =>
      write(ctx, async (tx, now) => {
        const visitor: VisitorRef | null = await visitorByBarcode(tx, ctx.accountId, barcode)
        if (!visitor) throw new DomainError('visitor.not_found', { field: 'barcode', reason: `no visitor with barcode ${barcode}` })
        await check(tx, ctx.accountId, input)
        const record = await tx.checkins.insert({
          ...input,
          accountId: ctx.accountId,
          contactId: visitor.contactId,
          visitorId: visitor.visitorId,
          createdAt: now,
          updatedAt: now,
        })
        await emit(tx, ctx.accountId, 'checkin.created', { id: record.id, visitorId: visitor.visitorId }, now)
        return record
      }),
    listForVisitor: (accountId: number, visitorId: string, pcCode: string | undefined, query: ListQuery): Promise<Listed<Checkin>> =>
      records.list(accountId, visitorId, filterOf({ pcCode }), query),
    list: (accountId: number, filter: CheckinFilter, query: ListQuery): Promise<Listed<Checkin>> =>
      deps.uow.read((tx) => tx.checkins.list(accountId, filterOf(filter), query)),
    get: records.get,
    remove: records.remove,
  }
}

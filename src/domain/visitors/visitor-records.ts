import type { AccountRecord, NewRecord, RecordPatch, RecordStore, Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import { owned, requireVisitor, type VisitorRef } from './visitor-ref.js'
import type { VisitorsTx } from './visitors.store.js'

/** What every visitor record module needs of the caller's transaction, besides its own store. */
export type VisitorRecordsTx = VisitorsTx & EventsTx & IdempotencyTx

/** A record that belongs to one visitor (a contact). */
export interface VisitorOwned extends AccountRecord {
  readonly contactId: number
  readonly visitorId: string
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/** What a client sends to create a visitor's record: everything the server does not fill in. */
export type VisitorInput<T extends VisitorOwned> = Omit<NewRecord<T>, 'accountId' | 'contactId' | 'visitorId' | 'createdAt' | 'updatedAt'>

/** Appends a change of a visitor module to the outbox, in the caller's transaction. */
export const emit = (tx: EventsTx, accountId: number, type: string, payload: Record<string, unknown>, now: Instant): Promise<void> =>
  tx.events.append({ type, accountId, payload, occurredAt: now })

/**
 * Create, read, list, change and delete of one kind of visitor record: every
 * operation first finds the visitor, and a record of another visitor is as
 * absent as one that does not exist. Writes append `<event>.created`,
 * `.updated` or `.deleted`.
 */
export const visitorRecords = <T extends VisitorOwned, Tx extends VisitorRecordsTx>(
  deps: { uow: UnitOfWork<Tx>; clock: Clock },
  storeOf: (tx: Tx) => RecordStore<T>,
  idField: string,
  event: string,
) => {
  const write = writer(deps)

  const load = async (tx: Tx, accountId: number, visitor: VisitorRef, id: number): Promise<T> =>
    owned(await storeOf(tx).get(accountId, id), visitor, idField, id)

  const ownerIs = (visitor: VisitorRef): Where<T> => ({ all: [['contactId' as keyof T & string, { op: 'eq', value: visitor.contactId }]] })

  const within = (visitor: VisitorRef, where: Where<T>): Where<T> => ({ ...where, all: [...(ownerIs(visitor).all ?? []), ...(where.all ?? [])] })

  return {
    write,
    load,
    within,
    /** @throws visitor.not_found */
    create: (
      ctx: CommandContext,
      visitorId: string,
      input: VisitorInput<T> | ((now: Instant) => VisitorInput<T>),
      check?: (tx: Tx, visitor: VisitorRef) => Promise<void>,
    ): Promise<T> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        if (check) await check(tx, visitor)
        const values = {
          ...(typeof input === 'function' ? input(now) : input),
          accountId: ctx.accountId,
          contactId: visitor.contactId,
          visitorId: visitor.visitorId,
          createdAt: now,
          updatedAt: now,
        }
        const record = await storeOf(tx).insert(values as unknown as NewRecord<T>)
        await emit(tx, ctx.accountId, `${event}.created`, { id: record.id, visitorId: visitor.visitorId }, now)
        return record
      }),
    /** @throws visitor.not_found, resource.not_found */
    get: (accountId: number, visitorId: string, id: number): Promise<T> =>
      deps.uow.read(async (tx) => load(tx, accountId, await requireVisitor(tx, accountId, visitorId), id)),
    /** @throws visitor.not_found */
    list: (accountId: number, visitorId: string, where: Where<T>, query: ListQuery): Promise<Listed<T>> =>
      deps.uow.read(async (tx) => storeOf(tx).list(accountId, within(await requireVisitor(tx, accountId, visitorId), where), query)),
    /** @throws visitor.not_found, resource.not_found */
    update: (
      ctx: CommandContext,
      visitorId: string,
      id: number,
      patch: RecordPatch<T> | ((current: T, now: Instant) => RecordPatch<T>),
      check?: (tx: Tx, visitor: VisitorRef, current: T) => Promise<void>,
    ): Promise<T> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        const current = await load(tx, ctx.accountId, visitor, id)
        if (check) await check(tx, visitor, current)
        const changes = typeof patch === 'function' ? patch(current, now) : patch
        const updated = await storeOf(tx).update(ctx.accountId, id, { ...changes, updatedAt: now } as RecordPatch<T>)
        await emit(tx, ctx.accountId, `${event}.updated`, { id, visitorId: visitor.visitorId }, now)
        return owned(updated, visitor, idField, id)
      }),
    /** Removes the record for good. @throws visitor.not_found, resource.not_found */
    remove: (ctx: CommandContext, visitorId: string, id: number): Promise<void> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        await load(tx, ctx.accountId, visitor, id)
        await storeOf(tx).remove(ctx.accountId, id)
        await emit(tx, ctx.accountId, `${event}.deleted`, { id, visitorId: visitor.visitorId }, now)
      }),
  }
}

import type { CentersTx } from '../centers/centers.js'
import { requireCenter } from '../centers/centers.service.js'
import type { Condition, Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import type { CenterOperationSession, NamedRef, VisitorDataTx } from '../visitors/visitor-data.js'
import { emit, type VisitorInput } from '../visitors/visitor-records.js'
import { requireVisitor } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'

type Tx = CentersTx & EventsTx & IdempotencyTx & VisitorDataTx & VisitorsTx

export const eq = (value: string | number | boolean): Condition => ({ op: 'eq', value })

/** A filter of the conditions given; `false` and `undefined` leave a condition out. */
export const where = <T>(...all: (readonly [keyof T & string, Condition] | false | undefined)[]): Where<T> => ({
  all: all.filter((c): c is readonly [keyof T & string, Condition] => !!c),
})

/** A visitor's center operation sessions (a game or an operation in a center) and the segments and stores they gather. */
export const centerSessions = (deps: { uow: UnitOfWork<Tx>; clock: Clock }) => {
  const { uow } = deps
  const write = writer(deps)
  const sessionsOf = (tx: Tx) => tx.visitorData.sessions

  /** Adds segments or stores to a session; those it already had are reported in `failed`. @throws visitor.not_found, resource.not_found */
  const addToSession = (ctx: CommandContext, visitorId: string, guid: string, part: 'segments' | 'stores', items: readonly NamedRef[]) =>
    write(ctx, async (tx, now) => {
      const { accountId } = ctx
      const visitor = await requireVisitor(tx, accountId, visitorId)
      const [session] = await sessionsOf(tx).find(accountId, where<CenterOperationSession>(['contactId', eq(visitor.contactId)], ['guid', eq(guid)]))
      if (!session) throw new DomainError('resource.not_found', { field: 'guid', reason: `the visitor has no session ${guid}` })
      const known = new Set(session[part].map((x) => x.id))
      const success: NamedRef[] = []
      const failed: NamedRef[] = []
      for (const item of items) {
        if (known.has(item.id)) failed.push(item)
        else {
          known.add(item.id)
          success.push(item)
        }
      }
      if (success.length > 0) {
        await sessionsOf(tx).update(accountId, session.id, { [part]: [...session[part], ...success], updatedAt: now })
        await emit(tx, accountId, 'center_operation_session.updated', { visitorId, guid }, now)
      }
      return { success, failed }
    })

  return {
    /** @throws visitor.not_found, center.not_found, resource.duplicate (guid) */
    createSession: (ctx: CommandContext, visitorId: string, input: Omit<VisitorInput<CenterOperationSession>, 'segments' | 'stores'>) =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        await requireCenter(tx, ctx.accountId, input.pcCode)
        const [same] = await sessionsOf(tx).find(ctx.accountId, where<CenterOperationSession>(['guid', eq(input.guid)]))
        if (same) throw new DomainError('resource.duplicate', { field: 'guid', reason: `session ${input.guid} exists` })
        const record = await sessionsOf(tx).insert({
          ...input,
          segments: [],
          stores: [],
          accountId: ctx.accountId,
          contactId: visitor.contactId,
          visitorId: visitor.visitorId,
          createdAt: now,
          updatedAt: now,
        })
        await emit(tx, ctx.accountId, 'center_operation_session.created', { visitorId, guid: input.guid }, now)
        return record
      }),
    /** @throws visitor.not_found */
    listSessions: (
      accountId: number,
      visitorId: string,
      filter: { pcCode?: string | undefined; gameId?: string | undefined; since?: Instant | undefined; until?: Instant | undefined },
      query: ListQuery,
    ): Promise<Listed<CenterOperationSession>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        return sessionsOf(tx).list(
          accountId,
          where<CenterOperationSession>(
            ['contactId', eq(visitor.contactId)],
            filter.pcCode !== undefined && ['pcCode', eq(filter.pcCode)],
            filter.gameId !== undefined && ['gameId', eq(filter.gameId)],
            filter.since !== undefined && ['createdAt', { op: 'gte', value: filter.since }],
            filter.until !== undefined && ['createdAt', { op: 'lte', value: filter.until }],
          ),
          query,
        )
      }),
    addToSession,
  }
}

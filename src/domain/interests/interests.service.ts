import type { Clock } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { emit, visitorRecords } from '../visitors/visitor-records.js'
import { requireVisitor } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import type { Interest, InterestsTx } from './interests.js'

type Tx = EventsTx & IdempotencyTx & InterestsTx & VisitorsTx

export type InterestInput = Pick<Interest, 'externalId' | 'label'>

export interface InterestService {
  /** @throws visitor.not_found, resource.duplicate (externalId) */
  create(ctx: CommandContext, visitorId: string, input: InterestInput): Promise<Interest>
  list(accountId: number, visitorId: string, query: ListQuery): Promise<Listed<Interest>>
  get(accountId: number, visitorId: string, id: number): Promise<Interest>
  remove(ctx: CommandContext, visitorId: string, id: number): Promise<void>
  /**
   * Replaces the visitor's interests with the given list: interests whose
   * external id stays keep their id and creation date (their label is
   * updated), the others are removed, new ones are added.
   * @throws visitor.not_found, validation.invalid (an external id listed twice)
   */
  replace(ctx: CommandContext, visitorId: string, inputs: readonly InterestInput[]): Promise<Interest[]>
}

/** A visitor's interests: one per external id. */
export const createInterestService = (deps: { uow: UnitOfWork<Tx>; clock: Clock }): InterestService => {
  const interests = visitorRecords(deps, (tx) => tx.interests, 'interestId', 'westfield.interest')
  return {
    create: (ctx: CommandContext, visitorId: string, input: InterestInput) =>
      interests.create(ctx, visitorId, input, async (tx, visitor) => {
        const [existing] = await tx.interests.find(ctx.accountId, interests.within(visitor, { all: [['externalId', { op: 'eq', value: input.externalId }]] }))
        if (existing) throw new DomainError('resource.duplicate', { field: 'externalId', reason: `the visitor already has interest ${input.externalId}` })
      }),
    list: (accountId: number, visitorId: string, query: ListQuery) => interests.list(accountId, visitorId, {}, query),
    get: interests.get,
    remove: interests.remove,

    replace: (ctx: CommandContext, visitorId: string, inputs: readonly InterestInput[]): Promise<Interest[]> =>
      interests.write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        const seen = new Set<string>()
        for (const [i, input] of inputs.entries()) {
          if (seen.has(input.externalId))
            throw new DomainError('validation.invalid', { field: `[${i}].externalId`, reason: `${input.externalId} is listed twice` })
          seen.add(input.externalId)
        }
        const current = await tx.interests.find(ctx.accountId, interests.within(visitor, {}))
        for (const old of current) if (!seen.has(old.externalId)) await tx.interests.remove(ctx.accountId, old.id)
        const result: Interest[] = []
        for (const input of inputs) {
          const old = current.find((c) => c.externalId === input.externalId)
          if (old) {
            const kept = old.label === input.label ? old : await tx.interests.update(ctx.accountId, old.id, { label: input.label, updatedAt: now })
            if (kept) result.push(kept)
          } else {
            result.push(
              await tx.interests.insert({
                accountId: ctx.accountId,
                contactId: visitor.contactId,
                visitorId: visitor.visitorId,
                ...input,
                createdAt: now,
                updatedAt: now,
              }),
            )
          }
        }
        await emit(tx, ctx.accountId, 'westfield.interest.replaced', { visitorId: visitor.visitorId, count: result.length }, now)
        return result
      }),
  }
}

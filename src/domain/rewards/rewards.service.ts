import type { Unit } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import type { LedgerTx } from '../ledger/ledger.store.js'
import type { WalletLedger } from '../ledger/wallets.js'
import { type Minor, ZERO } from '../shared/amounts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import { emit, type VisitorInput } from '../visitors/visitor-records.js'
import { owned, requireVisitor } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import type { RewardsTx } from './rewards.js'
import { isConverted, type Reward, type RewardView, rewardUnitName } from './rewards.js'

type Tx = EventsTx & IdempotencyTx & LedgerTx & RewardsTx & VisitorsTx & Pick<ContactsTx, 'units' | 'shops'>

export type RewardInput = Omit<VisitorInput<Reward>, 'unitId'> & { readonly balance: Minor }
export type RewardPatch = Partial<Omit<RewardInput, 'pcCode'>>

export interface RewardService {
  /** @throws visitor.not_found, resource.duplicate (the visitor has a reward at this center) */
  create(ctx: CommandContext, visitorId: string, input: RewardInput): Promise<RewardView>
  /** @throws visitor.not_found */
  list(accountId: number, visitorId: string, pcCode: string | undefined, query: ListQuery): Promise<Listed<RewardView>>
  /** @throws visitor.not_found, resource.not_found */
  get(accountId: number, visitorId: string, id: number): Promise<RewardView>
  /**
   * A new balance is written to the ledger as the difference.
   * @throws visitor.not_found, resource.not_found
   */
  update(ctx: CommandContext, visitorId: string, id: number, patch: Partial<Omit<RewardInput, 'pcCode'>>): Promise<RewardView>
}

/**
 * Rewards of visitors per center. A reward's balance lives on the shared
 * ledger, in a unit of its own per center (`REWARD:<pcCode>`): setting a
 * balance writes one ledger entry of the difference, in the same transaction
 * as the reward itself, so every dialect sees the same balance.
 */
export const createRewardService = (deps: { uow: UnitOfWork<Tx>; clock: Clock; ledger: Pick<WalletLedger, 'setBalance'> }): RewardService => {
  const write = writer(deps)

  const unitFor = async (tx: Tx, accountId: number, pcCode: string, now: Instant): Promise<Unit> => {
    const name = rewardUnitName(pcCode)
    const existing = (await tx.units.list(accountId)).find((u) => u.name === name)
    return existing ?? tx.units.create({ accountId, name, sign: '', lifetimeDays: null, now })
  }

  const balanceOf = async (tx: Tx, reward: Reward): Promise<Minor> =>
    (await tx.ledger.walletsOf(reward.accountId, reward.contactId)).find((w) => w.unitId === reward.unitId)?.balance ?? ZERO

  const view = (reward: Reward, balance: Minor): RewardView => ({ reward, balance, isConverted: isConverted(balance, reward.threshold) })

  const setBalance = (tx: Tx, reward: Reward, unit: Unit, target: Minor, now: Instant): Promise<Minor> =>
    deps.ledger.setBalance(tx, {
      accountId: reward.accountId,
      contactId: reward.contactId,
      unit,
      target,
      type: `${unit.name} ADJUSTMENT`,
      title: 'Reward balance',
      metadata: { rewardId: reward.id, pcCode: reward.pcCode },
      now,
    })

  return {
    create: (ctx: CommandContext, visitorId: string, input: RewardInput): Promise<RewardView> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        const [existing] = await tx.rewards.find(ctx.accountId, {
          all: [
            ['contactId', { op: 'eq', value: visitor.contactId }],
            ['pcCode', { op: 'eq', value: input.pcCode }],
          ],
        })
        if (existing) throw new DomainError('resource.duplicate', { field: 'pcCode', reason: `the visitor already has a reward at ${input.pcCode}` })
        const unit = await unitFor(tx, ctx.accountId, input.pcCode, now)
        const { balance, ...fields } = input
        const reward = await tx.rewards.insert({
          ...fields,
          accountId: ctx.accountId,
          contactId: visitor.contactId,
          visitorId: visitor.visitorId,
          unitId: unit.id,
          createdAt: now,
          updatedAt: now,
        })
        const after = await setBalance(tx, reward, unit, balance, now)
        await emit(tx, ctx.accountId, 'westfield.reward.created', { id: reward.id, visitorId: visitor.visitorId, pcCode: reward.pcCode, balance: after }, now)
        return view(reward, after)
      }),

    list: (accountId: number, visitorId: string, pcCode: string | undefined, query: ListQuery): Promise<Listed<RewardView>> =>
      deps.uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        const page = await tx.rewards.list(
          accountId,
          {
            all: [['contactId', { op: 'eq', value: visitor.contactId }], ...(pcCode !== undefined ? [['pcCode', { op: 'eq', value: pcCode }] as const] : [])],
          },
          query,
        )
        const wallets = await tx.ledger.walletsOf(accountId, visitor.contactId)
        return {
          items: page.items.map((r) => view(r, wallets.find((w) => w.unitId === r.unitId)?.balance ?? ZERO)),
          total: page.total,
        }
      }),

    get: (accountId: number, visitorId: string, id: number): Promise<RewardView> =>
      deps.uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        const reward = owned(await tx.rewards.get(accountId, id), visitor, 'rewardId', id)
        return view(reward, await balanceOf(tx, reward))
      }),

    /** A new balance is written to the ledger as the difference. @throws visitor.not_found, resource.not_found */
    update: (ctx: CommandContext, visitorId: string, id: number, patch: RewardPatch): Promise<RewardView> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        const current = owned(await tx.rewards.get(ctx.accountId, id), visitor, 'rewardId', id)
        const { balance, ...fields } = patch
        const reward = owned(await tx.rewards.update(ctx.accountId, id, { ...fields, updatedAt: now }), visitor, 'rewardId', id)
        const unit = (await tx.units.list(ctx.accountId)).find((u) => u.id === current.unitId)
        if (!unit) throw new Error(`unit ${current.unitId} of reward ${id} is missing`)
        const after = balance === undefined ? await balanceOf(tx, reward) : await setBalance(tx, reward, unit, balance, now)
        await emit(tx, ctx.accountId, 'westfield.reward.updated', { id, visitorId: visitor.visitorId, balance: after }, now)
        return view(reward, after)
      }),
  }
}

import type { Optin } from '../consent/consent.js'
import type { ConsentTx } from '../consent/consent.store.js'
import type { CreditCard, Vehicle } from '../parking/parking.js'
import type { ParkingTx } from '../parking/parking.store.js'
import type { Condition } from '../records/records.js'
import type { RewardView } from '../rewards/rewards.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { ExternalId, VisitorCenter, VisitorDataTx } from '../visitors/visitor-data.js'
import type { Visitor, VisitorFilter } from '../visitors/visitors.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'

type Tx = ConsentTx & EventsTx & IdempotencyTx & ParkingTx & VisitorDataTx & VisitorsTx

/** A visitor with everything kept about them, as one read of the details shows it. */
export interface VisitorDetails {
  readonly visitor: Visitor
  readonly externalIds: readonly ExternalId[]
  readonly optins: readonly Optin[]
  readonly rewards: readonly RewardView[]
  readonly visitorCenters: readonly VisitorCenter[]
  readonly vehicles: readonly Vehicle[]
  readonly creditCards: readonly CreditCard[]
}

/** The most rewards shown per visitor in the details; the rewards route pages through more. */
export const DETAIL_REWARDS = 500

export interface VisitorDetailsService {
  /** A page of visitors with their external ids, optins, rewards, centers, vehicles and cards (deleted ones too, with their deletion date). */
  list(accountId: number, filter: VisitorFilter, query: ListQuery): Promise<Listed<VisitorDetails>>
}

export const createVisitorDetailsService = (deps: {
  uow: UnitOfWork<Tx>
  rewards: { list(accountId: number, visitorId: string, pcCode: string | undefined, query: ListQuery): Promise<Listed<RewardView>> }
}) => ({
  list: async (accountId: number, filter: VisitorFilter, query: ListQuery): Promise<Listed<VisitorDetails>> => {
    const { page, parts } = await deps.uow.read(async (tx) => {
      const page = await tx.visitors.list(accountId, filter, query)
      const owners = { all: [['contactId', { op: 'in', values: page.items.map((v) => v.contactId) } as Condition] as const] }
      const byId = [{ field: 'id', descending: false }]
      const [externalIds, optins, visitorCenters, vehicles, creditCards] = await Promise.all([
        tx.visitorData.externalIds.find(accountId, owners, byId),
        tx.consent.optins.find(accountId, owners, byId),
        tx.visitorData.visitorCenters.find(accountId, owners, byId),
        tx.parking.vehicles.find(accountId, owners, byId),
        tx.parking.creditCards.find(accountId, owners, byId),
      ])
      return { page, parts: { externalIds, optins, visitorCenters, vehicles, creditCards } }
    })
    const rewards = await Promise.all(
      page.items.map((v) => deps.rewards.list(accountId, v.visitorId, undefined, { offset: 0, limit: DETAIL_REWARDS, sort: [] }).then((r) => r.items)),
    )
    return {
      total: page.total,
      items: page.items.map((visitor, i) => {
        const mine = <T extends { contactId: number }>(list: readonly T[]) => list.filter((x) => x.contactId === visitor.contactId)
        return {
          visitor,
          externalIds: mine(parts.externalIds),
          optins: mine(parts.optins),
          rewards: rewards[i] ?? [],
          visitorCenters: mine(parts.visitorCenters),
          vehicles: mine(parts.vehicles),
          creditCards: mine(parts.creditCards),
        }
      }),
    }
  },
})

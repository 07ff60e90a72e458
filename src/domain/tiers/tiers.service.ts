import type { Unit } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { DomainError } from '../shared/errors.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { Tier } from './tiers.js'
import type { TiersTx } from './tiers.store.js'

export interface TierWithNext {
  readonly tier: Tier
  readonly unit: Unit
  readonly next: Tier | null
}

export interface TierService {
  /** The tier new members start in, with the tier after it. @throws tier.not_found */
  defaultTier(accountId: number): Promise<TierWithNext>
}

export const createTierService = ({ uow }: { uow: UnitOfWork<TiersTx & Pick<ContactsTx, 'units'>> }): TierService => {
  const defaultTier = (accountId: number): Promise<TierWithNext> =>
    uow.read(async (tx) => {
      const tiers = await tx.tiers.list(accountId)
      const [first, second] = tiers
      if (!first) throw new DomainError('tier.not_found', { reason: 'the account has no tiers' })
      const unit = (await tx.units.list(accountId)).find((u) => u.id === first.unitId)
      if (!unit) throw new Error(`unit ${first.unitId} is missing`)
      return { tier: first, unit, next: second ?? null }
    })

  return { defaultTier }
}

import type { Unit } from '../contacts/contacts.js'
import type { LegacyUnitOfWork } from '../legacy-tx.js'
import { DomainError } from '../shared/errors.js'
import type { Tier } from './tiers.js'

export interface TierWithNext {
  readonly tier: Tier
  readonly unit: Unit
  readonly next: Tier | null
}

export type TierService = ReturnType<typeof createTierService>

export const createTierService = ({ uow }: { uow: LegacyUnitOfWork }) => {
  /** The tier new members start in, with the tier after it. @throws tier.not_found */
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

import type { LegacyUnitOfWork } from '../legacy-tx.js'
import { DomainError } from '../shared/errors.js'
import type { Shop } from './contacts.js'

export type ShopService = ReturnType<typeof createShopService>

export const createShopService = ({ uow }: { uow: LegacyUnitOfWork }) => {
  const list = (accountId: number): Promise<Shop[]> => uow.read((tx) => tx.shops.list(accountId))

  /** @throws shop.not_found, also for a shop of another account */
  const get = (accountId: number, uuid: string, field = 'shop_uuid'): Promise<Shop> =>
    uow.read(async (tx) => {
      const shop = await tx.shops.findByUuid(accountId, uuid)
      if (!shop) throw new DomainError('shop.not_found', { field, reason: `no shop with uuid ${uuid}` })
      return shop
    })

  return { list, get }
}

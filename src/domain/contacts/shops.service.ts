import { DomainError } from '../shared/errors.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { Shop } from './contacts.js'
import type { ContactsTx } from './contacts.store.js'

export interface ShopService {
  /** Every shop of the account, oldest first. */
  list(accountId: number): Promise<Shop[]>
  /** @throws shop.not_found (shop), also for a shop of another account */
  get(accountId: number, uuid: string): Promise<Shop>
}

export const createShopService = ({ uow }: { uow: UnitOfWork<Pick<ContactsTx, 'shops'>> }): ShopService => {
  const list = (accountId: number): Promise<Shop[]> => uow.read((tx) => tx.shops.list(accountId))

  const get = (accountId: number, uuid: string): Promise<Shop> =>
    uow.read(async (tx) => {
      const shop = await tx.shops.findByUuid(accountId, uuid)
      if (!shop) throw new DomainError('shop.not_found', { subject: 'shop', reason: `no shop with uuid ${uuid}` })
      return shop
    })

  return { list, get }
}

import type { Shop } from '../../domain/contacts/contacts.js'

/**
 * Leat's shop. Shops are physical stores: web shops are not modelled, so
 * `type` is always `physical`; `reference` is the shop's external id.
 */
export const mapShop = (shop: Shop) => ({
  uuid: shop.uuid,
  name: shop.name,
  type: 'physical' as const,
  reference: shop.externalId,
})

/** The shop as Leat embeds it in other resources (portal sessions, transactions), with its id. */
export const mapShopRef = (shop: Shop) => ({
  id: shop.id,
  uuid: shop.uuid,
  reference: shop.externalId,
  name: shop.name,
})

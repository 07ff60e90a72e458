import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapShop } from '../mappers.js'
import { ShopParams } from '../schemas.js'

export const shopRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/shops', async (req) => {
    const shops = await container.shops.list(principalOf(req).accountId)
    return ok(shops.map(mapShop), {})
  })

  /** @throws 1008 for an unknown shop (or one of another account) */
  app.get('/shops/:shop_uuid', { schema: { params: ShopParams } }, async (req) => {
    const shop = await container.shops.get(principalOf(req).accountId, req.params.shop_uuid)
    return ok(mapShop(shop), {})
  })
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapPromotion } from '../money-mappers.js'
import { text, uuid } from '../schemas.js'

const CreateBody = Type.Object({
  name: text(),
  description: text(10_000),
  voucher_limit: Type.Optional(Type.Integer({ minimum: 1 })),
  limit_per_contact: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Seconds a voucher is valid for. */
  expiration_duration: Type.Optional(Type.Integer({ minimum: 1 })),
})

export const promotionRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/promotions', async (req) => ok((await container.vouchers.listPromotions(principalOf(req).accountId)).map(mapPromotion)))

  /** @throws 1003 */
  app.post('/promotions', { schema: { body: CreateBody } }, async (req) => {
    const b = req.body
    const promotion = await container.vouchers.createPromotion(commandContext(req, 'leat'), {
      name: b.name,
      description: b.description,
      voucherLimit: b.voucher_limit ?? null,
      limitPerContact: b.limit_per_contact ?? null,
      expirationDuration: b.expiration_duration ?? null,
    })
    return ok(mapPromotion(promotion))
  })

  /** @throws 80002 */
  app.get('/promotions/:promotion_uuid', { schema: { params: Type.Object({ promotion_uuid: uuid }) } }, async (req) =>
    ok(mapPromotion(await container.vouchers.getPromotion(principalOf(req).accountId, req.params.promotion_uuid))),
  )
}

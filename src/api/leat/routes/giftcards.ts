import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { lastPage } from '../../../domain/shared/page.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapGiftcard } from '../money-mappers.js'
import { text, uuid } from '../schemas.js'

const ListQuery = Type.Object({
  giftcard_program_uuid: Type.Optional(uuid),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
})

/** `type`: 0 physical, 1 digital; only digital cards can be created. */
const CreateBody = Type.Object({
  type: Type.Union([Type.Literal(0), Type.Literal(1)]),
  giftcard_program_uuid: uuid,
})

export const giftcardRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** @throws 1100 for an unknown program */
  app.get('/giftcards', { schema: { querystring: ListQuery } }, async (req) => {
    const q = req.query
    const found = await container.giftcards.list(principalOf(req).accountId, q.giftcard_program_uuid ?? null, { page: q.page ?? 1, perPage: q.limit ?? 30 })
    return ok(found.items.map(mapGiftcard), { page: found.page, per_page: found.perPage, last_page: lastPage(found), total: found.total })
  })

  /** Declared before `/giftcards/:giftcard_uuid`, which would otherwise take `find-one-by` for a UUID. @throws 5001 */
  app.get('/giftcards/find-one-by', { schema: { querystring: Type.Object({ hash: text() }) } }, async (req) =>
    ok(mapGiftcard(await container.giftcards.get(principalOf(req).accountId, { hash: req.query.hash }))),
  )

  /** @throws 5001 */
  app.get('/giftcards/:giftcard_uuid', { schema: { params: Type.Object({ giftcard_uuid: uuid }) } }, async (req) =>
    ok(mapGiftcard(await container.giftcards.get(principalOf(req).accountId, { uuid: req.params.giftcard_uuid }))),
  )

  /** @throws 55021 for a physical card, 1100 for an unknown program */
  app.post('/giftcards', { schema: { body: CreateBody } }, async (req) => {
    const card = await container.giftcards.create(commandContext(req, 'leat'), {
      type: req.body.type === 1 ? 'DIGITAL' : 'PHYSICAL',
      programUuid: req.body.giftcard_program_uuid,
    })
    return ok(mapGiftcard(card))
  })
}

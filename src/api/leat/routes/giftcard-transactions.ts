import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { minor } from '../../../domain/shared/amounts.js'
import { lastPage } from '../../../domain/shared/page.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { LeatInputError } from '../errors.js'
import { mapGiftcardTransaction } from '../money-mappers.js'
import { text, uuid } from '../schemas.js'

/** The reference spells the hash filter `gifcard_hash`; both spellings are accepted. */
const ListQuery = Type.Object({
  perPage: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  giftcard_hash: Type.Optional(text()),
  gifcard_hash: Type.Optional(text()),
  giftcard_program_uuid: Type.Optional(uuid),
  shop_uuid: Type.Optional(uuid),
})

const CreateBody = Type.Object({
  giftcard_uuid: uuid,
  amount_in_cents: Type.Integer({ minimum: -100_000_000, maximum: 100_000_000 }),
  shop_uuid: uuid,
  custom_attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})

const TransactionParams = Type.Object({ giftcard_transaction_uuid: uuid })

export const giftcardTransactionRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** @throws 1003 without any filter, 5001, 1100, 1008 for an unknown filter value */
  app.get('/giftcard-transactions', { schema: { querystring: ListQuery } }, async (req) => {
    const q = req.query
    const hash = q.giftcard_hash ?? q.gifcard_hash
    if (hash === undefined && q.giftcard_program_uuid === undefined && q.shop_uuid === undefined) {
      throw new LeatInputError('giftcard_hash', 'giftcard_hash, giftcard_program_uuid or shop_uuid is required')
    }
    const perPage = q.perPage === undefined || q.perPage === 0 ? 10 : q.perPage
    const found = await container.giftcards.listTransactions(
      principalOf(req).accountId,
      { hash, programUuid: q.giftcard_program_uuid, shopUuid: q.shop_uuid },
      { page: q.page ?? 1, perPage },
    )
    const from = (found.page - 1) * found.perPage
    return ok(found.items.map(mapGiftcardTransaction), {
      page: found.page,
      limit: found.perPage,
      viewing_from: found.items.length === 0 ? 0 : from + 1,
      viewing_to: from + found.items.length,
      last_page: lastPage(found),
      total: found.total,
    })
  })

  /**
   * A positive amount tops the card up, a negative one spends from it.
   * @throws 5001, 1008, 7010, 5002, 5006, 5008, 5003
   */
  app.post('/giftcard-transactions', { schema: { body: CreateBody } }, async (req) => {
    const b = req.body
    const done = await container.giftcards.transact(commandContext(req, 'leat'), {
      card: { uuid: b.giftcard_uuid },
      amount: minor(b.amount_in_cents),
      shop: { uuid: b.shop_uuid },
      metadata: b.custom_attributes ? { customAttributes: b.custom_attributes } : undefined,
    })
    return ok(mapGiftcardTransaction(done))
  })

  /** @throws 5010 */
  app.get('/giftcard-transactions/:giftcard_transaction_uuid', { schema: { params: TransactionParams } }, async (req) =>
    ok(mapGiftcardTransaction(await container.giftcards.getTransaction(principalOf(req).accountId, req.params.giftcard_transaction_uuid))),
  )

  /** @throws 5010, 55025 when it is not the card's last transaction, 5002, 5003, 5008 */
  app.post('/giftcard-transactions/:giftcard_transaction_uuid/reverse', { schema: { params: TransactionParams } }, async (req) =>
    ok(mapGiftcardTransaction(await container.giftcards.reverse(commandContext(req, 'leat'), req.params.giftcard_transaction_uuid))),
  )
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { minor } from '../../../domain/shared/amounts.js'
import { lastPage } from '../../../domain/shared/page.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { LeatInputError } from '../errors.js'
import { mapPrepaidBalance, mapPrepaidTransaction } from '../money-mappers.js'
import { text, uuid } from '../schemas.js'

const CreateBody = Type.Object({
  contact_uuid: Type.Optional(uuid),
  contact_identifier_value: Type.Optional(text()),
  amount_in_cents: Type.Integer({ minimum: -100_000_000, maximum: 100_000_000 }),
  shop_uuid: uuid,
})

const ListQuery = Type.Object({
  contact_uuid: Type.Optional(uuid),
  shop_uuid: Type.Optional(uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
})

export const prepaidTransactionRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /**
   * A positive amount tops the contact's prepaid balance up, a negative one
   * pays from it; a payment the balance does not cover is refused (1003 on
   * `amount_in_cents`).
   * @throws 1003, 55031, 60003, 60004, 1008
   */
  app.post('/prepaid-transactions', { schema: { body: CreateBody } }, async (req) => {
    const b = req.body
    const contact =
      b.contact_uuid !== undefined
        ? { uuid: b.contact_uuid }
        : b.contact_identifier_value !== undefined
          ? { identifierValue: b.contact_identifier_value }
          : null
    if (!contact) throw new LeatInputError('contact_uuid', 'contact_uuid or contact_identifier_value is required')
    const done = await container.prepaid.transact(commandContext(req, 'leat'), { contact, amount: minor(b.amount_in_cents), shop: { uuid: b.shop_uuid } })
    return ok(mapPrepaidTransaction(done))
  })

  /** @throws 1003, 55031, 1008 */
  app.get('/prepaid-transactions', { schema: { querystring: ListQuery } }, async (req) => {
    const q = req.query
    const found = await container.prepaid.list(
      principalOf(req).accountId,
      { contactUuid: q.contact_uuid, shopUuid: q.shop_uuid },
      { page: q.page ?? 1, perPage: q.limit ?? 10 },
    )
    const from = (found.page - 1) * found.perPage
    return ok(found.items.map(mapPrepaidTransaction), {
      current_page: found.page,
      from: found.items.length === 0 ? null : from + 1,
      last_page: lastPage(found),
      per_page: found.perPage,
      total: found.total,
    })
  })

  /** @throws 1003 (unknown transaction, or a top-up already spent), 55031 */
  app.post('/prepaid-transactions/:prepaid_transaction_uuid/reverse', { schema: { params: Type.Object({ prepaid_transaction_uuid: uuid }) } }, async (req) =>
    ok(mapPrepaidTransaction(await container.prepaid.reverse(commandContext(req, 'leat'), req.params.prepaid_transaction_uuid))),
  )

  /** @throws 55031 */
  app.get('/contacts/:contact_uuid/prepaid-balance', { schema: { params: Type.Object({ contact_uuid: uuid }) } }, async (req) =>
    ok(mapPrepaidBalance(await container.prepaid.balance(principalOf(req).accountId, { uuid: req.params.contact_uuid }))),
  )
}

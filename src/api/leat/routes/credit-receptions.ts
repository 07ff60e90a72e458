import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { fromCredits, mapCreditReception, toCredits } from '../mappers.js'
import { hundredths, text, uuid } from '../schemas.js'

const unitValue = Type.Number({ minimum: 0, maximum: 1e9 })
const CreateBody = Type.Object({
  shop_uuid: uuid,
  contact_uuid: uuid,
  credits: Type.Optional(Type.Integer({ minimum: -1e9, maximum: 1e9 })),
  unit_value: Type.Optional(unitValue),
  unit_name: Type.Optional(text()),
  contact_identifier_value: Type.Optional(text()),
  pos_transaction_uuid: Type.Optional(text()),
})
const ReceptionParams = Type.Object({ credit_reception_uuid: uuid })
const CalculateQuery = Type.Object({ shop_uuid: uuid, contact_uuid: Type.Optional(uuid), unit_value: unitValue, unit_name: Type.Optional(text()) })

export const creditReceptionRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const receptions = container.creditReceptions

  /** @throws 1003, 1008, 55031, 60003, 60007, 6001, 1017 */
  app.post('/credit-receptions', { schema: { body: CreateBody } }, async (req) => {
    const b = req.body
    const view = await receptions.create(commandContext(req, 'leat'), {
      shopUuid: b.shop_uuid,
      contactUuid: b.contact_uuid,
      amount: b.credits === undefined ? undefined : fromCredits(b.credits),
      quantity: b.unit_value === undefined ? undefined : hundredths(b.unit_value, 'unit_value'),
      receptionUnit: b.unit_name,
      identifierValue: b.contact_identifier_value,
      posTransactionUuid: b.pos_transaction_uuid,
    })
    return ok(mapCreditReception(view), {})
  })

  /** @throws 1008, 55031, 60007 */
  app.get('/credit-receptions/calculate', { schema: { querystring: CalculateQuery } }, async (req) => {
    const q = req.query
    const result = await receptions.calculate(principalOf(req).accountId, {
      shopUuid: q.shop_uuid,
      contactUuid: q.contact_uuid,
      quantity: hundredths(q.unit_value, 'unit_value'),
      receptionUnit: q.unit_name,
    })
    return ok({ credits: toCredits(result.amount) }, {})
  })

  /** @throws 1028 for an unknown reception, 1003 for one already reversed, 1017 when the credits were spent */
  app.post('/credit-receptions/:credit_reception_uuid/reverse', { schema: { params: ReceptionParams } }, async (req) => {
    const view = await receptions.reverse(commandContext(req, 'leat'), req.params.credit_reception_uuid)
    return ok(mapCreditReception(view), {})
  })
}

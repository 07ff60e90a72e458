import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { minor } from '../../../domain/shared/amounts.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapGiftcardProgram } from '../money-mappers.js'
import { flag, text } from '../schemas.js'

const cents = Type.Integer({ minimum: 0, maximum: 100_000_000 })

/** Our addition to Leat's API, which has no call for it: programs are otherwise made in Leat's dashboard. */
const CreateProgramBody = Type.Object({
  name: text(),
  active: Type.Optional(flag),
  upgradeable: Type.Optional(flag),
  expiration_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 36_500 })),
  max_amount_in_cents: Type.Optional(cents),
  min_amount_in_cents: Type.Optional(cents),
})

export const giftcardProgramRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/giftcard-programs', async (req) => {
    const programs = await container.giftcards.listPrograms(principalOf(req).accountId)
    return ok(programs.map(mapGiftcardProgram))
  })

  app.post('/giftcard-programs', { schema: { body: CreateProgramBody } }, async (req) => {
    const b = req.body
    const program = await container.giftcards.createProgram(commandContext(req, 'leat'), {
      name: b.name,
      active: b.active ?? true,
      upgradeable: b.upgradeable ?? true,
      expirationDays: b.expiration_days ?? null,
      maxAmount: b.max_amount_in_cents === undefined ? null : minor(b.max_amount_in_cents),
      minAmount: b.min_amount_in_cents === undefined ? null : minor(b.min_amount_in_cents),
    })
    return ok(mapGiftcardProgram(program))
  })
}

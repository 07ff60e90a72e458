import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { leatDate, ok } from '../envelope.js'
import { mapUnit } from '../mappers.js'
import { flag, hundredths, text } from '../schemas.js'

const CreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  label: text(),
  is_default: Type.Optional(flag),
  prefix: Type.Optional(Type.String({ maxLength: 16 })),
  /** Not in Leat's document: the unit's rate, credits per whole unit (default from `CREDITS_PER_UNIT`). */
  credits_per_unit: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
})

export const unitRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/units', async (req) => {
    const units = await container.creditReceptions.receptionUnits(principalOf(req).accountId)
    return ok(units.map(mapUnit), {})
  })

  /** @throws 55045 when the name is taken */
  app.post('/units', { schema: { body: CreateBody } }, async (req) => {
    const b = req.body
    const unit = await container.creditReceptions.createReceptionUnit(commandContext(req, 'leat'), {
      name: b.name,
      label: b.label,
      prefix: b.prefix,
      isDefault: b.is_default,
      creditsPerUnit: b.credits_per_unit === undefined ? undefined : hundredths(b.credits_per_unit, 'credits_per_unit'),
    })
    return ok({ ...mapUnit(unit), created_at: leatDate(unit.createdAt), updated_at: leatDate(unit.createdAt) }, {})
  })
}

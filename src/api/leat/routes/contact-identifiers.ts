import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapIdentifier } from '../mappers.js'
import { flag, text, uuid } from '../schemas.js'

const value = text()
const FindQuery = Type.Object({ contact_identifier_value: value })
const CreateBody = Type.Object({ contact_identifier_value: value, contact_uuid: Type.Optional(uuid), contact_identifier_name: Type.Optional(text()) })
const LinkBody = Type.Object({ contact_identifier_value: value, contact_uuid: uuid })
const ValueBody = Type.Object({ contact_identifier_value: value })
const UpdateBody = Type.Object({
  contact_identifier_value: value,
  contact_identifier_name: Type.Optional(text()),
  contact_identifier_active: Type.Optional(flag),
})

/** Contact identifiers (cards): `contact-identifiers` under the clients API. */
export const contactIdentifierRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { identifiers } = container
  const ctx = (req: Parameters<typeof commandContext>[0]) => commandContext(req, 'leat')

  /** @throws 60003, 60004 */
  app.get('/contact-identifiers/find', { schema: { querystring: FindQuery } }, async (req) =>
    ok(mapIdentifier(await identifiers.find(principalOf(req).accountId, req.query.contact_identifier_value))),
  )

  /** @throws 55031, 60006 */
  app.post('/contact-identifiers', { schema: { body: CreateBody } }, async (req) => {
    const b = req.body
    const view = await identifiers.create(ctx(req), { value: b.contact_identifier_value, name: b.contact_identifier_name, contactUuid: b.contact_uuid })
    return ok(mapIdentifier(view))
  })

  /** @throws 60003, 60004, 55031, 60014 */
  app.put('/contact-identifiers/link', { schema: { body: LinkBody } }, async (req) =>
    ok(mapIdentifier(await identifiers.link(ctx(req), { value: req.body.contact_identifier_value, contactUuid: req.body.contact_uuid }))),
  )

  /** @throws 60003, 60004 */
  app.put('/contact-identifiers/unlink', { schema: { body: ValueBody } }, async (req) =>
    ok(mapIdentifier(await identifiers.unlink(ctx(req), req.body.contact_identifier_value))),
  )

  /** Only the name and the active state change. @throws 60003 */
  app.put('/contact-identifiers', { schema: { body: UpdateBody } }, async (req) => {
    const b = req.body
    const view = await identifiers.update(ctx(req), { value: b.contact_identifier_value, name: b.contact_identifier_name, active: b.contact_identifier_active })
    return ok(mapIdentifier(view))
  })

  /** The value comes in the body, as Leat documents it. @throws 60003 */
  app.delete('/contact-identifiers', { schema: { body: ValueBody } }, async (req) => {
    await identifiers.remove(ctx(req), req.body.contact_identifier_value)
    return ok([])
  })
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapContact, mapIdentifier, pageMeta, toCredits } from '../mappers.js'
import { text, uuid } from '../schemas.js'

const email = Type.String({ format: 'email', maxLength: 255 })
const ContactParams = Type.Object({ contact_uuid: uuid })
const EmailQuery = Type.Object({ email })
const CreateBody = Type.Object({ email, referral_code: Type.Optional(text()) })
const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
})

export const contactRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { directory } = container

  app.get('/contacts', { schema: { querystring: ListQuery } }, async (req) => {
    const page = await directory.list(principalOf(req).accountId, { page: req.query.page ?? 1, perPage: req.query.limit ?? 30 })
    return ok(page.items.map(mapContact), pageMeta(page))
  })

  /** @throws 60005 when a contact with the email exists */
  app.post('/contacts', { schema: { body: CreateBody } }, async (req) => {
    const card = await directory.create(commandContext(req, 'leat'), { email: req.body.email, referralCode: req.body.referral_code })
    return ok(mapContact(card))
  })

  /** @throws 55031 when no contact has the email */
  app.get('/contacts/find-one-by', { schema: { querystring: EmailQuery } }, async (req) => {
    const card = await directory.findByEmail(principalOf(req).accountId, req.query.email)
    return ok(mapContact(card))
  })

  /** A GET that registers the contact when missing, as Leat documents it. */
  app.get('/contacts/find-or-create', { schema: { querystring: EmailQuery } }, async (req) => {
    const card = await directory.findOrCreate(commandContext(req, 'leat'), { email: req.query.email })
    return ok(mapContact(card))
  })

  app.get('/contacts/:contact_uuid', { schema: { params: ContactParams } }, async (req) => {
    const card = await directory.get(principalOf(req).accountId, req.params.contact_uuid)
    return ok(mapContact(card))
  })

  app.get('/contacts/:contact_uuid/credit-balance', { schema: { params: ContactParams } }, async (req) => {
    const card = await directory.get(principalOf(req).accountId, req.params.contact_uuid)
    return ok({ balance: toCredits(card.credits.balance) })
  })

  /** The contact's cards; the first one registered is the default. */
  app.get('/contacts/:contact_uuid/contact-identifiers', { schema: { params: ContactParams } }, async (req) => {
    const identifiers = await directory.identifiersOf(principalOf(req).accountId, req.params.contact_uuid)
    return ok(identifiers.map((view, i) => ({ ...mapIdentifier(view), default: i === 0 })))
  })
}

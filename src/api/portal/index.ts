import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import type { Container } from '../../container.js'
import { isDomainError } from '../../domain/shared/errors.js'
import { portalPage } from '../../ui/portal/page.js'
import { fieldOf } from '../shared/error-table.js'
import { idempotencyOf } from '../shared/request.js'
import { fieldErrors } from '../shared/validation.js'
import { fieldNames, kioskStatus } from './errors.js'
import { mapGiftcard, mapState, mapStep, mapVoucher } from './mappers.js'

const Uuid = Type.Object({ uuid: Type.String({ minLength: 1, maxLength: 64 }) })
const Hash = Type.Object({ uuid: Type.String({ minLength: 1, maxLength: 64 }), hash: Type.String({ minLength: 1, maxLength: 255 }) })
const Code = Type.String({ minLength: 1, maxLength: 255 })
const Cents = Type.Integer({ minimum: 1, maximum: 100_000_000 })

const IdentifyBody = Type.Union([
  Type.Object({ identifier: Code }, { additionalProperties: false }),
  Type.Object({ email: Type.String({ minLength: 3, maxLength: 255, format: 'email' }) }, { additionalProperties: false }),
])
const RegisterBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 255, format: 'email' }), first_name: Type.Optional(Type.String({ maxLength: 255 })) },
  { additionalProperties: false },
)
const HashBody = Type.Object({ hash: Code }, { additionalProperties: false })
const TopUpGiftcardBody = Type.Object({ hash: Code, amount_in_cents: Type.Optional(Cents) }, { additionalProperties: false })
const AmountBody = Type.Object({ amount_in_cents: Type.Optional(Cents) }, { additionalProperties: false })
const CodeBody = Type.Object({ code: Code }, { additionalProperties: false })
const Empty = Type.Object({}, { additionalProperties: false })

const fail = (reply: FastifyReply, status: number, code: string, message: string, field: string | null) =>
  reply.status(status).send({ error: { code, message, field } })

/**
 * What the kiosk page calls, under `/portal-sessions/api/<session uuid>`. The
 * session's UUID is the only credential; no bearer token is asked for.
 * Errors answer `{"error": {"code", "message", "field"}}` with the domain's
 * stable code, which the page translates.
 */
const kioskApi: FastifyPluginAsync<{ container: Container }> = async (fastify: FastifyInstance, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const kiosk = container.kiosk
  /** A step's idempotency key belongs to its session: the same key in another session is another request. */
  const key = (req: Parameters<typeof idempotencyOf>[0], uuid: string) => {
    const found = idempotencyOf(req, 'kiosk')
    return found && { ...found, scope: `${found.scope} ${uuid}` }
  }

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (isDomainError(error))
      return fail(reply, kioskStatus(error.code), error.code, error.detail.reason ?? error.code, fieldOf(error, req, fieldNames) ?? null)
    if (error.validation) {
      const [first] = fieldErrors(error.validation, error.validationContext ?? 'body')
      return fail(reply, 400, 'validation.invalid', first ? `${first.field} ${first.message}` : 'invalid input', first?.field ?? null)
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
      return fail(reply, error.statusCode, 'validation.invalid', error.message, null)
    req.log.error({ err: error }, 'unhandled error')
    return fail(reply, 500, 'unknown', `request ${req.id}`, null)
  })
  app.setNotFoundHandler((_req, reply) => fail(reply, 404, 'not_found', 'no such route', null))
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store')
  })

  app.get('/:uuid', { schema: { params: Uuid } }, async (req) => mapState(await kiosk.view(req.params.uuid)))

  app.post('/:uuid/identify', { schema: { params: Uuid, body: IdentifyBody } }, async (req) => {
    const { uuid } = req.params
    return mapStep(await kiosk.identify(uuid, req.body, key(req, uuid)))
  })

  app.post('/:uuid/register', { schema: { params: Uuid, body: RegisterBody } }, async (req) => {
    const { uuid } = req.params
    const body = req.body
    return mapStep(await kiosk.register(uuid, { email: body.email, firstName: body.first_name }, key(req, uuid)))
  })

  app.post('/:uuid/credit-reception', { schema: { params: Uuid, body: Empty } }, async (req) =>
    mapStep(await kiosk.receiveCredits(req.params.uuid, key(req, req.params.uuid))),
  )

  app.post('/:uuid/giftcards/redeem', { schema: { params: Uuid, body: HashBody } }, async (req) => {
    const { uuid } = req.params
    return mapStep(await kiosk.redeemGiftcard(uuid, req.body.hash, key(req, uuid)))
  })

  app.get('/:uuid/giftcards/:hash', { schema: { params: Hash } }, async (req) => {
    const { uuid, hash } = req.params
    return mapGiftcard(await kiosk.giftcard(uuid, hash))
  })

  app.post('/:uuid/giftcards/top-up', { schema: { params: Uuid, body: TopUpGiftcardBody } }, async (req) => {
    const { uuid } = req.params
    const body = req.body
    return mapStep(await kiosk.topUpGiftcard(uuid, { hash: body.hash, amount: body.amount_in_cents }, key(req, uuid)))
  })

  app.post('/:uuid/prepaid/pay', { schema: { params: Uuid, body: AmountBody } }, async (req) => {
    const { uuid } = req.params
    return mapStep(await kiosk.payPrepaid(uuid, { amount: req.body.amount_in_cents }, key(req, uuid)))
  })

  app.post('/:uuid/prepaid/top-up', { schema: { params: Uuid, body: AmountBody } }, async (req) => {
    const { uuid } = req.params
    return mapStep(await kiosk.topUpPrepaid(uuid, { amount: req.body.amount_in_cents }, key(req, uuid)))
  })

  app.get('/:uuid/vouchers', { schema: { params: Uuid } }, async (req) => (await kiosk.vouchers(req.params.uuid)).map(mapVoucher))

  // A voucher of another contact is refused as the voucher API names it.
  app.post('/:uuid/vouchers/redeem', { schema: { params: Uuid, body: CodeBody }, config: { fields: { contact: 'contact_uuid' } } }, async (req) => {
    const { uuid } = req.params
    return mapStep(await kiosk.redeemVoucher(uuid, req.body.code, key(req, uuid)))
  })

  app.post('/:uuid/finish', { schema: { params: Uuid, body: Empty } }, async (req) => mapStep(await kiosk.close(req.params.uuid, key(req, req.params.uuid))))
}

/**
 * Everything behind a portal session's `url`, mounted at `/portal-sessions`:
 * the customer-facing page and the kiosk API it calls.
 */
export const portalSessionsKiosk: FastifyPluginAsync<{ container: Container }> = async (app, { container }) => {
  await app.register(portalPage)
  await app.register(kioskApi, { prefix: '/api', container })
}

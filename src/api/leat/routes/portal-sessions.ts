import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Container } from '../../../container.js'
import type { OptionsInput, PortalSessionType } from '../../../domain/portal-sessions/portal-sessions.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapPortalSession } from '../mappers.js'
import { flag, uuid } from '../schemas.js'

const common = {
  shop_uuid: uuid,
  contact_uuid: Type.Optional(uuid),
  scanner_type: Type.Optional(Type.Union([Type.Literal('camera'), Type.Literal('hand_scanner')])),
  enable_email_identification: Type.Optional(flag),
  enable_registration: Type.Optional(flag),
  enable_on_screen_keyboard: Type.Optional(flag),
  camera_service: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
  facing_mode: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('environment')])),
  primary_identification_method: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('identifier')])),
}
const CreateBody = Type.Object(common)
const RedeemGiftcardsBody = Type.Object({
  ...common,
  amount_in_cents: Type.Integer({ minimum: 1, maximum: 1e11 }),
  allow_multiple_giftcards: Type.Optional(flag),
})
type CreateBody = Static<typeof CreateBody>
const SessionParams = Type.Object({ portal_session_uuid: uuid })

/** The typed creates, by path; each takes the common options. */
const typedPaths: readonly [string, PortalSessionType][] = [
  ['credit-reception', 'credit_reception'],
  ['top-up-giftcards', 'top_up_giftcards'],
  ['pay-prepaid', 'pay_prepaid'],
  ['top-up-prepaid', 'top_up_prepaid'],
  ['vouchers', 'vouchers'],
]

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim()

/**
 * Where clients reach this server: `PUBLIC_URL` when set, else the request's
 * own scheme and host (as a proxy forwarded them), so the session URL opens
 * the session's page on this server.
 */
const baseUrlOf = (req: FastifyRequest, publicUrl: string | undefined): string => {
  if (publicUrl) return publicUrl
  const proto = first(req.headers['x-forwarded-proto']) || req.protocol
  const host = first(req.headers['x-forwarded-host']) || req.host
  return `${proto}://${host}`
}

const optionsOf = (b: CreateBody): OptionsInput => ({
  scannerType: b.scanner_type,
  enableEmailIdentification: b.enable_email_identification,
  enableRegistration: b.enable_registration,
  enableOnScreenKeyboard: b.enable_on_screen_keyboard,
  cameraService: b.camera_service,
  facingMode: b.facing_mode,
  primaryIdentificationMethod: b.primary_identification_method,
})

export const portalSessionRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const sessions = container.portalSessions
  const base = (req: FastifyRequest) => baseUrlOf(req, container.config.publicUrl)

  const create = async (req: FastifyRequest, type: PortalSessionType, b: CreateBody, extra: OptionsInput = {}) => {
    const view = await sessions.create(commandContext(req, 'leat'), {
      type,
      shopUuid: b.shop_uuid,
      contactUuid: b.contact_uuid,
      options: { ...optionsOf(b), ...extra },
    })
    return ok(mapPortalSession(view, base(req)))
  }

  /** @throws 1003 for an unknown session */
  app.get('/portal-sessions/:portal_session_uuid', { schema: { params: SessionParams } }, async (req) =>
    ok(mapPortalSession(await sessions.get(principalOf(req).accountId, req.params.portal_session_uuid), base(req))),
  )

  /** @throws 1008, 55031 */
  app.post('/portal-sessions', { schema: { body: CreateBody } }, async (req) => create(req, 'default', req.body))

  app.post('/portal-sessions/redeem-giftcards', { schema: { body: RedeemGiftcardsBody } }, async (req) =>
    create(req, 'redeem_giftcards', req.body, { amountInCents: req.body.amount_in_cents, allowMultipleGiftcards: req.body.allow_multiple_giftcards }),
  )

  for (const [path, type] of typedPaths) {
    app.post(`/portal-sessions/${path}`, { schema: { body: CreateBody } }, async (req) => create(req, type, req.body))
  }
}

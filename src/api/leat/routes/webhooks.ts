import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { type WebhookEventType, type WebhookStatus, type WebhookSubscription, webhookEventTypes, webhookStatuses } from '../../../domain/webhooks/webhooks.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { leatDate, ok } from '../envelope.js'
import { text, uuid } from '../schemas.js'

const EventType = Type.Unsafe<WebhookEventType>({ type: 'string', enum: [...webhookEventTypes] })
const Status = Type.Unsafe<WebhookStatus>({ type: 'string', enum: [...webhookStatuses] })
const Attributes = Type.Array(text(), { maxItems: 100 })

const ListQuery = Type.Object({ event_type: Type.Optional(EventType), status: Type.Optional(Status) })
const Params = Type.Object({ webhook_subscription_uuid: uuid })

const CreateBody = Type.Object({
  name: text(),
  event_type: EventType,
  url: text(2048),
  secret: Type.Optional(text()),
  /** Not in Leat's create body; accepted so a `contact_updated` subscription can name its attributes at once. */
  attributes: Type.Optional(Attributes),
})

const UpdateBody = Type.Object({
  name: Type.Optional(text()),
  url: Type.Optional(text(2048)),
  status: Type.Optional(Status),
  attributes: Type.Optional(Attributes),
  event_type: Type.Optional(Type.String()),
  secret: Type.Optional(Type.String()),
})

/** A webhook subscription as Leat shows it; `properties` carries the `contact_updated` attributes. */
const mapSubscription = (s: WebhookSubscription) => ({
  uuid: s.uuid,
  name: s.name,
  event_type: s.eventType,
  url: s.url,
  properties: s.attributes,
  status: s.status,
  version: s.version,
  created_at: leatDate(s.createdAt),
})

export const webhookRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const webhooks = container.webhooks

  app.get('/webhook-subscriptions', { schema: { querystring: ListQuery } }, async (req) => {
    const list = await webhooks.list(principalOf(req).accountId, { eventType: req.query.event_type, status: req.query.status })
    return ok(list.map(mapSubscription))
  })

  /** The secret is shown once, and only when the server generated it. */
  app.post('/webhook-subscriptions', { schema: { body: CreateBody } }, async (req) => {
    const body: Static<typeof CreateBody> = req.body
    const { subscription, generatedSecret } = await webhooks.create(commandContext(req, 'leat'), {
      name: body.name,
      eventType: body.event_type,
      url: body.url,
      secret: body.secret,
      attributes: body.attributes,
    })
    return ok({ ...mapSubscription(subscription), ...(generatedSecret ? { secret: generatedSecret } : {}) })
  })

  /** @throws 80300 for an unknown subscription (or one of another account) */
  app.get('/webhook-subscriptions/:webhook_subscription_uuid', { schema: { params: Params } }, async (req) => {
    return ok(mapSubscription(await webhooks.get(principalOf(req).accountId, req.params.webhook_subscription_uuid)))
  })

  app.put('/webhook-subscriptions/:webhook_subscription_uuid', { schema: { params: Params, body: UpdateBody } }, async (req) => {
    const body: Static<typeof UpdateBody> = req.body
    const updated = await webhooks.update(commandContext(req, 'leat'), req.params.webhook_subscription_uuid, {
      name: body.name,
      url: body.url,
      status: body.status,
      attributes: body.attributes,
      eventType: body.event_type,
      secret: body.secret,
    })
    return ok(mapSubscription(updated))
  })

  app.delete('/webhook-subscriptions/:webhook_subscription_uuid', { schema: { params: Params } }, async (req) => {
    await webhooks.remove(commandContext(req, 'leat'), req.params.webhook_subscription_uuid)
    return ok([])
  })
}

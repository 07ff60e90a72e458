import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { minor } from '../../../domain/shared/amounts.js'
import { commandContext } from '../../shared/request.js'
import { mapEntry, mapIssuedRedeem, mapRedeem, mapSnapshotUser } from '../mappers.js'
import { FormatQuery, RedeemBody, ValidateBody } from '../schemas.js'
import { lookupOf, requirePoints } from '../users.js'
import { DEFAULT_STORE } from './users.js'

export const redeemRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /**
   * The user asks to redeem points: opens a request and answers its one-time
   * code, which the merchant passes to the user (SMS, app); nothing is taken yet.
   */
  app.post('/entity/redeem', { schema: { querystring: FormatQuery, body: RedeemBody } }, async (req) => {
    const lookup = lookupOf(req.body)
    const points = requirePoints(req.body.points)
    const store = req.body.store ?? DEFAULT_STORE
    const issued = await container.redeems.request(commandContext(req, 'pegke', 'pos'), {
      contact: { kind: lookup.kind, value: lookup.value },
      amount: minor(points * 100),
      shop: { externalId: store },
    })
    return {
      redeem: mapIssuedRedeem(issued, container.clock.now(), store),
      user: mapSnapshotUser(issued.contact, { idType: lookup.idType, value: lookup.value }),
    }
  })

  /** Validate a Redeem: the store confirms the request with the user's one-time code, and the points are taken. */
  app.post('/entity/redeem/validate', { schema: { querystring: FormatQuery, body: ValidateBody } }, async (req) => {
    const { entry, request } = await container.redeems.confirm(commandContext(req, 'pegke', 'pos'), { id: req.body.redeem_id, code: req.body.otp })
    return {
      redeem: mapRedeem(request, container.clock.now(), entry.shop?.externalId ?? null),
      transaction: mapEntry(entry),
      user: mapSnapshotUser(entry.contact),
    }
  })
}

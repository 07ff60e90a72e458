import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { minor } from '../../../domain/shared/amounts.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { mapEntry, mapSnapshotUser, mapUser } from '../mappers.js'
import { FormatQuery, GiveBody, SearchQuery } from '../schemas.js'
import { lookupOf, requirePoints } from '../users.js'

/** The store a request happens in when it names none. */
export const DEFAULT_STORE = 'main'

/** Transaction type of points given: a credit of POINTS whose source is GIVE. */
const GIVE_TYPE = 'POINTS GIVE'

export const userRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** Give Loyalty Points: credits the user named by `idType`, registering them when new. */
  app.post('/entity/user', { schema: { querystring: FormatQuery, body: GiveBody } }, async (req) => {
    const lookup = lookupOf(req.body)
    const points = requirePoints(req.body.points)
    const store = req.body.store ?? DEFAULT_STORE
    const view = await container.ledger.post(commandContext(req, 'pegke', 'pos'), {
      contact: { kind: lookup.kind, value: lookup.value },
      type: GIVE_TYPE,
      code: null,
      amount: minor(points * 100),
      shop: { externalId: store },
      title: 'Loyalty points',
    })
    return { transaction: mapEntry(view), user: mapSnapshotUser(view.contact, { idType: lookup.idType, value: lookup.value }) }
  })

  /** Search User: the user named by `idType` in the query, with their balance. */
  app.get('/entity/user', { schema: { querystring: SearchQuery } }, async (req) => {
    const { accountId } = principalOf(req)
    return { user: mapUser(await container.activity.profile(accountId, lookupOf(req.query))) }
  })
}

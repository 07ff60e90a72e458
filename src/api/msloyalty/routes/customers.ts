import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapCustomer, mapGroup, mapLot } from '../mappers.js'
import { CustomerIdQuery, ExternalIdQuery } from '../schemas.js'

export const customerRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** Answers 200 either way: `exists` says whether the customer is known; `totals` (an addition) carries the balances. */
  app.get('/api/customer/findByExternalId', { schema: { querystring: ExternalIdQuery } }, async (req) => {
    const { accountId } = principalOf(req)
    const snapshot = await container.ledger.contactSnapshot(accountId, { kind: 'external_id', value: req.query.externalId })
    if (!snapshot) return ok({ exists: false, id: null, external_id: req.query.externalId, name: null, data: null, totals: [] }, 'Ok')
    const { contact } = snapshot
    return ok(
      { exists: true, id: contact.id, external_id: snapshot.externalId, name: contact.name, data: contact.data, totals: mapCustomer(snapshot).totals },
      'Ok',
    )
  })

  /** The customer's lots with something left, soonest expiry first. */
  app.get('/api/batch/expiration', { schema: { querystring: CustomerIdQuery }, config: { fields: { contact: 'customerId' } } }, async (req) => {
    const { accountId, timeZone } = principalOf(req)
    const lots = await container.ledger.openLots(accountId, { kind: 'external_id', value: req.query.customerId })
    return ok(lots.map((l) => mapLot(l, timeZone)))
  })

  app.get('/api/group/default', async (req) => {
    const { accountId } = principalOf(req)
    return ok(mapGroup(await container.tiers.defaultTier(accountId)), 'Proceso exitoso')
  })
}

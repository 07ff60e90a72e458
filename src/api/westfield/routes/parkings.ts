import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { mapParking, PARKING_SPEC } from '../mappers/parking.js'
import { parkingPartner } from '../schemas/parking.js'
import { visitorOwnedRoutes } from '../visitor-owned.js'

/** A visitor's subscriptions to a parking partner. */
export const parkingRoutes: FastifyPluginAsync<{ container: Container }> = async (app, { container: { parking } }) => {
  visitorOwnedRoutes(app, {
    collection: 'parkings',
    idParam: 'parkingId',
    spec: PARKING_SPEC,
    map: mapParking,
    create: { body: Type.Object({ parkingPartner }), run: (ctx, visitorId, b) => parking.createParking(ctx, visitorId, b.parkingPartner) },
    list: {
      filters: { parkingPartner: Type.Optional(parkingPartner) },
      run: (accountId, visitorId, q, list) => parking.listParkings(accountId, visitorId, q.parkingPartner, list),
    },
    get: (accountId, visitorId, id) => parking.getParking(accountId, visitorId, id),
    remove: (ctx, visitorId, id) => parking.deleteParking(ctx, visitorId, id),
  })
}

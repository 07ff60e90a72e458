import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { mapPartner, PARTNER_SPEC } from '../mappers/parking.js'
import { PartnerBody } from '../schemas/parking.js'
import { visitorOwnedRoutes } from '../visitor-owned.js'

/** A visitor's vehicles as a parking partner knows them. */
export const vehiclePartnerRoutes: FastifyPluginAsync<{ container: Container }> = async (app, { container: { parking } }) => {
  visitorOwnedRoutes(app, {
    collection: 'vehicle-partners',
    idParam: 'vehiclePartnerId',
    spec: PARTNER_SPEC,
    map: mapPartner,
    create: {
      body: PartnerBody,
      run: (ctx, visitorId, b) => {
        if (b.visitorId !== undefined && b.visitorId !== visitorId)
          throw new DomainError('validation.invalid', { field: 'visitorId', reason: 'must be the visitor of the path' })
        return parking.createVehiclePartner(ctx, visitorId, {
          vehicleId: b.vehicleId,
          partnerId: b.partnerId,
          parkingPartner: b.parkingPartner,
          visitorCenterId: b.visitorCenterId ?? null,
          pcCode: b.pcCode ?? null,
        })
      },
    },
    list: { filters: {}, run: (accountId, visitorId, _q, list) => parking.listVehiclePartners(accountId, visitorId, list) },
    remove: (ctx, visitorId, id) => parking.deleteVehiclePartner(ctx, visitorId, id),
  })
}

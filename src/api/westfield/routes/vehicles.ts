import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { mapVehicle, VEHICLE_SPEC } from '../mappers/parking.js'
import { instant, instantOrNull } from '../mappers.js'
import { VehicleBody, VehiclePatch } from '../schemas/parking.js'
import { text } from '../schemas.js'
import { visitorOwnedRoutes } from '../visitor-owned.js'
import { defined } from './engagement-common.js'

/** A visitor's vehicles; a deleted one keeps its record with a deletion date. */
export const vehicleRoutes: FastifyPluginAsync<{ container: Container }> = async (app, { container: { parking } }) => {
  visitorOwnedRoutes(app, {
    collection: 'vehicles',
    idParam: 'vehicleId',
    spec: VEHICLE_SPEC,
    map: mapVehicle,
    create: {
      body: VehicleBody,
      run: (ctx, visitorId, b) =>
        parking.createVehicle(ctx, visitorId, {
          name: b.name ?? null,
          maker: b.maker ?? null,
          color: b.color ?? null,
          model: b.model ?? null,
          licensePlate: b.licensePlate,
          licensePlateCountry: b.licensePlateCountry ?? null,
          yearOfManufacture: b.yearOfManufacture ?? null,
          lastParkingSession: b.lastParkingSession === undefined ? null : instant(b.lastParkingSession),
        }),
    },
    list: {
      filters: { includeDeleted: Type.Optional(Type.Boolean()), licensePlate: Type.Optional(text(20)) },
      run: (accountId, visitorId, q, list) =>
        parking.listVehicles(accountId, visitorId, { includeDeleted: q.includeDeleted, licensePlate: q.licensePlate }, list),
    },
    get: (accountId, visitorId, id) => parking.getVehicle(accountId, visitorId, id),
    update: {
      body: VehiclePatch,
      run: (ctx, visitorId, id, { vehicleId, deletionDate, lastParkingSession, ...rest }) => {
        if (vehicleId !== undefined && vehicleId !== id)
          throw new DomainError('validation.invalid', { field: 'vehicleId', reason: 'must be the vehicle of the path' })
        return parking.updateVehicle(ctx, visitorId, id, {
          ...defined(rest),
          ...(rest.name === null ? { name: null } : {}),
          ...(lastParkingSession !== undefined ? { lastParkingSession: instant(lastParkingSession) } : {}),
          ...(deletionDate !== undefined ? { deletedAt: instantOrNull(deletionDate) ?? null } : {}),
        })
      },
    },
    remove: (ctx, visitorId, id) => parking.deleteVehicle(ctx, visitorId, id),
  })
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import {
  type CreditCard,
  cardTypes,
  currencies,
  type Parking,
  type ParkingHistory,
  parkingPartners,
  paymentStatuses,
  type Vehicle,
  type VehiclePartner,
} from '../../../domain/parking/parking.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, listSpec, single } from '../list.js'
import { instant, instantOrNull, iso, isoOrNull } from '../mappers.js'
import { countryCode, dateTime, freeText, id, nullable, oneOf, text, VisitorParams } from '../schemas.js'
import { decimalOrNull, defined, toMinorOrNull } from './engagement-common.js'

const parkingPartner = oneOf(parkingPartners)

const cardFields = {
  firstName: text(),
  lastName: text(),
  postalCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Integer({ minimum: 0 }), Type.Null()])),
  serviceTypes: Type.Optional(Type.Array(oneOf(['parking'] as const), { maxItems: 10 })),
  year: Type.Integer({ minimum: 1900, maximum: 2999 }),
  month: Type.Integer({ minimum: 1, maximum: 12 }),
}
/** Only what the payment provider gives: any other field (a card number) is refused. */
const CardBody = Type.Object(
  {
    ...cardFields,
    fingerprint: text(),
    cardType: oneOf(cardTypes),
    firstSixDigits: Type.String({ pattern: '^\\d{6}$' }),
    lastFourDigits: Type.String({ pattern: '^\\d{4}$' }),
    paymentMethodToken: text(),
  },
  { additionalProperties: false },
)
const CardPatch = Type.Partial(Type.Object(cardFields), { additionalProperties: false })
const CardParams = Type.Object({ ...VisitorParams.properties, cardId: id })

const vehicleFields = {
  name: Type.Optional(nullable(freeText())),
  maker: Type.Optional(freeText()),
  color: Type.Optional(freeText()),
  model: Type.Optional(freeText()),
  licensePlate: text(20),
  licensePlateCountry: Type.Optional(countryCode),
  yearOfManufacture: Type.Optional(Type.Integer({ minimum: 1800, maximum: 2500 })),
  lastParkingSession: Type.Optional(dateTime),
}
const VehicleBody = Type.Object(vehicleFields)
const VehiclePatch = Type.Partial(Type.Object({ ...vehicleFields, vehicleId: id, deletionDate: nullable(dateTime) }))
const VehicleParams = Type.Object({ ...VisitorParams.properties, vehicleId: id })

const PartnerBody = Type.Object({
  visitorId: Type.Optional(Type.String({ format: 'uuid' })),
  vehicleId: id,
  partnerId: text(),
  parkingPartner,
  visitorCenterId: Type.Optional(id),
  pcCode: Type.Optional(text(40)),
})
const PartnerParams = Type.Object({ ...VisitorParams.properties, vehiclePartnerId: id })
const ParkingParams = Type.Object({ ...VisitorParams.properties, parkingId: id })

const decimal = Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1e12 })))
const historyFields = {
  parkingSessionStart: Type.Optional(dateTime),
  parkingSessionEnd: Type.Optional(dateTime),
  parkingSessionId: Type.Optional(nullable(Type.Integer({ minimum: 0 }))),
  amount: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  currency: oneOf(currencies),
  accessDevice: text(),
  exitAccessDevice: Type.Optional(nullable(freeText())),
  formattedTotalTime: Type.Optional(freeText(50)),
  paidAt: Type.Optional(dateTime),
  paidAtKiosk: Type.Optional(nullable(Type.Boolean())),
  refundedAmount: decimal,
  paymentStatus: Type.Optional(oneOf(paymentStatuses)),
  totalTime: Type.Optional(Type.Integer({ minimum: 0 })),
  transactionFullAmount: decimal,
  transactionId: Type.Optional(nullable(freeText())),
  transactionPretaxAmount: decimal,
  transactionTaxAmount: decimal,
  validationAmount: decimal,
  vendorId: Type.Optional(freeText()),
}
const HistoryBody = Type.Object({ ...historyFields, parkingId: id, cardId: id, pcCode: text(40) })
const HistoryPatch = Type.Partial(Type.Object(historyFields))
const HistoryParams = Type.Object({ ...VisitorParams.properties, parkingHistoryId: id })
const historyFilters = {
  accessDevice: Type.Optional(text()),
  parkingId: Type.Optional(id),
  startDate: Type.Optional(dateTime),
  endDate: Type.Optional(dateTime),
  parkingSessionId: Type.Optional(Type.Integer({ minimum: 0 })),
}
const SummaryQuery = Type.Object({
  ...listParams,
  timezone: Type.String({ minLength: 1, maxLength: 64 }),
  parkingId: Type.Optional(id),
  accessDevice: Type.Optional(text()),
  pcCode: Type.Optional(text(40)),
})

export const mapCard = (c: CreditCard) => ({
  cardId: c.id,
  visitorId: c.visitorId,
  fingerprint: c.fingerprint,
  paymentMethodToken: c.paymentMethodToken,
  goodThru: `${String(c.month).padStart(2, '0')}/${c.year}`,
  cardType: c.cardType,
  firstSixDigits: c.firstSixDigits,
  lastFourDigits: c.lastFourDigits,
  deletionDate: isoOrNull(c.deletedAt),
  firstName: c.firstName,
  lastName: c.lastName,
  postalCode: c.postalCode,
  serviceTypes: c.serviceTypes,
  year: c.year,
  month: c.month,
  creationDate: iso(c.createdAt),
  updateDate: iso(c.updatedAt),
})
const CARD_SPEC = listSpec(
  [
    'cardId',
    'visitorId',
    'fingerprint',
    'paymentMethodToken',
    'goodThru',
    'cardType',
    'firstSixDigits',
    'lastFourDigits',
    'deletionDate',
    'firstName',
    'lastName',
    'postalCode',
    'serviceTypes',
    'year',
    'month',
    'creationDate',
    'updateDate',
  ],
  ['serviceTypes', 'goodThru'],
)

export const mapVehicle = (v: Vehicle) => ({
  vehicleId: v.id,
  visitorId: v.visitorId,
  deletionDate: isoOrNull(v.deletedAt),
  name: v.name,
  maker: v.maker,
  color: v.color,
  model: v.model,
  licensePlate: v.licensePlate,
  licensePlateCountry: v.licensePlateCountry,
  yearOfManufacture: v.yearOfManufacture,
  lastParkingSession: isoOrNull(v.lastParkingSession),
  creationDate: iso(v.createdAt),
  updateDate: iso(v.updatedAt),
})
const VEHICLE_SPEC = listSpec([
  'vehicleId',
  'visitorId',
  'deletionDate',
  'name',
  'maker',
  'color',
  'model',
  'licensePlate',
  'licensePlateCountry',
  'yearOfManufacture',
  'lastParkingSession',
  'creationDate',
  'updateDate',
])

const mapPartner = (p: VehiclePartner) => ({
  vehiclePartnerId: p.id,
  visitorId: p.visitorId,
  vehicleId: p.vehicleId,
  partnerId: p.partnerId,
  parkingPartner: p.parkingPartner,
  visitorCenterId: p.visitorCenterId,
  pcCode: p.pcCode,
  creationDate: iso(p.createdAt),
  updateDate: iso(p.updatedAt),
})
const PARTNER_SPEC = listSpec([
  'vehiclePartnerId',
  'visitorId',
  'vehicleId',
  'partnerId',
  'parkingPartner',
  'visitorCenterId',
  'pcCode',
  'creationDate',
  'updateDate',
])

const mapParking = (p: Parking) => ({
  visitorId: p.visitorId,
  parkingId: p.id,
  isActive: p.isActive,
  subscriptionDate: iso(p.subscriptionDate),
  unsubscribedAt: isoOrNull(p.unsubscribedAt),
  parkingPartner: p.parkingPartner,
  creationDate: iso(p.createdAt),
  updateDate: iso(p.updatedAt),
})
const PARKING_SPEC = listSpec(['visitorId', 'parkingId', 'isActive', 'subscriptionDate', 'unsubscribedAt', 'parkingPartner', 'creationDate', 'updateDate'])

const mapHistory = (h: ParkingHistory) => ({
  cardId: h.cardId,
  parkingId: h.parkingId,
  parkingHistoryId: h.id,
  pcCode: h.pcCode,
  parkingSessionId: h.parkingSessionId,
  parkingSessionStart: isoOrNull(h.parkingSessionStart),
  parkingSessionEnd: isoOrNull(h.parkingSessionEnd),
  amount: h.amount,
  currency: h.currency,
  accessDevice: h.accessDevice,
  exitAccessDevice: h.exitAccessDevice,
  formattedTotalTime: h.formattedTotalTime,
  paidAt: isoOrNull(h.paidAt),
  paidAtKiosk: h.paidAtKiosk,
  refundedAmount: decimalOrNull(h.refundedAmount),
  paymentStatus: h.paymentStatus,
  totalTime: h.totalTime,
  transactionFullAmount: decimalOrNull(h.transactionFullAmount),
  transactionId: h.transactionId,
  transactionPretaxAmount: decimalOrNull(h.transactionPretaxAmount),
  transactionTaxAmount: decimalOrNull(h.transactionTaxAmount),
  validationAmount: decimalOrNull(h.validationAmount),
  vendorId: h.vendorId,
  creationDate: iso(h.createdAt),
  updateDate: iso(h.updatedAt),
})
const HISTORY_SPEC = listSpec(
  [
    'cardId',
    'parkingId',
    'parkingHistoryId',
    'pcCode',
    'parkingSessionId',
    'parkingSessionStart',
    'parkingSessionEnd',
    'amount',
    'currency',
    'accessDevice',
    'exitAccessDevice',
    'formattedTotalTime',
    'paidAt',
    'paidAtKiosk',
    'refundedAmount',
    'paymentStatus',
    'totalTime',
    'transactionFullAmount',
    'transactionId',
    'transactionPretaxAmount',
    'transactionTaxAmount',
    'validationAmount',
    'vendorId',
    'creationDate',
    'updateDate',
  ],
  [],
)
const SUMMARY_SPEC = listSpec(['year', 'month', 'totalAmount', 'currency', 'totalHistories'])

/** The decimal amounts of a parking history body, in minor units. */
const historyAmounts = (b: {
  refundedAmount?: number | null | undefined
  transactionFullAmount?: number | null | undefined
  transactionPretaxAmount?: number | null | undefined
  transactionTaxAmount?: number | null | undefined
  validationAmount?: number | null | undefined
}) => ({
  refundedAmount: toMinorOrNull(b.refundedAmount, 'refundedAmount'),
  transactionFullAmount: toMinorOrNull(b.transactionFullAmount, 'transactionFullAmount'),
  transactionPretaxAmount: toMinorOrNull(b.transactionPretaxAmount, 'transactionPretaxAmount'),
  transactionTaxAmount: toMinorOrNull(b.transactionTaxAmount, 'transactionTaxAmount'),
  validationAmount: toMinorOrNull(b.validationAmount, 'validationAmount'),
})

const WF = 'westfield'

/** Credit cards, vehicles, vehicle partners, parkings, parking histories and their monthly summary. */
export const parkingRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { parking } = container

  app.post('/visitors/:visitorId/credit-cards', { schema: { params: VisitorParams, body: CardBody } }, async (req, reply) => {
    const b = req.body
    const card = await parking.createCard(commandContext(req, WF), req.params.visitorId, {
      firstName: b.firstName,
      lastName: b.lastName,
      postalCode: b.postalCode === undefined || b.postalCode === null ? null : String(b.postalCode),
      serviceTypes: b.serviceTypes ?? [],
      year: b.year,
      month: b.month,
      fingerprint: b.fingerprint,
      cardType: b.cardType,
      firstSixDigits: b.firstSixDigits,
      lastFourDigits: b.lastFourDigits,
      paymentMethodToken: b.paymentMethodToken,
    })
    return reply.status(201).send(one(mapCard(card)))
  })

  app.get(
    '/visitors/:visitorId/credit-cards',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, includeDeleted: Type.Optional(Type.Boolean()) }) } },
    async (req) => {
      const page = await parking.listCards(principalOf(req).accountId, req.params.visitorId, req.query.includeDeleted, listQuery(req.query, CARD_SPEC))
      return listed(req, req.query, CARD_SPEC, page, mapCard)
    },
  )

  app.get('/visitors/:visitorId/credit-cards/:cardId', { schema: { params: CardParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapCard(await parking.getCard(principalOf(req).accountId, req.params.visitorId, req.params.cardId)), req.query.fields, CARD_SPEC),
  )

  app.patch('/visitors/:visitorId/credit-cards/:cardId', { schema: { params: CardParams, body: CardPatch } }, async (req) => {
    const { postalCode, ...rest } = req.body
    const patch = { ...defined(rest), ...(postalCode === undefined ? {} : { postalCode: postalCode === null ? null : String(postalCode) }) }
    return one(mapCard(await parking.updateCard(commandContext(req, WF), req.params.visitorId, req.params.cardId, patch)))
  })

  app.delete('/visitors/:visitorId/credit-cards/:cardId', { schema: { params: CardParams } }, async (req, reply) => {
    await parking.deleteCard(commandContext(req, WF), req.params.visitorId, req.params.cardId)
    return reply.status(204).send()
  })

  app.post('/visitors/:visitorId/vehicles', { schema: { params: VisitorParams, body: VehicleBody } }, async (req, reply) => {
    const b = req.body
    const vehicle = await parking.createVehicle(commandContext(req, WF), req.params.visitorId, {
      name: b.name ?? null,
      maker: b.maker ?? null,
      color: b.color ?? null,
      model: b.model ?? null,
      licensePlate: b.licensePlate,
      licensePlateCountry: b.licensePlateCountry ?? null,
      yearOfManufacture: b.yearOfManufacture ?? null,
      lastParkingSession: b.lastParkingSession === undefined ? null : instant(b.lastParkingSession),
    })
    return reply.status(201).send(one(mapVehicle(vehicle)))
  })

  app.get(
    '/visitors/:visitorId/vehicles',
    {
      schema: {
        params: VisitorParams,
        querystring: Type.Object({ ...listParams, includeDeleted: Type.Optional(Type.Boolean()), licensePlate: Type.Optional(text(20)) }),
      },
    },
    async (req) => {
      const page = await parking.listVehicles(
        principalOf(req).accountId,
        req.params.visitorId,
        { includeDeleted: req.query.includeDeleted, licensePlate: req.query.licensePlate },
        listQuery(req.query, VEHICLE_SPEC),
      )
      return listed(req, req.query, VEHICLE_SPEC, page, mapVehicle)
    },
  )

  app.get('/visitors/:visitorId/vehicles/:vehicleId', { schema: { params: VehicleParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapVehicle(await parking.getVehicle(principalOf(req).accountId, req.params.visitorId, req.params.vehicleId)), req.query.fields, VEHICLE_SPEC),
  )

  app.patch('/visitors/:visitorId/vehicles/:vehicleId', { schema: { params: VehicleParams, body: VehiclePatch } }, async (req) => {
    const { vehicleId, deletionDate, lastParkingSession, ...rest } = req.body
    if (vehicleId !== undefined && vehicleId !== req.params.vehicleId) {
      throw new DomainError('validation.invalid', { field: 'vehicleId', reason: 'must be the vehicle of the path' })
    }
    const patch = {
      ...defined(rest),
      ...(rest.name === null ? { name: null } : {}),
      ...(lastParkingSession !== undefined ? { lastParkingSession: instant(lastParkingSession) } : {}),
      ...(deletionDate !== undefined ? { deletedAt: instantOrNull(deletionDate) ?? null } : {}),
    }
    return one(mapVehicle(await parking.updateVehicle(commandContext(req, WF), req.params.visitorId, req.params.vehicleId, patch)))
  })

  app.delete('/visitors/:visitorId/vehicles/:vehicleId', { schema: { params: VehicleParams } }, async (req, reply) => {
    await parking.deleteVehicle(commandContext(req, WF), req.params.visitorId, req.params.vehicleId)
    return reply.status(204).send()
  })

  app.post('/visitors/:visitorId/vehicle-partners', { schema: { params: VisitorParams, body: PartnerBody } }, async (req, reply) => {
    const b = req.body
    if (b.visitorId !== undefined && b.visitorId !== req.params.visitorId) {
      throw new DomainError('validation.invalid', { field: 'visitorId', reason: 'must be the visitor of the path' })
    }
    const partner = await parking.createVehiclePartner(commandContext(req, WF), req.params.visitorId, {
      vehicleId: b.vehicleId,
      partnerId: b.partnerId,
      parkingPartner: b.parkingPartner,
      visitorCenterId: b.visitorCenterId ?? null,
      pcCode: b.pcCode ?? null,
    })
    return reply.status(201).send(one(mapPartner(partner)))
  })

  app.get('/visitors/:visitorId/vehicle-partners', { schema: { params: VisitorParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await parking.listVehiclePartners(principalOf(req).accountId, req.params.visitorId, listQuery(req.query, PARTNER_SPEC))
    return listed(req, req.query, PARTNER_SPEC, page, mapPartner)
  })

  app.delete('/visitors/:visitorId/vehicle-partners/:vehiclePartnerId', { schema: { params: PartnerParams } }, async (req, reply) => {
    await parking.deleteVehiclePartner(commandContext(req, WF), req.params.visitorId, req.params.vehiclePartnerId)
    return reply.status(204).send()
  })

  app.post('/visitors/:visitorId/parkings', { schema: { params: VisitorParams, body: Type.Object({ parkingPartner }) } }, async (req, reply) => {
    const created = await parking.createParking(commandContext(req, WF), req.params.visitorId, req.body.parkingPartner)
    return reply.status(201).send(one(mapParking(created)))
  })

  app.get(
    '/visitors/:visitorId/parkings',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, parkingPartner: Type.Optional(parkingPartner) }) } },
    async (req) => {
      const page = await parking.listParkings(principalOf(req).accountId, req.params.visitorId, req.query.parkingPartner, listQuery(req.query, PARKING_SPEC))
      return listed(req, req.query, PARKING_SPEC, page, mapParking)
    },
  )

  app.get('/visitors/:visitorId/parkings/:parkingId', { schema: { params: ParkingParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapParking(await parking.getParking(principalOf(req).accountId, req.params.visitorId, req.params.parkingId)), req.query.fields, PARKING_SPEC),
  )

  app.delete('/visitors/:visitorId/parkings/:parkingId', { schema: { params: ParkingParams } }, async (req, reply) => {
    await parking.deleteParking(commandContext(req, WF), req.params.visitorId, req.params.parkingId)
    return reply.status(204).send()
  })

  app.post('/visitors/:visitorId/parking-histories', { schema: { params: VisitorParams, body: HistoryBody } }, async (req, reply) => {
    const b = req.body
    const history = await parking.createHistory(commandContext(req, WF), req.params.visitorId, {
      cardId: b.cardId,
      parkingId: b.parkingId,
      pcCode: b.pcCode,
      parkingSessionId: b.parkingSessionId ?? null,
      parkingSessionStart: b.parkingSessionStart === undefined ? null : instant(b.parkingSessionStart),
      parkingSessionEnd: b.parkingSessionEnd === undefined ? null : instant(b.parkingSessionEnd),
      amount: b.amount ?? null,
      currency: b.currency,
      accessDevice: b.accessDevice,
      exitAccessDevice: b.exitAccessDevice ?? null,
      formattedTotalTime: b.formattedTotalTime ?? null,
      paidAt: b.paidAt === undefined ? null : instant(b.paidAt),
      paidAtKiosk: b.paidAtKiosk ?? null,
      paymentStatus: b.paymentStatus ?? null,
      totalTime: b.totalTime ?? null,
      transactionId: b.transactionId ?? null,
      vendorId: b.vendorId ?? null,
      refundedAmount: null,
      transactionFullAmount: null,
      transactionPretaxAmount: null,
      transactionTaxAmount: null,
      validationAmount: null,
      ...defined(historyAmounts(b)),
    })
    return reply.status(201).send(one(mapHistory(history)))
  })

  app.get(
    '/visitors/:visitorId/parking-histories',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, ...historyFilters }) } },
    async (req) => {
      const q = req.query
      const page = await parking.listHistories(
        principalOf(req).accountId,
        req.params.visitorId,
        {
          accessDevice: q.accessDevice,
          parkingId: q.parkingId,
          parkingSessionId: q.parkingSessionId,
          startDate: q.startDate === undefined ? undefined : instant(q.startDate),
          endDate: q.endDate === undefined ? undefined : instant(q.endDate),
        },
        listQuery(q, HISTORY_SPEC),
      )
      return listed(req, q, HISTORY_SPEC, page, mapHistory)
    },
  )

  app.get('/visitors/:visitorId/parking-histories/summary', { schema: { params: VisitorParams, querystring: SummaryQuery } }, async (req) => {
    const q = req.query
    const page = await parking.summary(
      principalOf(req).accountId,
      req.params.visitorId,
      q.timezone,
      { parkingId: q.parkingId, accessDevice: q.accessDevice, pcCode: q.pcCode },
      listQuery(q, SUMMARY_SPEC),
    )
    return listed(req, q, SUMMARY_SPEC, page, (row) => ({ ...row }))
  })

  app.get(
    '/visitors/:visitorId/parking-histories/:parkingHistoryId',
    { schema: { params: HistoryParams, querystring: Type.Object(fieldsParam) } },
    async (req) =>
      single(
        mapHistory(await parking.getHistory(principalOf(req).accountId, req.params.visitorId, req.params.parkingHistoryId)),
        req.query.fields,
        HISTORY_SPEC,
      ),
  )

  app.patch('/visitors/:visitorId/parking-histories/:parkingHistoryId', { schema: { params: HistoryParams, body: HistoryPatch } }, async (req) => {
    const b = req.body
    const {
      refundedAmount,
      transactionFullAmount,
      transactionPretaxAmount,
      transactionTaxAmount,
      validationAmount,
      parkingSessionStart,
      parkingSessionEnd,
      paidAt,
      ...rest
    } = b
    const patch = {
      ...defined(rest),
      ...(b.parkingSessionId === null ? { parkingSessionId: null } : {}),
      ...(b.exitAccessDevice === null ? { exitAccessDevice: null } : {}),
      ...(b.paidAtKiosk === null ? { paidAtKiosk: null } : {}),
      ...(b.transactionId === null ? { transactionId: null } : {}),
      ...(parkingSessionStart !== undefined ? { parkingSessionStart: instant(parkingSessionStart) } : {}),
      ...(parkingSessionEnd !== undefined ? { parkingSessionEnd: instant(parkingSessionEnd) } : {}),
      ...(paidAt !== undefined ? { paidAt: instant(paidAt) } : {}),
      ...historyAmounts({ refundedAmount, transactionFullAmount, transactionPretaxAmount, transactionTaxAmount, validationAmount }),
    }
    return one(mapHistory(await parking.updateHistory(commandContext(req, WF), req.params.visitorId, req.params.parkingHistoryId, patch)))
  })

  app.delete('/visitors/:visitorId/parking-histories/:parkingHistoryId', { schema: { params: HistoryParams } }, async (req, reply) => {
    await parking.deleteHistory(commandContext(req, WF), req.params.visitorId, req.params.parkingHistoryId)
    return reply.status(204).send()
  })
}

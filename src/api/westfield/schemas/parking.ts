import { Type } from '@sinclair/typebox'
import { cardTypes, currencies, parkingPartners, paymentStatuses } from '../../../domain/parking/parking.js'
import { listParams } from '../list.js'
import { countryCode, dateTime, freeText, id, nullable, oneOf, text, VisitorParams } from '../schemas.js'

/** The bodies, parameters and filters of a visitor's credit cards, vehicles, vehicle partners, parkings and parking histories. */
export const parkingPartner = oneOf(parkingPartners)

export const cardFields = {
  firstName: text(),
  lastName: text(),
  postalCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Integer({ minimum: 0 }), Type.Null()])),
  serviceTypes: Type.Optional(Type.Array(oneOf(['parking'] as const), { maxItems: 10 })),
  year: Type.Integer({ minimum: 1900, maximum: 2999 }),
  month: Type.Integer({ minimum: 1, maximum: 12 }),
}
/** Only what the payment provider gives: any other field (a card number) is refused. */
export const CardBody = Type.Object(
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
export const CardPatch = Type.Partial(Type.Object(cardFields), { additionalProperties: false })
export const CardParams = Type.Object({ ...VisitorParams.properties, cardId: id })

export const vehicleFields = {
  name: Type.Optional(nullable(freeText())),
  maker: Type.Optional(freeText()),
  color: Type.Optional(freeText()),
  model: Type.Optional(freeText()),
  licensePlate: text(20),
  licensePlateCountry: Type.Optional(countryCode),
  yearOfManufacture: Type.Optional(Type.Integer({ minimum: 1800, maximum: 2500 })),
  lastParkingSession: Type.Optional(dateTime),
}
export const VehicleBody = Type.Object(vehicleFields)
export const VehiclePatch = Type.Partial(Type.Object({ ...vehicleFields, vehicleId: id, deletionDate: nullable(dateTime) }))
export const VehicleParams = Type.Object({ ...VisitorParams.properties, vehicleId: id })

export const PartnerBody = Type.Object({
  visitorId: Type.Optional(Type.String({ format: 'uuid' })),
  vehicleId: id,
  partnerId: text(),
  parkingPartner,
  visitorCenterId: Type.Optional(id),
  pcCode: Type.Optional(text(40)),
})
export const PartnerParams = Type.Object({ ...VisitorParams.properties, vehiclePartnerId: id })
export const ParkingParams = Type.Object({ ...VisitorParams.properties, parkingId: id })

export const decimal = Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1e12 })))
export const historyFields = {
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
export const HistoryBody = Type.Object({ ...historyFields, parkingId: id, cardId: id, pcCode: text(40) })
export const HistoryPatch = Type.Partial(Type.Object(historyFields))
export const HistoryParams = Type.Object({ ...VisitorParams.properties, parkingHistoryId: id })
export const historyFilters = {
  accessDevice: Type.Optional(text()),
  parkingId: Type.Optional(id),
  startDate: Type.Optional(dateTime),
  endDate: Type.Optional(dateTime),
  parkingSessionId: Type.Optional(Type.Integer({ minimum: 0 })),
}
export const SummaryQuery = Type.Object({
  ...listParams,
  timezone: Type.String({ minLength: 1, maxLength: 64 }),
  parkingId: Type.Optional(id),
  accessDevice: Type.Optional(text()),
  pcCode: Type.Optional(text(40)),
})

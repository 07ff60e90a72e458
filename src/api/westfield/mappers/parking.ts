import type { CreditCard, Parking, ParkingHistory, Vehicle, VehiclePartner } from '../../../domain/parking/parking.js'
import { listSpec } from '../list.js'
import { iso, isoOrNull } from '../mappers.js'
import { decimalOrNull, toMinorOrNull } from '../routes/engagement-common.js'

/** How a visitor's credit cards, vehicles, vehicle partners, parkings and parking histories read on the wire, and what their lists sort by. */
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
export const CARD_SPEC = listSpec(
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
export const VEHICLE_SPEC = listSpec([
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

export const mapPartner = (p: VehiclePartner) => ({
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
export const PARTNER_SPEC = listSpec([
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

export const mapParking = (p: Parking) => ({
  visitorId: p.visitorId,
  parkingId: p.id,
  isActive: p.isActive,
  subscriptionDate: iso(p.subscriptionDate),
  unsubscribedAt: isoOrNull(p.unsubscribedAt),
  parkingPartner: p.parkingPartner,
  creationDate: iso(p.createdAt),
  updateDate: iso(p.updatedAt),
})
export const PARKING_SPEC = listSpec([
  'visitorId',
  'parkingId',
  'isActive',
  'subscriptionDate',
  'unsubscribedAt',
  'parkingPartner',
  'creationDate',
  'updateDate',
])

export const mapHistory = (h: ParkingHistory) => ({
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
export const HISTORY_SPEC = listSpec(
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
export const SUMMARY_SPEC = listSpec(['year', 'month', 'totalAmount', 'currency', 'totalHistories'])

/** The decimal amounts of a parking history body, in minor units. */
export const historyAmounts = (b: {
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

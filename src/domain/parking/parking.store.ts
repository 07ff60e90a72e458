import type { RecordStore } from '../records/records.js'
import type { CreditCard, Parking, ParkingHistory, SmartparkingVisit, Vehicle, VehiclePartner } from './parking.js'

export interface ParkingStores {
  readonly creditCards: RecordStore<CreditCard>
  readonly vehicles: RecordStore<Vehicle>
  readonly vehiclePartners: RecordStore<VehiclePartner>
  readonly parkings: RecordStore<Parking>
  readonly histories: RecordStore<ParkingHistory>
  readonly visits: RecordStore<SmartparkingVisit>
}

/** The store this module needs of the caller's transaction. */
export interface ParkingTx {
  readonly parking: ParkingStores
}

import type { AccountRecord, RecordStore } from '../records/records.js'
import type { Instant } from '../shared/clock.js'

/** A mall: it groups shops (stores) and is known by its `pcCode` (`FR-SC-123`). */
export interface Center extends AccountRecord {
  readonly pcCode: string
  readonly label: string
  readonly country: string
  readonly isWestfield: boolean
  readonly centerId: string | null
  readonly centerCode: number | null
  readonly hasWorker: boolean
  readonly hasMultiStep: boolean
  readonly isActive: boolean
  readonly hasEmailValidation: boolean
  readonly loyaltyStartDate: Instant | null
  readonly hasBasicLoyalty: boolean
  readonly parkingPartner: string | null
  readonly walletContextId: number | null
  readonly urwAppId: string | null
  readonly hasRegistration: boolean
  readonly hasLoyalty: boolean | null
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/** A company working in a center (its staff are visitors too). */
export interface CenterCompany extends AccountRecord {
  readonly pcCode: string
  readonly companyName: string
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export type CenterInput = Omit<Center, 'id' | 'accountId' | 'createdAt' | 'updatedAt'>
export type CenterPatch = Partial<Omit<CenterInput, 'pcCode'>>

/** The document's defaults for what a new center does not say. */
export const centerDefaults = {
  centerId: null,
  centerCode: null,
  hasWorker: false,
  hasMultiStep: false,
  isActive: false,
  hasEmailValidation: true,
  loyaltyStartDate: null,
  hasBasicLoyalty: false,
  parkingPartner: null,
  walletContextId: null,
  urwAppId: null,
  hasRegistration: true,
  hasLoyalty: null,
} as const satisfies Partial<CenterInput>

export interface CenterStores {
  readonly centers: RecordStore<Center>
  readonly companies: RecordStore<CenterCompany>
}

/** The store this module needs of the caller's transaction. */
export interface CentersTx {
  readonly centers: CenterStores
}

import type { AccountRecord, RecordStore } from '../records/records.js'
import type { Instant } from '../shared/clock.js'

interface Dated extends AccountRecord {
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/** A service a center offers its visitors (a cloakroom, a kids' club); check-ins count its use. */
export interface Service extends Dated {
  readonly pcCode: string
  readonly name: string
  readonly category: string
  readonly useRate: string
  /** Days of the week it runs, 0 (Sunday) to 6 (Saturday). */
  readonly daysOfUse: readonly number[]
  readonly colorCode: string
  readonly isPremium: boolean
  readonly undeletable: boolean
  readonly startDate: Instant | null
  readonly endDate: Instant | null
}

/** A store taking part in a service; the store is a shop of the account (`externalId` = `storeId`). */
export interface ServiceShop extends Dated {
  readonly serviceId: number
  readonly storeId: number
  readonly storeName: string
  readonly shopId: number
}

export interface ServiceSegment extends Dated {
  readonly serviceId: number
  readonly segmentId: number
  readonly segmentName: string
}

export const themeCategories = ['event', 'service'] as const

/** An entry of the account's theme catalogue. */
export interface ServiceTheme extends Dated {
  readonly category: string
  readonly value: string
  readonly deprecated: boolean
}

/** An entry of the account's target catalogue. */
export interface ServiceTarget extends Dated {
  readonly value: string
}

export interface ServiceThemeLink extends Dated {
  readonly serviceId: number
  readonly serviceThemeId: number
}

export interface ServiceTargetLink extends Dated {
  readonly serviceId: number
  readonly serviceTargetId: number
}

/** A service with what it is linked to, as one read shows it. */
export interface ServiceView {
  readonly service: Service
  readonly stores: readonly ServiceShop[]
  readonly segments: readonly ServiceSegment[]
  readonly themes: readonly ServiceTheme[]
  readonly targets: readonly ServiceTarget[]
  readonly checkinCount: number
}

export type ServiceInput = Omit<Service, 'id' | 'accountId' | 'createdAt' | 'updatedAt'>

export interface OfferStores {
  readonly services: RecordStore<Service>
  readonly stores: RecordStore<ServiceShop>
  readonly segments: RecordStore<ServiceSegment>
  readonly themes: RecordStore<ServiceTheme>
  readonly targets: RecordStore<ServiceTarget>
  readonly serviceThemes: RecordStore<ServiceThemeLink>
  readonly serviceTargets: RecordStore<ServiceTargetLink>
  /** Check-ins per service, for the `checkinCount` of each. */
  checkinCounts(accountId: number, serviceIds: readonly number[]): Promise<Map<number, number>>
}

/** The store this module needs of the caller's transaction. */
export interface OffersTx {
  readonly offers: OfferStores
}

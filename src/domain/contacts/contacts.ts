import type { Instant } from '../shared/clock.js'
import type { Channel } from '../shared/command.js'

export const identifierKinds = ['external_id', 'email', 'phone', 'barcode', 'card', 'license_plate'] as const
export type IdentifierKind = (typeof identifierKinds)[number]

export interface Contact {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly name: string | null
  readonly data: Readonly<Record<string, unknown>>
  /** Where the contact was first seen: at a point of sale, on the web or in an app. */
  readonly channel: Channel
  readonly registeredShopId: number | null
  /** When a contact first seen at a point of sale later signed up through the web or an app. */
  readonly subscribedAt: Instant | null
  readonly referredById: number | null
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export interface Shop {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly externalId: string | null
  readonly name: string
}

export interface Unit {
  readonly id: number
  readonly name: string
  readonly sign: string
  /** Default lifetime of credited amounts, when a credit names no expiry. */
  readonly lifetimeDays: number | null
}

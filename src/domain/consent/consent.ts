import type { AccountRecord } from '../records/records.js'
import type { Instant } from '../shared/clock.js'
import type { VisitorOwned } from '../visitors/visitor-records.js'

export const legalTypes = [
  'terms',
  'commercial_email',
  'commercial_sms',
  'commercial_push',
  'privacy',
  'loyalty',
  'privacy_eu',
  'privacy_us',
  'smartparking_us',
  'sms_us',
  'wifi_privacy',
  'wifi_terms',
] as const
export type LegalType = (typeof legalTypes)[number]
export const optinTypes = ['commercial', 'loyalty', 'center', 'privacy', 'wallet', 'terms', 'smartparking_us', 'sms_us'] as const
export type OptinType = (typeof optinTypes)[number]
export const optinChannels = ['sms', 'push', 'email', 'none'] as const
export type OptinChannel = (typeof optinChannels)[number]

/** One version of a legal document of a type; versions count up per type from 1. */
export interface LegalText extends AccountRecord {
  readonly type: LegalType
  readonly version: number
  /** From this instant on the version is in force; a later release supersedes it. */
  readonly releaseDate: Instant
  readonly requireConsent: boolean
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export interface LegalTextLocale extends AccountRecord {
  readonly legalTextId: number
  readonly localeCode: string
  readonly optinDisplayText: string | null
  readonly optinHeaderText: string | null
  readonly documentText: string | null
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export interface Optin extends VisitorOwned {
  readonly clientId: string | null
  readonly sendId: string | null
  readonly optinChannel: OptinChannel
  readonly optinType: OptinType
  /** The legal text version the visitor accepted with this optin. */
  readonly legalTextId: number | null
  readonly isActive: boolean
  readonly lastOpenedDate: Instant | null
  readonly contextId: number | null
  readonly optinDate: Instant
  readonly optoutDate: Instant | null
}

/** EU and EEA member states, where `privacy_eu` applies. */
const EU = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '))

/**
 * Whether a legal type applies to a visitor of centers in these countries:
 * `*_us` types to visitors of a US center, `privacy_eu` to visitors of an
 * EU/EEA center, every other type to every visitor.
 */
export const appliesTo = (type: LegalType, countries: ReadonlySet<string>): boolean => {
  if (type.endsWith('_us')) return countries.has('US')
  if (type === 'privacy_eu') return [...countries].some((c) => EU.has(c))
  return true
}

/** The version of each type in force at `now`: the highest version released by then. */
export const inForce = (texts: readonly LegalText[], now: Instant): LegalText[] => {
  const latest = new Map<LegalType, LegalText>()
  for (const t of texts) {
    if (t.releaseDate > now) continue
    const current = latest.get(t.type)
    if (!current || t.version > current.version) latest.set(t.type, t)
  }
  return [...latest.values()].sort((a, b) => a.id - b.id)
}

/**
 * The legal texts a visitor still has to accept: of the versions in force,
 * those that require consent, apply to the countries of the visitor's
 * centers, and that the visitor has not accepted (no active optin names
 * that exact version). Releasing a new version makes it required again.
 */
export const requiredConsents = (texts: readonly LegalText[], accepted: ReadonlySet<number>, countries: ReadonlySet<string>, now: Instant): LegalText[] =>
  inForce(texts, now).filter((t) => t.requireConsent && appliesTo(t.type, countries) && !accepted.has(t.id))

/** The newest optin of each type and channel. */
export const latestOptins = (optins: readonly Optin[]): Optin[] => {
  const latest = new Map<string, Optin>()
  for (const o of optins) {
    const key = `${o.optinType}/${o.optinChannel}`
    const current = latest.get(key)
    if (!current || o.optinDate > current.optinDate || (o.optinDate === current.optinDate && o.id > current.id)) latest.set(key, o)
  }
  return optins.filter((o) => latest.get(`${o.optinType}/${o.optinChannel}`) === o)
}

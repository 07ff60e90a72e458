import type { ContactKeys, ContactProfile, HistoryItem } from '../../domain/activity/activity.js'
import type { Shop } from '../../domain/contacts/contacts.js'
import type { ContactSnapshot, Entry, EntryView, WalletView } from '../../domain/ledger/ledger.js'
import type { RedeemRequest } from '../../domain/redeems/redeems.js'
import type { IssuedRedeem } from '../../domain/redeems/redeems.service.js'
import type { Instant } from '../../domain/shared/clock.js'
import type { StoredEvent } from '../../domain/shared/events.js'
import { lastPage, type Page } from '../../domain/shared/page.js'

/** Points are whole numbers on the wire; the ledger keeps hundredths, so amounts other APIs wrote may show decimals. */
const points = (minor: number): number => minor / 100

const time = (at: Instant): string => new Date(at).toISOString()

/** The balance of the account's first unit (points). */
const pointsBalance = (totals: readonly WalletView[]): number => {
  const wallet = [...totals].sort((a, b) => a.unit.id - b.unit.id)[0]
  return wallet ? points(wallet.balance) : 0
}

export interface PegkeUser {
  uuid: string
  cid: string | null
  mob: string | null
  email: string | null
  name: string | null
  balance: number
  created: string
}

export const mapKeys = (keys: ContactKeys) => ({ uuid: keys.uuid, cid: keys.externalId, mob: keys.phone, email: keys.email })

export const mapUser = (profile: ContactProfile): PegkeUser => ({
  ...mapKeys(profile.keys),
  name: profile.contact.name,
  balance: pointsBalance(profile.totals),
  created: time(profile.contact.createdAt),
})

/** `give` and `redeem` are what a merchant asks for; the other kinds come from elsewhere in the ledger. */
export const transactionType = (entry: Pick<Entry, 'kind' | 'amount'>): string => {
  if (entry.kind === 'standard') return entry.amount > 0 ? 'give' : 'redeem'
  return entry.kind
}

const mapStore = (shop: Shop | null) => (shop ? { id: shop.externalId, name: shop.name } : null)

export const mapHistoryItem = (item: HistoryItem) => ({
  id: item.entry.id,
  type: transactionType(item.entry),
  points: points(item.entry.amount),
  unit: item.unit.name,
  store: mapStore(item.shop),
  user: mapKeys(item.contact),
  created: time(item.entry.createdAt),
})

export const mapHistory = (page: Page<HistoryItem>) => ({
  page: page.page,
  per_page: page.perPage,
  total: page.total,
  last_page: lastPage(page),
  transactions: page.items.map(mapHistoryItem),
})

export interface UserRef {
  readonly idType: 'mob' | 'cid' | 'email'
  readonly value: string
}

/** The user a write named, by the key it was named with, and the balance right after the write. */
export const mapSnapshotUser = (snapshot: ContactSnapshot, ref?: UserRef) => ({
  uuid: snapshot.contact.uuid,
  ...(ref ? { idType: ref.idType, [ref.idType]: ref.value } : { cid: snapshot.externalId }),
  name: snapshot.contact.name,
  balance: pointsBalance(snapshot.totals),
})

/** A fresh entry, as `give` and `validate` answer it. */
export const mapEntry = (view: EntryView) => ({
  id: view.entry.id,
  type: transactionType(view.entry),
  points: points(view.entry.amount),
  unit: view.unit.name,
  store: mapStore(view.shop),
  created: time(view.entry.createdAt),
})

export const mapRedeem = (request: RedeemRequest, now: Instant, store: string | null) => ({
  id: request.id,
  status: request.status,
  points: points(request.amount),
  store,
  expires: time(request.expiresAt),
  expires_in: Math.max(0, Math.ceil((request.expiresAt - now) / 1000)),
})

export const mapIssuedRedeem = (issued: IssuedRedeem, now: Instant, store: string) => ({
  ...mapRedeem(issued.request, now, store),
  otp: issued.code,
})

/** Names of store activity messages, in Pegke's vocabulary where one exists; other events keep their own type. */
export const activityType = (event: StoredEvent): string => {
  if (event.type === 'ledger.entry.created') {
    const kind = event.payload.kind
    const amount = Number(event.payload.amount)
    if (kind === 'standard') return amount > 0 ? 'points.given' : 'points.redeemed'
    if (kind === 'reversal') return 'points.reversed'
    if (kind === 'expiry') return 'points.expired'
    if (kind === 'transfer') return 'points.transferred'
  }
  if (event.type === 'contact.created') return 'user.created'
  return event.type
}

export const mapActivity = (event: StoredEvent, store: string) => {
  const data: Record<string, unknown> = { ...event.payload }
  if (typeof event.payload.amount === 'number') data.points = points(event.payload.amount)
  return { id: event.id, type: activityType(event), event: event.type, store, occurred: time(event.occurredAt), data }
}

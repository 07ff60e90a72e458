import type { JsonResponse } from '../../support/app.js'

/** Shapes of the MS Loyalty answers, as the tests read them. */
export interface Unit {
  id: string
  name: string
  sign: string
}
export interface Customer {
  id: string
  externalId: string | null
  name: string | null
  totals: { id: string; total_amount: string; unit: Unit }[]
}
export interface Store {
  id: string
  externalId: string | null
  name: string
}
export interface Transaction {
  id: string
  title: string | null
  description: string | null
  code: string | null
  external_entity_id: string | null
  type: 'CREDIT' | 'DEBIT'
  total: string
  created_at: string
  unit: Unit
  customer: Customer
  store: Store | null
}
export interface Lot {
  id: string
  total_amount: string
  unit: Unit
  'batch object': { id: string; start_date: string; end_date: string | null; expiration_date: string | null }
  set_name: string | null
}
export interface Group {
  id: string
  name: string
  description: string
}
export interface Meta {
  current_page: number
  per_page: number
  total: number
  last_page: number
}
export interface Warning {
  code: string | null
  field: string
  value: string
}

export const dataOf = <T>(res: JsonResponse): T => res.body.data as T
export const metaOf = (res: JsonResponse): Meta => res.body.meta as Meta
export const warningOf = (res: JsonResponse): Warning => res.body.warning as Warning

export const query = (path: string, params: Record<string, string | number>): string =>
  `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`

/** The four `data` keys the document requires of a customer on `POST /api/transaction`. */
export const CUSTOMER_DATA = { vendorId: '1', businessOwner: '2', giftCardAmount: '4', giftCardType: 'MONETARY' }

/** A customer as `POST /api/transaction` requires it: externalId, name and data with its four keys. */
export const customer = (externalId: string, extra: { name?: string; data?: Record<string, unknown>; referredBy?: string } = {}) => ({
  externalId,
  name: extra.name ?? externalId,
  data: { ...CUSTOMER_DATA, ...(extra.data ?? {}) },
  ...(extra.referredBy ? { referredBy: extra.referredBy } : {}),
})

export const STORE = { externalId: '1200037894', name: 'Centro' }

type Body = Record<string, unknown>
const isBody = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value)

const withName = (party: unknown): unknown => (isBody(party) ? { name: party.externalId, ...party } : party)
const withData = (party: unknown): unknown =>
  isBody(party) ? { ...(withName(party) as Body), data: { ...CUSTOMER_DATA, ...(isBody(party.data) ? party.data : {}) } } : party
const withLineNames = (detail: unknown): unknown => {
  if (Array.isArray(detail)) return detail.map((d) => (isBody(d) ? { name: d.externalId, ...d } : d))
  return isBody(detail) ? { name: detail.externalId, ...detail } : detail
}

/**
 * Completes a request body with the fields the document requires and the
 * test does not care about, leaving every field the test set as it is. The
 * defaults are derived from the body, so the same body always completes the
 * same way (a retry stays a retry). Tests of the required fields themselves
 * send their bodies as they are.
 */
export const withRequired = (path: string, body: unknown): unknown => {
  if (!isBody(body)) return body
  switch (path) {
    case '/transaction':
      return { description: 'test', ...body, customer: withData(body.customer) }
    case '/transaction/checkbook':
    case '/transaction/redeemFullBalance': {
      const fingerprint = Buffer.from(JSON.stringify(body)).toString('base64url').slice(-24)
      const completed: Body = { code: `order-${fingerprint}`, externalId: `ext-${fingerprint}`, store: STORE, ...body, customer: withName(body.customer) }
      if (body.detail !== undefined) completed.detail = withLineNames(body.detail)
      return completed
    }
    case '/transaction/transfer':
      return { ...body, customerFrom: withName(body.customerFrom), customerTo: withName(body.customerTo) }
    default:
      return body
  }
}

/** The kiosk API of one portal session, as the server answers it (src/api/portal). */

export type SessionType = 'default' | 'credit_reception' | 'redeem_giftcards' | 'top_up_giftcards' | 'pay_prepaid' | 'top_up_prepaid' | 'vouchers'

export interface SessionOptions {
  readonly scanner_type: 'camera' | 'hand_scanner'
  readonly enable_email_identification: boolean
  readonly enable_registration: boolean
  readonly enable_on_screen_keyboard: boolean
  readonly camera_service: 1 | 2 | 3
  readonly facing_mode: 'user' | 'environment'
  readonly primary_identification_method: 'email' | 'identifier'
  readonly amount_in_cents: number | null
  readonly allow_multiple_giftcards: boolean
}

export interface ContactView {
  readonly uuid: string
  readonly name: string | null
  readonly email: string | null
  readonly points: number
  readonly prepaid_balance_in_cents: number
}

export interface SessionEventView {
  readonly type: string
  readonly data: Readonly<Record<string, unknown>>
  readonly created_at: string
}

export interface SessionView {
  readonly uuid: string
  readonly type: SessionType
  readonly status: 'open' | 'finished'
  readonly shop: { readonly name: string }
  readonly currency: string
  readonly options: SessionOptions
  readonly contact: ContactView | null
  readonly expires_at: string
  readonly events: readonly SessionEventView[]
}

export interface GiftcardView {
  readonly hash: string
  readonly balance_in_cents: number
}

export interface VoucherView {
  readonly code: string
  readonly name: string
  readonly description: string | null
  readonly expires_at: string | null
}

export interface StepResult {
  readonly session: SessionView
  readonly giftcard?: GiftcardView
  readonly amount_in_cents?: number
  readonly remaining_in_cents?: number
  readonly points?: number
  readonly voucher?: VoucherView
}

/** A failure the server explained: `code` is a stable domain code the page translates. */
export class KioskError extends Error {
  readonly code: string
  readonly status: number
  readonly field: string | null

  constructor(code: string, status: number, field: string | null = null) {
    super(code)
    this.code = code
    this.status = status
    this.field = field
  }
}

interface ErrorBody {
  readonly error?: { readonly code?: string; readonly field?: string }
}

const request = async <T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => {
  let response: Response
  try {
    const init: RequestInit = { method, headers: { accept: 'application/json' } }
    if (body !== undefined) init.body = JSON.stringify(body)
    if (body !== undefined) init.headers = { accept: 'application/json', 'content-type': 'application/json' }
    response = await fetch(url, init)
  } catch {
    throw new KioskError('network', 0)
  }
  const parsed: unknown = await response.json().catch(() => ({}))
  if (!response.ok) {
    const error = (parsed as ErrorBody).error
    throw new KioskError(error?.code ?? 'unknown', response.status, error?.field ?? null)
  }
  return parsed as T
}

export interface KioskApi {
  session(): Promise<SessionView>
  identify(input: { identifier: string } | { email: string }): Promise<StepResult>
  register(input: { email: string; first_name: string }): Promise<StepResult>
  creditReception(): Promise<StepResult>
  redeemGiftcard(hash: string): Promise<StepResult>
  giftcard(hash: string): Promise<GiftcardView>
  topUpGiftcard(hash: string, amountInCents: number): Promise<StepResult>
  payPrepaid(amountInCents: number): Promise<StepResult>
  topUpPrepaid(amountInCents: number): Promise<StepResult>
  vouchers(): Promise<VoucherView[]>
  redeemVoucher(code: string): Promise<StepResult>
  finish(): Promise<StepResult>
}

export const kioskApi = (uuid: string): KioskApi => {
  const base = `/portal-sessions/api/${encodeURIComponent(uuid)}`
  return {
    // A page opened without a session has nothing to ask the server.
    session: () => (uuid === '' ? Promise.reject(new KioskError('portal_session.not_found', 404)) : request('GET', base)),
    identify: (input) => request('POST', `${base}/identify`, input),
    register: (input) => request('POST', `${base}/register`, input),
    creditReception: () => request('POST', `${base}/credit-reception`, {}),
    redeemGiftcard: (hash) => request('POST', `${base}/giftcards/redeem`, { hash }),
    giftcard: (hash) => request('GET', `${base}/giftcards/${encodeURIComponent(hash)}`),
    topUpGiftcard: (hash, amount) => request('POST', `${base}/giftcards/top-up`, { hash, amount_in_cents: amount }),
    payPrepaid: (amount) => request('POST', `${base}/prepaid/pay`, { amount_in_cents: amount }),
    topUpPrepaid: (amount) => request('POST', `${base}/prepaid/top-up`, { amount_in_cents: amount }),
    vouchers: () => request('GET', `${base}/vouchers`),
    redeemVoucher: (code) => request('POST', `${base}/vouchers/redeem`, { code }),
    finish: () => request('POST', `${base}/finish`, {}),
  }
}

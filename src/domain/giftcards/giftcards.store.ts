import type { Instant } from '../shared/clock.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { Giftcard, GiftcardProgram, GiftcardProgramView, GiftcardTransaction } from './giftcards.js'

/** A new program: every field of a program but those the store sets (`id`, `uuid`, its creation time). */
export type NewGiftcardProgram = Omit<GiftcardProgram, 'id' | 'uuid' | 'createdAt'> & { readonly now: Instant }

/** A new card: active from the start. */
export type NewGiftcard = Omit<Giftcard, 'id' | 'uuid' | 'active' | 'createdAt'> & { readonly now: Instant }

export interface GiftcardTransactionFilter {
  readonly giftcardId?: number | undefined
  readonly programId?: number | undefined
  readonly shopId?: number | undefined
}

export interface GiftcardStore {
  createProgram(input: NewGiftcardProgram): Promise<GiftcardProgram>
  listPrograms(accountId: number): Promise<GiftcardProgramView[]>
  programById(accountId: number, id: number): Promise<GiftcardProgram | null>
  programByUuid(accountId: number, uuid: string): Promise<GiftcardProgram | null>

  /** A row in `contacts` that owns a giftcard's wallet and is never shown as a person. */
  createHolder(accountId: number, now: Instant): Promise<number>
  create(input: NewGiftcard): Promise<Giftcard>
  byUuid(accountId: number, uuid: string): Promise<Giftcard | null>
  byHash(accountId: number, hash: string): Promise<Giftcard | null>
  byId(accountId: number, id: number): Promise<Giftcard | null>
  list(accountId: number, programId: number | null, page: PageRequest): Promise<Page<Giftcard>>

  insertTransaction(input: Omit<GiftcardTransaction, 'id'>): Promise<GiftcardTransaction>
  transactionByUuid(accountId: number, uuid: string): Promise<GiftcardTransaction | null>
  lastTransaction(accountId: number, giftcardId: number): Promise<GiftcardTransaction | null>
  listTransactions(accountId: number, filter: GiftcardTransactionFilter, page: PageRequest): Promise<Page<GiftcardTransaction>>
}

/** The giftcard store, as a module needs it of the caller's transaction. */
export interface GiftcardsTx {
  readonly giftcards: GiftcardStore
}

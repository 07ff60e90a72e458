import type { Listed, ListQuery, SortKey } from '../shared/list.js'

/**
 * The storage port shared by the simple record kinds of the visitor modules
 * (vehicles, credit cards, optins, interests...): each kind is one table of
 * typed rows owned by an account, listed with filters, a sort and a window.
 */
export interface AccountRecord {
  readonly id: number
  readonly accountId: number
}

/** What a new record carries: everything but the id the database assigns. */
export type NewRecord<T extends AccountRecord> = Omit<T, 'id'>

/** Fields that may change after creation; an undefined field stays as it is. */
export type RecordPatch<T extends AccountRecord> = { readonly [K in keyof Omit<T, 'id' | 'accountId'>]?: T[K] | undefined }

export type Condition =
  | { readonly op: 'eq' | 'ne' | 'gte' | 'lte' | 'gt' | 'lt'; readonly value: string | number | boolean }
  | { readonly op: 'null' | 'notNull' }
  | { readonly op: 'in'; readonly values: readonly (string | number)[] }

/** Conditions on fields, all of which must hold; `anyOf` groups hold when one of their members does. */
export interface Where<T> {
  readonly all?: readonly (readonly [keyof T & string, Condition])[]
  readonly anyOf?: readonly (readonly (readonly [keyof T & string, Condition])[])[]
}

export interface RecordStore<T extends AccountRecord> {
  insert(values: NewRecord<T>): Promise<T>
  get(accountId: number, id: number): Promise<T | null>
  /** Every record that matches, in the given order (sort keys are the dialect's field names; id order last). */
  find(accountId: number, where: Where<T>, sort?: readonly SortKey[]): Promise<T[]>
  /** One window of the matching records and how many match in all. */
  list(accountId: number, where: Where<T>, query: ListQuery): Promise<Listed<T>>
  /** Changes a record when it exists and also matches `where`; null otherwise (a conditional update). */
  update(accountId: number, id: number, patch: RecordPatch<T>, where?: Where<T>): Promise<T | null>
  /** Adds amounts to numeric fields in one statement, so concurrent additions never lose one. */
  increment(accountId: number, id: number, amounts: Partial<Record<keyof T & string, number>>, patch: RecordPatch<T>): Promise<T | null>
  remove(accountId: number, id: number): Promise<boolean>
  removeWhere(accountId: number, where: Where<T>): Promise<number>
}

export const eq = (value: string | number | boolean): Condition => ({ op: 'eq', value })
export const isNull: Condition = { op: 'null' }
export const gte = (value: number): Condition => ({ op: 'gte', value })
export const lte = (value: number): Condition => ({ op: 'lte', value })

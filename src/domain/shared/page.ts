export interface PageRequest {
  /** 1-based page number. */
  readonly page: number
  readonly perPage: number
}

export interface Page<T> {
  readonly items: readonly T[]
  readonly page: number
  readonly perPage: number
  readonly total: number
}

export const lastPage = (page: Page<unknown>): number => Math.max(1, Math.ceil(page.total / page.perPage))

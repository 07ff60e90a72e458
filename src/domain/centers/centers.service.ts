import type { Condition } from '../records/records.js'
import type { Clock } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import type { VisitorDataTx } from '../visitors/visitor-data.js'
import { emit } from '../visitors/visitor-records.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import type { Center, CenterCompany, CenterInput, CenterPatch, CentersTx } from './centers.js'

type Tx = CentersTx & EventsTx & IdempotencyTx & VisitorDataTx & VisitorsTx

const eq = (value: string | number | boolean): Condition => ({ op: 'eq', value })

/** @throws center.not_found */
export const requireCenter = async (tx: CentersTx, accountId: number, pcCode: string, field = 'pcCode'): Promise<Center> => {
  const [center] = await tx.centers.centers.find(accountId, { all: [['pcCode', eq(pcCode)]] })
  if (!center) throw new DomainError('center.not_found', { field, reason: `no center ${pcCode}` })
  return center
}

export interface CenterService {
  /** @throws resource.duplicate (pcCode) */
  create(ctx: CommandContext, input: CenterInput): Promise<Center>
  list(accountId: number, filter: { isActive?: boolean | undefined; country?: string | undefined }, query: ListQuery): Promise<Listed<Center>>
  /** @throws center.not_found */
  get(accountId: number, pcCode: string): Promise<Center>
  /** @throws center.not_found */
  update(ctx: CommandContext, pcCode: string, patch: Partial<Omit<CenterInput, 'pcCode'>>): Promise<Center>
  /** @throws center.not_found */
  createCompany(ctx: CommandContext, pcCode: string, companyName: string): Promise<CenterCompany>
  /** @throws center.not_found */
  listCompanies(accountId: number, pcCode: string, query: ListQuery): Promise<Listed<CenterCompany>>
  /** @throws center.not_found, resource.not_found */
  getCompany(accountId: number, pcCode: string, id: number): Promise<CenterCompany>
  /** @throws center.not_found, resource.not_found */
  updateCompany(ctx: CommandContext, pcCode: string, id: number, companyName: string): Promise<CenterCompany>
  /**
   * Removes the company; visitors who worked there keep their center without a company.
   * @throws center.not_found, resource.not_found
   */
  removeCompany(ctx: CommandContext, pcCode: string, id: number): Promise<void>
}

export const createCenterService = (deps: { uow: UnitOfWork<Tx>; clock: Clock }): CenterService => {
  const { uow } = deps
  const write = writer(deps)

  const loadCompany = async (tx: Tx, accountId: number, pcCode: string, id: number): Promise<CenterCompany> => {
    await requireCenter(tx, accountId, pcCode)
    const company = await tx.centers.companies.get(accountId, id)
    if (!company || company.pcCode !== pcCode)
      throw new DomainError('resource.not_found', { field: 'centerCompanyId', reason: `no company ${id} in ${pcCode}` })
    return company
  }

  return {
    create: (ctx: CommandContext, input: CenterInput): Promise<Center> =>
      write(ctx, async (tx, now) => {
        const [same] = await tx.centers.centers.find(ctx.accountId, { all: [['pcCode', eq(input.pcCode)]] })
        if (same) throw new DomainError('resource.duplicate', { field: 'pcCode', reason: `center ${input.pcCode} exists` })
        const center = await tx.centers.centers.insert({ ...input, accountId: ctx.accountId, createdAt: now, updatedAt: now })
        await emit(tx, ctx.accountId, 'center.created', { pcCode: input.pcCode }, now)
        return center
      }),
    list: (accountId: number, filter: { isActive?: boolean | undefined; country?: string | undefined }, query: ListQuery): Promise<Listed<Center>> =>
      uow.read((tx) =>
        tx.centers.centers.list(
          accountId,
          {
            all: [
              ...(filter.isActive !== undefined ? [['isActive', eq(filter.isActive)] as const] : []),
              ...(filter.country !== undefined ? [['country', eq(filter.country)] as const] : []),
            ],
          },
          query,
        ),
      ),
    get: (accountId: number, pcCode: string): Promise<Center> => uow.read((tx) => requireCenter(tx, accountId, pcCode)),
    update: (ctx: CommandContext, pcCode: string, patch: CenterPatch): Promise<Center> =>
      write(ctx, async (tx, now) => {
        const center = await requireCenter(tx, ctx.accountId, pcCode)
        const updated = await tx.centers.centers.update(ctx.accountId, center.id, { ...patch, updatedAt: now })
        await emit(tx, ctx.accountId, 'center.updated', { pcCode }, now)
        return updated ?? center
      }),

    createCompany: (ctx: CommandContext, pcCode: string, companyName: string): Promise<CenterCompany> =>
      write(ctx, async (tx, now) => {
        await requireCenter(tx, ctx.accountId, pcCode)
        const company = await tx.centers.companies.insert({ accountId: ctx.accountId, pcCode, companyName, createdAt: now, updatedAt: now })
        await emit(tx, ctx.accountId, 'center_company.created', { pcCode, centerCompanyId: company.id }, now)
        return company
      }),
    listCompanies: (accountId: number, pcCode: string, query: ListQuery): Promise<Listed<CenterCompany>> =>
      uow.read(async (tx) => {
        await requireCenter(tx, accountId, pcCode)
        return tx.centers.companies.list(accountId, { all: [['pcCode', eq(pcCode)]] }, query)
      }),
    getCompany: (accountId: number, pcCode: string, id: number): Promise<CenterCompany> => uow.read((tx) => loadCompany(tx, accountId, pcCode, id)),
    updateCompany: (ctx: CommandContext, pcCode: string, id: number, companyName: string): Promise<CenterCompany> =>
      write(ctx, async (tx, now) => {
        const company = await loadCompany(tx, ctx.accountId, pcCode, id)
        const updated = await tx.centers.companies.update(ctx.accountId, company.id, { companyName, updatedAt: now })
        await emit(tx, ctx.accountId, 'center_company.updated', { pcCode, centerCompanyId: id }, now)
        return updated ?? company
      }),
    /** Removes the company; visitors who worked there keep their center without a company. @throws center.not_found, resource.not_found */
    removeCompany: (ctx: CommandContext, pcCode: string, id: number): Promise<void> =>
      write(ctx, async (tx, now) => {
        const company = await loadCompany(tx, ctx.accountId, pcCode, id)
        for (const vc of await tx.visitorData.visitorCenters.find(ctx.accountId, { all: [['centerCompanyId', eq(company.id)]] })) {
          await tx.visitorData.visitorCenters.update(ctx.accountId, vc.id, { centerCompanyId: null, updatedAt: now })
        }
        await tx.centers.companies.remove(ctx.accountId, company.id)
        await emit(tx, ctx.accountId, 'center_company.deleted', { pcCode, centerCompanyId: id }, now)
      }),
  }
}

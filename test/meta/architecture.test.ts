import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { errorTable as leatErrors } from '../../src/api/leat/errors.js'
import { errorTable as msLoyaltyErrors } from '../../src/api/msloyalty/errors.js'
import { errorTable as pegkeErrors } from '../../src/api/pegke/errors.js'
import { errorTable as westfieldErrors } from '../../src/api/westfield/errors.js'
import { errorCodes } from '../../src/domain/shared/errors.js'

const root = join(import.meta.dirname, '..', '..')

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : []
  })

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '')

describe('architecture', () => {
  it('keeps the domain free of HTTP, SQL, framework and process code', () => {
    const forbiddenPackages = /^(fastify|@fastify\/|kysely|pg|better-sqlite3|ioredis|ws|node:http|node:https|node:fs|node:child_process|commander)/
    const forbiddenLayers = /\/(api|infra|ui|cli)\//
    const offenders: string[] = []
    for (const file of filesUnder(join(root, 'src', 'domain'))) {
      for (const spec of importsOf(file)) {
        const resolved = spec.startsWith('.') ? join(file, '..', spec) : spec
        if (forbiddenPackages.test(spec) || forbiddenLayers.test(`${resolved}/`.replace(root, ''))) offenders.push(`${relative(root, file)} imports ${spec}`)
      }
    }
    expect(offenders).toEqual([])
  })

  it('keeps SQL inside the infrastructure layer', () => {
    const offenders = ['api', 'cli', 'domain']
      .flatMap((layer) => filesUnder(join(root, 'src', layer)))
      .filter((file) => importsOf(file).some((spec) => spec === 'kysely' || spec === 'pg' || spec === 'better-sqlite3'))
      .map((file) => relative(root, file))
    expect(offenders).toEqual([])
  })
})

interface DialectTable {
  readonly name: string
  readonly doc: string
  readonly table: Readonly<Record<string, { readonly status: number; readonly code?: number }>>
}

const dialects: readonly DialectTable[] = [
  { name: 'MS Loyalty', doc: 'msloyalty.md', table: msLoyaltyErrors },
  { name: 'Leat', doc: 'leat.md', table: leatErrors },
  { name: 'Pegke', doc: 'pegke.md', table: pegkeErrors },
  { name: 'Westfield', doc: 'westfield.md', table: westfieldErrors },
]

/** A row of a dialect's documented error table: the code, the status, and the dialect's own number when it has one. */
const documentedRow = (code: string, row: { status: number; code?: number }) =>
  new RegExp(`\\|\\s*\`${code.replace('.', '\\.')}\`\\s*\\|\\s*${row.status}\\s*\\|${row.code === undefined ? '' : `\\s*${row.code}\\s*\\|`}`)

describe.each(dialects)('$name error registry', ({ doc, table }) => {
  it('maps every domain error code', () => {
    expect(Object.keys(table).sort()).toEqual([...errorCodes].sort())
  })

  it('documents every error with the status (and code) the server answers', () => {
    const text = readFileSync(join(root, 'docs', 'dialects', doc), 'utf8')
    const missing = Object.entries(table)
      .filter(([code, row]) => !documentedRow(code, row).test(text))
      .map(([code]) => code)
    expect(missing).toEqual([])
  })
})

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { errorTable as leatErrors } from '../../src/api/leat/errors.js'
import { errorTable as msLoyaltyErrors } from '../../src/api/msloyalty/errors.js'
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

describe('error registry', () => {
  it('maps every domain error code in the MS Loyalty table', () => {
    expect(Object.keys(msLoyaltyErrors).sort()).toEqual([...errorCodes].sort())
  })

  it('documents every MS Loyalty error with the status the server answers', () => {
    const doc = readFileSync(join(root, 'docs', 'dialects', 'msloyalty.md'), 'utf8')
    const missing = Object.entries(msLoyaltyErrors)
      .filter(([code, row]) => !new RegExp(`\\|\\s*\`${code.replace('.', '\\.')}\`\\s*\\|\\s*${row.status}\\s*\\|`).test(doc))
      .map(([code]) => code)
    expect(missing).toEqual([])
  })

  it('documents every Leat error with the status and code the server answers', () => {
    const doc = readFileSync(join(root, 'docs', 'dialects', 'leat.md'), 'utf8')
    const missing = Object.entries(leatErrors)
      .filter(([code, row]) => !new RegExp(`\\|\\s*\`${code.replace('.', '\\.')}\`\\s*\\|\\s*${row.status}\\s*\\|\\s*${row.code}\\s*\\|`).test(doc))
      .map(([code]) => code)
    expect(missing).toEqual([])
  })
})

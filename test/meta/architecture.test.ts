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

/** The files under `dir` each file imports, by relative path. */
const importGraph = (dir: string): Map<string, string[]> => {
  const files = filesUnder(dir)
  return new Map(
    files.map((file) => [
      file,
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => join(file, '..', spec).replace(/\.js$/, '.ts'))
        .filter((target) => files.includes(target)),
    ]),
  )
}

/** The import circles of a graph: its strongly connected parts of more than one node, or a node importing itself. */
const circlesOf = (graph: ReadonlyMap<string, readonly string[]>): string[][] => {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const circles: string[][] = []
  const visit = (node: string) => {
    index.set(node, index.size)
    low.set(node, index.get(node) ?? 0)
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0))
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0))
    }
    if (low.get(node) !== index.get(node)) return
    const part: string[] = []
    for (let top = stack.pop(); top !== undefined; top = top === node ? undefined : stack.pop()) part.push(top)
    if (part.length > 1 || graph.get(node)?.includes(node)) circles.push(part.sort())
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return circles
}

describe('architecture', () => {
  const domain = join(root, 'src', 'domain')

  it('has no import circle between any two files of the server', () => {
    const src = join(root, 'src')
    expect(circlesOf(importGraph(src)).map((circle) => circle.map((f) => relative(src, f)))).toEqual([])
  })

  it('lets the API layer reach the infrastructure only through the container', () => {
    const offenders = filesUnder(join(root, 'src', 'api'))
      .filter((file) => importsOf(file).some((spec) => spec.startsWith('.') && join(file, '..', spec).startsWith(join(root, 'src', 'infra'))))
      .map((file) => relative(root, file))
    expect(offenders).toEqual([])
  })

  it('has no import circle between the modules of the domain: each builds only on those below it', () => {
    const moduleOf = (file: string) => relative(domain, file).split('/')[0] ?? ''
    const modules = new Map<string, string[]>()
    for (const [file, targets] of importGraph(domain)) {
      const from = moduleOf(file)
      const to = targets.map(moduleOf).filter((m) => m !== from)
      modules.set(from, [...new Set([...(modules.get(from) ?? []), ...to])])
    }
    expect(circlesOf(modules)).toEqual([])
  })

  it('finds a circle where there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ])
    expect(circlesOf(graph)).toEqual([['a', 'b', 'c']])
  })

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

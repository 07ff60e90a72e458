import { join } from 'node:path'
import { Command } from 'commander'
import { loadConfig } from '../config.js'
import { type Container, createContainer } from '../container.js'
import { openDatabase } from '../infra/db/database.js'
import { migrateToLatest } from '../infra/db/migrate.js'

/** Runs `work` against the configured database (the same environment variables as the server). */
const withContainer = async <T>(work: (c: Container) => Promise<T>): Promise<T> => {
  // No command uses Redis; a connection closed while still opening kept the process alive for two seconds.
  const container = await createContainer({ ...loadConfig(), redisUrl: undefined })
  try {
    return await work(container)
  } finally {
    await container.close()
  }
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)

const program = new Command()
  .name('punchcard')
  .description('Punchcard loyalty server: administration commands. Reads DATABASE_URL, DATA_DIR and the other settings of the server.')

program
  .command('migrate')
  .description('bring the database schema to the latest version')
  .action(async () => {
    const config = loadConfig()
    const db = await openDatabase({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, sqlitePath: join(config.dataDir, 'punchcard.sqlite') })
    try {
      const applied = await migrateToLatest(db)
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is up to date\n')
    } finally {
      await db.close()
    }
  })

const clients = program.command('clients').description('API clients of an account')
clients
  .command('create')
  .description('create an API client, and its account when it does not exist yet')
  .requiredOption('--account <name>', 'account (tenant) name')
  .option('--name <name>', 'a label for the client', 'default')
  .option('--time-zone <zone>', 'time zone of a new account (IANA name)', 'UTC')
  .option('--json', 'print one JSON object')
  .action(async (opts: { account: string; name: string; timeZone: string; json?: boolean }) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: opts.timeZone })
    } catch {
      program.error(`unknown time zone: ${opts.timeZone}`)
    }
    const created = await withContainer((c) => c.auth.createClient({ accountName: opts.account, clientName: opts.name, timeZone: opts.timeZone }))
    if (opts.json) {
      print(created)
      return
    }
    process.stdout.write(
      `account ${created.accountId}, client ${created.clientId}\nclient secret: ${created.clientSecret}\napi key:       ${created.apiKey}\nKeep them now: they are stored only as hashes.\n`,
    )
  })

program
  .command('check')
  .description('verify for every wallet that balance == sum of entries == sum of open lots; exits 1 on any mismatch')
  .option('--json', 'print the result as JSON')
  .action(async (opts: { json?: boolean }) => {
    const result = await withContainer((c) => c.ledger.check())
    if (opts.json) print(result)
    else {
      process.stdout.write(`${result.wallets} wallets checked, ${result.mismatches.length} mismatches\n`)
      for (const m of result.mismatches) {
        process.stdout.write(`wallet ${m.walletId} (account ${m.accountId}): balance ${m.balance}, entries ${m.entriesSum}, lots ${m.lotsSum}\n`)
      }
    }
    if (result.mismatches.length > 0) process.exitCode = 1
  })

program
  .command('expire')
  .description('write expiry entries for every lot past its expiry')
  .action(async () => {
    const written = await withContainer((c) => c.ledger.expireDue())
    process.stdout.write(`${written} lots expired\n`)
  })

await program.parseAsync(process.argv)

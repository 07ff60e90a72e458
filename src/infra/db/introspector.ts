import {
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  type Kysely,
  PostgresDialect,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely'

interface ColumnRow {
  schema: string
  table: string
  kind: string
  column: string
  type: string
  type_schema: string
  nullable: boolean
  has_default: boolean
  auto: boolean
  comment: string | null
}

/**
 * The tables of the connection's own schema (its `search_path`) only.
 *
 * Kysely's PostgreSQL introspector, which its migrator runs before every
 * migration, reads the columns of every table in every schema and resolves
 * each by name (`pg_get_serial_sequence`). When another process drops a
 * schema meanwhile (a finished test run's, or a tenant's), that listing
 * fails with whatever the half-dropped schema gives: an unknown schema, an
 * unknown column. This one reads the catalog by oid, within the schema the
 * application works in, and nothing else.
 */
class OwnSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>

  constructor(db: Kysely<unknown>) {
    this.#db = db
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.#db)
    return rows
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select n.nspname as schema, c.relname as table, c.relkind as kind, a.attname as column,
        t.typname as type, tn.nspname as type_schema, not a.attnotnull as nullable, a.atthasdef as has_default,
        (a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false)) as auto,
        col_description(c.oid, a.attnum) as comment
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
      left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname, a.attnum`.execute(this.#db)
    const tables = new Map<string, { table: TableMetadata; columns: ColumnMetadata[] }>()
    for (const r of rows) {
      if (!options.withInternalKyselyTables && (r.table === DEFAULT_MIGRATION_TABLE || r.table === DEFAULT_MIGRATION_LOCK_TABLE)) continue
      let entry = tables.get(r.table)
      if (!entry) {
        const columns: ColumnMetadata[] = []
        entry = { table: { name: r.table, schema: r.schema, isView: r.kind === 'v', columns }, columns }
        tables.set(r.table, entry)
      }
      entry.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.type_schema,
        isNullable: r.nullable,
        hasDefaultValue: r.has_default,
        isAutoIncrementing: r.auto,
        ...(r.comment === null ? {} : { comment: r.comment }),
      })
    }
    return [...tables.values()].map((e) => e.table)
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) }
  }
}

/** PostgreSQL as Kysely speaks it, introspecting the application's own schema only. */
export class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db)
  }
}

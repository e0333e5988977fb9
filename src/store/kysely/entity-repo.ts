// Insert, read by id and list by a column: what the simple entity tables have in common.
import type { Kysely } from 'kysely';
import { mapped } from './db-errors.ts';
import type { Database } from './schema.ts';

type EntityTable = 'agencies' | 'users' | 'api_tokens' | 'galleries' | 'disclosures' | 'releases';

export abstract class EntityRepo<E> {
  // Kysely cannot follow a table name that is a type parameter; the mappers carry the row types.
  protected readonly rows: Kysely<any>;

  constructor(
    protected readonly db: Kysely<Database>,
    private readonly table: EntityTable,
    private readonly toRow: (entity: E) => object,
    private readonly fromRow: (row: any) => E,
  ) {
    this.rows = db as Kysely<any>;
  }

  async insert(entity: E): Promise<void> {
    await mapped(this.rows.insertInto(this.table).values(this.toRow(entity)).execute());
  }

  async get(id: string): Promise<E | undefined> {
    return this.findBy('id', id);
  }

  /** The first row whose `column` equals `value`. */
  protected async findBy(column: string, value: string): Promise<E | undefined> {
    const r = await this.rows.selectFrom(this.table).selectAll().where(column, '=', value).executeTakeFirst();
    return r && this.fromRow(r);
  }

  /** Every row whose `column` equals `value`, oldest first. */
  protected async listBy(column: string, value: string): Promise<E[]> {
    const rows = await this.rows.selectFrom(this.table).selectAll().where(column, '=', value).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => this.fromRow(r));
  }
}

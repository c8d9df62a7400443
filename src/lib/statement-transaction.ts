import type { EntityManager } from '@mikro-orm/postgresql';
import { countStatements } from './metrics';

/** The part of a `pg` client this uses (knex's pool hands them out). */
export interface PgConnection {
  query(statement: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
  query(text: string): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
}

/** The part of knex's PostgreSQL client that lends pooled `pg` connections. */
export interface PooledClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): void;
}

const bound = new WeakMap<EntityManager, StatementTransaction>();

/**
 * A transaction on one pooled connection of its own, for work that reads and writes through
 * composed statements only (src/lib/sql.ts) and writes in one of them, its last
 * (`runStatement(em, parts, { last: true })`). COMMIT is queued right behind that statement:
 * node-postgres sends a connection's next query the moment the previous one answers, from the
 * socket's own callback, so the row locks the write takes (a hot SKU, a flash sale) are held for the
 * database's own time, never for a turn of this process's event loop. A refused write raises
 * (StatementPart.refusedWhen), and the COMMIT behind it then rolls the transaction back.
 *
 * No MikroORM or knex transaction is involved. Its entity manager (`em`) runs composed statements
 * in it; `run` and entities on that entity manager would not be in the transaction, so work given
 * one must not use them.
 */
export class StatementTransaction {
  /** The entity manager whose composed statements run in this transaction. */
  readonly em: EntityManager;
  /** The COMMIT sent behind the last statement, once sent. */
  private committing: Promise<unknown> | null = null;
  /** Until the connection is given back. */
  private held = true;

  private constructor(
    private readonly client: PooledClient,
    private readonly connection: PgConnection,
    em: EntityManager,
  ) {
    this.em = em.fork();
    bound.set(this.em, this);
  }

  /** A connection from `em`'s pool (the primary's); BEGIN goes out with the first statement, `opening`. */
  static async begin(em: EntityManager, opening: string): Promise<{ tx: StatementTransaction; opened: { rows: unknown[] }[] }> {
    const client = em.getKnex('write').client as unknown as PooledClient;
    const connection = await client.acquireConnection();
    const tx = new StatementTransaction(client, connection, em);
    try {
      return { tx, opened: await tx.simple(`begin; ${opening}`, 2) };
    } catch (err) {
      await tx.rollback();
      throw err;
    }
  }

  /** `statements` statements without values (the simple protocol) in one round trip, in this transaction: each one's result. */
  async simple(text: string, statements = 1): Promise<{ rows: unknown[] }[]> {
    countStatements(statements);
    const result = await this.connection.query(text);
    return Array.isArray(result) ? result : [result];
  }

  /** A named statement in this transaction; with `last`, COMMIT follows it at once. Used by runStatement. */
  async statement(query: { name: string; text: string; values: unknown[] }, last: boolean): Promise<unknown[]> {
    if (this.committing) throw new Error('a statement after the last one of a statement transaction');
    countStatements();
    const answer = this.connection.query(query);
    if (last) {
      this.committing = this.connection.query('commit');
      // Awaited by commit() or rollback(); a lost connection must not be an unhandled rejection meanwhile.
      this.committing.catch(() => undefined);
    }
    return (await answer).rows;
  }

  /** Whether the last statement was sent, with the COMMIT behind it: the transaction is over, committed or (its write refused) rolled back. */
  get ended(): boolean {
    return this.committing !== null;
  }

  /** Commits (unless the last statement already did) and gives the connection back. */
  async commit(): Promise<void> {
    await this.commitWith(null);
  }

  /** Ends with `text` (one statement without values, e.g. recording an answer) and COMMIT in one round trip, and gives the connection back. */
  async commitWith(text: string | null): Promise<void> {
    try {
      if (this.committing) {
        if (text !== null) throw new Error('a statement after the last one of a statement transaction');
        await this.committing;
      } else {
        this.committing = this.simple(text === null ? 'commit' : `${text}; commit`, text === null ? 1 : 2);
        await this.committing;
      }
    } finally {
      this.release();
    }
  }

  /** Rolls back unless the transaction is over, and gives the connection back; never throws. */
  async rollback(): Promise<void> {
    if (!this.held) return;
    try {
      if (this.committing) await this.committing;
      else await this.connection.query('rollback');
    } catch {
      // A refused last statement's COMMIT rolled back already; a broken connection is dropped by the pool's checks.
    } finally {
      this.release();
    }
  }

  private release(): void {
    if (!this.held) return;
    this.held = false;
    this.client.releaseConnection(this.connection);
  }
}

/** The statement transaction `em` belongs to, if any (runStatement runs there). */
export function statementTransactionOf(em: EntityManager): StatementTransaction | undefined {
  return bound.get(em);
}

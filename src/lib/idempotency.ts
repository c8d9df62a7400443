import { createHash } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { escapeLiteral } from 'pg';
import { DomainError } from './errors';
import { countStatements } from './metrics';
import { q, run, runStatement, sql, type StatementPart } from './sql';

/**
 * The first answer to a mutation sent with an idempotency key. The key is scoped to the operation
 * and the caller, so two callers never collide.
 */
@Entity({ tableName: 'idempotency_record' })
export class IdempotencyRecord {
  @PrimaryKey({ type: 'text' })
  scope: string;

  @PrimaryKey({ type: 'text' })
  key: string;

  @Property({ type: 'text' })
  requestHash: string;

  /** The stored answer: `{ result }` or `{ error: { code, message, field } }`; null while the first call runs. */
  @Property({ type: 'jsonb', nullable: true })
  response: unknown = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

export function validIdempotencyKey(key: string): boolean {
  return /^[A-Za-z0-9_.:-]{8,128}$/.test(key);
}

function hashInput(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

/**
 * Lets `work` write its answer in its own last statement — one round trip fewer — by adding
 * `part(result)` to that statement; `idempotent` then writes nothing after it. Null when the
 * call has no key (nothing to record).
 */
export interface AnswerRecorder<T> {
  part(result: T): StatementPart | null;
}

/**
 * Runs `work` after the savepoint that `claimKey` opened and, on failure, rolls back to it and
 * forgets what the entity manager held: for work that writes only through SQL statements, with no
 * RELEASE round trip on success (the commit ends the savepoint).
 */
async function inSavepoint<T>(tx: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await work(tx);
  } catch (err) {
    await run(tx, 'rollback to savepoint idempotent_work');
    tx.clear();
    throw err;
  }
}

/**
 * Claims the key (inserts its record unless it exists) and, with `savepoint`, opens the savepoint
 * the work runs after — both in one round trip: a parameterless two-statement query, so its values
 * are written into the text as escaped literals (they are a uuid-scoped operation name, a key of
 * validIdempotencyKey's characters and a hex hash). Returns whether this call inserted the record.
 */
async function claimKey(tx: EntityManager, record: { scope: string; key: string; requestHash: string }, savepoint: boolean): Promise<boolean> {
  const insert = `insert into idempotency_record (scope, key, request_hash, created_at)
    values (${escapeLiteral(record.scope)}, ${escapeLiteral(record.key)}, ${escapeLiteral(record.requestHash)}, now()) on conflict do nothing returning key`;
  if (!savepoint) return (await run(tx, insert)).length > 0;
  const trx = tx.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('an idempotency key is claimed inside a transaction');
  countStatements(2);
  const results = (await trx.raw(`${insert}; savepoint idempotent_work`)) as unknown as { rows: unknown[] }[];
  return (results[0]?.rows.length ?? 0) > 0;
}

type Stored<T> = { result: T } | { error: { code: string; message: string; field: string[] | null } };

/**
 * Runs `work` at most once per (operation, caller, key). The same key with the same input replays
 * the first answer, business errors included (except retryable ones, which leave no record, so the
 * key can be tried again); with other input it is an IDEMPOTENCY_KEY_REUSED error. A concurrent
 * duplicate waits on the record's primary key until the first commits.
 * `work` runs in a savepoint, so a business error rolls back its writes but keeps the answer.
 * With no key, `work` simply runs in a transaction. `sqlOnly`: work that writes only through SQL
 * statements runs after a plain savepoint (see inSavepoint) and may record its answer itself.
 * `oneWrite`: work that writes in one statement at most, every refusal of it said in SQL
 * (StatementPart.refusedWhen), so the statement is all or nothing by itself: it runs with no
 * transaction, with a key or without — no BEGIN and COMMIT, and the statement's row locks end with
 * it (see oneWriteOnce).
 */
export async function idempotent<T>(
  em: EntityManager,
  scope: { operation: string; callerId: string; key: string | null | undefined; input: unknown },
  work: (em: EntityManager, answer: AnswerRecorder<T>) => Promise<T>,
  options: { sqlOnly?: boolean; oneWrite?: boolean } = {},
): Promise<T> {
  const noRecord: AnswerRecorder<T> = { part: () => null };
  if (!scope.key) return options.oneWrite ? work(em, noRecord) : em.transactional((tx) => work(tx, noRecord));
  if (!validIdempotencyKey(scope.key)) {
    throw new DomainError('INVALID_IDEMPOTENCY_KEY', 'idempotencyKey must be 8 to 128 letters, digits or ._:- characters', ['idempotencyKey']);
  }
  const key = scope.key;
  const recordScope = `${scope.operation}:${scope.callerId}`;
  const requestHash = hashInput(scope.input);
  if (options.oneWrite) return answerOf(await oneWriteOnce(em, { scope: recordScope, key, requestHash }, work));
  const stored = await em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const claimed = await claimKey(tx, { scope: recordScope, key, requestHash }, options.sqlOnly === true);
    if (!claimed) {
      const [existing] = await conn.execute<{ request_hash: string; response: Stored<T> }[]>(
        'select request_hash, response from idempotency_record where scope = ? and key = ?',
        [recordScope, scope.key],
        'all',
        tx.getTransactionContext(),
      );
      return replayOf(existing, requestHash);
    }
    let answer: Stored<T>;
    let recorded = false;
    const recorder: AnswerRecorder<T> = {
      part: (result) => {
        recorded = true;
        return answerPart({ scope: recordScope, key }, result);
      },
    };
    try {
      answer = { result: options.sqlOnly ? await inSavepoint(tx, (t) => work(t, recorder)) : await tx.transactional((t) => work(t, noRecord)) };
    } catch (err) {
      if (!(err instanceof DomainError) || err.retryable) throw err;
      answer = { error: { code: err.code as string, message: err.message, field: err.field } };
      recorded = false;
    }
    if (recorded) return answer;
    await conn.execute(
      'update idempotency_record set response = ? where scope = ? and key = ?',
      [JSON.stringify(answer), recordScope, scope.key],
      'run',
      tx.getTransactionContext(),
    );
    return answer;
  });
  return answerOf(stored);
}

/** The first answer recorded by the work's own last statement (AnswerRecorder). */
function answerPart<T>(record: { scope: string; key: string }, result: T): StatementPart {
  return {
    with: [
      [
        'idempotent_answer',
        q`update idempotency_record set response = ${JSON.stringify({ result })} where scope = ${record.scope} and key = ${record.key} returning 1`,
      ],
    ],
    result: sql('null'),
  };
}

function answerOf<T>(stored: Stored<T>): T {
  if ('error' in stored) throw new DomainError(stored.error.code, stored.error.message, stored.error.field);
  return stored.result;
}

const keyReused = { error: { code: IDEMPOTENCY_KEY_REUSED, message: 'This idempotency key was already used with different input', field: ['idempotencyKey'] } };

/** What the key's record holds for a call with this request hash: its answer, or IDEMPOTENCY_KEY_REUSED. */
function replayOf<T>(existing: { request_hash: string; response: Stored<T> | null }, requestHash: string): Stored<T> {
  if (existing.request_hash !== requestHash) return keyReused;
  // Claims and answers commit together, and a claim in flight is waited for: a committed claim has its answer.
  if (existing.response === null) throw new Error('an idempotency record without its answer');
  return existing.response;
}

/** Thrown by the key's claim in a write statement when another call with the key answered first. */
class KeyAnswered extends Error {}

/**
 * The key's record with its answer, inserted unless the key has one — then the statement is refused
 * and its check throws KeyAnswered. A part of the work's write statement for a result (a concurrent
 * call with the key waits on the primary key until the first one's statement ends), or a statement
 * of its own for a refusal.
 */
function keyAnswerPart<T>(record: { scope: string; key: string; requestHash: string }, answer: Stored<T>): StatementPart {
  return {
    with: [
      [
        'idempotent_claim',
        q`insert into idempotency_record (scope, key, request_hash, response, created_at)
          values (${record.scope}, ${record.key}, ${record.requestHash}, ${JSON.stringify(answer)}::jsonb, now())
          on conflict do nothing returning 1`,
      ],
    ],
    result: sql('(select count(*) from idempotent_claim)'),
    refusedWhen: sql('not exists (select 1 from idempotent_claim)'),
    check(claimed) {
      if (Number(claimed) === 0) throw new KeyAnswered();
    },
  };
}

/**
 * `idempotent` for work that writes in one statement, its last, every refusal of it said in SQL
 * (`oneWrite`), with no transaction: the work's reads, then its write, which claims the key with
 * its answer (AnswerRecorder) and is refused as a whole when the key has an answer — so a keyed call
 * costs the statements of an unkeyed one. A refusal (before or by the write) is recorded after, by
 * an insert that yields to an answer already there; whichever answer the key holds is the answer.
 */
async function oneWriteOnce<T>(
  em: EntityManager,
  record: { scope: string; key: string; requestHash: string },
  work: (em: EntityManager, answer: AnswerRecorder<T>) => Promise<T>,
): Promise<Stored<T>> {
  let recorded = false;
  const recorder: AnswerRecorder<T> = {
    part: (result) => {
      recorded = true;
      return keyAnswerPart(record, { result });
    },
  };
  let answer: Stored<T>;
  try {
    const result = await work(em, recorder);
    if (recorded) return { result };
    answer = { result };
  } catch (err) {
    if (err instanceof KeyAnswered) return storedAnswer<T>(em, record);
    if (!(err instanceof DomainError) || err.retryable) throw err;
    answer = { error: { code: err.code as string, message: err.message, field: err.field } };
  }
  // Refused, or work that wrote nothing: this answer is the key's unless a call with the key answered first.
  try {
    await runStatement(em, [keyAnswerPart(record, answer)]);
    return answer;
  } catch (err) {
    if (err instanceof KeyAnswered) return storedAnswer<T>(em, record);
    throw err;
  }
}

/** What the key's record holds for this call (its answer, or IDEMPOTENCY_KEY_REUSED). */
async function storedAnswer<T>(em: EntityManager, record: { scope: string; key: string; requestHash: string }): Promise<Stored<T>> {
  const [existing] = await run<{ request_hash: string; response: Stored<T> }>(
    em,
    'select request_hash, response from idempotency_record where scope = ? and key = ?',
    [record.scope, record.key],
  );
  return replayOf(existing, record.requestHash);
}

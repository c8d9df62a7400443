import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { maxChars, range } from './bounds';
import { badInput } from './errors';
import { rows as runRows } from './sql';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Cursors this API hands out are far shorter; a longer one was never one of them. */
export const MAX_CURSOR_LENGTH = 1000;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    ...range(0, MAX_PAGE_SIZE, `Return the first n items after \`after\` (${DEFAULT_PAGE_SIZE} when neither first nor last is given).`),
  })
  first?: number | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_CURSOR_LENGTH, 'Return items after this cursor (from a previous edge or pageInfo.endCursor).') })
  after?: string | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_PAGE_SIZE, 'Return the last n items before `before`.') })
  last?: number | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_CURSOR_LENGTH, 'Return items before this cursor (from a previous edge or pageInfo.startCursor).') })
  before?: string | null;
}

@ObjectType({ description: 'Where a page sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'More items follow the last one of this page.' })
  hasNextPage: boolean;

  @Field({ description: 'Items precede the first one of this page.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item; null for an empty page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; null for an empty page.' })
  endCursor: string | null;
}

/** Query cost of a count over a whole filtered list (totalCount and the like). */
export const COUNT_COST = 10;

/** Query cost of a page (for the complexity limit): its children times the page size asked for. */
export const pageCost = ({ args, childComplexity }: { args: { first?: number | null; last?: number | null }; childComplexity: number }) =>
  1 + childComplexity * (args.first ?? args.last ?? DEFAULT_PAGE_SIZE);

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counted only when a client asks for it. */
  readonly totalCount: Promise<number>;
}

/** Builds the `XxxConnection` and `XxxEdge` GraphQL types for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string, what: string, plural = `${what}s`) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this item, for `after` / `before`.' })
    cursor: string;

    @Field(() => node, { description: `The ${what}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${plural} (Relay cursor connection).` })
  class ConnectionClass {
    @Field(() => [EdgeType], { description: `The ${plural} of this page with their cursors.` })
    edges: EdgeType[];

    @Field(() => [node], { description: `The ${plural} of this page, without cursors.` })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Whether more pages exist, and the cursors to fetch them.' })
    pageInfo: PageInfo;

    // A count reads every matching row, not one page: priced above a plain field.
    @Field(() => Int, { complexity: COUNT_COST, description: `How many ${plural} match, over all pages.` })
    totalCount: number;
  }
  return ConnectionClass;
}

/**
 * A sort key of a keyset page: a trusted SQL expression, its direction, and how to read its value
 * from a row. Expressions must be NOT NULL; the last key must be unique (the id) so order is total.
 */
export interface SortKey<Row> {
  sql: string;
  direction: 'asc' | 'desc';
  value: (row: Row) => string | number;
}

interface Window {
  limit: number;
  backward: boolean;
  cursor: (string | number)[] | null;
}

export function pageWindow(args: PageArgs, keyCount: number): Window {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw badInput('Give either first or last, not both', 'first');
  for (const [name, n] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) throw badInput(`${name} must be between 0 and ${MAX_PAGE_SIZE}`, name);
  }
  if (after != null && before != null) throw badInput('Give either after or before, not both', 'after');
  const backward = last != null || (before != null && first == null);
  const raw = backward ? before : after;
  return {
    limit: (backward ? last : first) ?? DEFAULT_PAGE_SIZE,
    backward,
    cursor: raw == null ? null : decodeCursor(raw, keyCount, backward ? 'before' : 'after'),
  };
}

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, keyCount: number, field: string): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === keyCount && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(`${field} is not a cursor of this list`, field);
}

/**
 * Keyset (seek) pagination over a Knex query of plain rows: no OFFSET, so page 500 costs what
 * page 1 costs. `query` holds the filters; this adds the cursor condition, order and limit.
 */
export async function keysetPage<Row>(
  em: EntityManager,
  query: Knex.QueryBuilder,
  args: PageArgs,
  keys: SortKey<Row>[],
  count: () => Promise<number>,
): Promise<Connection<Row>> {
  const window = pageWindow(args, keys.length);
  const flip = (d: 'asc' | 'desc') => (window.backward ? (d === 'asc' ? 'desc' : 'asc') : d);

  if (window.cursor) {
    const cursor = window.cursor;
    // (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … with > / < per key direction.
    query.where((outer) => {
      keys.forEach((_, i) => {
        outer.orWhere((inner) => {
          for (let j = 0; j < i; j++) inner.whereRaw(`${keys[j].sql} = ?`, [cursor[j]]);
          inner.whereRaw(`${keys[i].sql} ${flip(keys[i].direction) === 'asc' ? '>' : '<'} ?`, [cursor[i]]);
        });
      });
    });
  }
  for (const key of keys) query.orderByRaw(`${key.sql} ${flip(key.direction)}`);
  query.limit(window.limit + 1);

  const rows: Row[] = window.limit === 0 ? [] : await runRows<Row>(em, query);
  const hasMore = rows.length > window.limit;
  if (hasMore) rows.pop();
  if (window.backward) rows.reverse();

  const edges = rows.map((node) => ({ cursor: encodeCursor(keys.map((k) => k.value(node))), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    nodes: rows,
    pageInfo: {
      hasNextPage: window.backward ? args.before != null : hasMore,
      hasPreviousPage: window.backward ? hasMore : args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return (counted ??= count());
    },
  };
}

/** A page of rows as a page of GraphQL objects; totalCount is still counted only when asked for. */
export function mapConnection<Row, Node>(connection: Connection<Row>, view: (row: Row) => Node): Connection<Node> {
  const nodes = connection.nodes.map(view);
  return {
    edges: connection.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })),
    nodes,
    pageInfo: connection.pageInfo,
    get totalCount() {
      return connection.totalCount;
    },
  };
}

/**
 * Query costs of fields that aggregate many rows: each field declares one of these next to its
 * definition, so a document cannot repeat an expensive read under many aliases within the cost limit.
 * A team aggregate reads the whole subtree (about 15 ms for 10⁵ members); statistics and statements
 * scan a period's orders or entries; results count a campaign's orders.
 */
export const TEAM_AGGREGATE_COST = 300;
export const STATISTICS_COST = 100;
export const STATEMENT_COST = 100;
export const SUMMARY_COST = 20;
export const RESULTS_COST = 20;

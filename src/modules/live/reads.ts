import DataLoader from 'dataloader';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import type { RequestContext } from '../../lib/request-context';
import { count, rows, run } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import type { LiveItemStatus, LiveSessionStatus } from './entities';

export interface SessionRow {
  id: string;
  host_id: string;
  host_name: string;
  title: string;
  cover_url: string | null;
  scheduled_start_at: string | Date;
  stream_url: string | null;
  replay_url: string | null;
  status: LiveSessionStatus;
  pinned_item_id: string | null;
  viewers: number;
  peak_viewers: number;
  last_seq: string;
  app_ids: string[];
  created_at: string | Date;
  started_at: string | Date | null;
  ended_at: string | Date | null;
  payment_window_minutes: number;
}

export interface ItemRow {
  id: string;
  session_id: string;
  sku_id: string;
  product_id: string;
  live_price: number;
  quota_left: number;
  sold: number;
  per_customer_limit: number | null;
  position: number;
  status: LiveItemStatus;
}

/** Who is reading: operators see every session; others those shown on their storefront app, and hosts their own. */
export interface LiveReader {
  isOperator: boolean;
  accountId: string | null;
  storefrontAppId: string | null;
}

export function liveReader(ctx: RequestContext): LiveReader {
  return { isOperator: ctx.isOperator, accountId: ctx.viewer?.accountId ?? null, storefrontAppId: ctx.storefront?.appId ?? null };
}

export interface SessionFilter {
  statuses?: LiveSessionStatus[] | null;
  hostId?: string | null;
  storefrontAppId?: string | null;
}

const SESSION_COLUMNS = [
  's.id',
  's.host_id',
  'h.public_name as host_name',
  's.title',
  's.cover_url',
  's.scheduled_start_at',
  's.stream_url',
  's.replay_url',
  's.status',
  's.pinned_item_id',
  's.viewers',
  's.peak_viewers',
  's.created_at',
  's.started_at',
  's.ended_at',
  's.payment_window_minutes',
  '(select c.last_seq from live_event_counter c where c.session_id = s.id) as last_seq',
  `(select coalesce(array_agg(a.app_id order by a.app_id), '{}') from live_session_app a where a.session_id = s.id) as app_ids`,
];

/** Plain-row reads of live sessions and lineups, with the caller's visibility in every statement. */
export class LiveReads {
  constructor(private readonly em: EntityManager) {}

  private get knex(): Knex {
    return this.em.getKnex();
  }

  private sessions(reader: LiveReader): Knex.QueryBuilder {
    const query = this.knex('live_session as s')
      .join(this.knex.raw(`${ACCOUNTS} as h`), 'h.id', 's.host_id')
      .select(SESSION_COLUMNS.map((c) => this.knex.raw(c)));
    return this.visible(query, reader);
  }

  private visible(query: Knex.QueryBuilder, reader: LiveReader): Knex.QueryBuilder {
    if (reader.isOperator) return query;
    return query.where((w) => {
      w.whereRaw('false');
      if (reader.storefrontAppId)
        w.orWhereRaw('exists (select 1 from live_session_app a where a.session_id = s.id and a.app_id = ?)', [reader.storefrontAppId]);
      if (reader.accountId) w.orWhereRaw('s.host_id = ?', [reader.accountId]);
    });
  }

  async session(reader: LiveReader, id: string): Promise<SessionRow | null> {
    const [row] = await rows<SessionRow>(this.em, this.sessions(reader).where('s.id', id));
    return row ?? null;
  }

  /** Sessions the reader sees, latest scheduled first, narrowed by status, host and storefront app. */
  list(reader: LiveReader, filter: SessionFilter, args: PageArgs) {
    const build = () => {
      const query = this.visible(this.knex('live_session as s'), reader);
      if (filter.statuses?.length) query.whereRaw(`s.status::text = any(?::text[])`, [`{${filter.statuses.join(',')}}`]);
      if (filter.hostId) query.where('s.host_id', filter.hostId);
      if (filter.storefrontAppId)
        query.whereRaw('exists (select 1 from live_session_app f where f.session_id = s.id and f.app_id = ?)', [filter.storefrontAppId]);
      return query;
    };
    const page = build()
      .join(this.knex.raw(`${ACCOUNTS} as h`), 'h.id', 's.host_id')
      .select(SESSION_COLUMNS.map((c) => this.knex.raw(c)));
    return keysetPage<SessionRow>(
      this.em,
      page,
      args,
      [
        { sql: 's.scheduled_start_at', direction: 'desc', value: (r) => new Date(r.scheduled_start_at).toISOString() },
        { sql: 's.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, build()),
    );
  }

  /** The lineups of these sessions (removed items left out unless asked), by position, in one statement. */
  async lineups(sessionIds: readonly string[], withRemoved: boolean): Promise<Map<string, ItemRow[]>> {
    const found = await run<ItemRow>(
      this.em,
      `select i.id, i.session_id, i.sku_id, i.product_id, i.live_price, i.quota_left, i.sold, i.per_customer_limit, i.position, i.status
         from live_item i where i.session_id = any(?::uuid[])${withRemoved ? '' : ` and i.status <> 'removed'`}
        order by i.session_id, i.position, i.id`,
      [`{${sessionIds.join(',')}}`],
    );
    const bySession = new Map<string, ItemRow[]>(sessionIds.map((id) => [id, []]));
    for (const item of found) bySession.get(item.session_id)!.push(item);
    return bySession;
  }

  async item(id: string): Promise<ItemRow | null> {
    const [row] = await run<ItemRow>(
      this.em,
      'select i.id, i.session_id, i.sku_id, i.product_id, i.live_price, i.quota_left, i.sold, i.per_customer_limit, i.position, i.status from live_item i where i.id = ?',
      [id],
    );
    return row ?? null;
  }

  /** Distinct viewers each of these sessions ever had. */
  async uniqueViewers(sessionIds: readonly string[]): Promise<Map<string, number>> {
    const found = await run<{ session_id: string; n: number }>(
      this.em,
      'select session_id, count(*)::int as n from live_session_viewer where session_id = any(?::uuid[]) group by session_id',
      [`{${sessionIds.join(',')}}`],
    );
    return new Map(sessionIds.map((id) => [id, found.find((f) => f.session_id === id)?.n ?? 0]));
  }
}

/** Per-request batching of lineups and viewer counts: a page of sessions reads them in one statement each. */
export const liveLoaders = (ctx: RequestContext) => {
  const reads = new LiveReads(ctx.em);
  return {
    lineup: new DataLoader<string, ItemRow[]>(async (ids) => {
      const found = await reads.lineups(ids, false);
      return ids.map((id) => found.get(id)!);
    }),
    fullLineup: new DataLoader<string, ItemRow[]>(async (ids) => {
      const found = await reads.lineups(ids, true);
      return ids.map((id) => found.get(id)!);
    }),
    uniqueViewers: new DataLoader<string, number>(async (ids) => {
      const found = await reads.uniqueViewers(ids);
      return ids.map((id) => found.get(id)!);
    }),
  };
};

import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPage, type Connection, type PageArgs } from '../../lib/pagination';
import { count, run } from '../../lib/sql';

export interface EndpointRow {
  id: string;
  storefront_app_id: string;
  url: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: string | null;
  failing_since: string | null;
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** What a listing shows of an endpoint: never its secrets. */
export const ENDPOINT_COLUMNS =
  'e.id, e.storefront_app_id, e.url, e.event_types, e.enabled, e.disabled_reason, e.disabled_at, e.failing_since, e.previous_secret_expires_at, e.created_at, e.updated_at';

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  type: string;
  sequence: string;
  resource_type: string;
  resource_id: string;
  resource_version: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
  event_created_at: string;
  data: Record<string, unknown>;
}

export interface AttemptRow {
  id: string;
  delivery_id: string;
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
  success: boolean;
}

/** The endpoints of one app (or of every app: null), newest first. */
export function listEndpoints(em: EntityManager, appId: string | null, page: PageArgs): Promise<Connection<EndpointRow>> {
  const query = () => {
    const q = em.getKnex()('webhook_endpoint as e');
    if (appId) q.where('e.storefront_app_id', appId);
    return q;
  };
  return keysetPage<EndpointRow>(
    em,
    query().select(em.getKnex().raw(ENDPOINT_COLUMNS)),
    page,
    [
      { sql: 'e.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
      { sql: 'e.id', direction: 'desc', value: (r) => r.id },
    ],
    () => count(em, query()),
  );
}

export interface DeliveryFilter {
  endpointId: string;
  status?: string | null;
  eventType?: string | null;
}

const DELIVERY_COLUMNS = `d.id, d.endpoint_id, d.event_id, ev.type, d.sequence::text, ev.resource_type, ev.resource_id, ev.resource_version::text, d.status,
  d.attempts, d.next_attempt_at, d.last_attempt_at, d.delivered_at, d.created_at, ev.created_at as event_created_at, ev.data`;

/** Deliveries by id, or by event for an endpoint (a test event's), of the app in scope (null: any). */
export function findDeliveries(
  em: EntityManager,
  where: { id: string } | { eventId: string; endpointId: string },
  appId: string | null,
): Promise<DeliveryRow[]> {
  const [condition, params] = 'id' in where ? ['d.id = ?', [where.id]] : ['d.event_id = ? and d.endpoint_id = ?', [where.eventId, where.endpointId]];
  return run<DeliveryRow>(
    em,
    `select ${DELIVERY_COLUMNS} from webhook_delivery d join webhook_event ev on ev.id = d.event_id join webhook_endpoint e on e.id = d.endpoint_id
      where ${condition} and (?::uuid is null or e.storefront_app_id = ?::uuid)`,
    [...params, appId, appId],
  );
}

/** The deliveries of an endpoint, newest (highest sequence) first, filtered by status and event type. */
export function listDeliveries(em: EntityManager, filter: DeliveryFilter, page: PageArgs): Promise<Connection<DeliveryRow>> {
  const query = () => {
    const q = em.getKnex()('webhook_delivery as d').join('webhook_event as ev', 'ev.id', 'd.event_id').where('d.endpoint_id', filter.endpointId);
    if (filter.status) q.where('d.status', filter.status);
    if (filter.eventType) q.where('ev.type', filter.eventType);
    return q;
  };
  return keysetPage<DeliveryRow>(
    em,
    query().select(em.getKnex().raw(DELIVERY_COLUMNS)),
    page,
    // An endpoint's sequence numbers are unique and grow with each delivery: newest first.
    [{ sql: 'd.sequence', direction: 'desc', value: (r) => Number(r.sequence) }],
    () => count(em, query()),
  );
}

/** The last attempts of each delivery (newest first, at most `limit` each), in one statement. */
export async function attemptsOf(em: EntityManager, deliveryIds: readonly string[], limit: number): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return run<AttemptRow>(
    em,
    `select a.* from unnest(?::uuid[]) as d(id)
       cross join lateral (select id, delivery_id, attempted_at, status_code, duration_ms, response_excerpt, error, success
                             from webhook_attempt where delivery_id = d.id order by attempted_at desc limit ?) a`,
    [`{${deliveryIds.join(',')}}`, limit],
  );
}

export async function endpointById(em: EntityManager, id: string): Promise<EndpointRow | null> {
  const [row] = await run<EndpointRow>(em, `select ${ENDPOINT_COLUMNS} from webhook_endpoint e where e.id = ?`, [id]);
  return row ?? null;
}

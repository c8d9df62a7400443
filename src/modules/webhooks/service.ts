import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { one, run } from '../../lib/sql';
import { STOREFRONT_APPS } from '../storefronts/queries';
import { fanOut, LOG_DAYS, type WebhookSettings } from './delivery';
import { WebhookErrorCode as E } from './errors';
import { publishWebhookEvent, TEST_EVENT_TYPE } from './events';
import { ENDPOINT_COLUMNS, type EndpointRow } from './reads';
import { newSecret } from './signing';
import { hostOf, refuseUrlShape, resolveSafely } from './url-safety';

export const MAX_ENDPOINTS_PER_APP = 20;
/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_HOURS = 24;

/** Whose endpoints a caller manages: every app's (an operator, null) or one app's (its secret key). */
export type AppScope = string | null;

export interface EndpointInput {
  url?: string | null;
  eventTypes?: string[] | null;
  enabled?: boolean | null;
}

/** Endpoint management: operators for every app, a storefront app's secret key for its own. */
export class WebhookService {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: WebhookSettings,
  ) {}

  private async checkUrl(raw: string, field: string[]): Promise<string> {
    const url = raw.trim();
    const shape = refuseUrlShape(url, this.settings);
    if (shape) throw new DomainError(E.INVALID_URL, shape, field);
    const resolved = await resolveSafely(hostOf(new URL(url)), this.settings.allowPrivate);
    if ('refused' in resolved) throw new DomainError(E.URL_NOT_ALLOWED, resolved.refused, field);
    return url;
  }

  private checkEventTypes(types: string[], field: string[]): string[] {
    if (types.length === 0) throw new DomainError(E.NO_EVENT_TYPES, 'Subscribe to at least one event type', field);
    return [...new Set(types)].sort();
  }

  /** The endpoint, locked for the rest of the transaction, if the caller may manage it. */
  private async endpointFor(tx: EntityManager, scope: AppScope, id: string | null): Promise<EndpointRow> {
    const row = id
      ? await one<EndpointRow>(
          tx,
          `select ${ENDPOINT_COLUMNS} from webhook_endpoint e where e.id = ? and (?::uuid is null or e.storefront_app_id = ?::uuid) for update`,
          [id, scope, scope],
        )
      : null;
    if (!row) throw new DomainError(E.ENDPOINT_NOT_FOUND, 'No webhook endpoint you manage has this id', ['id']);
    return row;
  }

  async create(scope: AppScope, appId: string | null, input: { url: string; eventTypes: string[] }): Promise<{ endpoint: EndpointRow; secret: string }> {
    const app = appId ?? scope;
    if (!app || (scope !== null && app !== scope))
      throw new DomainError(E.APP_NOT_FOUND, 'Name the storefront app (a secret key manages only its own)', ['storefrontAppId']);
    const eventTypes = this.checkEventTypes(input.eventTypes, ['input', 'eventTypes']);
    const url = await this.checkUrl(input.url, ['input', 'url']);
    const secret = newSecret();
    return this.em.transactional(async (tx) => {
      const exists = await one(tx, `select 1 from ${STOREFRONT_APPS} a where a.id = ?`, [app]);
      if (!exists) throw new DomainError(E.APP_NOT_FOUND, 'No storefront app has this id', ['storefrontAppId']);
      // Serialises creations for one app, so the limit holds under concurrent requests.
      await run(tx, 'select pg_advisory_xact_lock(hashtext(?))', [`webhook-endpoints:${app}`]);
      const count = await one<{ n: number }>(tx, 'select count(*)::int as n from webhook_endpoint where storefront_app_id = ?', [app]);
      if ((count?.n ?? 0) >= MAX_ENDPOINTS_PER_APP)
        throw new DomainError(E.TOO_MANY_ENDPOINTS, `An app has at most ${MAX_ENDPOINTS_PER_APP} webhook endpoints`, null);
      const [endpoint] = await run<EndpointRow>(
        tx,
        `insert into webhook_endpoint as e (id, storefront_app_id, url, event_types, secret, enabled, last_sequence, created_at, updated_at)
         values (?, ?, ?, ?::text[], ?, true, 0, now(), now()) returning ${ENDPOINT_COLUMNS}`,
        [uuidv7(), app, url, `{${eventTypes.join(',')}}`, secret],
      );
      return { endpoint, secret };
    });
  }

  async update(scope: AppScope, id: string | null, input: EndpointInput): Promise<EndpointRow> {
    const url = input.url != null ? await this.checkUrl(input.url, ['input', 'url']) : null;
    const eventTypes = input.eventTypes != null ? this.checkEventTypes(input.eventTypes, ['input', 'eventTypes']) : null;
    return this.em.transactional(async (tx) => {
      await this.endpointFor(tx, scope, id);
      const [row] = await run<EndpointRow>(
        tx,
        `update webhook_endpoint e set url = coalesce(?, e.url), event_types = coalesce(?::text[], e.event_types),
                enabled = coalesce(?, e.enabled),
                disabled_at = case when ?::boolean is false and e.enabled then now() when ?::boolean then null else e.disabled_at end,
                disabled_reason = case when ?::boolean is false and e.enabled then 'Disabled by ' || ? when ?::boolean then null else e.disabled_reason end,
                failing_since = case when ?::boolean and not e.enabled then null else e.failing_since end,
                updated_at = now()
          where e.id = ? returning ${ENDPOINT_COLUMNS}`,
        [
          url,
          eventTypes ? `{${eventTypes.join(',')}}` : null,
          input.enabled ?? null,
          input.enabled ?? null,
          input.enabled ?? null,
          input.enabled ?? null,
          scope === null ? 'an operator' : 'the app',
          input.enabled ?? null,
          input.enabled ?? null,
          id,
        ],
      );
      return row;
    });
  }

  /** A new secret; the old one keeps signing (a second signature in the header) for 24 hours. */
  async rotateSecret(scope: AppScope, id: string | null): Promise<{ endpoint: EndpointRow; secret: string }> {
    const secret = newSecret();
    return this.em.transactional(async (tx) => {
      await this.endpointFor(tx, scope, id);
      const [endpoint] = await run<EndpointRow>(
        tx,
        `update webhook_endpoint e set previous_secret = e.secret, previous_secret_expires_at = now() + interval '${ROTATION_OVERLAP_HOURS} hours',
                secret = ?, updated_at = now()
          where e.id = ? returning ${ENDPOINT_COLUMNS}`,
        [secret, id],
      );
      return { endpoint, secret };
    });
  }

  async delete(scope: AppScope, id: string | null): Promise<string> {
    return this.em.transactional(async (tx) => {
      const row = await this.endpointFor(tx, scope, id);
      await run(tx, 'delete from webhook_endpoint where id = ?', [row.id]);
      return row.id;
    });
  }

  /** A `webhook.test` event for this endpoint only, given to it at once; returns the event's id. */
  async sendTestEvent(scope: AppScope, id: string | null): Promise<string> {
    const eventId = await this.em.transactional(async (tx) => {
      const row = await this.endpointFor(tx, scope, id);
      if (!row.enabled) throw new DomainError(E.ENDPOINT_DISABLED, 'The endpoint is disabled: enable it first', ['id']);
      const source = `test:${uuidv7()}`;
      const created = await publishWebhookEvent(tx, {
        type: TEST_EVENT_TYPE as never,
        storefrontAppId: row.storefront_app_id,
        resourceType: 'webhook_endpoint',
        resourceId: row.id,
        data: { message: 'A test event sent by sendWebhookTestEvent: answer 2xx to acknowledge it.' },
        source,
      });
      await run(tx, 'update webhook_event set endpoint_id = ? where id = ?', [row.id, created]);
      return created!;
    });
    await fanOut(this.em.fork());
    return eventId;
  }

  /** Sends one delivery again, as it was (same webhook-id, same sequence), from a fresh schedule. */
  async replayDelivery(scope: AppScope, deliveryId: string | null): Promise<string> {
    const row = deliveryId
      ? await one<{ id: string; enabled: boolean }>(
          this.em,
          `update webhook_delivery d set status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = null
             from webhook_endpoint e
            where d.id = ? and e.id = d.endpoint_id and (?::uuid is null or e.storefront_app_id = ?::uuid)
            returning d.id, e.enabled`,
          [deliveryId, scope, scope],
        )
      : null;
    if (!row) throw new DomainError(E.DELIVERY_NOT_FOUND, 'No delivery of an endpoint you manage has this id', ['id']);
    return row.id;
  }

  /**
   * Everything since a time again: each delivery of the endpoint whose event is that recent goes
   * back on the schedule (same webhook-id and sequence), and the events the endpoint subscribes to
   * but never got (written while it was disabled or before it subscribed) are given to it now,
   * with new sequence numbers. Returns how many deliveries are queued.
   */
  async replaySince(scope: AppScope, id: string | null, since: Date): Promise<number> {
    const oldest = Date.now() - LOG_DAYS * 86_400_000;
    if (!(since.getTime() >= oldest && since.getTime() <= Date.now()))
      throw new DomainError(E.INVALID_SINCE, `Replay from at most ${LOG_DAYS} days ago, and not from the future`, ['since']);
    return this.em.transactional(async (tx) => {
      const endpoint = await this.endpointFor(tx, scope, id);
      if (!endpoint.enabled) throw new DomainError(E.ENDPOINT_DISABLED, 'The endpoint is disabled: enable it first', ['id']);
      // Taken after the fan-out's events, so new numbers follow the ones it gave.
      await run(tx, "select pg_advisory_xact_lock(hashtext('webhooks.fan-out'))");
      const [again] = await run<{ n: number }>(
        tx,
        `with reset as (
           update webhook_delivery d set status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = null
             from webhook_event ev where ev.id = d.event_id and d.endpoint_id = ? and ev.created_at >= ? returning 1
         ) select count(*)::int as n from reset`,
        [endpoint.id, since],
      );
      const [added] = await run<{ n: number }>(
        tx,
        `with missed as (
           select ev.id, row_number() over (order by ev.position) as n from webhook_event ev
            where ev.created_at >= ? and ev.fanned_out_at is not null and ev.endpoint_id is null and ev.type = any(?::text[])
              and (ev.storefront_app_id is null or ev.storefront_app_id = ?)
              and not exists (select 1 from webhook_delivery d where d.endpoint_id = ? and d.event_id = ev.id)
         ), counter as (
           update webhook_endpoint set last_sequence = last_sequence + (select count(*) from missed) where id = ?
           returning last_sequence - (select count(*) from missed) as base
         ), inserted as (
           insert into webhook_delivery (id, endpoint_id, event_id, sequence, status, attempts, next_attempt_at, created_at)
           select uuid_v7(), ?, m.id, c.base + m.n, 'pending', 0, now(), now() from missed m, counter c
           returning 1
         ) select count(*)::int as n from inserted`,
        [since, `{${endpoint.event_types.join(',')}}`, endpoint.storefront_app_id, endpoint.id, endpoint.id, endpoint.id],
      );
      return again.n + added.n;
    });
  }
}

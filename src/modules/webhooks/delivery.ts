import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Dependency } from '../../lib/dependency';
import { one, run } from '../../lib/sql';
import { PAYLOAD_VERSION } from './events';
import { signatureHeader } from './signing';
import { hostOf, refuseUrlShape, resolveSafely } from './url-safety';

/** How deliveries are made; from the configuration (src/server/context.ts), shorter in tests. */
export interface WebhookSettings {
  /** Only https URLs (NODE_ENV=production). */
  httpsOnly: boolean;
  /** Private, loopback and link-local addresses allowed (WEBHOOKS_ALLOW_PRIVATE_URLS; refused in production). */
  allowPrivate: boolean;
  /** How long a request may take, headers and the body's first kilobyte included. */
  timeoutMs: number;
  /** The waits before the second, third… attempt; when they run out the delivery has failed. */
  retryDelaysMs: readonly number[];
  /** An endpoint whose every attempt failed for this long is disabled. */
  disableAfterFailingMs: number;
}

/** The Standard Webhooks schedule: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (ten attempts over about 3 days). */
export const RETRY_DELAYS_MS = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400].map((s) => s * 1000);
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DISABLE_AFTER_FAILING_MS = 5 * 86_400_000;
/** The longest Retry-After honoured: a longer one waits this long. */
export const MAX_RETRY_AFTER_MS = 86_400_000;
/** How much of an answer's body the log keeps. */
export const EXCERPT_BYTES = 1024;
/** How long the delivery log (and the events) are kept. */
export const LOG_DAYS = 30;

export const WEBHOOK_SETTINGS = new Dependency<WebhookSettings>('the webhook delivery settings');

/** The settings of a process from its configuration. */
export function webhookSettings(config: { env: string; webhooksAllowPrivateUrls: boolean }): WebhookSettings {
  return {
    httpsOnly: config.env === 'production',
    allowPrivate: config.webhooksAllowPrivateUrls,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    retryDelaysMs: RETRY_DELAYS_MS,
    disableAfterFailingMs: DISABLE_AFTER_FAILING_MS,
  };
}

const FAN_OUT_LOCK = "hashtext('webhooks.fan-out')";
const FAN_OUT_BATCH = 500;

/**
 * Gives new events to the endpoints that hear them, in the order they were written: one delivery
 * row per (endpoint, event) — unique, so an event is never given twice — numbered by the
 * endpoint's own counter (`last_sequence`, moved by one conditional update). One process at a time
 * (a transaction-level advisory lock), so numbers follow the events' order. Returns how many events
 * were handled; 0 when another process is at it.
 */
export async function fanOut(em: EntityManager): Promise<number> {
  return em.transactional(async (tx) => {
    const locked = await one<{ ok: boolean }>(tx, `select pg_try_advisory_xact_lock(${FAN_OUT_LOCK}) as ok`);
    if (!locked?.ok) return 0;
    const [row] = await run<{ events: number }>(
      tx,
      `with events as (
         select id, type, storefront_app_id, endpoint_id, position from webhook_event
          where fanned_out_at is null order by position limit ${FAN_OUT_BATCH}
       ), marked as (
         update webhook_event e set fanned_out_at = now() from events where e.id = events.id returning 1
       ), pairs as (
         select ev.id as event_id, ep.id as endpoint_id, row_number() over (partition by ep.id order by ev.position) as n
           from events ev
           join webhook_endpoint ep
             on case when ev.endpoint_id is not null then ep.id = ev.endpoint_id
                     else ep.enabled and ev.type = any(ep.event_types) and (ev.storefront_app_id is null or ev.storefront_app_id = ep.storefront_app_id) end
       ), counters as (
         update webhook_endpoint ep set last_sequence = ep.last_sequence + c.k
           from (select endpoint_id, count(*) as k from pairs group by endpoint_id) c
          where ep.id = c.endpoint_id
          returning ep.id, ep.last_sequence - c.k as base
       ), inserted as (
         insert into webhook_delivery (id, endpoint_id, event_id, sequence, status, attempts, next_attempt_at, created_at)
         select uuid_v7(), p.endpoint_id, p.event_id, c.base + p.n, 'pending', 0, now(), now()
           from pairs p join counters c on c.id = p.endpoint_id
         on conflict (endpoint_id, event_id) do nothing
         returning 1
       )
       select (select count(*) from marked)::int as events, (select count(*) from inserted)::int as deliveries`,
    );
    return row.events;
  });
}

/** A delivery claimed for one attempt, with what its request needs. */
interface Claimed {
  id: string;
  endpoint_id: string;
  sequence: string;
  attempts: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  event_id: string;
  type: string;
  event_created_at: string;
  resource_type: string;
  resource_id: string;
  resource_version: string;
  data: Record<string, unknown>;
}

/** Deliveries one process takes for one endpoint per round, sent one after another. */
export const PER_ENDPOINT = 10;
/** Endpoints one process serves per round, side by side. */
const ENDPOINTS_PER_ROUND = 20;

/**
 * Claims due deliveries, endpoint by endpoint. An endpoint is taken by one process at a time: its
 * row is locked with SKIP LOCKED and marked busy (`busy_until`) in the claim's own statement, so
 * another process serves other endpoints meanwhile, and an endpoint's deliveries go out one after
 * another in sequence order. Each delivery is leased too: its attempt counter moves and
 * next_attempt_at is pushed past the lease. A process that dies mid-request leaves both leases to
 * expire, and the delivery is tried again (at least once). The lease covers PER_ENDPOINT requests.
 */
async function claimDue(em: EntityManager, leaseMs: number): Promise<Claimed[]> {
  return run<Claimed>(
    em,
    `with endpoints as (
       select ep.id from webhook_endpoint ep
        where ep.enabled and (ep.busy_until is null or ep.busy_until < now())
          and exists (select 1 from webhook_delivery d where d.endpoint_id = ep.id and d.status = 'pending' and d.next_attempt_at <= now())
        order by ep.busy_until nulls first, ep.id
        limit ${ENDPOINTS_PER_ROUND} for update of ep skip locked
     ), busy as (
       update webhook_endpoint ep set busy_until = now() + (? * interval '1 millisecond') from endpoints where ep.id = endpoints.id returning ep.id
     ), due as (
       select id from (
         select d.id, row_number() over (partition by d.endpoint_id order by d.sequence) as n
           from webhook_delivery d join busy on busy.id = d.endpoint_id
          where d.status = 'pending' and d.next_attempt_at <= now()
       ) ranked where n <= ${PER_ENDPOINT}
     ), claimed as (
       update webhook_delivery d set attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + (? * interval '1 millisecond')
         from due where d.id = due.id
         returning d.id, d.endpoint_id, d.event_id, d.sequence, d.attempts
     )
     select c.id, c.endpoint_id, c.sequence::text, c.attempts, ep.url, ep.secret, ep.previous_secret, ep.previous_secret_expires_at,
            e.id as event_id, e.type, e.created_at as event_created_at, e.resource_type, e.resource_id, e.resource_version::text, e.data
       from claimed c join webhook_endpoint ep on ep.id = c.endpoint_id join webhook_event e on e.id = c.event_id
      order by c.endpoint_id, c.sequence`,
    [leaseMs, leaseMs],
  );
}

/** The JSON body of a delivery: what the receiver verifies and reads (docs/webhooks.md). */
export function deliveryBody(
  d: Pick<Claimed, 'event_id' | 'type' | 'event_created_at' | 'sequence' | 'resource_type' | 'resource_id' | 'resource_version' | 'data'>,
) {
  return JSON.stringify({
    type: d.type,
    timestamp: new Date(d.event_created_at).toISOString(),
    version: PAYLOAD_VERSION,
    id: d.event_id,
    sequence: Number(d.sequence),
    resource: { type: d.resource_type, id: d.resource_id, version: Number(d.resource_version) },
    data: d.data,
  });
}

export interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  excerpt: string | null;
  error: string | null;
  retryAfterMs: number | null;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now (capped); null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const ms = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/**
 * One HTTP POST of a delivery. The host is resolved and every address checked right before the
 * request, and the connection goes to a checked address (the request's `lookup` hands it over), so
 * a DNS answer that changes between the check and the connect (rebinding) cannot reach a private
 * address. Redirects are not followed (a 3xx is a failure).
 */
export async function post(rawUrl: string, headers: Record<string, string>, body: string, settings: WebhookSettings): Promise<AttemptResult> {
  const started = Date.now();
  const fail = (error: string): AttemptResult => ({ statusCode: null, durationMs: Date.now() - started, excerpt: null, error, retryAfterMs: null });
  const shape = refuseUrlShape(rawUrl, settings);
  if (shape) return fail(shape);
  const url = new URL(rawUrl);
  const resolved = await resolveSafely(hostOf(url), settings.allowPrivate);
  if ('refused' in resolved) return fail(resolved.refused);
  const checked = resolved.addresses;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, checked);
    else callback(null, checked[0].address, checked[0].family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'social-commerce-webhooks/1',
        },
        lookup,
        signal: AbortSignal.timeout(settings.timeoutMs),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          res.destroy();
          resolve({
            statusCode: res.statusCode ?? null,
            durationMs: Date.now() - started,
            excerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8'),
            error: null,
            retryAfterMs: retryAfterMs(res.headers['retry-after']),
          });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) finish();
        });
        res.on('end', finish);
        res.on('error', finish);
      },
    );
    req.on('error', (err) => resolve(fail(err.name === 'AbortError' ? `No answer within ${settings.timeoutMs / 1000} s` : err.message)));
    req.end(body);
  });
}

/** Records an attempt and decides what follows: delivered, another attempt later, or failed; a 410 or five days of failures disable the endpoint. */
async function record(em: EntityManager, d: Claimed, result: AttemptResult, settings: WebhookSettings): Promise<void> {
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  await em.transactional(async (tx) => {
    await run(
      tx,
      `insert into webhook_attempt (id, delivery_id, attempted_at, status_code, duration_ms, response_excerpt, error, success)
       values (uuid_v7(), ?, now(), ?, ?, ?, ?, ?)`,
      [d.id, result.statusCode, result.durationMs, result.excerpt, result.error?.slice(0, 500) ?? null, ok],
    );
    // Only the claim this attempt was made under: a claim whose lease ran out and was taken again changes nothing.
    const mine = 'where id = ? and attempts = ?';
    if (ok) {
      await run(tx, `update webhook_delivery set status = 'delivered', delivered_at = now(), next_attempt_at = null ${mine}`, [d.id, d.attempts]);
      await run(tx, 'update webhook_endpoint set failing_since = null where id = ? and failing_since is not null', [d.endpoint_id]);
      return;
    }
    const delay = settings.retryDelaysMs[d.attempts - 1];
    if (delay === undefined) await run(tx, `update webhook_delivery set status = 'failed', next_attempt_at = null ${mine}`, [d.id, d.attempts]);
    else {
      const wait = Math.max(delay, result.retryAfterMs ?? 0);
      await run(tx, `update webhook_delivery set next_attempt_at = now() + (? * interval '1 millisecond') ${mine}`, [wait, d.id, d.attempts]);
    }
    const answer = result.statusCode !== null ? `HTTP ${result.statusCode}` : result.error;
    if (result.statusCode === 410) {
      await run(
        tx,
        `update webhook_endpoint set enabled = false, disabled_at = now(), updated_at = now(),
                disabled_reason = 'The endpoint answered 410 Gone at ' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ': it asked to receive no more'
          where id = ? and enabled`,
        [d.endpoint_id],
      );
      return;
    }
    await run(
      tx,
      `update webhook_endpoint set failing_since = coalesce(failing_since, now()),
              enabled = case when failing_since <= now() - (? * interval '1 millisecond') then false else enabled end,
              disabled_at = case when failing_since <= now() - (? * interval '1 millisecond') then now() else disabled_at end,
              disabled_reason = case when failing_since <= now() - (? * interval '1 millisecond')
                then 'Every attempt failed since ' || to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '; the last: ' || ?
                else disabled_reason end
        where id = ? and enabled`,
      [settings.disableAfterFailingMs, settings.disableAfterFailingMs, settings.disableAfterFailingMs, answer ?? 'no answer', d.endpoint_id],
    );
  });
}

/** The headers of one attempt: signed with the endpoint's secret, and the previous one while a rotation lasts. */
export function deliveryHeaders(d: Pick<Claimed, 'event_id' | 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, body: string, now = new Date()) {
  const secrets = [d.secret];
  if (d.previous_secret && d.previous_secret_expires_at && new Date(d.previous_secret_expires_at) > now) secrets.push(d.previous_secret);
  return {
    'webhook-id': d.event_id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signatureHeader(secrets, d.event_id, now, body),
  };
}

/**
 * One round: fans out new events, then claims what is due and sends it — each endpoint's
 * deliveries one after another in sequence order, endpoints side by side. Returns how many
 * attempts were made.
 */
export async function deliverWebhooks(fork: () => EntityManager, settings: WebhookSettings, logger?: Logger): Promise<number> {
  await fanOut(fork());
  const claimed = await claimDue(fork(), PER_ENDPOINT * settings.timeoutMs + 45_000);
  const byEndpoint = new Map<string, Claimed[]>();
  for (const d of claimed) byEndpoint.set(d.endpoint_id, [...(byEndpoint.get(d.endpoint_id) ?? []), d]);
  await Promise.all(
    [...byEndpoint.entries()].map(async ([endpointId, deliveries]) => {
      for (const d of deliveries) {
        const body = deliveryBody(d);
        const result = await post(d.url, deliveryHeaders(d, body), body, settings);
        try {
          await record(fork(), d, result, settings);
        } catch (err) {
          logger?.error({ err, delivery: d.id }, 'webhook attempt not recorded; the delivery will be tried again');
        }
      }
      // The endpoint is free for the next round, of whichever process.
      await run(fork(), 'update webhook_endpoint set busy_until = null where id = ?', [endpointId]).catch((err: unknown) =>
        logger?.error({ err, endpoint: endpointId }, 'webhook endpoint not released; its lease will expire'),
      );
    }),
  );
  return claimed.length;
}

/** Keeps delivering in the background: rounds back to back while there is work, else every `idleMs`. One per process, next to the order outbox's dispatcher. */
export function startWebhookDispatcher(fork: () => EntityManager, settings: WebhookSettings, logger: Logger, idleMs = 1000): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    if (stopped) return;
    let sent = 0;
    try {
      sent = await deliverWebhooks(fork, settings, logger);
    } catch (err) {
      logger.error({ err }, 'webhook delivery round failed');
    }
    if (!stopped) {
      timer = setTimeout(
        () => {
          running = round();
        },
        sent > 0 ? 0 : idleMs,
      );
    }
  };
  running = round();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Deletes the log older than 30 days: finished deliveries (their attempts go with them), attempts, and events no delivery needs. */
export async function pruneWebhookLog(em: EntityManager): Promise<void> {
  const cutoff = `now() - interval '${LOG_DAYS} days'`;
  await run(em, `delete from webhook_attempt where attempted_at < ${cutoff}`);
  await run(em, `delete from webhook_delivery where created_at < ${cutoff} and status <> 'pending'`);
  await run(
    em,
    `delete from webhook_event e where e.created_at < ${cutoff} and e.fanned_out_at is not null
       and not exists (select 1 from webhook_delivery d where d.event_id = e.id)`,
  );
}

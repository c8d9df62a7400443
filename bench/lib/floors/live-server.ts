/**
 * The live rush's floor (`npm run bench:live`), run as two processes of its own by FloorProcess, as
 * the API runs as two: plain node:http + pg + ws doing the least a live room needs.
 *
 * POST /live with `{ itemId, skuId, shippingAddress }` (database ids): one raw transaction — the
 * order row, its line and its `order.created` event into the API's own tables, then the item's live
 * quota taken by a conditional decrement and the sale recorded against the order
 * (live_order_line); once a decrement is refused, every later request is refused from memory. No
 * per-customer count: the floor's orders all belong to one account (FLOOR_CUSTOMER_ID).
 *
 * After each commit the item's figures are announced as the API announces them: at most once per
 * ANNOUNCEMENT_GAP_MS across both processes (the item's last announcement time kept in
 * live_item_announced, as the API keeps it), at once when nobody has for that long, else when the
 * gap is up. An announcement is one statement on a connection of its own, `pg_notify` of the item's
 * quota left and sold count as committed; both processes listen, and each sends a STOCK and a SOLD frame to
 * each of its WebSocket subscribers (the graphql-transport-ws protocol, only what graphql-ws's
 * client needs: the acknowledgement, `next` frames, pong), the pair in one write per socket. No
 * event table, no sequence counter, no GraphQL: an event's number is derived from its sold count.
 */
import 'reflect-metadata';
import type { Socket } from 'node:net';
import { Client } from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { toGlobalId, uuidv7 } from '../../../src/lib/ids';
import { ANNOUNCEMENT_GAP_MS } from '../../../src/modules/live/figures';
import { floorPool, inTransaction, Rollback, serve, type Answer } from './serve';

const CUSTOMER_ID = process.env.FLOOR_CUSTOMER_ID;
const STOREFRONT_APP_ID = process.env.FLOOR_STOREFRONT_APP_ID;
const SESSION_ID = process.env.FLOOR_SESSION_ID;
const CHANNEL = 'bench_live_floor';

const INSERT_ORDER = {
  name: 'live_floor_insert_order',
  text: `insert into customer_order (id, number, customer_id, storefront_app_id, status, subtotal, discount_total, shipping_fee, total, refunded_total, adjustments,
                              ship_name, ship_phone, ship_region, ship_detail, placed_at, payment_due_at, fulfilment_hold, updated_at)
         select $1, $2, $3, $4, 'pending_payment', i.live_price, 0, 0, i.live_price, 0, '[]', $5, $6, $7, $8, now(), now() + interval '15 minutes', false, now()
           from live_item i where i.id = $9`,
};
const INSERT_LINE = {
  name: 'live_floor_insert_line',
  text: `insert into order_line (id, order_id, sku_id, product_id, product_name, sku_code, specs, unit_price, list_price, price_reason, quantity, discount, total,
                          refunded_quantity, refunded_amount, stock_from_sku)
         select $1, $2, s.id, s.product_id, p.name, s.code, s.specs, i.live_price, s.price, 'LIVE_PRICE', 1, 0, i.live_price, 0, 0, false
           from live_item i join sku s on s.id = i.sku_id join product p on p.id = s.product_id where i.id = $3`,
};
const INSERT_EVENT = {
  name: 'live_floor_insert_event',
  text: `insert into order_event (order_id, type, payload, created_at, attempts) values ($1, 'order.created', $2, now(), 0)`,
};
const TAKE_QUOTA = {
  name: 'live_floor_take_quota',
  text: `update live_item set quota_left = quota_left - 1, sold = sold + 1, figures_version = figures_version + 1
          where id = $1 and quota_left >= 1 and status = 'on_sale'`,
};
const RECORD_SALE = {
  name: 'live_floor_record_sale',
  text: `insert into live_order_line (order_line_id, order_id, session_id, item_id, customer_id, quantity, created_at) values ($1, $2, $3, $4, $5, 1, now())`,
};
/** The item's figures notified unless announced since they last moved, or less than the gap ago; then how long is left of the gap. */
const ANNOUNCE = {
  name: 'live_floor_announce',
  text: `with item as (
           select id, quota_left, sold, figures_version from live_item where id = $1
         ), moved as (
           insert into live_item_announced as a (item_id, version, announced_at) select id, figures_version, clock_timestamp() from item
           on conflict (item_id) do update set version = excluded.version, announced_at = excluded.announced_at
            where a.version < excluded.version and a.announced_at <= excluded.announced_at - make_interval(secs => $2::int / 1000.0::float8)
           returning 1
         ), announced as (
           select pg_notify('${CHANNEL}', json_build_object('sold', i.sold, 'stockLeft', i.quota_left, 'at', now())::text) from item i cross join moved
         )
         select (select count(*) from announced) as notified,
           (select greatest(0, case when a.item_id is null then 0 else ceil(extract(epoch from a.announced_at - clock_timestamp()) * 1000) + $2::int end)
              from item i left join live_item_announced a on a.item_id = i.id
             where coalesce(a.version, 0) < i.figures_version and not exists (select 1 from moved)) as wait_ms`,
};

interface LiveBody {
  itemId: string;
  shippingAddress: { name: string; phone: string; region: string; detail: string };
}

/** Items a decrement was refused for: sold out. */
const soldOut = new Set<string>();
const numberPrefix = `L${Date.now().toString(36)}${process.pid}-`;
let placed = 0;

const refused = (code: string): Answer => ({ status: 200, json: JSON.stringify({ data: { checkoutLive: { order: null, userErrors: [{ code }] } } }) });

/** Every open subscription of this process: its socket's raw connection and the id the client gave it. */
const subscriptions = new Map<WebSocket, { raw: Socket; ids: Set<string> }>();

function watch(wss: WebSocketServer): void {
  wss.on('connection', (socket, request) => {
    const subscriber = { raw: request.socket, ids: new Set<string>() };
    subscriptions.set(socket, subscriber);
    socket.on('close', () => subscriptions.delete(socket));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; id?: string };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'subscribe' && message.id) subscriber.ids.add(message.id);
      else if (message.type === 'complete' && message.id) subscriber.ids.delete(message.id);
    });
  });
}

/** One announcement heard: a STOCK and a SOLD frame to every subscription, both frames of a socket in one write. */
function fanOut(payload: string): void {
  const { sold, stockLeft, at } = JSON.parse(payload) as { sold: number; stockLeft: number; at: string };
  const event = (seq: number, type: string, fields: string) =>
    `,"type":"next","payload":{"data":{"liveSessionEvents":{"seq":${seq},"type":"${type}",${fields},"at":${JSON.stringify(new Date(at).toISOString())}}}}}`;
  const stock = event(2 * sold - 1, 'STOCK', `"stockLeft":${stockLeft},"sold":null`);
  const soldFrame = event(2 * sold, 'SOLD', `"stockLeft":null,"sold":${sold}`);
  for (const [socket, { raw, ids }] of subscriptions) {
    raw.cork();
    for (const id of ids) {
      socket.send(`{"id":${JSON.stringify(id)}${stock}`);
      socket.send(`{"id":${JSON.stringify(id)}${soldFrame}`);
    }
    process.nextTick(() => raw.uncork());
  }
}

async function main(): Promise<void> {
  if (!CUSTOMER_ID || !STOREFRONT_APP_ID || !SESSION_ID) throw new Error('FLOOR_CUSTOMER_ID, FLOOR_STOREFRONT_APP_ID and FLOOR_SESSION_ID are required');
  const pool = floorPool();
  const listener = new Client({ connectionString: process.env.FLOOR_DATABASE_URL });
  await listener.connect();
  listener.on('notification', (n) => n.channel === CHANNEL && n.payload && fanOut(n.payload));
  await listener.query(`listen ${CHANNEL}`);
  const announcer = new Client({ connectionString: process.env.FLOOR_DATABASE_URL });
  await announcer.connect();

  // At most one announcement per item per ANNOUNCEMENT_GAP_MS over both processes: at once after a quiet gap, else when it is up.
  const lastAnnounced = new Map<string, number>();
  const due = new Map<string, NodeJS.Timeout>();
  const announceIn = (itemId: string, ms: number) => {
    clearTimeout(due.get(itemId));
    due.set(
      itemId,
      setTimeout(() => {
        due.delete(itemId);
        lastAnnounced.set(itemId, Date.now());
        announcer
          .query<{ wait_ms: string | null }>({ ...ANNOUNCE, values: [itemId, ANNOUNCEMENT_GAP_MS] })
          .then(({ rows: [{ wait_ms }] }) => {
            if (wait_ms === null) return;
            // As the API's emitter: again once the other process's gap is up (0: at once, to learn it).
            const wait = Math.max(1, Number(wait_ms));
            lastAnnounced.set(itemId, Date.now() + wait - ANNOUNCEMENT_GAP_MS);
            announceIn(itemId, wait);
          })
          .catch((err: Error) => console.error(`announce failed: ${err.message}`));
      }, ms),
    );
  };
  const changed = (itemId: string) => {
    if (!due.has(itemId)) announceIn(itemId, Math.max(0, (lastAnnounced.get(itemId) ?? 0) + ANNOUNCEMENT_GAP_MS - Date.now()));
  };

  const server = serve(pool, async (path, body) => {
    // Opens the pool's connections before the rush, as the API's are after its warm-up.
    if (path === '/warm') return (await pool.query('select 1'), { status: 200, json: '{}' });
    if (path !== '/live') return { status: 404, json: '{}' };
    const { itemId, shippingAddress: to } = JSON.parse(body) as LiveBody;
    if (soldOut.has(itemId)) return refused('ITEM_SOLD_OUT');
    const orderId = uuidv7();
    const lineId = uuidv7();
    const number = `${numberPrefix}${++placed}`;
    let sold = false;
    const answer = await inTransaction(pool, async (client) => {
      await client.query({ ...INSERT_ORDER, values: [orderId, number, CUSTOMER_ID, STOREFRONT_APP_ID, to.name, to.phone, to.region, to.detail, itemId] });
      await client.query({ ...INSERT_LINE, values: [lineId, orderId, itemId] });
      await client.query({ ...INSERT_EVENT, values: [orderId, JSON.stringify({ number })] });
      if (!(await client.query({ ...TAKE_QUOTA, values: [itemId] })).rowCount) {
        soldOut.add(itemId);
        throw new Rollback(refused('ITEM_SOLD_OUT'));
      }
      await client.query({ ...RECORD_SALE, values: [lineId, orderId, SESSION_ID, itemId, CUSTOMER_ID] });
      sold = true;
      return { status: 200, json: JSON.stringify({ data: { checkoutLive: { order: { id: toGlobalId('Order', orderId) }, userErrors: [] } } }) };
    });
    // Committed: announced (a sale whose commit failed threw above).
    if (sold) changed(itemId);
    return answer;
  });
  const wss = new WebSocketServer({ server, path: '/graphql' });
  watch(wss);
  // The server closes once its sockets have: the subscribers' too.
  process.once('SIGTERM', () => wss.clients.forEach((c) => c.terminate()));
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEMO } from '../../../src/db/demo-data';
import { idOf } from '../../../src/lib/ids';
import { httpRequest, type Api } from '../api';
import type { Floor } from '../scenario';
import { RUN_TAG } from '../settings';
import { FloorProcess } from './process';

/** One checkout-server for both checkout floors, and the account its orders belong to. */
let started: Promise<{ server: FloorProcess; customerId: string }> | null = null;

async function withDatabase<T>(api: Api, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: api.databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/**
 * An account of a floor's own (`name`), which its orders belong to so the bench's checks can leave
 * them out, and the demo storefront app they are placed through.
 */
export async function floorCustomer(db: Client, name: string): Promise<{ customerId: string; storefrontAppId: string }> {
  const customerId = randomUUID();
  await db.query(
    `insert into account (id, email, password_hash, display_name, role, created_at, updated_at)
     values ($1, $2, 'not-a-login', $3, 'customer', now(), now())`,
    [customerId, `bench-floor-${RUN_TAG}-${customerId}@example.com`, name],
  );
  const app = await db.query<{ id: string }>('select id from storefront_app where public_key = $1', [DEMO.storefrontPublicKey]);
  if (!app.rows[0]) throw new Error('the demo storefront app is missing: is the demo data loaded?');
  return { customerId, storefrontAppId: app.rows[0].id };
}

/** An account of this run's own for the floor's orders, then the server. */
async function start(api: Api): Promise<{ server: FloorProcess; customerId: string }> {
  const { customerId, storefrontAppId } = await withDatabase(api, (db) => floorCustomer(db, 'Bench checkout floor'));
  const server = await FloorProcess.start('checkout-server', api, { FLOOR_CUSTOMER_ID: customerId, FLOOR_STOREFRONT_APP_ID: storefrontAppId });
  return { server, customerId };
}

/** The checkout floors' server, started once per run, and the account its orders belong to. */
export function checkoutFloorServer(api: Api): Promise<{ server: FloorProcess; customerId: string }> {
  return (started ??= start(api));
}

/** A success is an answer with data.checkout.order, as for the API's checkouts. */
function failure(status: number, text: string): string | null {
  if (status !== 200) return 'non-200 responses';
  try {
    return (JSON.parse(text) as { data?: { checkout?: { order?: unknown } } }).data?.checkout?.order ? null : 'responses without data.checkout.order';
  } catch {
    return 'responses that are not JSON';
  }
}

/**
 * The floor of a checkout scenario: 1 unit of the next of `skus` (global IDs, the scenario's own)
 * per request, shipped where the scenario's buyers ship, placed by checkout-server.
 */
export function checkoutFloor(skus: (api: Api) => Promise<string[]>, shippingAddress: Record<string, string>): Floor {
  return {
    description:
      'the checkout\'s database work as one raw transaction per request (insert the order, its line, its order.created event; take the stock with "update sku set stock = stock - 1 … where id = $1 and stock >= 1"), ' +
      "the same SKUs, served by plain node:http + pg (its own process, a pool of the API's size); its orders belong to an account of its own",
    async prepare(api) {
      const { server } = await checkoutFloorServer(api);
      const ids = (await skus(api)).map((id) => {
        const dbId = idOf('Sku', id);
        if (!dbId) throw new Error(`${id} is not a SKU id`);
        return dbId;
      });
      let n = 0;
      const request = () => ({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ skuId: ids[n++ % ids.length], shippingAddress }),
      });
      const check = request();
      const res = await httpRequest(server.base, 'POST', '/checkout', check.headers, check.body);
      const failed = failure(res.status, res.text);
      if (failed) throw new Error(`the floor's check request failed (counted among ${failed}): HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      return { base: server.base, path: '/checkout', request, varies: true, failure, serverPid: server.pid, databaseCpu: api.databaseCpu };
    },
  };
}

/** The orders the checkout floors placed in this run (0 when none ran); read once their server has stopped. */
export async function floorOrders(api: Api): Promise<number> {
  if (!started) return 0;
  const { customerId } = await started;
  return withDatabase(api, async (db) => {
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from customer_order where customer_id = $1', [customerId]);
    return rows[0].n;
  });
}

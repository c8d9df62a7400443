import { DEMO } from '../../src/db/demo-data';
import { signIn, type Session } from '../lib/accounts';
import type { Api } from '../lib/api';
import { BUYERS, Buyers } from '../lib/buyers';
import { checkoutFloor, floorOrders } from '../lib/floors/checkout';
import { defaultFailure, type Operation } from '../lib/operation';
import { seconds } from '../lib/print';
import type { Check, Scenario } from '../lib/scenario';
import { RUN_TAG, runsMs } from '../lib/settings';
import { addStock, onSaleSkus } from '../lib/skus';

const STOCK_ADDED = 1_000_000;
const SPREAD_SKUS = 100;
const CHECKOUT_CONNECTIONS = [16, 64];
const CHECKOUT_OPERATION = 'BenchCheckout';
/** "Buy now" of one line, asking for what an order confirmation page shows. */
const CHECKOUT = `mutation ${CHECKOUT_OPERATION}($input: CheckoutInput!) { checkout(input: $input) { order { id number status paymentDueAt cost { total { amount currencyCode } } lines { skuCode quantity unitPrice { amount } } } userErrors { code message field } } }`;
const SHIPPING_ADDRESS = { name: 'Bench Buyer', phone: '13800138000', region: '浙江省 杭州市 西湖区', detail: '文三路 100 号' };

async function ordersCount(api: Api, operator: Session): Promise<number> {
  const data = await api.graphql<{ orders: { totalCount: number } }>(
    { query: 'query { orders(first: 1) { totalCount } }', headers: { authorization: `Bearer ${operator.accessToken}` } },
    { storefrontKey: false },
  );
  return data.orders.totalCount;
}

/** Buyers, stock and the orders check, shared by the checkout scenarios. */
class CheckoutBench {
  /** Orders and checkout operations the server had before the first checkout scenario; null until then. */
  private baseline: { orders: number; executed: number } | null = null;
  private skus: Promise<{ hot: string; spread: string[] }> | null = null;
  private readonly buyers = new Buyers();
  /** Numbers the checkout requests: picks the buyer and the SKU, makes the idempotency key. */
  private sequence = 0;
  /** Checkout responses read, and those with data.checkout.order: warm-ups and check requests included. */
  private answered = 0;
  private succeeded = 0;

  /** Buyers signed in for the scenario's runs, and once, before the first checkout: the baseline for the orders check, the SKUs and their stock. */
  async prepare(api: Api): Promise<{ hot: string; spread: string[] }> {
    const ready = await this.buyers.ensure(api, runsMs(CHECKOUT_CONNECTIONS.length));
    if (ready) {
      console.log(
        `  checkout: ${BUYERS} buyers ${ready.again ? 'signed in again' : `(${ready.registered} registered, ${BUYERS - ready.registered} signed in)`} in ${seconds(ready.ms)}; ` +
          `tokens valid for ${Math.round(ready.validMs / 60_000)} min`,
      );
    }
    return this.skusFor(api);
  }

  /** The hot SKU and the spread ones with their stock added, once; the floors check out the same. */
  skusFor(api: Api): Promise<{ hot: string; spread: string[] }> {
    return (this.skus ??= this.prepareSkus(api));
  }

  private async prepareSkus(api: Api): Promise<{ hot: string; spread: string[] }> {
    const t0 = Date.now();
    const operator = await signIn(api, DEMO.operatorEmail, DEMO.operatorPassword, false);
    this.baseline = { orders: await ordersCount(api, operator), executed: (await api.settledCounters()).operations.get(CHECKOUT_OPERATION) ?? 0 };
    // The first one is the hot SKU.
    const { ids, products } = await onSaleSkus(api, 1 + SPREAD_SKUS);
    if (ids.length < 2) throw new Error('fewer than 2 on-sale SKUs in the first 100 products in stock: is the demo data loaded?');
    const [hot, ...spread] = ids;
    // Enough stock that no run sells out; a stock-out would show as errors.
    await addStock(api, operator, ids, STOCK_ADDED, 'bench: stock for the checkout runs');
    console.log(
      `  checkout: hot SKU + ${spread.length} spread SKUs from ${products} on-sale products, +${STOCK_ADDED.toLocaleString('en')} stock each ` +
        `(${seconds(Date.now() - t0)}); ${this.baseline.orders} orders before`,
    );
    return { hot, spread };
  }

  /** Checkout of 1 unit of skuOf(n) by buyer n (rotating), n counting every checkout request. */
  operation(skuOf: (n: number) => string): Operation {
    return {
      query: CHECKOUT,
      perRequest: () => {
        const n = this.sequence++;
        return {
          headers: { authorization: `Bearer ${this.buyers.of(n).accessToken}` },
          variables: { input: { lines: [{ skuId: skuOf(n), quantity: 1 }], shippingAddress: SHIPPING_ADDRESS, idempotencyKey: `bench-${RUN_TAG}-${n}` } },
        };
      },
      failure: (status, text) => {
        this.answered++;
        const failed = defaultFailure(status, text);
        if (failed) return failed;
        let order: unknown;
        try {
          order = (JSON.parse(text) as { data?: { checkout?: { order?: unknown } } }).data?.checkout?.order;
        } catch {
          return 'responses that are not JSON';
        }
        if (!order) return 'responses without data.checkout.order';
        this.succeeded++;
        return null;
      },
    };
  }

  /**
   * After the runs: the orders the API holds against the successful checkouts. When a timed run
   * ends, autocannon closes its connections with requests still in flight; the server places
   * those orders all the same, so they are counted from the server's metrics (checkout
   * operations it ran) less the answers read.
   */
  async verify(api: Api): Promise<{ ok: boolean; lines: string[] }> {
    if (!this.baseline) return { ok: true, lines: ['Orders check: skipped (no checkout scenario got as far as its runs).'] };
    const executed = ((await api.settledCounters()).operations.get(CHECKOUT_OPERATION) ?? 0) - this.baseline.executed;
    const operator = await signIn(api, DEMO.operatorEmail, DEMO.operatorPassword, false);
    const orders = await ordersCount(api, operator);
    // The checkout floors' orders are in the same table, under an account of their own: counted in the database and left out.
    const byFloors = await floorOrders(api);
    const placed = orders - this.baseline.orders - byFloors;
    const unread = executed - this.answered;
    const expected = this.succeeded + unread;
    const ok = placed === expected;
    return {
      ok,
      lines: [
        `Orders check (operator query orders(first: 1) { totalCount }): ${this.baseline.orders} before the checkout scenarios, ${orders} after: ${placed} orders placed through the API` +
          (byFloors ? ` (and ${byFloors} by the checkout floors, under their own account, counted in the database and left out).` : '.'),
        `  successful checkouts (answers with data.checkout.order, warm-ups and check requests included)  ${this.succeeded}`,
        `  checkouts the server ran whose answer was not read (in flight when a timed run ended)          ${unread}`,
        `  checkout answers that were failures                                                          ${this.answered - this.succeeded}`,
        ok
          ? `  orders placed = successful checkouts + unread ones: ${placed} = ${this.succeeded} + ${unread}: OK`
          : `  MISMATCH: ${placed} orders placed, but ${this.succeeded} successful checkouts + ${unread} unread ones = ${expected}`,
      ],
    };
  }
}

const checkout = new CheckoutBench();

/** Every request: 1 unit of the same SKU, by the next of the buyers: contention on one stock row. */
export const checkoutHotSku: Scenario = {
  name: 'checkout, hot SKU',
  connections: CHECKOUT_CONNECTIONS,
  operation: async (api) => {
    const { hot } = await checkout.prepare(api);
    return checkout.operation(() => hot);
  },
  floor: checkoutFloor(async (api) => [(await checkout.skusFor(api)).hot], SHIPPING_ADDRESS),
};

/** Every request: 1 unit of the next of ~100 on-sale SKUs, by the next of the buyers. */
export const checkoutSpreadSkus: Scenario = {
  name: 'checkout, spread SKUs',
  connections: CHECKOUT_CONNECTIONS,
  operation: async (api) => {
    const { spread } = await checkout.prepare(api);
    return checkout.operation((n) => spread[n % spread.length]);
  },
  floor: checkoutFloor(async (api) => (await checkout.skusFor(api)).spread, SHIPPING_ADDRESS),
};

/** After the runs: every successful checkout placed exactly one order (none lost, none twice). */
export const ordersCheck: Check = { name: 'orders check', run: (api) => checkout.verify(api) };

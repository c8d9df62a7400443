/**
 * The checkout scenarios' floor, run as a process of its own by FloorProcess: for each POST
 * /checkout with a JSON body `{ skuId, shippingAddress }`, the database work of placing an order of
 * one unit as one raw transaction on a pg pool — the order row, its line and its `order.created`
 * event into the API's own tables, then the SKU's stock taken by a conditional update, last, as the
 * API takes it — answered with the JSON the API gives for the bench's checkout. Nothing else: no
 * pricing, no promotions, no idempotency, no attribution, no stock movement row.
 *
 * POST /flash with `{ skuId, flashSaleId, shippingAddress }` is the flash rush's floor (`npm run
 * bench:flash-sale`): the same transaction with the flash sale's stock taken by a conditional
 * decrement and the purchase recorded against the order, before the SKU's stock; once a decrement
 * is refused, every later request for that sale is refused from memory (the API's fast gate does
 * the same). No per-customer count: the floor's orders all belong to one account.
 *
 * The orders belong to FLOOR_CUSTOMER_ID (an account of the floor's own), so the bench's orders
 * check can leave them out; FLOOR_STOREFRONT_APP_ID is the demo storefront's.
 */
import 'reflect-metadata';
import { toGlobalId, uuidv7 } from '../../../src/lib/ids';
import { formatFen } from '../../../src/lib/money';
import { floorPool, inTransaction, Rollback, serve, type Answer } from './serve';

const CUSTOMER_ID = process.env.FLOOR_CUSTOMER_ID;
const STOREFRONT_APP_ID = process.env.FLOOR_STOREFRONT_APP_ID;
const UNPAID_TIMEOUT = '30 minutes';

// The order and its line read the SKU's price (and the line its product's name) in the insert itself.
const INSERT_ORDER = {
  name: 'floor_insert_order',
  text: `insert into customer_order (id, number, customer_id, storefront_app_id, status, subtotal, discount_total, shipping_fee, total, refunded_total, adjustments,
                              ship_name, ship_phone, ship_region, ship_detail, placed_at, payment_due_at, fulfilment_hold, updated_at)
         select $1, $2, $3, $4, 'pending_payment', s.price, 0, 0, s.price, 0, '[]', $5, $6, $7, $8, now(), now() + interval '${UNPAID_TIMEOUT}', false, now()
           from sku s where s.id = $9
         returning total, payment_due_at`,
};
const INSERT_LINE = {
  name: 'floor_insert_line',
  text: `insert into order_line (id, order_id, sku_id, product_id, product_name, sku_code, specs, unit_price, list_price, price_reason, quantity, discount, total,
                          refunded_quantity, refunded_amount)
         select $1, $2, s.id, s.product_id, p.name, s.code, s.specs, s.price, s.price, 'RETAIL', 1, 0, s.price, 0, 0
           from sku s join product p on p.id = s.product_id where s.id = $3
         returning sku_code, unit_price`,
};
const INSERT_EVENT = {
  name: 'floor_insert_event',
  text: `insert into order_event (order_id, type, payload, created_at, attempts) values ($1, 'order.created', $2, now(), 0)`,
};
const TAKE_FLASH_STOCK = {
  name: 'floor_take_flash_stock',
  text: 'update flash_sale set flash_stock = flash_stock - 1, sold = sold + 1 where id = $1 and flash_stock >= 1 and ended_at is null',
};
const RECORD_FLASH_PURCHASE = {
  name: 'floor_record_flash_purchase',
  text: 'insert into flash_sale_purchase (id, flash_sale_id, customer_id, order_id, quantity, created_at) values ($1, $2, $3, $4, 1, now())',
};
const TAKE_STOCK = { name: 'floor_take_stock', text: 'update sku set stock = stock - 1, updated_at = now() where id = $1 and stock >= 1' };

interface CheckoutBody {
  skuId: string;
  /** POST /flash only. */
  flashSaleId?: string;
  shippingAddress: { name: string; phone: string; region: string; detail: string };
}

/** Flash sales a decrement was refused for: sold out. */
const soldOut = new Set<string>();

/** Order numbers of their own ("F…"), unique across floor servers and runs. */
const numberPrefix = `F${Date.now().toString(36)}${process.pid}-`;
let placed = 0;

const refused = (code: string, message: string): Answer => ({
  status: 200,
  json: JSON.stringify({ data: { checkout: { order: null, userErrors: [{ code, message, field: ['input', 'lines'] }] } } }),
});

async function main(): Promise<void> {
  if (!CUSTOMER_ID || !STOREFRONT_APP_ID) throw new Error('FLOOR_CUSTOMER_ID and FLOOR_STOREFRONT_APP_ID are required');
  const pool = floorPool();
  serve(pool, async (path, body) => {
    if (path !== '/checkout' && path !== '/flash') return { status: 404, json: '{}' };
    const { skuId, flashSaleId, shippingAddress: to } = JSON.parse(body) as CheckoutBody;
    const flash = path === '/flash' ? flashSaleId : undefined;
    if (path === '/flash' && !flash) return { status: 400, json: '{"errors":[{"message":"flashSaleId is required"}]}' };
    if (flash && soldOut.has(flash)) return refused('FLASH_SALE_SOLD_OUT', 'This flash sale is sold out');
    const orderId = uuidv7();
    const number = `${numberPrefix}${++placed}`;
    return inTransaction(pool, async (client) => {
      const order = await client.query<{ total: number; payment_due_at: string }>({
        ...INSERT_ORDER,
        values: [orderId, number, CUSTOMER_ID, STOREFRONT_APP_ID, to.name, to.phone, to.region, to.detail, skuId],
      });
      if (!order.rowCount) throw new Rollback(refused('SKU_NOT_FOUND', 'No SKU has this id'));
      const line = await client.query<{ sku_code: string; unit_price: number }>({ ...INSERT_LINE, values: [uuidv7(), orderId, skuId] });
      const total = order.rows[0].total;
      await client.query({ ...INSERT_EVENT, values: [orderId, JSON.stringify({ number, total })] });
      if (flash) {
        if (!(await client.query({ ...TAKE_FLASH_STOCK, values: [flash] })).rowCount) {
          soldOut.add(flash);
          throw new Rollback(refused('FLASH_SALE_SOLD_OUT', 'This flash sale is sold out'));
        }
        await client.query({ ...RECORD_FLASH_PURCHASE, values: [uuidv7(), flash, CUSTOMER_ID, orderId] });
      }
      if (!(await client.query({ ...TAKE_STOCK, values: [skuId] })).rowCount) throw new Rollback(refused('INSUFFICIENT_STOCK', 'The SKU is out of stock'));
      const placedOrder = {
        id: toGlobalId('Order', orderId),
        number,
        status: 'PENDING_PAYMENT',
        paymentDueAt: new Date(order.rows[0].payment_due_at).toISOString(),
        cost: { total: { amount: formatFen(total), currencyCode: 'CNY' } },
        lines: line.rows.map((l) => ({ skuCode: l.sku_code, quantity: 1, unitPrice: { amount: formatFen(l.unit_price) } })),
      };
      return { status: 200, json: JSON.stringify({ data: { checkout: { order: placedOrder, userErrors: [] } } }) };
    });
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});

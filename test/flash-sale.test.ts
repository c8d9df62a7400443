import { dispatchOrderEvents } from '../src/modules/orders/events';
import { minuteOfDay } from '../src/modules/promotions/flash-pricing';
import { formatTime } from '../src/modules/promotions/flash-admin';
import { startHarness, type Harness } from './harness';
import { ADDRESS, products, stockOf } from './shop';
import { customer } from './social';

let h: Harness;
let op: string;
let liveSlot: string;
let laterSlot: string;

const SLOT = 'mutation($input: FlashSlotInput!) { createFlashSlot(input: $input) { slot { id name startTime endTime } userErrors { code field message } } }';
const SALE =
  'mutation($input: FlashSaleCreateInput!) { createFlashSale(input: $input) { flashSale { id flashPrice { amount } flashStock sold perCustomerLimit isLive sku { id } slot { id } } userErrors { code field message } } }';
const CHECKOUT = `mutation($input: CheckoutInput!) {
  checkout(input: $input) { order { id cost { total { amount } } lines { unitPrice { amount } priceReason } } userErrors { code field message } }
}`;
const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });
const DAY = 86_400_000;

/** Two slots that do not overlap: one around the current local time, one that is not on now. */
beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  const m = minuteOfDay(new Date(), 'Asia/Shanghai');
  const [start, end] = [Math.max(0, m - 30), Math.min(1440, m + 30)];
  const other = end + 60 <= 1440 ? [end + 1, end + 60] : [0, start - 1];
  const live = await asOp(SLOT, { input: { name: '此刻场', startTime: formatTime(start), endTime: formatTime(end) } });
  expect(live.data.createFlashSlot.userErrors).toEqual([]);
  liveSlot = live.data.createFlashSlot.slot.id;
  const later = await asOp(SLOT, { input: { name: '下一场', startTime: formatTime(other[0]), endTime: formatTime(other[1]) } });
  expect(later.data.createFlashSlot.userErrors).toEqual([]);
  laterSlot = later.data.createFlashSlot.slot.id;
});
afterAll(() => h.close());

async function dispatch(): Promise<void> {
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}

async function flashSale(slotId: string, over: Record<string, unknown> = {}, stock = 200) {
  const [sku] = await products(h, op, ['99.00'], stock);
  const res = await asOp(SALE, {
    input: {
      slotId,
      skuId: sku.skuId,
      flashPrice: '9.90',
      flashStock: 5,
      perCustomerLimit: 1,
      startsAt: new Date(Date.now() - DAY).toISOString(),
      endsAt: new Date(Date.now() + DAY).toISOString(),
      ...over,
    },
  });
  expect(res.data.createFlashSale.userErrors).toEqual([]);
  return { ...sku, saleId: res.data.createFlashSale.flashSale.id as string, sale: res.data.createFlashSale.flashSale };
}

describe('flash-sale slots', () => {
  it('refuses a slot that overlaps another, and bad times, writing nothing', async () => {
    const slots = await h.gql('{ flashSlots(first: 10) { nodes { startTime endTime } } }');
    const [first] = slots.data.flashSlots.nodes;
    const overlap = await asOp(SLOT, { input: { name: '撞车', startTime: first.startTime, endTime: first.endTime } });
    expect(overlap.data.createFlashSlot.userErrors[0].code).toBe('SLOT_OVERLAP');
    for (const [startTime, endTime] of [
      ['25:00', '26:00'],
      ['10:00', '09:00'],
      ['9:00', '10:00'],
    ]) {
      expect((await asOp(SLOT, { input: { name: 'Bad', startTime, endTime } })).data.createFlashSlot.userErrors[0].code).toBe('INVALID_TIME');
    }
    expect((await h.sql('select count(*)::int as n from flash_slot'))[0].n).toBe(2);
  });

  it('refuses bad campaigns and a second running campaign on a SKU', async () => {
    const { skuId } = await flashSale(liveSlot);
    const base = {
      slotId: liveSlot,
      skuId,
      flashPrice: '9.90',
      flashStock: 5,
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + DAY).toISOString(),
    };
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'SKU_BUSY'],
      [{ flashPrice: '99.00' }, 'INVALID_PRICE'],
      [{ endsAt: new Date(Date.now() - DAY).toISOString() }, 'INVALID_WINDOW'],
      [{ slotId: 'bm9wZQ' }, 'SLOT_NOT_FOUND'],
      [{ skuId: 'bm9wZQ' }, 'SKU_NOT_FOUND'],
    ];
    const before = (await h.sql('select count(*)::int as n from flash_sale'))[0].n;
    for (const [over, code] of cases) expect((await asOp(SALE, { input: { ...base, ...over } })).data.createFlashSale.userErrors[0].code).toBe(code);
    // Outside the documented bounds (stock from 1, limit from 1): refused at the edge before anything runs.
    for (const [over, field] of [
      [{ flashStock: 0 }, 'flashStock'],
      [{ perCustomerLimit: 0 }, 'perCustomerLimit'],
    ] as const) {
      const res = await asOp(SALE, { input: { ...base, ...over } });
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', field] });
    }
    expect((await h.sql('select count(*)::int as n from flash_sale'))[0].n).toBe(before);
    const inUse = await asOp('mutation($id: ID!) { deleteFlashSlot(id: $id) { userErrors { code } } }', { id: liveSlot });
    expect(inUse.data.deleteFlashSlot.userErrors[0].code).toBe('SLOT_IN_USE');
  });
});

describe('buying in a flash sale', () => {
  it('sells at the flash price inside the slot, and at the retail price outside it', async () => {
    const live = await flashSale(liveSlot);
    const later = await flashSale(laterSlot);
    const buyer = await customer(h, 'flash');
    const res = await h.gql(
      CHECKOUT,
      {
        input: {
          lines: [
            { skuId: live.skuId, quantity: 1 },
            { skuId: later.skuId, quantity: 1 },
          ],
          shippingAddress: ADDRESS,
        },
      },
      { token: buyer.token },
    );
    expect(res.data.checkout.userErrors).toEqual([]);
    expect([...res.data.checkout.order.lines].sort((a, b) => a.priceReason.localeCompare(b.priceReason))).toEqual([
      { unitPrice: { amount: '9.90' }, priceReason: 'FLASH_SALE' },
      { unitPrice: { amount: '99.00' }, priceReason: 'RETAIL' },
    ]);
    const sale = await h.gql(
      'query($id: ID!) { node(id: $id) { ... on FlashSale { flashStock sold sales { amount } isLive } } }',
      { id: live.saleId },
      { token: op },
    );
    expect(sale.data.node).toEqual({ flashStock: 4, sold: 1, sales: { amount: '9.90' }, isLive: true });
    const shopper = await h.gql(
      'query($id: ID!) { node(id: $id) { ... on FlashSale { flashStock sold sales { amount } isLive } } }',
      { id: live.saleId },
      { token: buyer.token },
    );
    expect(shopper.data.node).toEqual({ flashStock: 4, sold: null, sales: null, isLive: true });
    expect(shopper.errors!.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const listed = await h.gql('{ flashSales(first: 50, filter: { isLive: true }) { nodes { id } } }');
    expect(listed.data.flashSales.nodes.map((n: { id: string }) => n.id)).toContain(live.saleId);
    expect(listed.data.flashSales.nodes.map((n: { id: string }) => n.id)).not.toContain(later.saleId);
  });

  it('sells exactly the flash stock to many parallel buyers', async () => {
    const { skuId, code, saleId } = await flashSale(liveSlot, { flashStock: 5 });
    const buyers = await Promise.all(Array.from({ length: 40 }, (_, i) => customer(h, `rush${i}`)));
    const results = await Promise.all(
      buyers.map((b) => h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS } }, { token: b.token })),
    );
    expect(results.filter((r) => r.data?.checkout.order)).toHaveLength(5);
    expect(results.filter((r) => r.data?.checkout.userErrors[0]?.code === 'FLASH_SALE_SOLD_OUT')).toHaveLength(35);
    const [row] = await h.sql('select flash_stock, sold from flash_sale where id = $1', [Buffer.from(saleId, 'base64url').toString().split(':')[1]]);
    expect(row).toEqual({ flash_stock: 0, sold: 5 });
    expect(await stockOf(h, code)).toBe(195);
  });

  it('holds the per-customer limit under parallel checkouts', async () => {
    const { skuId } = await flashSale(liveSlot, { flashStock: 50, perCustomerLimit: 2 });
    const buyer = await customer(h, 'greedy');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS } }, { token: buyer.token })),
    );
    expect(results.filter((r) => r.data?.checkout.order)).toHaveLength(2);
    expect(results.filter((r) => r.data?.checkout.userErrors[0]?.code === 'FLASH_SALE_LIMIT_REACHED')).toHaveLength(8);
    const three = await h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 3 }], shippingAddress: ADDRESS } }, { token: (await customer(h, 'bulk')).token });
    expect(three.data.checkout.userErrors[0].code).toBe('FLASH_SALE_LIMIT_REACHED');
  });

  it("gives the flash stock and the buyer's count back when the unpaid order is cancelled, once", async () => {
    const { skuId, saleId } = await flashSale(liveSlot, { flashStock: 1 });
    const buyer = await customer(h, 'canceller');
    const order = (await h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS } }, { token: buyer.token })).data.checkout.order;
    await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: order.id }, { token: buyer.token });
    await dispatch();
    await h.sql(
      `update order_event set delivered_at = null where order_id = (select order_id from flash_sale_purchase where flash_sale_id = $1) and type = 'order.cancelled'`,
      [Buffer.from(saleId, 'base64url').toString().split(':')[1]],
    );
    await dispatch();
    const sale = await h.gql('query($id: ID!) { node(id: $id) { ... on FlashSale { flashStock sold } } }', { id: saleId }, { token: op });
    expect(sale.data.node).toEqual({ flashStock: 1, sold: 0 });
    const again = await h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS } }, { token: buyer.token });
    expect(again.data.checkout.userErrors).toEqual([]);
  });

  it('lets operators add stock and end a flash sale', async () => {
    const { skuId, saleId } = await flashSale(liveSlot, { flashStock: 1 });
    const UPDATE =
      'mutation($id: ID!, $input: FlashSaleUpdateInput!) { updateFlashSale(id: $id, input: $input) { flashSale { flashStock perCustomerLimit } userErrors { code } } }';
    expect((await asOp(UPDATE, { id: saleId, input: { addFlashStock: 9, perCustomerLimit: 3 } })).data.updateFlashSale.flashSale).toEqual({
      flashStock: 10,
      perCustomerLimit: 3,
    });
    expect((await asOp(UPDATE, { id: saleId, input: { addFlashStock: -11 } })).data.updateFlashSale.userErrors[0].code).toBe('INVALID_STOCK');
    const END = 'mutation($id: ID!) { endFlashSale(id: $id) { flashSale { endedAt isLive } userErrors { code } } }';
    expect((await asOp(END, { id: saleId })).data.endFlashSale.flashSale.isLive).toBe(false);
    expect((await asOp(END, { id: saleId })).data.endFlashSale.userErrors[0].code).toBe('CAMPAIGN_ENDED');
    const after = await h.gql(
      CHECKOUT,
      { input: { lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS } },
      { token: (await customer(h, 'after')).token },
    );
    expect(after.data.checkout.order.lines[0].priceReason).toBe('RETAIL');
  });
});

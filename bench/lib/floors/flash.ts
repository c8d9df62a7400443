import { Agent } from 'node:http';
import { Client } from 'pg';
import type { Api } from '../api';
import { processCpuMs } from '../cpu';
import { rush, type Rush } from '../rush';
import { checkoutFloorServer } from './checkout';
import { jsonBody, postJson, type JsonBody } from '../graphql-client';

/** A floor server's answer, parsed: the API's checkout answer's shape (or a transport error). */
export interface FloorAnswer {
  data?: { checkout?: { order: unknown; userErrors: { code: string }[] } };
  error?: string;
}

export interface FlashFloorRun {
  rush: Rush<FloorAnswer>;
  /** The floor server's and the database server's CPU during the rush, ms. */
  cpu: { floor: number; database: number };
  checks: [string, boolean][];
}

/** A JSON POST to the floor over a keep-alive agent, parsed; a failure is an answer of its own. */
function post(agent: Agent, base: string, path: string, body: JsonBody): Promise<FloorAnswer> {
  return postJson(agent, Number(new URL(base).port), path, body).catch((err: Error) => ({ error: err.message }));
}

/**
 * The flash rush's floor: the same rush — `buyers` at once over `sockets` connections, after
 * `warmUp` ordinary checkouts over the same connections — against checkout-server's POST /flash
 * (plain node:http + pg: the order, its line and event, the flash stock's conditional decrement and
 * the purchase, the SKU's stock, in one raw transaction; refused from memory once sold out), on a
 * flash sale and SKU of its own (database ids) whose SKU has `units` + `warmUp` in stock or more.
 */
export async function flashFloorRush(
  api: Api,
  sale: { skuId: string; flashSaleId: string; units: number },
  options: { buyers: number; sockets: number; warmUp: number; shippingAddress: Record<string, string> },
): Promise<FlashFloorRun> {
  const { server } = await checkoutFloorServer(api);
  const agent = new Agent({ keepAlive: true, maxSockets: options.sockets });
  const db = new Client({ connectionString: api.databaseUrl });
  await db.connect();
  try {
    const stockOf = async () => (await db.query<{ stock: number }>('select stock from sku where id = $1', [sale.skuId])).rows[0].stock;
    const stockBefore = await stockOf();
    const checkout = jsonBody({ skuId: sale.skuId, shippingAddress: options.shippingAddress });
    const warm = await Promise.all(Array.from({ length: options.warmUp }, () => post(agent, server.base, '/checkout', checkout)));
    const warmed = warm.filter((a) => a.data?.checkout?.order).length;
    await new Promise((r) => setTimeout(r, 1000));
    const flash = jsonBody({ skuId: sale.skuId, flashSaleId: sale.flashSaleId, shippingAddress: options.shippingAddress });
    const floorCpuBefore = processCpuMs(server.pid);
    const databaseCpuBefore = api.databaseCpu.read();
    const run = await rush(
      options.buyers,
      () => post(agent, server.base, '/flash', flash),
      (a) => !!a.data?.checkout?.order,
    );
    const cpu = { floor: processCpuMs(server.pid) - floorCpuBefore, database: api.databaseCpu.spentSince(databaseCpuBefore) };
    const [left] = (await db.query<{ flash_stock: number; sold: number }>('select flash_stock, sold from flash_sale where id = $1', [sale.flashSaleId])).rows;
    const stockAfter = await stockOf();
    const soldOut = run.answers.filter((a) => a.data?.checkout?.userErrors?.[0]?.code === 'FLASH_SALE_SOLD_OUT').length;
    const checks: [string, boolean][] = [
      [`floor: ${options.warmUp} warm-up checkouts placed`, warmed === options.warmUp],
      [`floor: exactly ${sale.units} orders placed`, run.placedAt.length === sale.units],
      ['floor: every other buyer refused FLASH_SALE_SOLD_OUT', soldOut === options.buyers - sale.units],
      ['floor: flash stock 0 and sold = units', left.flash_stock === 0 && left.sold === sale.units],
      ['floor: SKU stock down by exactly the warm-up and the units', stockBefore - stockAfter === options.warmUp + sale.units],
    ];
    return { rush: run, cpu, checks };
  } finally {
    agent.destroy();
    await db.end();
  }
}

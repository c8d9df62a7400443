import { Agent } from 'node:http';
import { Client } from 'pg';
import type { Api } from '../api';
import { processCpuMs } from '../cpu';
import { jsonBody, postJson } from '../graphql-client';
import { connectViewers, saleDelays, soldSpreads, untilStockZero, writeToFirstViewer } from '../live-viewers';
import { floorCustomer } from './checkout';
import { FloorProcess } from './process';

export interface LiveFloorRun {
  /** ms from the rush's start until every buyer had an answer. */
  rushMs: number;
  /** performance.now() of each order's answer, sorted, and the rush's start. */
  placedAt: number[];
  started: number;
  /** Every (unit, viewer) delay from a sale's answer to the viewer's SOLD event counting it, sorted. */
  delays: number[];
  /** Each SOLD event from its first viewer to its last, sorted. */
  spreads: number[];
  /** Each SOLD event from its write to its first viewer, sorted. */
  toFirst: number[];
  /** The two floor processes' and the database server's CPU from the rush until every viewer had the last STOCK, ms. */
  cpu: { floor: number[]; database: number };
  checks: [string, boolean][];
}

/**
 * The live rush's floor: the same viewers and the same rush as the API's — `viewers` WebSocket
 * subscribers (bench/lib/live-viewers.ts) and `buyers` at once, spread over two processes —
 * against live-server (plain node:http + pg + ws: the database work of a live sale in one raw
 * transaction, announcements coalesced as the API coalesces them, each a pg_notify both processes
 * fan out), on a live item of its own (database ids) with a quota of `units` in the API's session
 * `sessionId`.
 */
export async function liveFloorRush(
  api: Api,
  live: { sessionId: string; itemId: string; units: number },
  options: { viewers: number; buyers: number; shippingAddress: Record<string, string> },
): Promise<LiveFloorRun> {
  const db = new Client({ connectionString: api.databaseUrl });
  await db.connect();
  const servers: FloorProcess[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  try {
    const { customerId, storefrontAppId } = await floorCustomer(db, 'Bench live floor');
    const env = { FLOOR_CUSTOMER_ID: customerId, FLOOR_STOREFRONT_APP_ID: storefrontAppId, FLOOR_SESSION_ID: live.sessionId };
    servers.push(await FloorProcess.start('live-server', api, env), await FloorProcess.start('live-server', api, env));
    const viewers = await connectViewers(
      servers.map((s) => `${s.base.replace('http', 'ws')}/graphql`),
      options.viewers,
      live.sessionId,
      {},
    );
    await new Promise((r) => setTimeout(r, 2000));
    const ports = servers.map((s) => Number(new URL(s.base).port));
    // The pools' connections opened, as the API's are after its warm-up.
    await Promise.all(Array.from({ length: 64 }, (_, i) => postJson(agent, ports[i % 2], '/warm', jsonBody({})).catch(() => undefined)));

    const floorCpuBefore = servers.map((s) => processCpuMs(s.pid));
    const databaseCpuBefore = api.databaseCpu.read();
    const body = jsonBody({ itemId: live.itemId, shippingAddress: options.shippingAddress });
    const started = performance.now();
    const placedAt: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: options.buyers }, async (_, i) => {
        const answer = (await postJson(agent, ports[i % 2], '/live', body).catch((err: Error) => ({ error: err.message }))) as {
          data?: { checkoutLive?: { order: unknown; userErrors: { code: string }[] } };
        };
        if (answer.data?.checkoutLive?.order) placedAt.push(performance.now());
        return answer;
      }),
    );
    const rushMs = performance.now() - started;
    await untilStockZero(viewers);
    const cpu = { floor: servers.map((s, i) => processCpuMs(s.pid) - floorCpuBefore[i]), database: api.databaseCpu.spentSince(databaseCpuBefore) };
    placedAt.sort((x, y) => x - y);
    const seen = await viewers.report();
    const [item] = (await db.query<{ quota_left: number; sold: number }>('select quota_left, sold from live_item where id = $1', [live.itemId])).rows;
    const soldOut = answers.filter((a) => a.data?.checkoutLive?.userErrors?.[0]?.code === 'ITEM_SOLD_OUT').length;
    const checks: [string, boolean][] = [
      [`floor: exactly ${live.units} orders placed`, placedAt.length === live.units],
      ['floor: every other buyer refused ITEM_SOLD_OUT', soldOut === options.buyers - live.units],
      ['floor: quota 0, sold = units', item.quota_left === 0 && item.sold === live.units],
      ["floor: every viewer's last STOCK is 0", seen.stockZero === options.viewers && seen.errors === 0],
    ];
    const run = {
      rushMs,
      placedAt,
      started,
      delays: saleDelays(seen, placedAt),
      spreads: soldSpreads(seen),
      toFirst: writeToFirstViewer(seen),
      cpu,
      checks,
    };
    viewers.dispose();
    return run;
  } finally {
    agent.destroy();
    await Promise.all(servers.map((s) => s.stop()));
    await db.end();
  }
}

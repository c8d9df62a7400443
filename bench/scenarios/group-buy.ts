import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { Api } from '../lib/api';
import type { Scenario } from '../lib/scenario';
import { RUN_TAG } from '../lib/settings';

// Group-buy: a product page's joinable sessions ("2 short, 03:12:09 left") over 500 open sessions.
const JOINABLE = `query($p: ID!) { joinableGroupBuySessions(productId: $p, first: 20) { nodes { id shareToken size joined remaining secondsLeft expiresAt leader { displayName avatarUrl } } } }`;
const GROUP_BUY_SESSIONS = 500;

/** A campaign on the first on-sale product with open sessions, written straight into the database; returns the product's global id. */
async function joinableSessions(api: Api): Promise<string> {
  const db = new Client({ connectionString: api.databaseUrl });
  await db.connect();
  try {
    const [product] = (
      await db.query<{ id: string; sku_id: string }>(
        `select p.id, s.id as sku_id from product p join sku s on s.product_id = p.id where p.publication = 'published' and p.sale_starts_at is null order by p.slug, s.position limit 1`,
      )
    ).rows;
    const campaignId = `${createHash('md5').update(`gb-${RUN_TAG}`).digest('hex').slice(0, 8)}-0000-7000-8000-000000000000`;
    const created = await db.query(
      `insert into group_buy_campaign (id, product_id, name, size, session_seconds, starts_at, ends_at, per_customer_limit, max_quantity, new_customers_only, leader_discount, status, created_at)
       values ($1, $2, 'Bench group-buy', 3, 86400, now() - interval '1 hour', now() + interval '7 days', 1, 1, false, 0, 'active', now()) on conflict do nothing`,
      [campaignId, product.id],
    );
    if (created.rowCount === 0) return Buffer.from(`Product:${product.id}`).toString('base64url');
    await db.query(`insert into group_buy_campaign_sku (id, campaign_id, sku_id, group_price) values (gen_random_uuid(), $1, $2, 100)`, [
      campaignId,
      product.sku_id,
    ]);
    await db.query(
      `insert into group_buy_session (id, campaign_id, product_id, leader_id, share_token, size, reserved, paid, status, opened_at, expires_at)
       select gen_random_uuid(), $1::uuid, $2::uuid, a.id, md5(gen_random_uuid()::text), 3, 1 + g % 2, 1, 'open', now(), now() + make_interval(secs => 3600 + g * 60)
         from generate_series(1, ${GROUP_BUY_SESSIONS}) g cross join lateral (select id from account order by id offset g % 3 limit 1) a`,
      [campaignId, product.id],
    );
    return Buffer.from(`Product:${product.id}`).toString('base64url');
  } finally {
    await db.end();
  }
}

export const groupBuyJoinable: Scenario = {
  name: 'group-buy joinable sessions',
  connections: [16, 64],
  operation: async (api) => ({ query: JOINABLE, variables: { p: await joinableSessions(api) } }),
};

import type { Harness } from './harness';
import { DEMO } from './harness';
import { member, type Person } from './social';

/** Live sessions, lineups and their events over HTTP, for the live tests. */

export const ITEM_FIELDS = 'id skuId livePrice { amount } stockLeft sold perCustomerLimit position status pinned';
export const SESSION_FIELDS = `id title coverUrl streamUrl replayUrl status scheduledStartAt storefrontAppIds viewers peakViewers uniqueViewers lastSeq
  host { accountId displayName } pinnedItem { id } lineup { ${ITEM_FIELDS} }`;
const SESSION_PAYLOAD = `session { ${SESSION_FIELDS} } userErrors { code field message }`;
const ITEM_PAYLOAD = `item { ${ITEM_FIELDS} } session { id status lastSeq pinnedItem { id } } userErrors { code field message }`;

export const CREATE = `mutation($input: CreateLiveSessionInput!) { createLiveSession(input: $input) { ${SESSION_PAYLOAD} } }`;
export const UPDATE = `mutation($id: ID!, $input: UpdateLiveSessionInput!) { updateLiveSession(id: $id, input: $input) { ${SESSION_PAYLOAD} } }`;
export const MOVE = (verb: 'start' | 'pause' | 'resume' | 'end' | 'cancel') => `mutation($id: ID!) { ${verb}LiveSession(id: $id) { ${SESSION_PAYLOAD} } }`;
export const ADD = `mutation($input: AddLiveItemInput!) { addLiveItem(input: $input) { ${ITEM_PAYLOAD} } }`;
export const CHANGE = `mutation($input: UpdateLiveItemInput!) { updateLiveItem(input: $input) { ${ITEM_PAYLOAD} } }`;
export const QUOTA = `mutation($input: ChangeLiveItemQuotaInput!) { changeLiveItemQuota(input: $input) { ${ITEM_PAYLOAD} } }`;
export const REMOVE = `mutation($id: ID!) { removeLiveItem(itemId: $id) { ${ITEM_PAYLOAD} } }`;
export const PIN = `mutation($id: ID!) { pinLiveItem(itemId: $id) { ${ITEM_PAYLOAD} } }`;
export const UNPIN = `mutation($id: ID!) { unpinLiveItem(sessionId: $id) { ${SESSION_PAYLOAD} } }`;
export const SESSION = `query($id: ID!) { liveSession(id: $id) { ${SESSION_FIELDS} } }`;

export const global = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
export const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

export const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

/** The demo storefront app's id (global). */
export async function demoApp(h: Harness): Promise<string> {
  const [app] = await h.sql('select id from storefront_app where public_key = $1', [DEMO.storefrontPublicKey]);
  return global('StorefrontApp', app.id);
}

/** A new member, who may host. */
export const host = (h: Harness, name = 'host'): Promise<Person> => member(h, name);

/** The payload of a mutation; throws on userErrors. */
export async function ok(h: Harness, query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const res = await h.gql(query, variables, { token });
  const payload = res.data && Object.values(res.data as Record<string, any>)[0];
  if (!payload || payload.userErrors?.length) throw new Error(JSON.stringify(res.body));
  return payload;
}

/** A scheduled session hosted by `token`'s member, shown on the demo app. */
export async function scheduled(h: Harness, token: string, title = 'Tea tasting live'): Promise<any> {
  return (await ok(h, CREATE, { input: { title, scheduledStartAt: inAnHour() } }, token)).session;
}

export async function live(h: Harness, token: string): Promise<any> {
  const s = await scheduled(h, token);
  return (await ok(h, MOVE('start'), { id: s.id }, token)).session;
}

export async function addItem(h: Harness, token: string, sessionId: string, skuId: string, quota: number, livePrice = '9.90'): Promise<any> {
  return (await ok(h, ADD, { input: { sessionId, skuId, quota, livePrice } }, token)).item;
}

/** The stored events of a session, in order. */
export async function storedEvents(h: Harness, sessionGlobalId: string): Promise<{ seq: number; type: string; data: any }[]> {
  const rows = await h.sql('select seq::int as seq, type::text as type, data from live_event where session_id = $1 order by seq', [dbId(sessionGlobalId)]);
  return rows;
}

/** SKU stock + every quota left + sold of the SKU's live items: what carving and giving back conserve. */
export async function conserved(h: Harness, code: string): Promise<{ stock: number; quotas: number; total: number }> {
  const [row] = await h.sql(
    `select s.stock, coalesce((select sum(i.quota_left + i.sold) from live_item i where i.sku_id = s.id), 0)::int as quotas from sku s where s.code = $1`,
    [code],
  );
  return { stock: row.stock, quotas: row.quotas, total: row.stock + row.quotas };
}

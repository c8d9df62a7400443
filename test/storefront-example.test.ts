import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { startOrderEventDispatcher } from '../src/modules/orders/events';
import { runBuyerPath } from '../examples/storefront/buyer-path';
import { startHarness, type Harness } from './harness';
import { setRules } from './earnings';
import { idFromGlobal } from './social';

/**
 * The storefront example (examples/storefront/buyer-path.ts: fetch and the typed documents only)
 * runs its whole path against the test server on every `npm test`, so it never falls behind the API.
 * The operator's side is set up here, as an operator would: commission rates, and a member made by
 * grantMembership; the order events reach earnings through the dispatcher, as in a running API.
 */
let h: Harness;
let base: string;
let dispatcher: { stop(): Promise<void> };

beforeAll(async () => {
  h = await startHarness();
  await new Promise<void>((listening) => h.app.http.listen(0, '127.0.0.1', listening));
  base = `http://127.0.0.1:${(h.app.http.address() as AddressInfo).port}`;
  dispatcher = startOrderEventDispatcher(() => h.orm.em.fork(), pino({ level: 'silent' }), 100);
});
afterAll(async () => {
  await dispatcher.stop();
  await h.close();
});

it("runs a buyer's path and a member's shared link end to end, and the member sees the commission pending", async () => {
  const op = await h.operatorToken();
  await setRules(h, op, { levels: 2, level1Rate: 1000, level2Rate: 0, selfPurchase: false, frozenDays: 0 });
  const member = { login: `sharer-${Date.now()}@storefront.example`, password: 'sharer-pass-2026' };
  const registered = await h.gql('mutation($input: RegisterInput!) { register(input: $input) { account { id } userErrors { code } } }', {
    input: { email: member.login, password: member.password, displayName: 'Sharer' },
  });
  const accountId = registered.data.register.account.id;
  const granted = await h.gql(
    'mutation($input: GrantMembershipInput!) { grantMembership(input: $input) { userErrors { code message } } }',
    { input: { accountId } },
    { token: op, key: null },
  );
  expect(granted.data.grantMembership.userErrors).toEqual([]);

  const lines: string[] = [];
  const result = await runBuyerPath({ url: base, storefrontKey: 'pk_demo_storefront_0000000000000', member, log: (line) => lines.push(line) });

  expect(result.order.status).toBe('PAID');
  expect(result.sharedOrder.status).toBe('PAID');
  expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^browsing: /), expect.stringMatching(/through the link: PAID/)]));
  // 10% of what the second buyer paid for the line, rounded down to the fen, on level 1: the member's only earning.
  const lineFen = Math.round(Number(result.sharedOrder.lineTotals[0]) * 100);
  const commission = (Math.floor(lineFen / 10) / 100).toFixed(2);
  expect(result.commission).toEqual([{ level: 1, amount: commission, explanation: expect.stringContaining('L1 commission') }]);
  expect(result.pending).toBe(commission);
  // The shared order is attributed to the member's link; the first buyer's to no sharer.
  const sharerOf = async (number: string) =>
    (await h.sql('select a.sharer_id from order_attribution a join customer_order o on o.id = a.order_id where o.number = $1', [number]))[0]?.sharer_id;
  expect(await sharerOf(result.sharedOrder.number)).toBe(idFromGlobal(accountId));
  expect(await sharerOf(result.order.number)).toBeNull();
});

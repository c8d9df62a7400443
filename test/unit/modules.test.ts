import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObjectType } from 'graphql';
import { modules } from '../../src/modules';
import { subscribersOf } from '../../src/modules/orders/events';
import { orderHooks } from '../../src/modules/orders/hooks';
import { installModules } from '../../src/server/modules';
import { schema } from '../../src/server/schema';

/** Which module declared each outbox subscriber and each set of order hooks, by identity. */
const subscriberOwner = new Map(modules.flatMap((m) => (m.orderEventSubscribers ?? []).map((s) => [s.handler, m.name] as const)));
const hooksOwner = new Map(modules.flatMap((m) => (m.orderHooks ? [[m.orderHooks, m.name] as const] : [])));

describe('the module list (src/modules/index.ts)', () => {
  beforeAll(() => {
    // Twice: the install step runs once per process, however often createApp is called.
    installModules();
    installModules();
  });

  it('runs the subscribers of each order event in the order of the list: members before earnings on order.paid', () => {
    const order = (event: string) => subscribersOf(event).map((handler) => subscriberOwner.get(handler));
    expect({
      'order.created': order('order.created'),
      'order.paid': order('order.paid'),
      'order.refunded': order('order.refunded'),
      'order.cancelled': order('order.cancelled'),
      'order.completed': order('order.completed'),
      'order.shipped': order('order.shipped'),
      'order.received': order('order.received'),
    }).toEqual({
      // Webhooks first: they only write their own table, and every event of the outbox goes out to storefront apps.
      'order.created': ['webhooks', 'content'],
      'order.paid': ['webhooks', 'members', 'referrals', 'content', 'earnings', 'coupons', 'promotions', 'wheel', 'reports'],
      'order.refunded': ['webhooks', 'members', 'referrals', 'content', 'earnings', 'coupons', 'promotions', 'reviews', 'reports'],
      'order.cancelled': ['webhooks', 'members', 'referrals', 'earnings', 'coupons', 'promotions'],
      'order.completed': ['webhooks', 'earnings'],
      'order.shipped': ['webhooks'],
      'order.received': ['webhooks'],
    });
    // Nothing subscribes to any other event, nor to all of them.
    const events = new Set(modules.flatMap((m) => (m.orderEventSubscribers ?? []).map((s) => s.event)));
    expect([...events].sort()).toEqual([
      'order.cancelled',
      'order.completed',
      'order.created',
      'order.paid',
      'order.received',
      'order.refunded',
      'order.shipped',
    ]);
  });

  it('runs the order hooks in the order of the list', () => {
    expect(orderHooks.map((hooks) => hooksOwner.get(hooks))).toEqual(['live', 'groupbuy', 'bargain', 'assist']);
  });

  it('has the account and membership hooks of the modules that declare them', () => {
    const declaring = (hook: 'accountRegistered' | 'membershipOpened' | 'membershipEndedForOrder') => modules.filter((m) => m[hook]).map((m) => m.name);
    expect(declaring('accountRegistered')).toEqual(['coupons']);
    expect(declaring('membershipOpened')).toEqual(['coupons']);
    expect(declaring('membershipEndedForOrder')).toEqual(['coupons']);
  });

  it('names each module once, and each node type in one module only', () => {
    const names = modules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    const types = modules.flatMap((m) => Object.keys(m.nodeTypes ?? {}));
    expect(new Set(types).size).toBe(types.length);
  });

  it('declares a node type for every object type that implements Node, but the two node(id:) has never fetched', async () => {
    const s = await schema();
    const implementing = Object.values(s.getTypeMap())
      .filter((t) => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'))
      .map((t) => t.name);
    const declared = new Set(modules.flatMap((m) => Object.keys(m.nodeTypes ?? {})));
    // Known before the manifests: node(id:) answers null for these two (reported, not decided here).
    expect(implementing.filter((t) => !declared.has(t)).sort()).toEqual(['SharePack', 'StockMovement']);
    expect([...declared].filter((t) => !implementing.includes(t))).toEqual([]);
  });
});

describe('the modules import only modules before them in the list', () => {
  it('has no import of a module listed later (the list is a dependency order, so no cycle can form)', () => {
    const root = join(__dirname, '../../src/modules');
    const rank = new Map(modules.map((m, i) => [m.name, i]));
    const later: string[] = [];
    for (const m of modules) {
      for (const file of readdirSync(join(root, m.name), { recursive: true }) as string[]) {
        if (!file.endsWith('.ts')) continue;
        const text = readFileSync(join(root, m.name, file), 'utf8');
        for (const [, target] of text.matchAll(/from '\.\.\/([a-z-]+)\//g)) {
          if ((rank.get(target) ?? -1) > rank.get(m.name)!) later.push(`${m.name}/${file} imports ${target}`);
        }
      }
    }
    expect(later).toEqual([]);
  });
});

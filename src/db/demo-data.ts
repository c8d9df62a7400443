import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../lib/ids';
import { hashPassword } from '../modules/accounts/passwords';
import { createContentLinks } from '../modules/attribution/content-links';
import { BlockKind, isProductBlock, productsOf, type StoredBlock } from '../modules/content/blocks';

/**
 * Demo data for trying the API: a storefront app with fixed keys, an operator, a few customers, a
 * catalog of 240 products in 12 categories and a KOL's published article with product cards.
 * Deterministic (seeded random), so benchmarks run on the same data every time. Loaded once, into an
 * empty database.
 */
export const DEMO = {
  storefrontPublicKey: 'pk_demo_storefront_0000000000000',
  storefrontSecretKey: 'sk_demo_storefront_secret_00000000000000000000',
  operatorEmail: 'operator@demo.example',
  operatorPassword: 'operator-demo-1',
  customerEmail: 'alice@demo.example',
  customerPassword: 'customer-demo-1',
  /** Alice signs in with a phone code too (requestSignInCode; the sandbox's code at GET /sandbox/sms/<phone>). */
  customerPhone: '13911110000',
  authorEmail: 'kol@demo.example',
  authorPassword: 'author-demo-1',
  articleSlug: 'spring-tea-list',
  /** The demo KOL site's origins (examples/kol-site, `npm run demo:kol`), allowed by the demo storefront app. */
  kolSiteOrigins: ['http://localhost:5173'],
  productCount: 240,
};

/** The README's first query: the IDE starts with it when the demo data is loaded. */
export const DEMO_FIRST_QUERY = `{
  products(first: 5, sort: BEST_SELLING, filter: { query: "tea", inStock: true }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id name status
      priceRange { min { amount currencyCode } }
      category { name ancestors { name } }
      images { url }
      skus { code specs { name value } price { amount } memberPrice { amount } inStock }
    }
  }
}
`;

/** mulberry32: a tiny seeded generator, enough for repeatable demo data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TREE: [string, string, [string, string, string[], string[][]][]][] = [
  [
    '服饰 Apparel',
    'apparel',
    [
      [
        'T恤 T-shirts',
        't-shirts',
        ['纯棉T恤 Cotton tee', '印花T恤 Print tee', '速干T恤 Quick-dry tee', '宽松T恤 Oversized tee'],
        [
          ['颜色', '白色', '黑色', '灰色', '藏青'],
          ['尺码', 'S', 'M', 'L', 'XL'],
        ],
      ],
      [
        '外套 Jackets',
        'jackets',
        ['防风夹克 Windbreaker', '羽绒服 Down jacket', '牛仔外套 Denim jacket', '冲锋衣 Hardshell'],
        [
          ['颜色', '黑色', '卡其', '军绿'],
          ['尺码', 'M', 'L', 'XL'],
        ],
      ],
    ],
  ],
  [
    '美妆 Beauty',
    'beauty',
    [
      [
        '护肤 Skincare',
        'skincare',
        ['补水面霜 Hydrating cream', '精华液 Serum', '洁面乳 Cleanser', '防晒霜 Sunscreen SPF50'],
        [['规格', '30ml', '50ml', '100ml']],
      ],
      [
        '彩妆 Makeup',
        'makeup',
        ['哑光口红 Matte lipstick', '气垫粉底 Cushion foundation', '眼影盘 Eyeshadow palette', '睫毛膏 Mascara'],
        [['色号', '01 正红', '02 豆沙', '03 奶茶', '04 珊瑚']],
      ],
    ],
  ],
  [
    '食品 Food',
    'food',
    [
      ['茶饮 Tea', 'tea', ['西湖龙井 Longjing tea', '云南普洱 Pu-erh tea', '福鼎白茶 White tea', '铁观音 Tieguanyin'], [['规格', '100g', '250g', '500g']]],
      [
        '零食 Snacks',
        'snacks',
        ['坚果礼盒 Nut gift box', '牛肉干 Beef jerky', '芒果干 Dried mango', '手工饼干 Handmade cookies'],
        [
          ['口味', '原味', '香辣', '五香'],
          ['规格', '小袋', '大袋'],
        ],
      ],
    ],
  ],
  [
    '家居 Home',
    'home',
    [
      [
        '厨具 Kitchen',
        'kitchen',
        ['不粘锅 Non-stick pan', '陶瓷刀 Ceramic knife', '保温杯 Vacuum flask', '砧板 Cutting board'],
        [
          ['颜色', '白色', '黑色', '粉色'],
          ['规格', '标准', '加大'],
        ],
      ],
      ['床品 Bedding', 'bedding', ['四件套 Bedding set', '乳胶枕 Latex pillow', '蚕丝被 Silk quilt', '夏凉席 Summer mat'], [['尺寸', '1.5m', '1.8m', '2.0m']]],
    ],
  ],
];

const TAGS = ['新品', '热卖', '包邮', '限量', 'gift', 'organic', '会员专享', '爆款'];

/** A text[] literal: raw inserts are inlined as SQL, where a JS array would become a list. */
function pgTextArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

export async function loadDemoData(em: EntityManager): Promise<boolean> {
  const conn = em.getConnection();
  const knex = em.getKnex();
  const [{ n }] = await conn.execute<{ n: string }[]>('select count(*) as n from storefront_app where public_key = ?', [DEMO.storefrontPublicKey]);
  if (Number(n) > 0) return false;

  const rnd = random(20261124);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const now = Date.now();

  await em.transactional(async (tx) => {
    const run = (q: unknown) => tx.getConnection().execute(q as never, [], 'run', tx.getTransactionContext());
    const appId = uuidv7();
    await run(
      knex('storefront_app').insert({
        id: appId,
        name: 'Demo storefront',
        public_key: DEMO.storefrontPublicKey,
        secret_key_hash: createHash('sha256').update(DEMO.storefrontSecretKey).digest('hex'),
        enabled: true,
        // The demo KOL site (examples/kol-site, `npm run demo:kol`) calls the API from its own origin.
        allowed_origins: pgTextArray(DEMO.kolSiteOrigins),
        created_at: new Date(),
        updated_at: new Date(),
      }),
    );
    const people = [
      { email: DEMO.operatorEmail, password: DEMO.operatorPassword, name: '运营小王 Operator', role: 'operator', via: null },
      { email: DEMO.customerEmail, password: DEMO.customerPassword, name: 'Alice', role: 'customer', via: appId },
      { email: 'bob@demo.example', password: 'customer-demo-2', name: '小博 Bob', role: 'customer', via: appId },
      { email: 'carol@demo.example', password: 'customer-demo-3', name: 'Carol', role: 'customer', via: appId },
      { email: DEMO.authorEmail, password: DEMO.authorPassword, name: '小茶 Tea KOL', role: 'member', via: appId },
    ];
    const accountIds = new Map<string, string>();
    for (const p of people) {
      accountIds.set(p.email, uuidv7());
      await run(
        knex('account').insert({
          id: accountIds.get(p.email),
          email: p.email,
          phone: p.email === DEMO.customerEmail ? DEMO.customerPhone : null,
          password_hash: await hashPassword(p.password),
          display_name: p.name,
          role: p.role,
          registered_via_id: p.via,
          created_at: new Date(),
          updated_at: new Date(),
        }),
      );
    }

    const categories: Record<string, unknown>[] = [];
    const leaves: { id: string; slug: string; names: string[]; specs: string[][] }[] = [];
    TREE.forEach(([name, slug, children], i) => {
      const id = uuidv7();
      categories.push({ id, parent_id: null, name, slug, path: `/${id}/`, position: i, created_at: new Date(), updated_at: new Date() });
      children.forEach(([childName, childSlug, names, specs], j) => {
        const childId = uuidv7();
        categories.push({
          id: childId,
          parent_id: id,
          name: childName,
          slug: childSlug,
          path: `/${id}/${childId}/`,
          position: j,
          created_at: new Date(),
          updated_at: new Date(),
        });
        leaves.push({ id: childId, slug: childSlug, names, specs });
      });
    });
    // Four more top-level categories without children: 16 in all.
    ['数码 Digital', '母婴 Baby', '运动 Sports', '图书 Books'].forEach((name, i) => {
      const id = uuidv7();
      const slug = ['digital', 'baby', 'sports', 'books'][i];
      categories.push({ id, parent_id: null, name, slug, path: `/${id}/`, position: TREE.length + i, created_at: new Date(), updated_at: new Date() });
      leaves.push({ id, slug, names: [`${name.split(' ')[0]}精选 ${name.split(' ')[1]} pick`], specs: [['版本', '标准版', '升级版', '礼盒版']] });
    });
    await run(knex('category').insert(categories));

    const products: Record<string, unknown>[] = [];
    const skus: Record<string, unknown>[] = [];
    const images: Record<string, unknown>[] = [];
    const movements: Record<string, unknown>[] = [];
    for (let i = 0; i < DEMO.productCount; i++) {
      const leaf = leaves[i % leaves.length];
      const base = pick(leaf.names);
      const id = uuidv7();
      const slug = `${leaf.slug}-${String(i + 1).padStart(3, '0')}`;
      const createdAt = new Date(now - (DEMO.productCount - i) * 3_600_000);
      // A few previews (sale starts in the coming days), off-sale items and drafts among the on-sale ones.
      const publication = i % 40 === 7 ? 'unpublished' : i % 60 === 13 ? 'draft' : 'published';
      const saleStartsAt = i % 30 === 11 ? new Date(now + (2 + (i % 5)) * 86_400_000) : null;
      const basePrice = Math.round((9.9 + rnd() * 600) * 10) * 10;
      const [first, second] = leaf.specs;
      const combos: { name: string; value: string }[][] = [];
      for (const a of first.slice(1)) {
        if (second)
          for (const b of second.slice(1))
            combos.push([
              { name: first[0], value: a },
              { name: second[0], value: b },
            ]);
        else combos.push([{ name: first[0], value: a }]);
      }
      const count = 2 + Math.floor(rnd() * 5);
      const chosen = combos.slice(0, Math.min(count, combos.length));
      let min = Infinity;
      let max = 0;
      chosen.forEach((specs, k) => {
        const price = basePrice + k * 500;
        const stock = rnd() < 0.12 ? 0 : Math.floor(rnd() * 500);
        const skuId = uuidv7();
        min = Math.min(min, price);
        max = Math.max(max, price);
        skus.push({
          id: skuId,
          product_id: id,
          code: `${slug.toUpperCase()}-${k + 1}`,
          specs: JSON.stringify(specs),
          price,
          member_price: rnd() < 0.8 ? Math.round(price * 0.9) : null,
          stock,
          position: k,
          created_at: createdAt,
          updated_at: createdAt,
        });
        if (stock > 0)
          movements.push({ id: uuidv7(), sku_id: skuId, delta: stock, stock_after: stock, reason: 'initial stock', actor_id: null, created_at: createdAt });
      });
      const name = `${base} #${i + 1}`;
      products.push({
        id,
        slug,
        name,
        description: `${name}: ${leaf.slug} from the demo catalog. 精选好物, 品质保证.`,
        category_id: leaf.id,
        tags: pgTextArray([pick(TAGS), pick(TAGS)].filter((t, k, all) => all.indexOf(t) === k)),
        publication,
        sale_starts_at: saleStartsAt,
        price_floor: Math.round(min * 0.95),
        price_ceiling: Math.round(max * 1.5),
        min_price: min,
        max_price: max,
        sales_count: Math.floor(rnd() * 5000),
        created_at: createdAt,
        updated_at: createdAt,
      });
      const imageCount = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < imageCount; k++) {
        images.push({ id: uuidv7(), product_id: id, url: `https://picsum.photos/seed/${slug}-${k}/800/800`, alt_text: `${name} ${k + 1}`, position: k });
      }
    }
    for (const [table, rows] of [
      ['product', products],
      ['sku', skus],
      ['product_image', images],
      ['stock_movement', movements],
    ] as const) {
      for (let k = 0; k < rows.length; k += 500) await run(knex(table).insert(rows.slice(k, k + 500)));
    }
    await demoArticle(tx, accountIds.get(DEMO.authorEmail)!, accountIds.get(DEMO.operatorEmail)!, products);
    // Alice's address book: checkout (and the buy button) can ship to it with addressId.
    await run(
      knex('account_address').insert({
        id: uuidv7(),
        account_id: accountIds.get(DEMO.customerEmail),
        recipient_name: 'Alice',
        phone: DEMO.customerPhone,
        region: '浙江省 杭州市 西湖区',
        detail: '文三路 100 号',
        is_default: true,
        created_at: new Date(),
        updated_at: new Date(),
      }),
    );
  });
  return true;
}

/** The KOL's published article: text with inline markup, an image, three product cards and a grid, each product block with its link token. */
async function demoArticle(tx: EntityManager, authorId: string, operatorId: string, products: Record<string, unknown>[]): Promise<void> {
  const onSale = (stem: string) =>
    products.filter((p) => String(p.slug).startsWith(stem) && p.publication === 'published' && p.sale_starts_at === null).map((p) => String(p.id));
  const [tea, snacks] = [onSale('tea-'), onSale('snacks-')];
  const blocks: StoredBlock[] = [
    { id: uuidv7(), kind: BlockKind.HEADING, text: '春日茶单 Three teas for spring', level: 2 },
    {
      id: uuidv7(),
      kind: BlockKind.PARAGRAPH,
      text: '新茶上市, 我每天喝的三款. Brew green tea **at 80°C**, never *boiling* — more in [my notes](https://example.com/tea-notes).',
    },
    {
      id: uuidv7(),
      kind: BlockKind.IMAGE,
      url: 'https://picsum.photos/seed/spring-tea/1200/800',
      alt: 'Tea leaves in a glass',
      caption: '明前龙井 First flush',
    },
    { id: uuidv7(), kind: BlockKind.PRODUCT_CARD, productId: tea[0], skuId: null, pitch: '每天早上一杯, 清香不苦.' },
    { id: uuidv7(), kind: BlockKind.PRODUCT_CARD, productId: tea[1], skuId: null, pitch: 'For the afternoon: round and mellow.' },
    { id: uuidv7(), kind: BlockKind.QUOTE, text: 'Tea is **patience** in a cup.', source: '外婆 Grandma' },
    { id: uuidv7(), kind: BlockKind.PRODUCT_CARD, productId: tea[2], skuId: null, pitch: '送礼首选 A gift that always lands.' },
    { id: uuidv7(), kind: BlockKind.PRODUCT_GRID, title: '配茶小食 Snacks to go with it', productIds: snacks.slice(0, 4) },
  ];
  const articleId = uuidv7();
  const run = (q: unknown) => tx.getConnection().execute(q as never, [], 'run', tx.getTransactionContext());
  await run(tx.getKnex()('content_author').insert({ account_id: authorId, granted_by_id: operatorId, granted_at: new Date() }));
  await run(
    tx
      .getKnex()('article')
      .insert({
        id: articleId,
        author_id: authorId,
        slug: DEMO.articleSlug,
        title: '春日茶单 My spring tea list',
        summary: '三款春茶和配茶小食, 我自己每天在喝. Three spring teas and the snacks that go with them.',
        cover_url: 'https://picsum.photos/seed/spring-tea-cover/1200/630',
        tags: pgTextArray(['tea', '春季', '好物推荐']),
        blocks: JSON.stringify(blocks),
        product_ids: `{${[...new Set(blocks.flatMap(productsOf))].join(',')}}`,
        status: 'published',
        published_at: new Date(),
        created_at: new Date(),
        updated_at: new Date(),
      }),
  );
  await createContentLinks(
    tx,
    authorId,
    articleId,
    blocks.filter(isProductBlock).map((b) => b.id),
  );
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { MetadataStorage, UnderscoreNamingStrategy } from '@mikro-orm/core';
import ts from 'typescript';
import { modules } from '../../src/modules';

/**
 * Each module's SQL names only the tables of its own entities: what it needs of another module's
 * tables comes through that module's queries.ts. This test reads the SQL of every module's files
 * (string and template literals, and the table arguments of knex calls) and names each table of
 * another module it finds, with the file, the line and the owner. Tables no entity owns (pg-boss,
 * rate limits, migrations) are ignored; so is the SQL of the composition root (src/server/),
 * src/db/ and the tests. Files directly in src/modules (the list, the manifest type) hold no SQL.
 */

const MODULES_DIR = join(__dirname, '../../src/modules');

/** Table name → the module whose manifest lists its entity. */
function tableOwners(): Map<string, string> {
  const naming = new UnderscoreNamingStrategy();
  const decorated = Object.values(MetadataStorage.getMetadata());
  const owners = new Map<string, string>();
  for (const module of modules) {
    for (const entity of module.entities ?? []) {
      const meta = decorated.find((m) => m.class === entity);
      owners.set(meta?.tableName ?? naming.classToTableName(entity.name), module.name);
    }
  }
  return owners;
}

/** A table name after a SQL keyword that takes one: `from t`, `join "t"`, `update public.t`, `insert into t`, `lock table t`. */
const SQL_TABLE = /\b(?:from|join|update|into|table)\s+(?:only\s+)?(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi;

/** Calls whose first argument is a table (with an optional alias): knex('t as x'), qb('t'), .from('t'), .join('t x', …). */
const KNEX_TABLE_CALLS = new Set(['knex', 'qb', 'from', 'join', 'leftJoin', 'rightJoin', 'innerJoin', 'fullOuterJoin', 'crossJoin', 'into', 'table', 'update']);

/** The text of a string or template literal; a template's substitutions become a space. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

function calleeName(call: ts.CallExpression): string | null {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  // em.getKnex()('t'): a call of what a call answered is a knex builder.
  if (ts.isCallExpression(callee)) return 'knex';
  return null;
}

/** Every table name the source's SQL names, with the line it is on. */
function tablesNamedIn(source: string): { table: string; line: number }[] {
  const file = ts.createSourceFile('scan.ts', source, ts.ScriptTarget.Latest, true);
  const found: { table: string; line: number }[] = [];
  const add = (table: string, node: ts.Node) =>
    found.push({ table: table.toLowerCase(), line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
  const visit = (node: ts.Node) => {
    // GraphQL descriptions are prose ("takes the refund into account"), never SQL.
    if (ts.isDecorator(node)) return;
    const text = literalText(node);
    if (text !== null) for (const match of text.matchAll(SQL_TABLE)) add(match[1], node);
    if (ts.isCallExpression(node) && KNEX_TABLE_CALLS.has(calleeName(node) ?? '')) {
      const first = node.arguments[0] && literalText(node.arguments[0]);
      const table = first?.trim().split(/\s+/)[0];
      if (table && /^[a-z_][a-z0-9_]*$/i.test(table)) add(table, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function moduleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return moduleFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** What each kind of SQL this codebase writes looks like, and the tables of the manifests the scan must find in it. */
const SAMPLES: [string, string[]][] = [
  ["run(em, 'select role from account where id = ?', [id]);", ['account']],
  ["run(tx, `select r.id as root, c.id from category r join category c on c.path like r.path || '%'`, roots);", ['category', 'category']],
  ['one(tx, `update product p set sales_count = p.sales_count + ${n} where p.id = ?`, [id]);', ['product']],
  ['em.getConnection().execute(`insert into "refund" (id) values (?)`, []);', ['refund']],
  ['`select 1 from full_reduction_order f where f.gift_coupon_id = coupon.id`;', ['full_reduction_order']],
  ['`select o.id from customer_order o join group_buy_member m on m.order_id = o.id for update of o`;', ['customer_order', 'group_buy_member']],
  ["knex('order_attribution as oa').join('customer_order as o', 'o.id', 'oa.order_id');", ['order_attribution', 'customer_order']],
  [
    "this.knex('shop_product as sp').leftJoin('product p', 'p.id', 'sp.product_id').innerJoin('sku', 's.product_id', 'p.id');",
    ['shop_product', 'product', 'sku'],
  ],
  ["em.getKnex()('coupon_template').select('id');", ['coupon_template']],
  [
    "qb('account').select('id'); knex.from('share_token'); knex.insert(row).into('share_touch'); knex.table('shop').update({ name });",
    ['account', 'share_token', 'share_touch', 'shop'],
  ],
  // Not SQL, or no table named: an array joined, a relation of another module joined under an alias, a column, a description.
  ["ids.map(() => '?').join(', '); knex.raw(`${ACCOUNTS} as a`); `select ${LINK_COLUMNS} from ${ORDERS} o`; q.where('o.customer_id', id);", []],
  ["class Order { @Field({ description: 'Takes the refund into account' }) total: number; }", []],
];

describe('table ownership', () => {
  it.each(SAMPLES)('finds the tables SQL names (self-check): %s', (source, tables) => {
    const owners = tableOwners();
    const named = tablesNamedIn(source)
      .map((t) => t.table)
      .filter((table) => owners.has(table));
    expect(named.sort()).toEqual([...tables].sort());
  });

  it('reads every module folder as a module of the list', () => {
    const folders = readdirSync(MODULES_DIR).filter((name) => statSync(join(MODULES_DIR, name)).isDirectory());
    expect(folders.sort()).toEqual(modules.map((m) => m.name).sort());
  });

  it("no module's SQL names a table of another module", () => {
    const owners = tableOwners();
    expect(owners.size).toBeGreaterThan(50);
    const trespasses: string[] = [];
    for (const path of moduleFiles(MODULES_DIR)) {
      const module = relative(MODULES_DIR, path).split(sep)[0];
      for (const { table, line } of tablesNamedIn(readFileSync(path, 'utf8'))) {
        const owner = owners.get(table);
        if (owner && owner !== module) trespasses.push(`${relative(join(MODULES_DIR, '../..'), path)}:${line} names ${table}, a table of ${owner}`);
      }
    }
    expect(trespasses).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import {
  getIntrospectionQuery,
  type IntrospectionField,
  type IntrospectionInputObjectType,
  type IntrospectionInputTypeRef,
  type IntrospectionQuery,
} from 'graphql';
import { boundsIn } from '../src/lib/bounds';
import { toGlobalId } from '../src/lib/ids';
import { startHarness, type Harness } from './harness';

/**
 * Every mutation of the schema, found by introspection (so new ones are covered without touching
 * this file), driven with bad input as nobody, a customer and an operator. Each request holds at
 * least one value that cannot be accepted; whatever it is, the answer is never a 5xx and no row of
 * any table changes.
 */
let h: Harness;
let introspection: IntrospectionQuery;
let callers: { name: string; token: string | null }[];

beforeAll(async () => {
  h = await startHarness();
  introspection = (await h.gql(getIntrospectionQuery())).data;
  callers = [
    { name: 'nobody', token: null },
    { name: 'customer', token: await h.customerToken() },
    { name: 'operator', token: await h.operatorToken() },
  ];
});
afterAll(() => h.close());

type Kind = 'wrongType' | 'nulls' | 'empty' | 'overBounds' | 'malformedIds';
const KINDS: Kind[] = ['wrongType', 'nulls', 'empty', 'overBounds', 'malformedIds'];

/** A value for one input position; `bad` says whether it is one the API must refuse. */
interface Made {
  value: unknown;
  bad: boolean;
}

function typeName(ref: IntrospectionInputTypeRef): string {
  if (ref.kind === 'NON_NULL') return `${typeName(ref.ofType)}!`;
  if (ref.kind === 'LIST') return `[${typeName(ref.ofType)}]`;
  return ref.name;
}

const MALFORMED_IDS = ['not-an-id', toGlobalId('Nothing', randomUUID()), toGlobalId('Product', 'not-a-uuid'), 'x'.repeat(201)];

class Maker {
  private readonly types = new Map(introspection.__schema.types.map((t) => [t.name, t]));
  private ids = 0;

  /** A value of the right shape that the API may accept (ids point nowhere, so nothing is found). */
  private plain(ref: IntrospectionInputTypeRef, description: string | null | undefined): unknown {
    if (ref.kind === 'NON_NULL') return this.plain(ref.ofType, description);
    if (ref.kind === 'LIST') return [this.plain(ref.ofType, description)];
    const bounds = boundsIn(description);
    switch (ref.name) {
      case 'ID':
        return toGlobalId('Product', randomUUID());
      case 'String':
        return 'fuzz';
      case 'Int':
      case 'Float':
        return bounds.min !== undefined ? Math.max(bounds.min, Math.min(1, bounds.max ?? 1)) : 1;
      case 'Boolean':
        return false;
      case 'Decimal':
        return '1.00';
      case 'DateTimeISO':
        return new Date(Date.now() + 86_400_000).toISOString();
      case 'LocalDate':
        return '2030-01-01';
    }
    const type = this.types.get(ref.name);
    if (type?.kind === 'ENUM') return type.enumValues[0].name;
    const input = type as IntrospectionInputObjectType;
    return Object.fromEntries(input.inputFields.filter((f) => f.type.kind === 'NON_NULL').map((f) => [f.name, this.plain(f.type, f.description)]));
  }

  /** Every position of the value made bad in the way `kind` says, where that kind applies. */
  make(ref: IntrospectionInputTypeRef, description: string | null | undefined, kind: Kind, required = false): Made {
    if (ref.kind === 'NON_NULL') return this.make(ref.ofType, description, kind, true);
    const bounds = boundsIn(description);
    if (kind === 'nulls' && required) return { value: null, bad: true };
    if (ref.kind === 'LIST') {
      if (kind === 'overBounds' && bounds.maxItems !== undefined) {
        const item = this.plain(ref.ofType, description);
        return { value: Array.from({ length: bounds.maxItems + 1 }, () => item), bad: true };
      }
      if (kind === 'empty') return { value: [], bad: false };
      const inner = this.make(ref.ofType, description, kind);
      return { value: [inner.value], bad: inner.bad };
    }
    const type = this.types.get(ref.name);
    if (type?.kind === 'INPUT_OBJECT') {
      const value: Record<string, unknown> = {};
      let bad = false;
      for (const field of type.inputFields) {
        const made = this.make(field.type, field.description, kind);
        if (made.value === undefined) continue;
        value[field.name] = made.value;
        bad ||= made.bad;
      }
      return { value, bad };
    }
    const plain = this.plain(ref, description);
    switch (kind) {
      case 'wrongType':
        return {
          value: typeof plain === 'number' || typeof plain === 'boolean' ? 'fuzz' : ref.name === 'String' || ref.name === 'ID' ? { fuzz: 1 } : 12.5,
          bad: true,
        };
      case 'nulls':
        return { value: required ? null : plain, bad: false };
      case 'empty':
        return {
          value: typeof plain === 'string' ? '' : plain,
          bad: ref.name === 'ID' || ref.name === 'Decimal' || ref.name === 'DateTimeISO' || ref.name === 'LocalDate',
        };
      case 'overBounds':
        if (bounds.maxLength !== undefined || ref.name === 'ID') return { value: 'x'.repeat((bounds.maxLength ?? 200) + 1), bad: true };
        if (bounds.max !== undefined) return { value: bounds.max + 1, bad: true };
        if (ref.name === 'Decimal') return { value: '99999999999999.99', bad: true };
        return { value: plain, bad: false };
      case 'malformedIds':
        if (ref.name === 'ID') return { value: MALFORMED_IDS[this.ids++ % MALFORMED_IDS.length], bad: true };
        return { value: plain, bad: false };
    }
  }
}

/** Rows and their versions in every table: equal before and after means nothing was written. */
async function fingerprint(): Promise<string> {
  const tables = await h.sql<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('mikro_orm_migrations', 'rate_limit') order by table_name`,
  );
  const parts = tables.map((t) => `select '${t.table_name}' as t, count(*)::text as n, coalesce(max(xmin::text::bigint), 0)::text as x from "${t.table_name}"`);
  // Ordered: a union of this many branches may run as a Parallel Append, which returns them in any order.
  const rows = await h.sql<{ t: string; n: string; x: string }>(`select * from (${parts.join(' union all ')}) f order by t`);
  return rows.map((r) => `${r.t}:${r.n}:${r.x}`).join(' ');
}

function document(field: IntrospectionField): string {
  const args = field.args;
  const declared = args.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `mutation Fuzz${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} { __typename } }`;
}

it('no mutation answers a 5xx or writes a row, whatever bad input it gets and whoever sends it', async () => {
  const mutations = introspection.__schema.types.find((t) => t.name === 'Mutation') as unknown as { fields: IntrospectionField[] };
  expect(mutations.fields.length).toBeGreaterThan(80);
  const maker = new Maker();
  const failures: string[] = [];
  let sent = 0;
  for (const field of mutations.fields) {
    // An insert or update writes a newer row version than any before it and a delete lowers a count, so one
    // fingerprint around all of a mutation's bad inputs catches a write by any of them.
    const before = await fingerprint();
    for (const kind of KINDS) {
      const made = field.args.map((a) => ({ name: a.name, ...maker.make(a.type, a.description, kind) }));
      if (!made.some((m) => m.bad)) continue;
      const variables = Object.fromEntries(made.filter((m) => m.value !== undefined).map((m) => [m.name, m.value]));
      for (const caller of callers) {
        const res = await h.gql(document(field), variables, { token: caller.token });
        sent++;
        const where = `${field.name} ${kind} as ${caller.name}`;
        if (res.status >= 500) failures.push(`${where}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        else if (res.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) failures.push(`${where}: internal error`);
      }
    }
    if ((await fingerprint()) !== before) failures.push(`${field.name}: rows changed by one of its bad inputs`);
  }
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(500);
  // Every mutation of the schema, many bad inputs each: minutes on a loaded machine, so a generous limit.
}, 300_000);

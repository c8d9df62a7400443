import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType, isInputObjectType, isEnumType, isInterfaceType, isScalarType } from 'graphql';
import { printedSchema } from '../src/server/schema';
import { startHarness, type Harness } from './harness';

describe('schema', () => {
  it('matches the committed schema/schema.graphql (run `npm run schema:emit` after changing the API)', async () => {
    const committed = readFileSync(join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
    expect(await printedSchema()).toBe(committed);
  });

  it('describes every type, field, argument and enum value', async () => {
    const schema = buildSchema(await printedSchema());
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description && !(isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('migrations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ demoData: false });
  });
  afterAll(() => h.close());

  it('bring a new database exactly to what the entities describe', async () => {
    const diff = await h.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('leave nothing for migration:create to write', async () => {
    expect(await h.orm.getMigrator().checkMigrationNeeded()).toBe(false);
  });

  it('index every foreign key', async () => {
    const unindexed = await h.sql(`
      select c.conrelid::regclass::text as table_name, a.attname as column_name
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       where c.contype = 'f'
         and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])`);
    expect(unindexed).toEqual([]);
  });
});

import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  isInterfaceType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { boundsIn, type Bounds } from '../lib/bounds';

/** Global IDs are short (about 50 characters); a longer one is never an ID of this API. */
export const ID_MAX_LENGTH = 200;

type Position = GraphQLArgument | GraphQLInputField;

/**
 * Every input position of the schema with the bounds its description states (src/lib/bounds.ts).
 * Built once per schema; a text, number or list input without its sentence stops the start, so no
 * input can arrive undocumented and unbounded.
 */
export class InputBounds {
  private readonly bounds = new Map<Position, Bounds>();

  constructor(schema: GraphQLSchema) {
    const missing: string[] = [];
    const add = (position: Position, where: string) => {
      const bounds = boundsIn(position.description);
      const named = getNamedType(position.type).name;
      const list = isListType(getNullableType(position.type));
      if (named === 'ID' && bounds.maxLength === undefined) bounds.maxLength = ID_MAX_LENGTH;
      if (list && bounds.maxItems === undefined) missing.push(`${where}: a list needs "At most N items."`);
      if (named === 'String' && bounds.maxLength === undefined) missing.push(`${where}: text needs "At most N characters."`);
      if ((named === 'Int' || named === 'Float') && (bounds.min === undefined || bounds.max === undefined))
        missing.push(`${where}: a number needs "From A to B."`);
      this.bounds.set(position, bounds);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) for (const arg of field.args) add(arg, `${type.name}.${field.name}(${arg.name})`);
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) add(field, `${type.name}.${field.name}`);
      }
    }
    if (missing.length)
      throw new Error(`Inputs without their bounds in the description (use maxChars / range / maxItems from src/lib/bounds.ts):\n  ${missing.join('\n  ')}`);
  }

  /** Refuses (BAD_USER_INPUT, HTTP 400) any coerced argument of `field` outside its bounds. */
  checkArguments(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): void {
    for (const arg of field.args) {
      if (args[arg.name] !== undefined) this.check(args[arg.name], arg.type, this.bounds.get(arg) ?? {}, [arg.name], field.name);
    }
  }

  private check(value: unknown, type: GraphQLInputType, bounds: Bounds, path: (string | number)[], fieldName: string): void {
    if (value === null || value === undefined) return;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      const items = value as unknown[];
      if (bounds.maxItems !== undefined && items.length > bounds.maxItems) refuse(fieldName, path, `at most ${bounds.maxItems} items, got ${items.length}`);
      const each: Bounds = { maxLength: bounds.maxLength, min: bounds.min, max: bounds.max };
      for (let i = 0; i < items.length; i++) this.check(items[i], nullable.ofType, each, [...path, i], fieldName);
      return;
    }
    if (isInputObjectType(nullable)) {
      const object = value as Record<string, unknown>;
      for (const field of Object.values(nullable.getFields())) {
        if (object[field.name] !== undefined) this.check(object[field.name], field.type, this.bounds.get(field) ?? {}, [...path, field.name], fieldName);
      }
      return;
    }
    if (typeof value === 'string' && bounds.maxLength !== undefined && value.length > bounds.maxLength) {
      // Characters as a person counts them (code points), counted only when the UTF-16 length is over.
      const characters = [...value].length;
      if (characters > bounds.maxLength) refuse(fieldName, path, `at most ${bounds.maxLength} characters, got ${characters}`);
    }
    if (typeof value === 'number' && bounds.min !== undefined && bounds.max !== undefined && (value < bounds.min || value > bounds.max)) {
      refuse(fieldName, path, `from ${bounds.min} to ${bounds.max}, got ${value}`);
    }
  }
}

function refuse(fieldName: string, path: (string | number)[], rule: string): never {
  throw new GraphQLError(`${fieldName}: ${path.join('.')} must be ${rule}`, {
    extensions: { code: 'BAD_USER_INPUT', field: path.map(String), http: { status: 400 } },
  });
}

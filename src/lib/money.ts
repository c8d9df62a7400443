import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/**
 * Money is integer minor units (fen) everywhere inside the API and in the database.
 * Clients see and send decimal strings ("12.34"); a float never enters a price path.
 */
export type Fen = number;

export const MAX_FEN = 2_000_000_000; // fits PostgreSQL integer with room: ¥20,000,000.00

const DECIMAL = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/;

export function parseDecimalToFen(value: unknown): Fen {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new GraphQLError(`Decimal must be a string such as "12.34" (at most 2 decimal places, not negative), got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const [whole, fraction = ''] = value.split('.');
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (fen > MAX_FEN) {
    throw new GraphQLError(`Decimal must not exceed ${formatFen(MAX_FEN)}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return fen;
}

export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Decimal: inside the API an integer amount of fen, on the wire a decimal string. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'A non-negative decimal amount of money in a currency\'s major unit, as a string with at most two decimal places, e.g. "12.34". Never a float.',
  serialize: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error('Decimal serialize expects integer fen');
    return formatFen(value);
  },
  parseValue: parseDecimalToFen,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Decimal must be given as a string such as "12.34"', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parseDecimalToFen(ast.value);
  },
});

export enum CurrencyCode {
  CNY = 'CNY',
}
registerEnumType(CurrencyCode, {
  name: 'CurrencyCode',
  description: 'ISO 4217 currency code. The platform sells in Chinese yuan.',
  valuesConfig: { CNY: { description: 'Chinese yuan (renminbi); minor unit fen.' } },
});

@ObjectType({ description: 'An amount of money in a currency.' })
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount in the major unit, e.g. "12.34" yuan.' })
  amount: Fen;

  @Field(() => CurrencyCode, { description: 'The currency of the amount.' })
  currencyCode: CurrencyCode;
}

export function money(fen: Fen): Money {
  return { amount: fen, currencyCode: CurrencyCode.CNY };
}

@ObjectType({ description: 'A range of prices, e.g. over the SKUs of a product.' })
export class MoneyRange {
  @Field(() => Money, { description: 'The lowest price.' })
  min: Money;

  @Field(() => Money, { description: 'The highest price.' })
  max: Money;
}

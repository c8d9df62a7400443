import { GraphQLError } from 'graphql';
import { Field, InterfaceType } from 'type-graphql';

/**
 * An expected business failure (out of stock, duplicate email…). Services throw it; resolvers turn
 * it into a `userErrors` entry of the mutation's payload. `code` is one value of the domain's
 * error-code enum, `field` the path of the offending input.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly field: string[] | null = null,
    /** The same request may succeed later (e.g. a payment provider was unreachable): an idempotency key does not replay it. */
    readonly retryable = false,
  ) {
    // A refusal is expected, not a fault: no stack trace. Capturing one cost more than the rest of a
    // refusal answered from memory (a flash sale's sold-out rush refuses thousands a second).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

@InterfaceType({ description: 'A business failure of a mutation: nothing was changed. Each domain has its own type with an error code.' })
export abstract class UserError {
  @Field(() => [String], {
    nullable: true,
    description: 'Path to the input field that caused the error, e.g. ["input", "skus", "0", "price"]; null when no single field is at fault.',
  })
  field: string[] | null;

  @Field({ description: 'What went wrong, in words a person can read.' })
  message: string;
}

/** Top-level errors: the request itself is not allowed or not understood. */
export function unauthenticated(message = 'Sign in first: send a valid bearer token'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function forbidden(message = 'You are not allowed to do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

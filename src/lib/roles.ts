/**
 * What an account may do: the vocabulary of authorization, read by every resolver's
 * `@Authorized(…)` and by the server's auth checker. Stored on the account (accounts module) and
 * published as the GraphQL enum AccountRole (accounts/types.ts).
 */
export enum Role {
  CUSTOMER = 'customer',
  MEMBER = 'member',
  OPERATOR = 'operator',
}

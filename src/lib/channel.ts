/**
 * The channel rule (src/server/channel.ts): every request comes through a storefront app (its key
 * in the X-Storefront-Key header) or from a signed-in operator. Root fields marked with
 * `@Extensions(NO_STOREFRONT_NEEDED)` (signing in, refreshing, `me`) are exempt, so operator
 * consoles can sign in.
 */
export const NO_STOREFRONT_NEEDED = { noStorefrontNeeded: true };

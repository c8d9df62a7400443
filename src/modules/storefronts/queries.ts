/**
 * What other modules may read of the storefronts' table: a relation to join under an alias of their
 * own. Their SQL never names it.
 */

/** Storefront apps (sales channels, "sites"): id and name only — never keys or origins. */
export const STOREFRONT_APPS = '(select id, name from storefront_app)';

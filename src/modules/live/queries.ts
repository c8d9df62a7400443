/**
 * What other modules may use of the live module's tables (they never name them): the products of a
 * session's lineup, which a live session's share link covers (attribution's checkout source, handed
 * in by the composition root).
 */

/** SQL of a uuid[]: the products of the lineup (items not removed) of the session whose id `sessionIdSql` gives. */
export const liveLineupProducts = (sessionIdSql: string): string =>
  `(select coalesce(array_agg(distinct li.product_id), '{}') from live_item li where li.session_id = ${sessionIdSql} and li.status <> 'removed')`;

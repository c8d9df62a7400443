import type { EntityManager } from '@mikro-orm/postgresql';
import { requestScope } from './request-scope';
import { run } from './sql';

/**
 * Public catalog reads. A root query field marked `@Extensions(PUBLIC_CATALOG_READ)` answers the
 * same to every buyer of a storefront app (members apart from the others): an operation made only
 * of such fields, selecting no field that needs a role, may be answered from the response cache
 * (src/server/response-cache.ts). What such a read shows may be cached for one second at most.
 */
export const PUBLIC_CATALOG_READ = { publicCatalogRead: true };

/** The PostgreSQL channel on which catalog changes are announced to every API process. */
export const CATALOG_CHANGED_CHANNEL = 'catalog_changed';

/**
 * Announces, inside the transaction that makes it, a change that public catalog reads show — a
 * price, a publication, a product, SKU or category edit, a campaign that changes a price.
 * PostgreSQL delivers the notification on commit only (never for a rollback), and every API
 * process then forgets its cached answers; the process of the request forgets them before it
 * answers, so the caller's next read shows the change. Stock and sales counts need no announcement: answers
 * showing them are kept for one second at most.
 */
export async function announceCatalogChange(tx: EntityManager): Promise<void> {
  await run(tx, 'select pg_notify(?, ?)', [CATALOG_CHANGED_CHANNEL, '{}']);
  const scope = requestScope.getStore();
  if (scope) scope.catalogChanged = true;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { Role } from '../../lib/roles';
import { ACCOUNTS, existingAccountIds } from '../accounts/queries';
import { productPublications } from '../catalog/queries';
import { shopOwner } from '../shops/queries';
import { EntryPoint } from './entities';
import { AttributionErrorCode as E, newShareToken, wellFormedToken } from './rules';
import { run } from '../../lib/sql';
import type { RequestContext } from '../../lib/request-context';

/** A share link as its sharer and the storefronts see it. */
export interface ShareLinkRow {
  id: string;
  token: string;
  sharer_id: string;
  entry: EntryPoint;
  target_id: string;
  created_at: string;
}

const LINK_COLUMNS = 't.id, t.token, t.sharer_id, t.entry, t.target_id, t.created_at';

/**
 * Share links and touches. A link is valid while it exists and its sharer is a member — read from
 * the account each time, so a membership that ended stops its links at once, and a renewed one
 * brings them back.
 */
export class AttributionService {
  constructor(private readonly em: EntityManager) {}

  /**
   * The member's link for a shop (their own) or a published product: one per sharer and target,
   * so asking again returns the same token (the unique constraint settles parallel requests).
   */
  async shareLink(sharerId: string, entry: EntryPoint, targetId: string | null): Promise<ShareLinkRow> {
    if (!(await existingAccountIds(this.em, [sharerId], [Role.MEMBER])).has(sharerId))
      throw new DomainError(E.NOT_A_MEMBER, 'Only members have share links', null);
    if (entry === EntryPoint.CONTENT) throw new DomainError(E.ENTRY_NOT_SHAREABLE, "Content card links come with the article's cards", ['entry']);
    if (!targetId) throw new DomainError(E.TARGET_NOT_FOUND, `No ${entry} has this id`, ['targetId']);
    if (entry === EntryPoint.SHOP) {
      const owner = await shopOwner(this.em, targetId);
      if (!owner) throw new DomainError(E.TARGET_NOT_FOUND, 'No shop has this id', ['targetId']);
      if (owner !== sharerId) throw new DomainError(E.NOT_YOUR_SHOP, 'You can share your own shop only (share its products instead)', ['targetId']);
    } else {
      const product = (await productPublications(this.em, [targetId])).get(targetId);
      if (!product || product.publication === 'draft') throw new DomainError(E.TARGET_NOT_FOUND, 'No product has this id', ['targetId']);
      if (product.publication !== 'published') throw new DomainError(E.TARGET_NOT_FOUND, `${product.name} is off sale and cannot be shared`, ['targetId']);
    }
    const [link] = await run<ShareLinkRow>(
      this.em,
      `insert into share_token as t (id, token, sharer_id, entry, target_id, created_at) values (?, ?, ?, ?, ?, now())
       on conflict on constraint share_token_per_target do update set sharer_id = excluded.sharer_id
       returning ${LINK_COLUMNS}`,
      [uuidv7(), newShareToken(), sharerId, entry, targetId],
    );
    return link;
  }

  /** A signed-in customer arrived through a link: the touch may attribute their orders within the window. */
  async recordTouch(customerId: string, token: string): Promise<ShareLinkRow> {
    const link = await validLink(this.em, token);
    await run(this.em, 'insert into share_touch (id, customer_id, share_token_id, touched_at) values (?, ?, ?, now())', [uuidv7(), customerId, link.id]);
    return link;
  }

  /** A link by its token, valid or not, for showing where it leads; null when unknown. */
  async link(token: string): Promise<ShareLinkRow | null> {
    if (!wellFormedToken(token)) return null;
    const [link] = await run<ShareLinkRow>(this.em, `select ${LINK_COLUMNS} from share_token t where t.token = ?`, [token]);
    return link ?? null;
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const attributionService = (ctx: RequestContext): AttributionService => new AttributionService(ctx.em);

async function validLink(em: EntityManager, token: string): Promise<ShareLinkRow> {
  const [link] = wellFormedToken(token)
    ? await run<ShareLinkRow & { role: string }>(
        em,
        `select ${LINK_COLUMNS}, a.role from share_token t join ${ACCOUNTS} a on a.id = t.sharer_id where t.token = ?`,
        [token],
      )
    : [];
  if (!link) throw new DomainError(E.UNKNOWN_SHARE_TOKEN, 'No share link has this token', ['token']);
  // A content card's link attributes whoever wrote the article (a KOL need not be a member); checkout checks its card is still published.
  if (link.role !== 'member' && link.entry !== EntryPoint.CONTENT)
    throw new DomainError(E.SHARER_NOT_MEMBER, 'The member who shared this link is no longer a member: it attributes nothing', ['token']);
  return link;
}

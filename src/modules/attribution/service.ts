import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { Role } from '../../lib/roles';
import { ACCOUNTS, existingAccountIds } from '../accounts/queries';
import { productPublications } from '../catalog/queries';
import { memberProgramSettings } from '../members/settings';
import { boundInviterId } from '../referrals/queries';
import { shopCarrying, shopOwner } from '../shops/queries';
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

/** What checkout writes into order_attribution, decided before the order is priced. */
export interface AttributionDraft {
  shareTokenId: string | null;
  sharerId: string | null;
  entry: EntryPoint | null;
  targetId: string | null;
  /** The shop the order goes through: its prices apply, and it counts for the shop's customers and statistics. */
  shopId: string | null;
  inviterId: string | null;
  selfPurchase: boolean;
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
  if (link.role !== 'member')
    throw new DomainError(E.SHARER_NOT_MEMBER, 'The member who shared this link is no longer a member: it attributes nothing', ['token']);
  return link;
}

/**
 * Checkout's attribution, inside its transaction: the token given at checkout counts as a touch now;
 * otherwise the buyer's last touch within the window whose link is still valid. An unknown or
 * lapsed token never fails a purchase — it attributes nothing and the buyer's touches decide.
 * The shop: a shop link's shop, or for a product link the sharer's shop when its selection carries
 * the product (the sale then counts for that shop and its prices apply).
 */
export async function attributeCheckout(tx: EntityManager, buyerId: string, token: string | null): Promise<AttributionDraft> {
  let link: ShareLinkRow | null = null;
  if (token) {
    link = await validLink(tx, token).catch((err) => {
      if (err instanceof DomainError) return null;
      throw err;
    });
    if (link) await run(tx, 'insert into share_touch (id, customer_id, share_token_id, touched_at) values (?, ?, ?, now())', [uuidv7(), buyerId, link.id]);
  }
  if (!link) {
    const { attributionWindowDays } = await memberProgramSettings(tx);
    [link = null] = await run<ShareLinkRow>(
      tx,
      `select ${LINK_COLUMNS} from share_touch st join share_token t on t.id = st.share_token_id join ${ACCOUNTS} a on a.id = t.sharer_id
        where st.customer_id = ? and st.touched_at > now() - make_interval(days => ?) and a.role = 'member'
        order by st.touched_at desc, st.id desc limit 1`,
      [buyerId, attributionWindowDays],
    );
  }
  const inviterId = await boundInviterId(tx, buyerId);
  if (!link) return { shareTokenId: null, sharerId: null, entry: null, targetId: null, shopId: null, inviterId, selfPurchase: false };
  const shopId =
    link.entry === EntryPoint.SHOP ? link.target_id : link.entry === EntryPoint.PRODUCT ? await shopCarrying(tx, link.sharer_id, link.target_id) : null;
  return {
    shareTokenId: link.id,
    sharerId: link.sharer_id,
    entry: link.entry,
    targetId: link.target_id,
    shopId,
    inviterId,
    selfPurchase: link.sharer_id === buyerId,
  };
}

/** Written once, in the checkout transaction; there is no update path: attribution never changes. */
export async function recordAttribution(tx: EntityManager, orderId: string, draft: AttributionDraft): Promise<void> {
  await run(
    tx,
    `insert into order_attribution (order_id, share_token_id, sharer_id, entry, target_id, shop_id, inviter_id, self_purchase, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
    [orderId, draft.shareTokenId, draft.sharerId, draft.entry, draft.targetId, draft.shopId, draft.inviterId, draft.selfPurchase],
  );
}

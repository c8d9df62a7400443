import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { uuidv7 } from '../../lib/ids';
import { one, run } from '../../lib/sql';
import { hasPaidOrder } from '../orders/queries';
import { sharingGamesOf } from '../storefronts/queries';
import { AssistErrorCode as E } from './errors';
import { ASSISTABLE, moveLink } from './lifecycle';

/** Ours are 22 characters (16 random bytes); a far longer string is never one of them. */
export const MAX_SHARE_TOKEN_LENGTH = 64;

interface LinkState {
  status: string;
  expired: boolean;
  full: boolean;
}

/** Why a link takes no assist now, with the API's codes; null when it does. */
function refuseAssist(l: LinkState): DomainError<E> | null {
  const field = ['input', 'shareToken'];
  if (l.status === 'ended') return new DomainError(E.LINK_ENDED, "This link's order was refunded or cancelled: the link has ended", field);
  if (l.status === 'completed' || l.status === 'refunded' || l.full)
    return new DomainError(E.LINK_COMPLETE, 'This link already has every assist it needs', field);
  if (l.status === 'expired' || l.expired) return new DomainError(E.LINK_EXPIRED, 'This link is past its time', field);
  return null;
}

/** Friends' assists. One transaction each, idempotent with a key. */
export class AssistService {
  constructor(private readonly em: EntityManager) {}

  /**
   * A friend assists, once: the assist row is unique per (link, friend) and never the buyer's (check);
   * ONE conditional update counts it below the assists needed while the link is OPEN and in time
   * (parallel assists queue on the row and each re-checks it), and the assist that makes N completes
   * the link by a conditional update. The refund follows (refunds.ts), exactly once.
   */
  async assist(friendId: string, appId: string | null, shareToken: string, idempotencyKey?: string | null): Promise<{ linkId: string; completed: boolean }> {
    return idempotent(this.em, { operation: 'assistFriend', callerId: friendId, key: idempotencyKey, input: { shareToken } }, async (tx) => {
      const l = await one<LinkState & { id: string; buyer_id: string; new_customers_only: boolean; storefront_app_ids: string[]; assisted: boolean }>(
        tx,
        `select l.id, l.buyer_id, l.status, l.expires_at <= now() as expired, l.assists_count >= l.helpers_needed as full, c.new_customers_only, c.storefront_app_ids,
                exists (select 1 from assist a where a.link_id = l.id and a.friend_id = ?) as assisted
           from assist_link l join assist_campaign c on c.id = l.campaign_id where l.share_token = ?`,
        [friendId, shareToken],
      );
      const field = ['input', 'shareToken'];
      if (!l) throw new DomainError(E.LINK_NOT_FOUND, 'No assist link has this share token', field);
      const games = await sharingGamesOf(tx, appId);
      if (!games.on) throw new DomainError(E.SHARING_GAMES_OFF, `Assist-for-free is not offered here: ${games.reason}`, field);
      if (l.storefront_app_ids.length > 0 && !l.storefront_app_ids.includes(appId!))
        throw new DomainError(E.NOT_ON_THIS_APP, 'This assist campaign does not run on this storefront app', field);
      if (l.buyer_id === friendId) throw new DomainError(E.CANNOT_ASSIST_YOURSELF, 'You cannot assist your own link: ask a friend', field);
      if (l.assisted) throw new DomainError(E.ALREADY_ASSISTED, 'You have already assisted this link', field);
      const refused = refuseAssist(l);
      if (refused) throw refused;
      if (l.new_customers_only && (await hasPaidOrder(tx, friendId)))
        throw new DomainError(E.NEW_CUSTOMERS_ONLY, 'Only new customers (never had an order paid) may assist in this campaign', field);
      const [counted] = await run<{ assists_count: number; helpers_needed: number }>(
        tx,
        `update assist_link l set assists_count = l.assists_count + 1 where l.id = ? and ${ASSISTABLE} returning l.assists_count, l.helpers_needed`,
        [l.id],
      );
      if (!counted) {
        const now = await one<LinkState>(
          tx,
          'select status, expires_at <= now() as expired, assists_count >= helpers_needed as full from assist_link where id = ?',
          [l.id],
        );
        throw refuseAssist(now!) ?? new Error(`assist link ${l.id} refused an assist it should take`);
      }
      const added = await run(
        tx,
        'insert into assist (id, link_id, friend_id, buyer_id, created_at) values (?, ?, ?, ?, now()) on conflict (link_id, friend_id) do nothing returning id',
        [uuidv7(), l.id, friendId, l.buyer_id],
      );
      if (added.length === 0) throw new DomainError(E.ALREADY_ASSISTED, 'You have already assisted this link', field);
      const completed = counted.assists_count === counted.helpers_needed && (await moveLink(tx, 'complete', l.id));
      return { linkId: l.id, completed };
    });
  }
}

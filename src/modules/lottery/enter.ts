import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { one, run } from '../../lib/sql';
import { LotteryErrorCode as E } from './errors';

export interface EnteredLottery {
  entryId: string;
  /** The entry filled the cap: the draw is due now. */
  capReached: boolean;
}

/**
 * A customer enters a lottery, in one transaction: their first entry is free; each further one is
 * earned by a friend who entered with them as inviter (within the campaign's cap). The entry is
 * taken by a conditional update (`used < allowed`), the campaign's count by another (`entries <
 * entry_cap`, while open and before the deadline), so parallel entries never pass either. With an
 * idempotency key a replay answers the same entry.
 */
export async function enterLottery(
  em: EntityManager,
  customerId: string,
  campaignId: string | null,
  appId: string | null,
  inviterId: string | null,
  key?: string | null,
): Promise<EnteredLottery> {
  return idempotent(em, { operation: 'enter-lottery', callerId: customerId, key, input: { campaignId, inviterId } }, async (tx) => {
    const c = campaignId
      ? await one<{ id: string; open: boolean; storefront_app_ids: string[]; invite_entries_cap: number }>(
          tx,
          `select id, status = 'open' and starts_at <= now() and deadline > now() as open, storefront_app_ids, invite_entries_cap from lottery_campaign where id = ?`,
          [campaignId],
        )
      : null;
    if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lottery campaign has this id', ['input', 'campaignId']);
    if (!c.open) throw new DomainError(E.CAMPAIGN_NOT_OPEN, 'The lottery does not take entries now', ['input', 'campaignId']);
    if (c.storefront_app_ids.length > 0 && (!appId || !c.storefront_app_ids.includes(appId)))
      throw new DomainError(E.NOT_ON_THIS_APP, 'This lottery does not run on this storefront app', ['input', 'campaignId']);
    if (inviterId !== null) {
      if (inviterId === customerId) throw new DomainError(E.CANNOT_INVITE_YOURSELF, 'You cannot invite yourself', ['input', 'inviterId']);
      if (!(await one(tx, 'select 1 from lottery_participant where campaign_id = ? and customer_id = ?', [c.id, inviterId])))
        throw new DomainError(E.INVITER_NOT_ENTERED, 'The inviter has not entered this lottery', ['input', 'inviterId']);
    }
    const joined = await one(
      tx,
      `insert into lottery_participant (campaign_id, customer_id, allowed, used, invites, invited_by_id, created_at) values (?, ?, 1, 0, 0, ?, now())
       on conflict do nothing returning customer_id`,
      [c.id, customerId, inviterId],
    );
    // A friend is credited once, on their first entry; the inviter's extra entries stop at the cap.
    if (joined && inviterId)
      await run(tx, 'update lottery_participant set allowed = allowed + 1, invites = invites + 1 where campaign_id = ? and customer_id = ? and invites < ?', [
        c.id,
        inviterId,
        c.invite_entries_cap,
      ]);
    const taken = await one<{ used: number }>(
      tx,
      'update lottery_participant set used = used + 1 where campaign_id = ? and customer_id = ? and used < allowed returning used',
      [c.id, customerId],
    );
    if (!taken) throw new DomainError(E.NO_ENTRIES_LEFT, 'You have used every entry you have: invite friends for more', ['input', 'campaignId']);
    const counted = await one<{ entries: number; entry_cap: number | null }>(
      tx,
      `update lottery_campaign set entries = entries + 1 where id = ? and status = 'open' and deadline > now() and (entry_cap is null or entries < entry_cap)
       returning entries, entry_cap`,
      [c.id],
    );
    if (!counted) throw new DomainError(E.ENTRY_CAP_REACHED, 'The lottery has all the entries it takes', ['input', 'campaignId']);
    const entryId = randomUUID();
    await run(tx, 'insert into lottery_entry (id, campaign_id, customer_id, number, created_at) values (?, ?, ?, ?, now())', [
      entryId,
      c.id,
      customerId,
      taken.used,
    ]);
    return { entryId, capReached: counted.entry_cap !== null && counted.entries >= counted.entry_cap };
  });
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../../lib/ids';
import { one } from '../../lib/sql';
import { EntryPoint } from './entities';
import { newShareToken } from './rules';

/**
 * A live session's link (entry LIVE, kind LIVE_SESSION): the host's share link for the session,
 * one per host and session (the unique constraint settles parallel requests, asking again returns
 * the same token). The live checkout gives its token, so a live order's lines are won by it through
 * the precedence (precedence.ts) — while the host is a member, as for any link but a content card's.
 * What it covers: the lines of the session's lineup (checkoutSource's live lineup relation).
 */
export async function liveSessionLink(em: EntityManager, hostId: string, sessionId: string): Promise<{ id: string; token: string }> {
  return (await one<{ id: string; token: string }>(
    em,
    `insert into share_token as t (id, token, sharer_id, entry, target_id, created_at) values (?, ?, ?, ?, ?, now())
     on conflict on constraint share_token_per_target do update set sharer_id = excluded.sharer_id
     returning t.id, t.token`,
    [uuidv7(), newShareToken(), hostId, EntryPoint.LIVE, sessionId],
  ))!;
}

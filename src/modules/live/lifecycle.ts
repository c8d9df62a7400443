import { machine, sqlStates } from '../../lib/state-machine';
import { LiveItemStatus as I, LiveSessionStatus as S } from './entities';

/**
 * The live session and its lineup items, as state machines. Each table is the whole list of moves:
 * any other is refused, naming the current state. Every status change is ONE conditional UPDATE
 * built from these tables (service.ts), so of two racing moves (the host ending while an operator
 * pauses) one wins and the other is refused.
 *
 * SESSION (live_session.status)
 *
 *   transition  from           to         sets
 *   start       scheduled      live       started_at
 *   pause       live           paused     —
 *   resume      paused         live       —
 *   end         live, paused   ended      ended_at; the pin is cleared; every quota left goes back to stock
 *   cancel      scheduled      cancelled  ended_at; every quota goes back to stock
 *   ended and cancelled are final. Each move is a STATUS event.
 *
 * ITEM (live_item.status)
 *
 *   transition  from               to        sets
 *   delist      on_sale            off_sale  — (unpinned if it was pinned)
 *   relist      off_sale           on_sale   —
 *   remove      on_sale, off_sale  removed   removed_at; its quota left goes back to stock (unpinned if pinned)
 *   removed is final.
 */
export type SessionTransition = 'start' | 'pause' | 'resume' | 'end' | 'cancel';
export type ItemTransition = 'delist' | 'relist' | 'remove';

export const SESSION = machine<S, SessionTransition>({
  noun: 'session',
  states: Object.values(S),
  alias: 's',
  enumType: 'live_session_status',
  transitions: {
    start: { from: [S.SCHEDULED], to: S.LIVE, set: { started_at: 'now()' } },
    pause: { from: [S.LIVE], to: S.PAUSED },
    resume: { from: [S.PAUSED], to: S.LIVE },
    end: { from: [S.LIVE, S.PAUSED], to: S.ENDED, set: { ended_at: 'now()', pinned_item_id: 'null' } },
    cancel: { from: [S.SCHEDULED], to: S.CANCELLED, set: { ended_at: 'now()' } },
  },
});

export const ITEM = machine<I, ItemTransition>({
  noun: 'item',
  states: Object.values(I),
  alias: 'i',
  enumType: 'live_item_status',
  transitions: {
    delist: { from: [I.ON_SALE], to: I.OFF_SALE },
    relist: { from: [I.OFF_SALE], to: I.ON_SALE },
    remove: { from: [I.ON_SALE, I.OFF_SALE], to: I.REMOVED, set: { removed_at: 'now()', quota_left: '0' } },
  },
});

/** States in which a session's lineup and details change. */
export const OPEN_STATES: readonly S[] = [S.SCHEDULED, S.LIVE, S.PAUSED];
/** States in which an item can be pinned. */
export const ON_AIR: readonly S[] = [S.LIVE, S.PAUSED];
/** The final states: a session there gives its quotas back and its event stream completes. */
export const FINAL: readonly S[] = [S.ENDED, S.CANCELLED];

/** SQL: the session (aliased `s`) is open for changes. */
export const SESSION_OPEN = `s.status in (${sqlStates(OPEN_STATES)})`;

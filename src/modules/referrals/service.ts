import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { retryDeadlocks } from '../../lib/retry';
import { Role } from '../../lib/roles';
import { ACCOUNTS } from '../accounts/queries';
import { BindingMode } from '../members/entities';
import { memberProgramSettings } from '../members/settings';
import { MAX_CODE_LENGTH, MIN_CODE_LENGTH, normalizeCode, randomCode } from './codes';
import { BindingSource } from './entities';
import { ReferralErrorCode as E } from './errors';
import { attach, currentBinding, detach, inTeamOf, insertBinding, lockTrees, moveBinding, type CurrentBinding } from './tree';
import type { RequestContext } from '../../lib/request-context';

export interface InviteCodeRow {
  code: string;
  createdAt: Date;
}

/** Collisions of random 6-character codes are rare (31⁶ ≈ 9·10⁸); after a few, codes get longer. */
const CODE_ATTEMPTS = 9;

function codeNotFound(field: string[]): DomainError {
  return new DomainError(E.INVITE_CODE_NOT_FOUND, 'No member has this invite code', field);
}

/**
 * The referral tree: invite codes and who is bound to whom. Binding rules (self, loops, members
 * only, the binding mode) are checked here under row locks; the tree's closure table changes in
 * the same transaction as the binding (tree.ts).
 */
export class ReferralService {
  constructor(private readonly em: EntityManager) {}

  /** The member's invite code, made on first ask; null for an account that is not a member. */
  async inviteCode(accountId: string): Promise<InviteCodeRow | null> {
    const conn = this.em.getConnection();
    const [account] = await conn.execute<{ role: Role; code: string | null; created_at: Date | null }[]>(
      `select a.role, c.code, c.created_at from ${ACCOUNTS} a left join invite_code c on c.account_id = a.id where a.id = ?`,
      [accountId],
    );
    if (!account || account.role !== Role.MEMBER) return null;
    if (account.code) return { code: account.code, createdAt: new Date(account.created_at!) };
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const code = randomCode(Math.min(MIN_CODE_LENGTH + Math.floor(attempt / 3), MAX_CODE_LENGTH));
      // Either unique constraint may refuse it: the account's (a parallel first ask won) or the code's (a collision).
      const [created] = await conn.execute<{ code: string; created_at: Date }[]>(
        'insert into invite_code (account_id, code, created_at) values (?, ?, ?) on conflict do nothing returning code, created_at',
        [accountId, code, new Date()],
      );
      if (created) return { code: created.code, createdAt: new Date(created.created_at) };
      const [existing] = await conn.execute<{ code: string; created_at: Date }[]>('select code, created_at from invite_code where account_id = ?', [accountId]);
      if (existing) return { code: existing.code, createdAt: new Date(existing.created_at) };
    }
    throw new Error(`no free invite code after ${CODE_ATTEMPTS} attempts`);
  }

  /** A signed-in customer binds to the owner of an invite code (typed in, or carried by an invite link). */
  bindByCode(inviteeId: string, inviteCode: string, source: BindingSource.INVITE_CODE | BindingSource.INVITE_LINK): Promise<CurrentBinding> {
    return this.inOwnTransaction(async (tx) => {
      const inviterId = await this.ownerOf(tx, inviteCode);
      if (!inviterId) throw codeNotFound(['inviteCode']);
      return this.bind(tx, inviteeId, inviterId, source);
    });
  }

  /**
   * Binds a customer registering with an invite code, inside the registration's transaction (the
   * accounts module's), so a refused code leaves no account behind. Allowed in every binding mode.
   */
  async bindAtRegistration(tx: EntityManager, inviteeId: string, inviteCode: string): Promise<void> {
    const inviterId = await this.ownerOf(tx, inviteCode);
    if (!inviterId) throw codeNotFound(['input', 'inviteCode']);
    await this.bind(tx, inviteeId, inviterId, BindingSource.REGISTRATION);
  }

  private inOwnTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return retryDeadlocks(() => this.em.transactional(work));
  }

  private async ownerOf(tx: EntityManager, inviteCode: string): Promise<string | null> {
    const code = normalizeCode(inviteCode);
    if (!code) return null;
    const [row] = await tx
      .getConnection()
      .execute<{ account_id: string }[]>('select account_id from invite_code where code = ?', [code], 'all', tx.getTransactionContext());
    return row?.account_id ?? null;
  }

  /**
   * The rules, in order: not oneself; the mode allows this source; the inviter is a member; the
   * invitee is not bound already (unless the last link wins); the inviter is not in the invitee's
   * team. Everything after the first is read under the trees' locks, so no parallel binding can
   * slip between the checks and the writes.
   */
  private async bind(tx: EntityManager, inviteeId: string, inviterId: string, source: BindingSource): Promise<CurrentBinding> {
    const field = source === BindingSource.REGISTRATION ? ['input', 'inviteCode'] : ['inviteCode'];
    if (inviteeId === inviterId) throw new DomainError(E.SELF_BINDING, 'This is your own invite code: you cannot invite yourself', field);
    const mode = (await memberProgramSettings(tx)).bindingMode;
    if (mode === BindingMode.REGISTRATION_ONLY && source !== BindingSource.REGISTRATION) {
      throw new DomainError(E.ONLY_AT_REGISTRATION, 'Inviters are bound only at registration, with the invite code given when signing up', field);
    }
    const roles = await lockTrees(tx, inviteeId, inviterId);
    const inviterRole = roles.get(inviterId);
    if (!inviterRole) throw codeNotFound(field);
    if (inviterRole !== Role.MEMBER)
      throw new DomainError(E.INVITER_NOT_MEMBER, 'This invite code belongs to someone who is not a member: only members can invite', field);

    const current = await currentBinding(tx, inviteeId);
    if (current && mode !== BindingMode.LAST_LINK) throw new DomainError(E.ALREADY_BOUND, 'You already have an inviter, and the first one stays', field);
    if (current?.inviterId === inviterId) return current;
    if (await inTeamOf(tx, inviteeId, inviterId)) {
      throw new DomainError(E.BINDING_LOOP, 'This inviter is in your own team: binding to them would make a loop', field);
    }

    const boundAt = new Date();
    if (current) {
      // Last link wins: the invitee moves, and its whole team with it.
      await detach(tx, inviteeId);
      await moveBinding(tx, inviteeId, inviterId, source, boundAt);
    } else if (!(await insertBinding(tx, inviteeId, inviterId, source, boundAt))) {
      throw new DomainError(E.ALREADY_BOUND, 'You already have an inviter, and the first one stays', field);
    }
    await attach(tx, inviteeId, inviterId);
    return { inviterId, source, boundAt };
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const referralService = (ctx: RequestContext): ReferralService => new ReferralService(ctx.em);

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { lockAccount } from '../accounts/roles';
import { ApplicationStatus, MembershipMode, MembershipSource } from './entities';
import { MembershipErrorCode as E } from './errors';
import { activePlan, checkDuration, cleanReason, isUniqueViolation, memberService, type MemberService } from './service';
import { memberProgramSettings } from './settings';
import type { RequestContext } from '../../lib/request-context';

export const MAX_MESSAGE_LENGTH = 500;

interface LockedApplication {
  id: string;
  account_id: string;
  status: ApplicationStatus;
}

/**
 * Membership by application (mode APPLICATION): a customer applies, an operator approves — the
 * membership opens in the same transaction — or rejects with a reason. One pending application per
 * account is the partial unique index `membership_application_one_pending`, so parallel applications
 * leave exactly one.
 */
export class ApplicationService {
  constructor(
    private readonly em: EntityManager,
    private readonly members: MemberService,
  ) {}

  async apply(accountId: string, input: { message?: string | null }): Promise<{ applicationId: string }> {
    const message = (input.message ?? '').trim();
    if (message.length > MAX_MESSAGE_LENGTH)
      throw new DomainError(E.INVALID_MESSAGE, `The message must be at most ${MAX_MESSAGE_LENGTH} characters`, ['input', 'message']);
    return this.em.transactional(async (tx) => {
      const mode = (await memberProgramSettings(tx)).membershipMode;
      if (mode !== MembershipMode.APPLICATION) {
        const how = mode === MembershipMode.EVERYONE ? 'buy a membership package' : 'members are appointed by operators';
        throw new DomainError(E.APPLICATIONS_CLOSED, `Membership is not open to applications (mode ${mode.toUpperCase()}: ${how})`, null);
      }
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      const [open] = await conn.execute<{ id: string }[]>(
        'select id from membership where account_id = ? and ended_at is null and (ends_at is null or ends_at > now())',
        [accountId],
        'all',
        ctx,
      );
      if (open) throw new DomainError(E.ALREADY_MEMBER, 'You are already a member', null);
      const id = uuidv7();
      try {
        await conn.execute(
          `insert into membership_application (id, account_id, status, message, created_at) values (?, ?, 'pending', ?, now())`,
          [id, accountId, message],
          'run',
          ctx,
        );
      } catch (err) {
        if (isUniqueViolation(err, 'membership_application_one_pending'))
          throw new DomainError(E.APPLICATION_PENDING, 'You already have an application waiting for a decision', null);
        throw err;
      }
      return { applicationId: id };
    });
  }

  /** Approving opens the membership (source APPLICATION) in the same transaction, in whatever mode: it is an operator's decision. */
  async approve(
    operatorId: string,
    input: { applicationId: string | null; planId: string | null; durationDays?: number | null },
  ): Promise<{ applicationId: string }> {
    checkDuration(input.durationDays, ['input', 'durationDays']);
    return this.em.transactional(async (tx) => {
      const application = await this.lockPending(tx, input.applicationId);
      const plan = await activePlan(tx, input.planId, ['input', 'planId']);
      const account = (await lockAccount(tx, application.account_id))!;
      await this.members.openLocked(
        tx,
        account,
        {
          planId: plan?.id ?? null,
          source: MembershipSource.APPLICATION,
          durationDays: input.durationDays ?? plan?.durationDays ?? null,
        },
        ['input', 'applicationId'],
      );
      await this.decide(tx, application.id, operatorId, ApplicationStatus.APPROVED, null);
      return { applicationId: application.id };
    });
  }

  async reject(operatorId: string, input: { applicationId: string | null; reason: string }): Promise<{ applicationId: string }> {
    const reason = cleanReason(input.reason, ['input', 'reason']);
    return this.em.transactional(async (tx) => {
      const application = await this.lockPending(tx, input.applicationId);
      await this.decide(tx, application.id, operatorId, ApplicationStatus.REJECTED, reason);
      return { applicationId: application.id };
    });
  }

  /** The application, locked, if still pending: of two operators deciding at once, the second is told it is decided. */
  private async lockPending(tx: EntityManager, applicationId: string | null): Promise<LockedApplication> {
    const [application] = applicationId
      ? await tx
          .getConnection()
          .execute<LockedApplication[]>(
            'select id, account_id, status from membership_application where id = ? for update',
            [applicationId],
            'all',
            tx.getTransactionContext(),
          )
      : [];
    if (!application) throw new DomainError(E.APPLICATION_NOT_FOUND, 'No membership application has this id', ['input', 'applicationId']);
    if (application.status !== ApplicationStatus.PENDING)
      throw new DomainError(E.APPLICATION_ALREADY_DECIDED, `The application was already ${application.status}`, ['input', 'applicationId']);
    return application;
  }

  private async decide(tx: EntityManager, id: string, operatorId: string, status: ApplicationStatus, reason: string | null): Promise<void> {
    await tx
      .getConnection()
      .execute(
        `update membership_application set status = ?, rejection_reason = ?, reviewed_by = ?, reviewed_at = now() where id = ? and status = 'pending'`,
        [status, reason, operatorId, id],
        'run',
        tx.getTransactionContext(),
      );
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const applicationService = (ctx: RequestContext): ApplicationService => new ApplicationService(ctx.em, ctx.use(memberService));

import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import type { RequestContext } from '../../lib/request-context';
import { count, run } from '../../lib/sql';
import { ACCOUNTS, existingAccountIds } from '../accounts/queries';
import { ContentErrorCode as E } from './errors';

/** Who may write articles: accounts an operator made authors (members and KOLs alike). */
export interface AuthorRow {
  account_id: string;
  display_name: string;
  granted_at: string;
}

export class ContentAuthors {
  constructor(private readonly em: EntityManager) {}

  /** Makes the account an author; granting again changes nothing. */
  async grant(accountId: string | null, operatorId: string): Promise<AuthorRow> {
    if (!accountId || !(await existingAccountIds(this.em, [accountId])).has(accountId))
      throw new DomainError(E.ACCOUNT_NOT_FOUND, 'No account has this id', ['accountId']);
    await run(this.em, 'insert into content_author (account_id, granted_by_id, granted_at) values (?, ?, now()) on conflict (account_id) do nothing', [
      accountId,
      operatorId,
    ]);
    return (await this.find(accountId))!;
  }

  /** Takes the right to write away; the author's articles stay as they are (operators hide what they must). */
  async revoke(accountId: string | null): Promise<void> {
    const removed = accountId ? await run(this.em, 'delete from content_author where account_id = ? returning account_id', [accountId]) : [];
    if (removed.length === 0) throw new DomainError(E.NOT_AN_AUTHOR, 'This account is not a content author', ['accountId']);
  }

  async find(accountId: string): Promise<AuthorRow | null> {
    const [row] = await run<AuthorRow>(
      this.em,
      `select c.account_id, a.display_name, c.granted_at from content_author c join ${ACCOUNTS} a on a.id = c.account_id where c.account_id = ?`,
      [accountId],
    );
    return row ?? null;
  }

  /** Every author, latest made first. */
  list(args: PageArgs) {
    const knex = this.em.getKnex();
    const page = knex('content_author as c')
      .join(knex.raw(`${ACCOUNTS} as a`), 'a.id', 'c.account_id')
      .select('c.account_id', 'a.display_name', 'c.granted_at');
    return keysetPage<AuthorRow>(
      this.em,
      page,
      args,
      [
        { sql: 'c.granted_at', direction: 'desc', value: (r) => r.granted_at },
        { sql: 'c.account_id', direction: 'desc', value: (r) => r.account_id },
      ],
      () => count(this.em, knex('content_author')),
    );
  }

  /** Refuses anyone who is not an author now, in the caller's transaction (a grant revoked meanwhile counts). */
  async check(accountId: string): Promise<void> {
    const [row] = await run(this.em, 'select 1 from content_author where account_id = ? for share', [accountId]);
    if (!row) throw new DomainError(E.NOT_AN_AUTHOR, 'Only content authors write articles: ask an operator to make you one', null);
  }
}

export const contentAuthors = (ctx: RequestContext): ContentAuthors => new ContentAuthors(ctx.em);

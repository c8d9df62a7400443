import 'reflect-metadata';
import { loadConfigOrExit } from '../config';
import { openDatabase } from '../db/database';
import { DomainError } from '../lib/errors';
import { resetOperatorPassword } from '../modules/accounts/operators';
import { operatorArgs, readNewPassword, UsageError } from './operator-input';

const USAGE = 'npm run operator:reset-password -- <email or phone>   (the new password is asked for, or read from standard input)';

/** `npm run operator:reset-password`: a new password for an operator, whose sessions all end. */
async function main(): Promise<number> {
  const args = operatorArgs(process.argv.slice(2), USAGE, { name: false });
  const config = loadConfigOrExit();
  const password = await readNewPassword();
  const db = await openDatabase(config);
  try {
    const reset = await resetOperatorPassword(db.orm.em.fork(), args.login, password);
    if (!reset) {
      console.error(`No operator signs in with "${args.login}": nothing was changed.`);
      return 1;
    }
    console.log(`New password set for operator ${reset.account.email ?? reset.account.phone}; ${reset.endedSessions} session(s) ended: it signs in again.`);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    console.error(`Refused (${err.code}): ${err.message}. The password was not changed.`);
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);

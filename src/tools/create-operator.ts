import 'reflect-metadata';
import { loadConfigOrExit } from '../config';
import { openDatabase } from '../db/database';
import { DomainError } from '../lib/errors';
import { createOperator } from '../modules/accounts/operators';
import { operatorArgs, readNewPassword, UsageError } from './operator-input';

const USAGE = 'npm run operator:create -- <email or phone> [--name "<display name>"]   (the password is asked for, or read from standard input)';

/** `npm run operator:create`: the first operator of a deployment, or another one. */
async function main(): Promise<number> {
  const args = operatorArgs(process.argv.slice(2), USAGE, { name: true });
  const config = loadConfigOrExit();
  const password = await readNewPassword();
  const db = await openDatabase(config);
  try {
    const account = await createOperator(db.orm.em.fork(), args.login, password, args.displayName);
    console.log(`Created operator ${account.email ?? account.phone} (account ${account.id}): it signs in with the login mutation.`);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    console.error(`Refused (${err.code}): ${err.message}. No operator was created.`);
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

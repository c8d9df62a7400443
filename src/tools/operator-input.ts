import { read } from 'read';

/** Bad command-line use: exit code 2, as a bad setting. */
export class UsageError extends Error {}

export interface OperatorArgs {
  /** An email address or a phone number. */
  login: string;
  displayName?: string;
}

/**
 * `<email or phone> [--name <display name>]`. A password is never taken from an argument: the
 * command line of a process is visible to every user of the machine and kept in shell histories.
 */
export function operatorArgs(argv: string[], usage: string, options: { name: boolean }): OperatorArgs {
  const logins: string[] = [];
  let displayName: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (/^--?pass(word)?(=|$)/i.test(arg)) {
      throw new UsageError('The password is never read from the command line: type it at the prompt, or pipe it on standard input');
    }
    if (options.name && arg === '--name') {
      displayName = argv[++i];
      if (displayName === undefined) throw new UsageError(`--name needs a display name. Usage: ${usage}`);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}. Usage: ${usage}`);
    } else {
      logins.push(arg);
    }
  }
  if (logins.length !== 1) throw new UsageError(`Give one email address or phone number. Usage: ${usage}`);
  return { login: logins[0], displayName };
}

/**
 * The new password: typed twice at a prompt that does not echo it when standard input is a
 * terminal; otherwise the first line of standard input (for scripts: `… < password-file`).
 */
export async function readNewPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    // The Enter of a silent prompt is not echoed either: end each line by hand.
    const prompt = async (text: string) => {
      const answer = await read({ prompt: text, silent: true, replace: '' });
      process.stdout.write('\n');
      return answer;
    };
    const password = await prompt('New password: ');
    const again = await prompt('The same password again: ');
    if (password !== again) throw new UsageError('The two passwords differ: nothing was changed');
    return password;
  }
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const password = input.split(/\r?\n/)[0];
  if (!password) throw new UsageError('No password on standard input: give it as the first line');
  return password;
}

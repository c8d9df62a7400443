import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** Another API process (test/support/instance.ts) on the same database, for the cross-process tests. */
export interface SecondApi {
  child: ChildProcess;
  /** Its base URL, e.g. http://127.0.0.1:12345. */
  base: string;
  stop(): Promise<void>;
}

/** Starts it as its own Node process with `env` on top of this one's, and waits for its port. */
export function startSecondApi(databaseUrl: string, env: Record<string, string> = {}): Promise<SecondApi> {
  const child = spawn(process.execPath, ['-r', resolve(__dirname, 'ts-register.js'), resolve(__dirname, 'instance.ts')], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode != null || child.signalCode != null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      const match = /PORT (\d+)/.exec(out);
      if (match) resolveStart({ child, base: `http://127.0.0.1:${match[1]}`, stop });
    });
    child.on('exit', (code) => reject(new Error(`the second API exited (${code}): ${out}`)));
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The whole API as it is deployed (src/main.ts: config → database → migrations → HTTP), as a child process. */
export interface ApiProcess {
  child: ChildProcess;
  pid: number;
  /** Its base URL, e.g. http://127.0.0.1:12345. */
  base: string;
  /** What it printed on stdout and stderr so far. */
  output(): string;
  /** Resolves with its exit code once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

const ROOT = resolve(__dirname, '..', '..');

/**
 * Runs a TypeScript entry point of the project (e.g. src/main.ts, src/tools/migrate.ts) as its own
 * Node process, transpiled as the tests are (test/support/ts-register.js).
 */
export function runTs(entry: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', resolve(__dirname, 'ts-register.js'), resolve(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Starts src/main.ts on a free port (PORT=0) and waits for its start banner, which names the port. */
export function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const child = runTs('src/main.ts', [], { NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMITS: 'off', HOST: '127.0.0.1', PORT: '0', ...env });
  child.stdin!.end();
  let out = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  child.stderr!.on('data', (chunk) => (out += String(chunk)));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((started, failed) => {
    const onData = () => {
      const match = /ready: http:\/\/localhost:(\d+)\/graphql/.exec(out);
      if (!match) return;
      child.stdout!.off('data', onData);
      started({
        child,
        pid: child.pid!,
        base: `http://127.0.0.1:${match[1]}`,
        output: () => out,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => failed(new Error(`the API exited (${code}) before it was ready:\n${out}`)));
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { loadConfig } from '../../../src/config';
import { lines, sleep, type Api } from '../api';
import { freePorts } from '../ports';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * A floor's server: one of the scripts next to this file, run by its own node process — like the
 * API, so neither shares an event loop with autocannon — on the API's database with a pool of the
 * API's size.
 */
export class FloorProcess {
  /** Every floor server started and not stopped yet. */
  private static readonly live = new Set<FloorProcess>();
  readonly base: string;
  private tail: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    port: number,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  /** The floor server's process id, for its CPU per request. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts `script` (e.g. 'listing-server') for `api`'s database and waits until it prints "ready:". */
  static async start(script: string, api: Api, env: Record<string, string> = {}): Promise<FloorProcess> {
    const [port] = await freePorts(1);
    // The pool size the API runs with, read as the API reads it.
    const poolSize = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_POOL_SIZE: api.env.DB_POOL_SIZE }).dbPoolSize;
    const child = spawn(process.execPath, [resolve(__dirname, `${script}.js`)], {
      env: { ...process.env, ...env, FLOOR_PORT: String(port), FLOOR_DATABASE_URL: api.databaseUrl, FLOOR_POOL_SIZE: String(poolSize) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const floor = new FloorProcess(child, port);
    FloorProcess.live.add(floor);
    try {
      await new Promise<void>((ready, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`${script} did not print "ready:" within ${START_TIMEOUT_MS / 1000} s:\n${floor.lastOutput()}`)),
          START_TIMEOUT_MS,
        );
        const onLine = (line: string) => {
          floor.tail.push(line);
          if (floor.tail.length > 20) floor.tail.shift();
          if (line.startsWith('ready:')) {
            clearTimeout(timer);
            ready();
          }
        };
        lines(child.stdout, onLine);
        lines(child.stderr, onLine);
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          fail(new Error(`${script} exited (${signal ?? `code ${code}`}):\n${floor.lastOutput()}`));
        });
      });
    } catch (err) {
      await floor.stop();
      throw err;
    }
    return floor;
  }

  lastOutput(): string {
    return this.tail.map((l) => `  | ${l}`).join('\n') || '  (nothing)';
  }

  static async stopAll(): Promise<void> {
    await Promise.all([...FloorProcess.live].map((floor) => floor.stop()));
  }

  /** SIGTERM: the server answers what it has begun, ends its pool and exits; SIGKILL if it hangs. */
  async stop(): Promise<void> {
    FloorProcess.live.delete(this);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    if (await Promise.race([this.exited.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)])) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

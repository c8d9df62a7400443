import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { openOrm } from '../src/db/orm';

/**
 * A DATABASE_URL may name the directory of the server's Unix socket with `?host=` (libpq's
 * convention): the job queue and the listener (plain `pg`) always followed it, and the API's pools
 * connect through it too instead of to the URL's host over TCP. `inet_client_addr()` is null for a
 * connection over a Unix socket.
 */
const server = new URL(process.env.TEST_DATABASE_SERVER!);
let socketDir = '';

beforeAll(async () => {
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const [{ unix_socket_directories: dirs }] = (await client.query<{ unix_socket_directories: string }>('show unix_socket_directories')).rows;
    socketDir = dirs.split(',')[0]?.trim() ?? '';
  } finally {
    await client.end();
  }
});

async function clientAddressOver(url: string): Promise<string | null> {
  const orm = await openOrm(url, 1);
  try {
    const [row] = await orm.em.getConnection().execute<{ address: string | null }[]>('select inet_client_addr()::text as address');
    return row.address;
  } finally {
    await orm.close(true);
  }
}

it('connects the pool through the Unix socket a DATABASE_URL names with ?host=, and over TCP without it', async () => {
  const port = server.port || '5432';
  // The test server runs on this machine (the embedded one, or DATABASE_URL's): its socket is here.
  expect(existsSync(join(socketDir, `.s.PGSQL.${port}`))).toBe(true);
  const overSocket = new URL(server.toString());
  overSocket.searchParams.set('host', socketDir);
  expect(await clientAddressOver(overSocket.toString())).toBeNull();
  expect(await clientAddressOver(server.toString())).not.toBeNull();
});

import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory for PostgreSQL data, `<prefix>XXXXXX`; the caller deletes it. */
export async function tempDataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // 0755: as root, the embedded PostgreSQL runs as the "postgres" user, which must enter this directory.
  await chmod(dir, 0o755);
  return dir;
}

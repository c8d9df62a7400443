/**
 * What a connection shows as `application_name` in pg_stat_activity: its role (`api`, `jobs`,
 * `listener`, …) and the process id, after the application_name DATABASE_URL gives, if any
 * (`shop-eu:api:12345`). So every pool of every API process can be told apart on the server.
 */
export function applicationName(url: string, role: string): string {
  const given = new URL(url).searchParams.get('application_name');
  return [given, role, process.pid].filter(Boolean).join(':');
}

/**
 * The URL with its application_name replaced by applicationName(url, role): for clients built on
 * `pg`, where a name in the connection string wins over the `application_name` option.
 */
export function withApplicationName(url: string, role: string): string {
  const named = new URL(url);
  named.searchParams.set('application_name', applicationName(url, role));
  return named.toString();
}

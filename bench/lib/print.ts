import type { Row } from './load';

/** A duration as the bench prints it: "12.3 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "app + db": the serving process's and the database server's CPU milliseconds per request. */
function cpuCell(cpu: { server: number; database: number }): string {
  const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '?');
  return `${ms(cpu.server)} + ${ms(cpu.database)}`;
}

export function printTable(rows: Row[]): void {
  const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const table = [
    ['scenario', 'connections', 'req/s (avg)', 'p50 ms', 'p99 ms', 'SQL/request', 'errors', 'CPU ms/req', 'floor req/s', 'ratio', 'floor CPU ms/req'],
    ...rows.map((r) => [
      r.scenario,
      String(r.connections),
      fixed(r.rps, 1),
      fixed(r.p50, 0),
      fixed(r.p99, 0),
      fixed(r.sqlPerRequest, 2),
      String(r.errors),
      cpuCell(r.cpu),
      r.floor ? fixed(r.floor.rps, 1) : '-',
      r.floor ? fixed(r.rps / r.floor.rps, 3) : '-',
      r.floor ? cpuCell(r.floor.cpu) : '-',
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
}

/**
 * What every table of allowed transitions shares (a module's lifecycle.ts declares one per stateful
 * object): which transitions lead from one state to another, why one is refused, and the pieces of
 * SQL that make a transition ONE conditional UPDATE — the row moves only from a state the transition
 * leaves from and only while its guard holds, so of two racing changes exactly one wins and an
 * illegal one changes nothing. Pure: it runs no SQL and names no table.
 *
 * States are written into the SQL as literals, not parameters: they are the code's own enum values,
 * and only a literal lets PostgreSQL use the partial indexes declared on them (`where status = 'active'`).
 */

export interface Guard {
  /** The condition in words, for refusals: "its paid seats reach its size". */
  readonly says: string;
  /** The same condition in SQL over the row, by the machine's alias. */
  readonly sql: string;
}

export interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
  readonly guard?: Guard;
  /** Columns set with the status, as SQL expressions (`closed_at: 'now()'`). */
  readonly set?: Readonly<Record<string, string>>;
}

export interface Machine<S extends string, T extends string> {
  /** What the object is called in refusals: "session". */
  readonly noun: string;
  readonly states: readonly S[];
  /** The alias its table has in the machine's statements (guards use it). */
  readonly alias: string;
  /** The PostgreSQL enum type of its status column. */
  readonly enumType: string;
  readonly transitions: Readonly<Record<T, Transition<S>>>;
}

const LITERAL = /^[a-z_]+$/;

/** Checks a table once, at load: known states only, SQL-safe names, no transition to the state it leaves. */
export function machine<S extends string, T extends string>(m: Machine<S, T>): Machine<S, T> {
  for (const s of m.states) if (!LITERAL.test(s)) throw new Error(`${m.noun}: state "${s}" is not a plain name`);
  for (const [name, t] of entries(m)) {
    for (const s of [...t.from, t.to]) if (!m.states.includes(s)) throw new Error(`${m.noun}.${name}: unknown state "${s}"`);
    if (t.from.length === 0 || t.from.includes(t.to)) throw new Error(`${m.noun}.${name}: must leave from other states than it reaches`);
    for (const column of Object.keys(t.set ?? {}))
      if (!LITERAL.test(column) || column === 'status') throw new Error(`${m.noun}.${name}: cannot set "${column}"`);
  }
  return m;
}

function entries<S extends string, T extends string>(m: Machine<S, T>): [T, Transition<S>][] {
  return Object.entries(m.transitions) as [T, Transition<S>][];
}

/** The transitions that move an object from one state to another; none: the table refuses the move. */
export function transitionsBetween<S extends string, T extends string>(m: Machine<S, T>, from: S, to: S): T[] {
  return entries(m)
    .filter(([, t]) => t.to === to && t.from.includes(from))
    .map(([name]) => name);
}

/** Why a transition did not apply, naming the object's current state (null: no such object). */
export function refusal<S extends string, T extends string>(m: Machine<S, T>, name: T, current: S | null): string {
  const t = m.transitions[name];
  if (current === null) return `No such ${m.noun}: it cannot ${name}`;
  const now = `The ${m.noun} is ${current.toUpperCase()}`;
  if (!t.from.includes(current)) return `${now}: it cannot ${name} (only from ${t.from.map((s) => s.toUpperCase()).join(' or ')})`;
  return t.guard ? `${now}: it cannot ${name} unless ${t.guard.says}` : `${now}: it could not ${name} (it changed meanwhile)`;
}

/** States as a SQL list of literals: `'opening', 'open'`. */
export function sqlStates(states: readonly string[]): string {
  return states.map((s) => `'${s}'`).join(', ');
}

function condition<S extends string, T extends string>(m: Machine<S, T>, name: T): string {
  const t = m.transitions[name];
  return `${m.alias}.status in (${sqlStates(t.from)})${t.guard ? ` and (${t.guard.sql})` : ''}`;
}

/** The WHERE part: the row is in a state one of these transitions leaves from, and that one's guard holds. */
export function whereAllowed<S extends string, T extends string>(m: Machine<S, T>, names: readonly T[]): string {
  return `(${names.map((n) => `(${condition(m, n)})`).join(' or ')})`;
}

/**
 * The SET part: the status and the columns the transitions set. With several transitions (a sweep
 * deciding many rows at once) each row takes the first of them that applies to it, in one statement.
 */
export function setStatus<S extends string, T extends string>(m: Machine<S, T>, names: readonly T[]): string {
  if (names.length === 0) throw new Error(`${m.noun}: no transition named`);
  const pick = (value: (t: Transition<S>) => string | undefined, otherwise: string): string => {
    const values = names.map((n) => value(m.transitions[n]));
    if (values.every((v) => v !== undefined && v === values[0])) return values[0]!;
    // A transition that does not set the column still claims its rows, so a later one cannot set it there.
    const whens = names.map((n, i) => `when ${condition(m, n)} then ${values[i] ?? otherwise}`);
    return `(case ${whens.join(' ')} else ${otherwise} end)`;
  };
  const columns = [...new Set(names.flatMap((n) => Object.keys(m.transitions[n].set ?? {})))];
  return [
    `status = ${pick((t) => `'${t.to}'::${m.enumType}`, `${m.alias}.status`)}`,
    ...columns.map((c) => `${c} = ${pick((t) => t.set?.[c], `${m.alias}.${c}`)}`),
  ].join(', ');
}

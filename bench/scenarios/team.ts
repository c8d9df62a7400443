import { BENCH_PASSWORD, signIn, type Session } from '../lib/accounts';
import type { Api } from '../lib/api';
import { defaultFailure, type Operation } from '../lib/operation';
import { seconds } from '../lib/print';
import { TREE_DEPTH, TREE_MEMBERS, teamSize, treeMember, writeReferralTree } from '../lib/referral-tree';
import type { Scenario } from '../lib/scenario';

/** The member whose team the mid-tree scenario reads: the first of level 25. */
const MID_LEVEL = 25;
const TEAM_OPERATION = 'BenchTeam';
const TEAM = `query ${TEAM_OPERATION}($from: DateTimeISO!, $to: DateTimeISO!) { myTeam { size sales(from: $from, to: $to) { amount currencyCode } } }`;
const TEAM_CONNECTIONS = [1, 16];

interface Team {
  root: Session;
  mid: Session;
  sizes: { root: number; mid: number };
}

let tree: Promise<Team> | null = null;

/** Once, shared by the team scenarios: the tree, its orders, and the two members signed in. */
function prepare(api: Api): Promise<Team> {
  return (tree ??= build(api));
}

async function build(api: Api): Promise<Team> {
  const t0 = Date.now();
  const { email, paths, orders } = await writeReferralTree(api);
  const [root, mid] = await Promise.all([signIn(api, email(0), BENCH_PASSWORD, true), signIn(api, email(treeMember(MID_LEVEL, 0)), BENCH_PASSWORD, true)]);
  const sizes = { root: TREE_MEMBERS - 1, mid: teamSize(MID_LEVEL, 0) };
  console.log(
    `  team: ${TREE_MEMBERS.toLocaleString('en')} members in ${TREE_DEPTH} levels, ${paths.toLocaleString('en')} closure rows, ${orders.toLocaleString('en')} paid orders, ` +
      `written in ${seconds(Date.now() - t0)}; teams of ${sizes.root.toLocaleString('en')} (root) and ${sizes.mid.toLocaleString('en')} (level ${MID_LEVEL})`,
  );
  return { root, mid, sizes };
}

/** myTeam { size sales } of the last 30 days, as the member; a wrong size counts as a failure. */
function teamOperation(member: Session, size: number): Operation {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  return {
    query: TEAM,
    variables: { from: from.toISOString(), to: to.toISOString() },
    headers: { authorization: `Bearer ${member.accessToken}` },
    failure: (status, text) => defaultFailure(status, text) ?? (text.includes(`"size":${size},`) ? null : 'responses with a wrong team size'),
  };
}

/** Team size and 30-day team sales of the root: a team of 99,999, 50 levels deep. */
export const teamOfRoot: Scenario = {
  name: 'team of 100k (root)',
  connections: TEAM_CONNECTIONS,
  operation: async (api) => {
    const { root, sizes } = await prepare(api);
    return teamOperation(root, sizes.root);
  },
};

/** The same for the first member of level 25: a team of about 32,000, 25 levels deep. */
export const teamOfMidLevel: Scenario = {
  name: 'team of 32k (level 25)',
  connections: TEAM_CONNECTIONS,
  operation: async (api) => {
    const { mid, sizes } = await prepare(api);
    return teamOperation(mid, sizes.mid);
  },
};

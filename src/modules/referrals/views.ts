import { mapConnection } from '../../lib/pagination';
import { toGlobalId } from '../../lib/ids';
import type { Connection } from '../../lib/pagination';
import type { InviterRow, TeamMemberRow } from './reads';
import type { Inviter, TeamMember } from './types';

export function inviterView(row: InviterRow): Inviter {
  return { displayName: row.display_name, avatarUrl: row.avatar_url, boundAt: new Date(row.bound_at), source: row.source };
}

export function teamMemberView(row: TeamMemberRow): TeamMember {
  return {
    id: toGlobalId('Account', row.id),
    displayName: row.display_name,
    avatarUrl: row.avatar_url,
    isMember: row.role === 'member',
    depth: Number(row.depth),
    boundAt: new Date(row.bound_at),
  };
}

export function teamMemberConnection(connection: Connection<TeamMemberRow>) {
  return mapConnection(connection, teamMemberView);
}

/**
 * A customer's name as public listings (group-buy leaders, bargain starters and helpers) show it, in
 * SQL over the account table aliased `alias`. An account that never chose a display name has the
 * default made from its email (service.ts: the part before the @); shown as it is, that is
 * part of the email, so it is masked to its first character and "**". Names the customer chose, and
 * the phone default (用户 and the last four digits), show as they are.
 */
export function publicNameSql(alias: string, as: string): string {
  const a = alias;
  return `(case when ${a}.email is not null and ${a}.display_name = left(split_part(${a}.email, '@', 1), 40) then left(${a}.display_name, 1) || '**' else ${a}.display_name end) as ${as}`;
}

import type { Api } from './api';

/** The password of every account the bench creates. */
export const BENCH_PASSWORD = 'bench-pass-2026';

const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { tokens { accessToken accessTokenExpiresAt } userErrors { code message } } }';
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken accessTokenExpiresAt } userErrors { code message } } }';

export interface Session {
  accessToken: string;
  expiresAt: number;
}

export interface AuthPayload {
  tokens: { accessToken: string; accessTokenExpiresAt: string } | null;
  userErrors: { code: string; message: string }[];
}

/** The session a register or login payload gives; throws with its userErrors when it gives none. */
export function sessionOf(payload: AuthPayload, what: string): Session {
  if (!payload.tokens) throw new Error(`${what}: ${payload.userErrors.map((e) => `${e.code} ${e.message}`).join('; ') || 'no tokens'}`);
  return { accessToken: payload.tokens.accessToken, expiresAt: Date.parse(payload.tokens.accessTokenExpiresAt) };
}

/** Registers a customer through the storefront with BENCH_PASSWORD. */
export async function register(api: Api, email: string, displayName: string): Promise<AuthPayload> {
  const data = await api.graphql<{ register: AuthPayload }>({ query: REGISTER, variables: { input: { email, password: BENCH_PASSWORD, displayName } } });
  return data.register;
}

/** Signs in through the API; operators without the storefront key, as an operator console does. */
export async function signIn(api: Api, login: string, password: string, storefrontKey: boolean): Promise<Session> {
  const data = await api.graphql<{ login: AuthPayload }>({ query: LOGIN, variables: { input: { login, password } } }, { storefrontKey });
  return sessionOf(data.login, `login as ${login}`);
}

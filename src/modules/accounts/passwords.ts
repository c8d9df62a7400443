import { Algorithm, hash, verify } from '@node-rs/argon2';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes). */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export function verifyPassword(hashed: string, password: string): Promise<boolean> {
  return verify(hashed, password).catch(() => false);
}

/** A hash of a random password: logins for unknown accounts spend the same time as real ones. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(`decoy-${Math.random()}`));
}

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/** Why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, identifiers: (string | null | undefined)[]): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'Password must contain both letters and digits';
  const lower = password.toLowerCase();
  for (const id of identifiers) {
    // An identifier of a few letters ("li" of li@qq.com) is in too many good passwords to refuse them.
    if (id && id.length >= 4 && lower.includes(id.toLowerCase())) return 'Password must not contain your email or phone number';
  }
  if (/^(.)\1+$/.test(password) || /^(?:password|12345678|qwerty)/i.test(password)) return 'Password is too easy to guess';
  return null;
}

import { randomInt } from 'node:crypto';

/**
 * Invite codes are read aloud, typed on phones and printed on posters: upper-case letters and
 * digits without the look-alikes 0/O, 1/I/L.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const MIN_CODE_LENGTH = 6;
export const MAX_CODE_LENGTH = 8;

const CODE = new RegExp(`^[${CODE_ALPHABET}]{${MIN_CODE_LENGTH},${MAX_CODE_LENGTH}}$`);

/** A random code; `length` grows from 6 only when shorter codes keep colliding. */
export function randomCode(length = MIN_CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What a person typed, as stored (trimmed, upper-case); null when it cannot be a code at all. */
export function normalizeCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return CODE.test(code) ? code : null;
}

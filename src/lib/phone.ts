/**
 * Phone numbers, one rule for accounts and shipping addresses: mainland mobile numbers (11 digits
 * starting with 1) or E.164 numbers with a leading +. Spaces and hyphens are dropped first.
 */
export const PHONE = /^(1\d{10}|\+[1-9]\d{6,14})$/;

export function normalizePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '');
}

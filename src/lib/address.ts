import { normalizePhone, PHONE } from './phone';

/**
 * A shipping address, one rule for the checkout's inline address (orders) and the address book
 * (accounts): a recipient, a phone number of lib/phone's rule, a region (province, city,
 * district) and a street address, each trimmed and bounded.
 */
export interface Address {
  name: string;
  phone: string;
  region: string;
  detail: string;
}

export const MAX_RECIPIENT_NAME_LENGTH = 40;
export const MAX_REGION_LENGTH = 100;
export const MAX_STREET_LENGTH = 200;

/** What is wrong with one field of an address: blank, too short or long, or not a phone number. */
export interface AddressFault {
  field: keyof Address;
  kind: 'required' | 'length' | 'phone';
  message: string;
}

const LENGTHS: [keyof Address, number, number, string][] = [
  ['name', 1, MAX_RECIPIENT_NAME_LENGTH, 'Recipient name'],
  ['region', 2, MAX_REGION_LENGTH, 'Region (province, city, district)'],
  ['detail', 2, MAX_STREET_LENGTH, 'Street address'],
];

/** The address trimmed and its phone normalised, and the first fault found in field order (name, phone, region, street), or null. */
export function checkAddress(address: Address): { clean: Address; fault: AddressFault | null } {
  const clean = { name: address.name.trim(), phone: normalizePhone(address.phone), region: address.region.trim(), detail: address.detail.trim() };
  const lengthFault = (field: keyof Address): AddressFault | null => {
    const [, min, max, label] = LENGTHS.find(([f]) => f === field)!;
    const length = [...clean[field]].length;
    if (length >= min && length <= max) return null;
    return { field, kind: length === 0 ? 'required' : 'length', message: `${label} must be ${min} to ${max} characters` };
  };
  const fault =
    lengthFault('name') ??
    (PHONE.test(clean.phone)
      ? null
      : { field: 'phone' as const, kind: 'phone' as const, message: 'Recipient phone must be 11 digits starting with 1, or + and an international number' }) ??
    lengthFault('region') ??
    lengthFault('detail');
  return { clean, fault };
}

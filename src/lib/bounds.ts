/**
 * The bounds of an input: every text input has a maximum length, every number a range, every list
 * a maximum number of items. They are written in the input's description, in these exact sentences,
 * and the edge (src/server/input-bounds.ts) reads them back from the schema and refuses a value
 * outside them before anything runs: what the documentation says is what is enforced, by
 * construction. Use the helpers below in `@Field` / `@Arg` options instead of writing the sentences.
 */
/**
 * The longest share token (from a member's share link) any input accepts: attribution issues and
 * checks them (attribution/rules.ts), checkout carries one (orders), so the bound sits below both.
 */
export const MAX_SHARE_TOKEN_LENGTH = 64;

/**
 * A buy button's placement label, as a site gives it at checkout ("sidebar", "post-42.footer"): 1 to
 * 40 of letters, digits, `_`, `.` and `-`. Checkout refuses anything else (orders), attribution
 * records it and its table checks it again, so the rule sits below both.
 */
export const MAX_PLACEMENT_LENGTH = 40;
export const PLACEMENT_PATTERN = `^[A-Za-z0-9_.-]{1,${MAX_PLACEMENT_LENGTH}}$`;

export interface Bounds {
  maxLength?: number;
  min?: number;
  max?: number;
  maxItems?: number;
}

const number = (n: number) => n.toLocaleString('en-US');

function describe(description: string, sentence: string): { description: string } {
  const text = description.trim();
  return { description: text ? `${text}${/[.!?)]$/.test(text) ? '' : '.'} ${sentence}` : sentence };
}

/** A text input of at most `max` characters. */
export function maxChars(max: number, description: string): { description: string } {
  return describe(description, `At most ${number(max)} characters.`);
}

/** A whole number from `min` to `max`, both included. */
export function range(min: number, max: number, description: string): { description: string } {
  return describe(description, `From ${number(min)} to ${number(max)}.`);
}

/** A list of at most `max` items; `each` adds a sentence for every item (e.g. its own length). */
export function maxItems(max: number, description: string, each?: { maxLength?: number; min?: number; max?: number }): { description: string } {
  let sentence = `At most ${number(max)} items.`;
  if (each?.maxLength !== undefined) sentence += ` Each at most ${number(each.maxLength)} characters.`;
  if (each?.min !== undefined && each.max !== undefined) sentence += ` Each from ${number(each.min)} to ${number(each.max)}.`;
  return describe(description, sentence);
}

const NUM = '(-?[\\d,]+)';
const PATTERNS: [RegExp, (m: RegExpMatchArray) => Bounds][] = [
  [new RegExp(`(?:^|\\. )At most ${NUM} characters\\.`), (m) => ({ maxLength: parse(m[1]) })],
  [new RegExp(`(?:^|\\. )From ${NUM} to ${NUM}\\.`), (m) => ({ min: parse(m[1]), max: parse(m[2]) })],
  [new RegExp(`(?:^|\\. )At most ${NUM} items\\.`), (m) => ({ maxItems: parse(m[1]) })],
  [new RegExp(`Each at most ${NUM} characters\\.`), (m) => ({ maxLength: parse(m[1]) })],
  [new RegExp(`Each from ${NUM} to ${NUM}\\.`), (m) => ({ min: parse(m[1]), max: parse(m[2]) })],
];

function parse(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** The bounds a description states (the sentences written by the helpers above). */
export function boundsIn(description: string | null | undefined): Bounds {
  const bounds: Bounds = {};
  if (!description) return bounds;
  for (const [pattern, read] of PATTERNS) {
    const match = description.match(pattern);
    if (match) Object.assign(bounds, read(match));
  }
  return bounds;
}

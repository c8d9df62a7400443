/**
 * The inline markup of article text (paragraphs and quotes), small on purpose so front ends never
 * render HTML: they draw the spans made here, as plain text with a style.
 *
 *   **bold**            bold
 *   *italic*            italic (they nest: ***both***, **bold *and italic***)
 *   [label](https://…)  a link around its label; the URL is absolute http:// or https://, without spaces
 *   \*  \[  \]  \(  \)  \\   that character itself
 *
 * A marker opens only before a non-space and closes only after one, and pairs with the nearest
 * marker of its kind that can close it; one left unpaired is text as written ("5 * 3" stays as it is).
 * Markers pair inside a link's label or outside it, never across. Line breaks stay in the text.
 * Saving refuses what looks like an HTML tag and links to anything but http(s) (checkMarkup); the
 * spans never carry a link to anything else, whatever is stored.
 */

export interface Span {
  text: string;
  bold: boolean;
  italic: boolean;
  /** The link's http(s) URL; null when the span is not a link. */
  link: string | null;
}

/** A link's URL and its closing parenthesis, right after "](": longer URLs are not links. */
const URL_PART = /([^\s)]{1,2048})\)/y;

const ESCAPABLE = new Set(['\\', '*', '[', ']', '(', ')']);

/** Absolute http(s) URLs only: no javascript:, data: or relative links ever reach a front end. */
export function isWebUrl(text: string): boolean {
  if (!/^https?:\/\/[^\s/?#]+\S*$/i.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Something a browser would read as a tag, comment, doctype or processing instruction: `<b`, `</p`, `<!--`, `<?xml`. */
const HTML_TAG = /<[/!?]?[A-Za-z!?-]/;

/** Whether plain text holds what looks like HTML: no text of an article may. */
export function looksLikeHtml(text: string): boolean {
  return HTML_TAG.test(text);
}

/** Why the text may not be saved: what looks like HTML, or a link that is not http(s); null when it may. */
export function checkMarkup(source: string): 'INVALID_LINK' | 'HTML_NOT_ALLOWED' | null {
  if (looksLikeHtml(source)) return 'HTML_NOT_ALLOWED';
  const links: string[] = [];
  const collect = (tokens: Token[]) => {
    for (const t of tokens)
      if (t.kind === 'link') {
        links.push(t.url);
        collect(t.label);
      }
  };
  collect(tokenize(source, 0, source.length).tokens);
  return links.every(isWebUrl) ? null : 'INVALID_LINK';
}

/** The text as spans, adjacent spans of the same style merged. */
export function parseMarkup(source: string): Span[] {
  const spans: Span[] = [];
  draw(tokenize(source, 0, source.length).tokens, { bold: false, italic: false, link: null }, spans);
  return spans;
}

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'marker'; marker: '*' | '**'; canOpen: boolean; canClose: boolean; pairedWith?: 'open' | 'close' }
  | { kind: 'link'; url: string; label: Token[] };

/** Tokens of s[from, to), stopping at an unescaped "]" when `inLabel` (end -1: a "[" came first). */
function tokenize(s: string, from: number, to: number, inLabel = false): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  const text = (t: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'text') last.text += t;
    else tokens.push({ kind: 'text', text: t });
  };
  let i = from;
  while (i < to) {
    const c = s[i];
    if (c === '\\' && i + 1 < to && ESCAPABLE.has(s[i + 1])) {
      text(s[i + 1]);
      i += 2;
    } else if (c === '*') {
      const marker = s.startsWith('**', i) && i + 1 < to ? '**' : '*';
      const before = s[i - 1];
      const after = s[i + marker.length];
      tokens.push({
        kind: 'marker',
        marker,
        canOpen: i + marker.length < to && !/\s/.test(after),
        canClose: i > from && !/\s/.test(before),
      });
      i += marker.length;
    } else if (c === '[' && !inLabel) {
      const link = linkAt(s, i, to);
      if (link) {
        tokens.push({ kind: 'link', url: link.url, label: link.label });
        i = link.end;
      } else {
        text(c);
        i += 1;
      }
    } else if (c === ']' && inLabel) {
      return { tokens: pair(tokens), end: i };
    } else if (c === '[' && inLabel) {
      // No link inside a label: the outer "[" is text, and scanning stops here (linear, however many "[").
      return { tokens: [], end: -1 };
    } else {
      text(c);
      i += 1;
    }
  }
  return { tokens: pair(tokens), end: i };
}

/** A link `[label](url)` at `i`; null when the text there is not one (it is then text). */
function linkAt(s: string, i: number, to: number): { label: Token[]; url: string; end: number } | null {
  const label = tokenize(s, i + 1, to, true);
  const close = label.end;
  if (close < 0 || close >= to || close === i + 1 || s[close + 1] !== '(') return null;
  // The URL runs to ")" without spaces; the look-ahead is bounded, so text full of "[" costs linear time.
  URL_PART.lastIndex = close + 2;
  const match = URL_PART.exec(s);
  if (!match || close + 2 + match[0].length > to) return null;
  return { label: label.tokens, url: match[1], end: close + 2 + match[0].length };
}

/** Pairs each closing marker with the nearest open one of its kind; what stays unpaired becomes text. */
function pair(tokens: Token[]): Token[] {
  const open: Record<'*' | '**', number[]> = { '*': [], '**': [] };
  tokens.forEach((t, i) => {
    if (t.kind !== 'marker') return;
    const waiting = open[t.marker];
    const opener = waiting[waiting.length - 1];
    // A pair around nothing ("****") is text.
    if (t.canClose && opener !== undefined && opener < i - 1) {
      waiting.pop();
      (tokens[opener] as { pairedWith?: string }).pairedWith = 'open';
      t.pairedWith = 'close';
    } else if (t.canOpen) {
      waiting.push(i);
    }
  });
  return tokens.map((t) => (t.kind === 'marker' && !t.pairedWith ? { kind: 'text', text: t.marker } : t));
}

function draw(tokens: Token[], style: Omit<Span, 'text'>, spans: Span[]): void {
  let { bold, italic } = style;
  for (const t of tokens) {
    if (t.kind === 'marker') {
      if (t.marker === '**') bold = t.pairedWith === 'open' ? true : style.bold;
      else italic = t.pairedWith === 'open' ? true : style.italic;
    } else if (t.kind === 'link') {
      // A link to anything but http(s) shows as its label, never as a link.
      draw(t.label, { bold, italic, link: isWebUrl(t.url) ? t.url : null }, spans);
    } else {
      const last = spans[spans.length - 1];
      if (last && last.bold === bold && last.italic === italic && last.link === style.link) last.text += t.text;
      else spans.push({ text: t.text, bold, italic, link: style.link });
    }
  }
}

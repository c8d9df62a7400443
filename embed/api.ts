/**
 * The component's link to the API: GraphQL over fetch with the storefront key, and the state every
 * element of the page shares per (API, key): the buyer's token (sessionStorage) and the cart id
 * (localStorage), so one drawer serves every button.
 */

/** A failure with a code: the API's (extensions.code or a userError's code) or the component's own (NETWORK, …). */
export class ShopError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message || code);
  }
}

export interface Money {
  amount: string;
  currencyCode?: string;
}
export interface UserError {
  code: string;
  message: string;
}

/** The API's origin: where this script was loaded from (the element's `api` attribute may say otherwise). */
export const SCRIPT_ORIGIN: string = (() => {
  const script = document.currentScript as HTMLScriptElement | null;
  try {
    return new URL(script?.src || location.href).origin;
  } catch {
    return location.origin;
  }
})();

const storage = (kind: 'local' | 'session'): Storage | null => {
  try {
    return kind === 'local' ? localStorage : sessionStorage;
  } catch {
    return null;
  }
};

export type Listener = () => void;

/** One storefront (API and key) as seen from this page. */
export class Shop {
  token: string | null;
  cartId: string | null;
  /** The order placed and not yet known to be paid, kept so that a closed overlay can offer to pay it again. */
  pendingOrder: { id: string; number: string } | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly api: string,
    readonly key: string,
  ) {
    this.token = storage('session')?.getItem(this.slot('token')) ?? null;
    this.cartId = storage('local')?.getItem(this.slot('cart')) ?? null;
  }

  private slot(name: string): string {
    return `sc:${name}:${this.api}:${this.key}`;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  setToken(token: string | null): void {
    this.token = token;
    const s = storage('session');
    if (token) s?.setItem(this.slot('token'), token);
    else s?.removeItem(this.slot('token'));
    this.changed();
  }

  setCart(id: string | null): void {
    this.cartId = id;
    const s = storage('local');
    if (id) s?.setItem(this.slot('cart'), id);
    else s?.removeItem(this.slot('cart'));
    this.changed();
  }

  /** Runs a GraphQL operation; a transport or top-level error becomes a ShopError with its code. */
  async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-storefront-key': this.key };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.api}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }), credentials: 'omit' });
    } catch {
      throw new ShopError('NETWORK');
    }
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new ShopError('NETWORK', `HTTP ${res.status}`);
    }
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      // A token that ended (signed out elsewhere, expired): forget it, the buyer signs in again.
      if ((code === 'UNAUTHENTICATED' || code === 'INVALID_TOKEN') && this.token) this.setToken(null);
      if (!body.data || Object.values(body.data as object).every((v) => v === null)) throw new ShopError(code, error.message);
    }
    return body.data as T;
  }
}

const shops = new Map<string, Shop>();

/** The page's one Shop for this API and key. */
export function shopFor(api: string, key: string): Shop {
  const id = `${api} ${key}`;
  let shop = shops.get(id);
  if (!shop) shops.set(id, (shop = new Shop(api, key)));
  return shop;
}

/** Throws the first userError as a ShopError. */
export function check(payload: { userErrors?: UserError[] }): void {
  const e = payload.userErrors?.[0];
  if (e) throw new ShopError(e.code, e.message);
}

export function formatMoney(m: Money | null | undefined): string {
  if (!m) return '';
  return `¥${Number(m.amount).toFixed(2)}`;
}

/** An idempotency key for one checkout attempt: the same while the buyer retries it. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `sc-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A CustomEvent on the element (bubbling, crossing shadow roots) and the same as a window message. */
export function emit(target: EventTarget, type: string, detail: Record<string, unknown>): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  try {
    window.postMessage({ source: 'sc-buy-button', type, detail }, location.origin === 'null' ? '*' : location.origin);
  } catch {
    // A page without a usable origin (a sandboxed frame): the DOM event is enough.
  }
}

export const PRODUCT_FIELDS = `id name slug status inStock images { url altText }
  skus { id code inStock price { amount currencyCode } memberPrice { amount currencyCode } specs { name value } }`;

export const CART_FIELDS = `id
  lines { id quantity sku { id code price { amount } specs { name value } product { name images { url } } } }
  cost { total { amount } }
  warnings { code message lineId }`;

export interface Sku {
  id: string;
  code: string;
  inStock: boolean;
  price: Money;
  memberPrice: Money | null;
  specs: { name: string; value: string }[];
}
export interface Product {
  id: string;
  name: string;
  slug: string;
  status: string;
  inStock: boolean;
  images: { url: string; altText: string }[];
  skus: Sku[];
}
export interface Cart {
  id: string;
  lines: {
    id: string;
    quantity: number;
    sku: { id: string; code: string; price: Money; specs: { name: string; value: string }[]; product: { name: string; images: { url: string }[] } };
  }[];
  cost: { total: Money };
  warnings: { code: string; message: string; lineId: string }[];
}
export interface Me {
  id: string;
  phone: string | null;
  displayName: string;
  membership: { __typename: string } | null;
  addresses: { id: string; name: string; phone: string; region: string; detail: string; isDefault: boolean }[];
}

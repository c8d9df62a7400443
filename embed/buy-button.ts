/**
 * <sc-buy-button product="slug-or-id" key="pk_…" ref="share token" placement="sidebar" lang="zh|en">
 * and <sc-cart>: the buy button for content sites, served by the API at /embed/v1/buy-button.js
 * (built by src/tools/build-embed.ts). See docs/buy-button.md.
 */
import { emit, formatMoney, PRODUCT_FIELDS, SCRIPT_ORIGIN, ShopError, shopFor, type Me, type Product, type Shop, type Sku } from './api';
import { ScCart } from './cart';
import { adoptStyles, h } from './dom';
import { errorText, pickLang, words, type Lang } from './i18n';
import { BUTTON_CSS } from './styles';

const ME_QUERY = `{ me { id phone displayName membership { __typename } addresses { id name phone region detail isDefault } } }`;

/** Coming back from the payment page in the popup (payOrder's returnUrl): the popup closes itself when it can. */
if (location.hash === '#sc-paid' && window.opener) window.close();

export class ScBuyButton extends HTMLElement {
  // ref and placement are read when the buyer acts: changing them needs no reload.
  static observedAttributes = ['product', 'key', 'lang'];
  private readonly root: ShadowRoot;
  private shop: Shop | null = null;
  private product: Product | null = null;
  private member = false;
  private selected: Record<string, string> = {};
  private quantity = 1;
  private error: { code: string; message?: string } | null = null;
  private busy = false;
  private unsubscribe: (() => void) | null = null;
  private loaded = 0;
  /** The <style> element where constructed stylesheets are missing; false once adopted. */
  private style_: Node | false | undefined;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  get lang_(): Lang {
    return pickLang(this.getAttribute('lang'));
  }

  connectedCallback(): void {
    void this.load();
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  attributeChangedCallback(_name: string, old: string | null, value: string | null): void {
    if (this.isConnected && old !== value && this.loaded) void this.load();
  }

  /** The page's cart: its <sc-cart> for this key, or one added to the body. */
  private cart(): ScCart {
    const key = this.getAttribute('key') ?? '';
    const found = [...document.querySelectorAll<ScCart>('sc-cart')].find((c) => (c.getAttribute('key') ?? key) === key);
    if (found) return found;
    const cart = document.createElement('sc-cart') as ScCart;
    cart.setAttribute('key', key);
    cart.setAttribute('floating', '');
    if (this.getAttribute('api')) cart.setAttribute('api', this.getAttribute('api')!);
    cart.setAttribute('lang', this.lang_);
    document.body.append(cart);
    return cart;
  }

  private fail(code: string, message?: string): void {
    this.error = { code, message };
    emit(this, 'sc:error', { code, message: errorText(this.lang_, code, message), product: this.getAttribute('product') });
    this.render();
  }

  private async load(): Promise<void> {
    const run = ++this.loaded;
    const key = this.getAttribute('key');
    const product = this.getAttribute('product')?.trim();
    this.error = null;
    this.product = null;
    this.render();
    if (!key) return this.fail('STOREFRONT_KEY_REQUIRED');
    if (!product) return this.fail('PRODUCT_REQUIRED');
    this.shop = shopFor(this.getAttribute('api') || SCRIPT_ORIGIN, key);
    this.unsubscribe?.();
    this.unsubscribe = this.shop.onChange(() => void this.refreshMember());
    try {
      const bySlug = /^[a-z0-9][a-z0-9-]*$/.test(product);
      const data = await this.shop.gql<{ product: Product | null }>(
        `query($id: ID, $slug: String) { product(id: $id, slug: $slug) { ${PRODUCT_FIELDS} } }`,
        bySlug ? { slug: product } : { id: product },
      );
      if (run !== this.loaded) return;
      if (!data.product) return this.fail('PRODUCT_NOT_FOUND');
      this.product = data.product;
      const first = data.product.skus.find((s) => s.inStock) ?? data.product.skus[0];
      this.selected = Object.fromEntries((first?.specs ?? []).map((s) => [s.name, s.value]));
      await this.refreshMember(false);
      this.render();
      emit(this, 'sc:ready', { productId: data.product.id, product: data.product.slug, inStock: data.product.inStock });
    } catch (err) {
      if (run !== this.loaded) return;
      const e = err instanceof ShopError ? err : new ShopError('NETWORK');
      // The API's own words for a key it refuses would be in English only: the component's words say the same, in the page's language.
      this.fail(e.code, ['NETWORK', 'INVALID_STOREFRONT_KEY', 'ORIGIN_NOT_ALLOWED', 'STOREFRONT_KEY_REQUIRED'].includes(e.code) ? undefined : e.message);
    }
  }

  /** Members see the member price once signed in. */
  private async refreshMember(render = true): Promise<void> {
    const shop = this.shop;
    let member = false;
    if (shop?.token) {
      try {
        member = !!(await shop.gql<{ me: Me | null }>(ME_QUERY)).me?.membership;
      } catch {
        member = false;
      }
    }
    this.member = member;
    if (render) this.render();
  }

  private specNames(): string[] {
    return this.product?.skus[0]?.specs.map((s) => s.name) ?? [];
  }

  private fits(sku: Sku, choice: Record<string, string>): boolean {
    return sku.specs.every((s) => !choice[s.name] || choice[s.name] === s.value);
  }

  /** The SKU the choices name (every spec chosen), if any. */
  private sku(): Sku | null {
    const skus = this.product?.skus ?? [];
    if (skus.length === 1) return skus[0];
    return skus.find((s) => s.specs.every((v) => this.selected[v.name] === v.value)) ?? null;
  }

  private async addToCart(): Promise<void> {
    const sku = this.sku();
    if (!sku || !this.shop || this.busy) return;
    this.busy = true;
    this.render();
    try {
      const cart = this.cart();
      await cart.add(this.shop, sku.id, this.quantity, this);
      emit(this, 'sc:add-to-cart', { productId: this.product!.id, skuId: sku.id, quantity: this.quantity, cartId: this.shop.cartId });
    } catch (err) {
      const e = err instanceof ShopError ? err : new ShopError('NETWORK');
      this.fail(e.code, e.message === e.code ? undefined : e.message);
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private buyNow(): void {
    const sku = this.sku();
    if (!sku || !this.shop) return;
    this.error = null;
    this.cart().openCheckout(this.shop, {
      lines: [{ skuId: sku.id, quantity: this.quantity }],
      ref: this.getAttribute('ref'),
      placement: this.getAttribute('placement'),
      from: this,
      detail: { source: 'buy-now', productId: this.product!.id, skuId: sku.id, quantity: this.quantity },
    });
  }

  render(): void {
    const w = words(this.lang_);
    const style = (this.style_ ??= adoptStyles(this.root, BUTTON_CSS) ?? false) || '';
    const p = this.product;
    if (!p) {
      const body = this.error
        ? h('div', { class: 'error', role: 'alert', part: 'error' }, errorText(this.lang_, this.error.code, this.error.message))
        : h('div', { class: 'muted', 'aria-busy': 'true' }, w.loading);
      this.root.replaceChildren(style, h('div', { class: 'card', part: 'card' }, body));
      return;
    }
    const sku = this.sku();
    const soldOut = !p.skus.some((s) => s.inStock);
    const price = sku?.price ?? p.skus[0]?.price;
    const memberPrice = sku?.memberPrice ?? null;
    const showMember = this.member && memberPrice;
    const pickers = this.specNames().map((name, i) => {
      const values = [...new Set(p.skus.map((s) => s.specs.find((v) => v.name === name)?.value ?? ''))];
      return h(
        'fieldset',
        { role: 'group', 'aria-labelledby': `spec-${i}` },
        h('legend', { id: `spec-${i}`, class: 'muted' }, name),
        h(
          'div',
          { class: 'options' },
          values.map((value) => {
            const possible = p.skus.some(
              (s) => s.inStock && this.fits(s, { ...this.selected, [name]: value }) && s.specs.some((v) => v.name === name && v.value === value),
            );
            return h(
              'button',
              {
                type: 'button',
                'aria-pressed': this.selected[name] === value ? 'true' : 'false',
                disabled: !possible,
                'aria-label': possible ? `${name}: ${value}` : `${name}: ${value} (${w.soldOut})`,
                onclick: () => {
                  this.selected = { ...this.selected, [name]: value };
                  // Choices of other specs that no longer name an SKU in stock are dropped.
                  for (const other of this.specNames()) {
                    if (other !== name && !p.skus.some((s) => s.inStock && this.fits(s, this.selected))) delete this.selected[other];
                  }
                  this.render();
                  this.root.querySelector<HTMLElement>(`[aria-label="${CSS.escape(`${name}: ${value}`)}"]`)?.focus();
                },
              },
              value,
            );
          }),
        ),
      );
    });
    const canBuy = !!sku && sku.inStock && !this.busy;
    const pending = this.shop?.pendingOrder;
    const image = p.images[0];
    this.root.replaceChildren(
      style,
      h(
        'div',
        { class: 'card', part: 'card', role: 'group', 'aria-label': p.name },
        image ? h('img', { src: image.url, alt: image.altText || p.name, loading: 'lazy', part: 'image' }) : null,
        h(
          'div',
          { class: 'body' },
          h('p', { class: 'name', part: 'name' }, p.name),
          h(
            'div',
            { 'aria-live': 'polite' },
            showMember
              ? [
                  h('span', { class: 'price', part: 'price' }, `${w.memberPrice} ${formatMoney(memberPrice)}`),
                  ' ',
                  h('s', { class: 'muted' }, formatMoney(price)),
                ]
              : [
                  h('span', { class: 'price', part: 'price' }, formatMoney(price)),
                  memberPrice ? h('span', { class: 'muted' }, ` · ${w.memberPrice} ${formatMoney(memberPrice)}`) : null,
                ],
            soldOut ? h('strong', { class: 'muted' }, ` · ${w.soldOut}`) : null,
          ),
          pickers,
          h(
            'div',
            { class: 'actions' },
            h(
              'label',
              {},
              h('span', { class: 'sr' }, w.quantity),
              h('input', {
                type: 'number',
                min: '1',
                max: '99',
                value: String(this.quantity),
                'aria-label': w.quantity,
                onchange: (e: Event) => {
                  const v = Math.trunc(Number((e.target as HTMLInputElement).value));
                  this.quantity = Math.min(99, Math.max(1, Number.isFinite(v) ? v : 1));
                  (e.target as HTMLInputElement).value = String(this.quantity);
                },
              }),
            ),
            h('button', { type: 'button', part: 'add-to-cart', disabled: !canBuy, onclick: () => void this.addToCart() }, soldOut ? w.soldOut : w.addToCart),
            h('button', { type: 'button', class: 'primary', part: 'buy-now', disabled: !canBuy, onclick: () => this.buyNow() }, w.buyNow),
          ),
          this.error ? h('div', { class: 'error', role: 'alert' }, errorText(this.lang_, this.error.code, this.error.message)) : null,
          pending
            ? h(
                'div',
                { class: 'notice', role: 'status' },
                w.unpaid.replace('{n}', pending.number),
                ' ',
                h('button', { type: 'button', onclick: () => this.cart().resumePayment(this.shop!, this) }, w.payNow),
              )
            : null,
        ),
      ),
    );
  }
}

if (!customElements.get('sc-cart')) customElements.define('sc-cart', ScCart);
if (!customElements.get('sc-buy-button')) customElements.define('sc-buy-button', ScBuyButton);

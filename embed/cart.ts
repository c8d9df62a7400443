/**
 * <sc-cart key="pk_…">: the page's cart drawer, shared by every buy button of the same key, and the
 * checkout overlay (phone-code sign-in, address, priced preview, order, payment in a popup).
 */
import {
  CART_FIELDS,
  check,
  emit,
  formatMoney,
  newIdempotencyKey,
  SCRIPT_ORIGIN,
  ShopError,
  shopFor,
  type Cart,
  type Me,
  type Money,
  type Shop,
  type UserError,
} from './api';
import { adoptStyles, deepActive, focusFirst, h, restoreFocus, trapFocus } from './dom';
import { errorText, pickLang, words, type Lang } from './i18n';
import { CART_CSS } from './styles';

interface CheckoutRequest {
  lines?: { skuId: string; quantity: number }[];
  ref: string | null;
  placement: string | null;
  from: HTMLElement;
  detail: Record<string, unknown>;
}

interface Preview {
  cost: { subtotal: Money; discountTotal: Money; shippingFee: Money; total: Money };
  lines: { quantity: number; total: Money; sku: { code: string; product: { name: string } } }[];
  couponOptions: { usable: boolean; applied: boolean; reason: string | null; discount: Money; coupon: { id: string; template: { name: string } } }[];
}

interface PlacedOrder {
  id: string;
  number: string;
  status: string;
  cost: { total: Money };
}

type Step = 'signin' | 'address' | 'review' | 'paying' | 'done';

/** How the component learns the order was paid: a poll, every POLL_MS, at most POLL_TIMES times (3 minutes). */
const POLL_MS = 1500;
const POLL_TIMES = 120;
const PAID = ['PAID', 'SHIPPED', 'RECEIVED', 'COMPLETED'];

const ORDER_FIELDS = 'id number status cost { total { amount currencyCode } }';

export class ScCart extends HTMLElement {
  private readonly root: ShadowRoot;
  private shop: Shop | null = null;
  private cart: Cart | null = null;
  private drawerOpen = false;
  private opener: HTMLElement | null = null;
  /** The control that had the focus when the drawer or the overlay opened: it gets it back on closing. */
  private returnFocus: HTMLElement | null = null;
  private drawerError: string | null = null;
  // The checkout overlay's state.
  private checkout: (CheckoutRequest & { key: string }) | null = null;
  private step: Step = 'signin';
  private phone = '';
  private codeSent = false;
  private me: Me | null = null;
  /** A saved address's id, or 'new'. */
  private addressId: string = 'new';
  private address = { name: '', phone: '', region: '', detail: '' };
  /** A coupon's id, 'none' (no coupon), or null: the best one, as checkout chooses. */
  private couponId: string | null = null;
  private preview: Preview | null = null;
  private order: PlacedOrder | null = null;
  private paymentUrl: string | null = null;
  private message: { kind: 'error' | 'ok' | 'info'; text: string } | null = null;
  private busy = false;
  private polling = 0;
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
    const key = this.getAttribute('key');
    if (key) {
      this.shop = shopFor(this.getAttribute('api') || SCRIPT_ORIGIN, key);
      this.shop.onChange(() => this.render());
      if (this.shop.cartId) void this.refresh();
    }
    this.render();
  }

  private async refresh(): Promise<void> {
    const shop = this.shop;
    if (!shop) return;
    try {
      const data = await shop.gql<{ cart: Cart | null }>(`query($id: ID) { cart(id: $id) { ${CART_FIELDS} } }`, { id: shop.token ? null : shop.cartId });
      this.cart = data.cart;
      if (!data.cart && !shop.token) shop.setCart(null);
    } catch {
      this.cart = null;
    }
    this.render();
  }

  /** Adds an SKU (a guest cart while signed out, kept by id in localStorage), then opens the drawer. */
  async add(shop: Shop, skuId: string, quantity: number, from: HTMLElement): Promise<void> {
    this.shop = shop;
    const run = (cartId: string | null) =>
      shop.gql<{ addCartLines: { cart: Cart | null; userErrors: UserError[] } }>(
        `mutation($cartId: ID, $lines: [LineInput!]!) { addCartLines(cartId: $cartId, lines: $lines) { cart { ${CART_FIELDS} } userErrors { code message } } }`,
        { cartId, lines: [{ skuId, quantity }] },
      );
    let data = await run(shop.token ? null : shop.cartId);
    // A guest cart that is gone (merged, or expired): start a new one.
    if (data.addCartLines.userErrors[0]?.code === 'CART_NOT_FOUND' && shop.cartId) data = await run(null);
    check(data.addCartLines);
    this.cart = data.addCartLines.cart;
    this.lastRef = { ref: from.getAttribute('ref'), placement: from.getAttribute('placement') };
    shop.setCart(this.cart?.id ?? null);
    this.openDrawer(from);
  }

  private lastRef: { ref: string | null; placement: string | null } = { ref: null, placement: null };

  openDrawer(from?: HTMLElement): void {
    this.opener = from ?? (document.activeElement as HTMLElement | null);
    this.returnFocus = deepActive();
    this.drawerOpen = true;
    this.render();
    focusFirst(this.root.querySelector<HTMLElement>('.drawer'));
  }

  private closeDrawer(): void {
    this.drawerOpen = false;
    this.render();
    restoreFocus(this.returnFocus, this.opener);
  }

  private async setQuantity(lineId: string, quantity: number): Promise<void> {
    const shop = this.shop!;
    try {
      const data = await shop.gql<{ updateCartLine: { cart: Cart | null; userErrors: UserError[] } }>(
        `mutation($cartId: ID, $lineId: ID!, $q: Int!) { updateCartLine(cartId: $cartId, lineId: $lineId, quantity: $q) { cart { ${CART_FIELDS} } userErrors { code message } } }`,
        { cartId: shop.token ? null : shop.cartId, lineId, q: quantity },
      );
      check(data.updateCartLine);
      this.cart = data.updateCartLine.cart;
      this.drawerError = null;
    } catch (err) {
      this.drawerError = this.report(this, err);
    }
    this.render();
  }

  /** Shows and announces an error: sc:error on `target`; answers the words to show. */
  private report(target: HTMLElement, err: unknown): string {
    const e = err instanceof ShopError ? err : new ShopError('NETWORK');
    const text = errorText(this.lang_, e.code, e.message === e.code ? undefined : e.message);
    emit(target, 'sc:error', { code: e.code, message: text });
    return text;
  }

  /** Opens the checkout overlay for `request` (buy now: its lines; from the drawer: the cart). */
  openCheckout(shop: Shop, request: CheckoutRequest): void {
    this.shop = shop;
    if (!this.drawerOpen) this.returnFocus = deepActive();
    this.drawerOpen = false;
    this.opener = request.from;
    this.checkout = { ...request, key: newIdempotencyKey() };
    this.order = null;
    this.preview = null;
    this.couponId = null;
    this.message = null;
    this.codeSent = false;
    this.step = shop.token ? 'address' : 'signin';
    emit(request.from, 'sc:checkout-started', request.detail);
    this.render();
    focusFirst(this.root.querySelector<HTMLElement>('.overlay'));
    if (this.step === 'address') void this.loadAddresses();
  }

  /** Reopens the overlay on an order left unpaid: straight to paying it. */
  resumePayment(shop: Shop, from: HTMLElement): void {
    const pending = shop.pendingOrder;
    if (!pending) return;
    this.shop = shop;
    this.opener = from;
    this.returnFocus = deepActive();
    this.checkout = { ref: null, placement: null, from, detail: {}, key: newIdempotencyKey() };
    this.order = { id: pending.id, number: pending.number, status: 'PENDING_PAYMENT', cost: { total: { amount: '0' } } };
    this.message = null;
    this.step = 'paying';
    const popup = this.popup();
    this.render();
    void this.pay(popup);
  }

  private closeCheckout(): void {
    // Mid-payment the order stays as it is (payable until it is due): the buttons offer to pay it.
    this.polling++;
    this.checkout = null;
    this.render();
    this.shop?.changed();
    restoreFocus(this.returnFocus, this.opener);
  }

  private async run(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.message = null;
    this.render();
    try {
      await work();
    } catch (err) {
      this.message = { kind: 'error', text: this.report(this.checkout?.from ?? this, err) };
    } finally {
      this.busy = false;
      this.render();
      focusFirst(this.root.querySelector<HTMLElement>('.overlay'));
    }
  }

  private requestCode(): Promise<void> {
    return this.run(async () => {
      const data = await this.shop!.gql<{ requestSignInCode: { userErrors: UserError[] } }>(
        'mutation($p: String!) { requestSignInCode(phone: $p) { expiresAt retryAfterSeconds userErrors { code message } } }',
        { p: this.phone },
      );
      check(data.requestSignInCode);
      this.codeSent = true;
      this.message = { kind: 'info', text: words(this.lang_).codeSent };
    });
  }

  private signIn(code: string): Promise<void> {
    return this.run(async () => {
      const shop = this.shop!;
      const data = await shop.gql<{ signInWithCode: { tokens: { accessToken: string } | null; userErrors: UserError[] } }>(
        'mutation($p: String!, $c: String!) { signInWithCode(phone: $p, code: $c) { tokens { accessToken } userErrors { code message } } }',
        { p: this.phone, c: code },
      );
      check(data.signInWithCode);
      const guestCart = shop.cartId;
      shop.token = data.signInWithCode.tokens!.accessToken;
      // The guest cart joins the buyer's own cart.
      if (guestCart) {
        const merged = await shop.gql<{ mergeCart: { cart: { id: string } | null; userErrors: UserError[] } }>(
          'mutation($g: ID!) { mergeCart(guestCartId: $g) { cart { id } userErrors { code message } } }',
          { g: guestCart },
        );
        shop.cartId = merged.mergeCart.cart?.id ?? null;
      }
      shop.setToken(shop.token);
      shop.setCart(shop.cartId);
      this.step = 'address';
      await this.loadAddresses(false);
    });
  }

  private async loadAddresses(wrap = true): Promise<void> {
    const work = async () => {
      const data = await this.shop!.gql<{ me: Me | null }>(
        '{ me { id phone displayName membership { __typename } addresses { id name phone region detail isDefault } } }',
      );
      if (!data.me) {
        this.shop!.setToken(null);
        this.step = 'signin';
        return;
      }
      this.me = data.me;
      this.addressId = data.me.addresses.find((a) => a.isDefault)?.id ?? data.me.addresses[0]?.id ?? 'new';
      if (!this.address.phone) this.address.phone = data.me.phone ?? '';
    };
    if (wrap) await this.run(work);
    else await work();
  }

  /** What checkout and priceCart buy: the buy-now lines, or the cart. */
  private goods(): { cartId?: string; lines?: { skuId: string; quantity: number }[] } {
    return this.checkout?.lines ? { lines: this.checkout.lines } : { cartId: this.shop!.cartId ?? undefined };
  }

  private coupon(): { couponId?: string; noCoupon?: boolean } {
    return this.couponId === 'none' ? { noCoupon: true } : this.couponId ? { couponId: this.couponId } : {};
  }

  private toReview(): Promise<void> {
    return this.run(async () => {
      const data = await this.shop!.gql<{ priceCart: Preview }>(
        `query($input: PriceCartInput!) { priceCart(input: $input) {
          cost { subtotal { amount } discountTotal { amount } shippingFee { amount } total { amount } }
          lines { quantity total { amount } sku { code product { name } } }
          couponOptions { usable applied reason discount { amount } coupon { id template { name } } } } }`,
        { input: { ...this.goods(), ...this.coupon() } },
      );
      this.preview = data.priceCart;
      this.step = 'review';
    });
  }

  /** A window for the payment page, opened while the click still counts as the buyer's (pop-up blockers). */
  private popup(): Window | null {
    return window.open('about:blank', 'sc-payment', 'popup,width=480,height=720');
  }

  private placeOrder(): void {
    const popup = this.popup();
    void this.run(async () => {
      const shop = this.shop!;
      const c = this.checkout!;
      const address = this.addressId === 'new' ? { shippingAddress: this.address } : { addressId: this.addressId };
      const input: Record<string, unknown> = { ...this.goods(), ...this.coupon(), ...address, idempotencyKey: c.key };
      const ref = c.ref ?? (c.lines ? null : this.lastRef.ref);
      const placement = c.placement ?? (c.lines ? null : this.lastRef.placement);
      if (ref) input.shareToken = ref;
      if (placement) input.placement = placement;
      let placed: { checkout: { order: PlacedOrder | null; userErrors: UserError[] } };
      try {
        placed = await shop.gql(`mutation($input: CheckoutInput!) { checkout(input: $input) { order { ${ORDER_FIELDS} } userErrors { code message } } }`, {
          input,
        });
        check(placed.checkout);
      } catch (err) {
        popup?.close();
        throw err;
      }
      this.order = placed.checkout.order!;
      shop.pendingOrder = { id: this.order.id, number: this.order.number };
      if (!c.lines) void this.refresh();
      this.step = 'paying';
      await this.pay(popup);
    });
  }

  /** payOrder with a returnUrl on this page's origin, the provider's page in the popup, then the poll. */
  private async pay(popup: Window | null): Promise<void> {
    const shop = this.shop!;
    const order = this.order!;
    try {
      const returnUrl = `${location.origin}${location.pathname}${location.search}#sc-paid`;
      const data = await shop.gql<{ payOrder: { payment: { redirectUrl: string | null } | null; userErrors: UserError[] } }>(
        'mutation($input: PayOrderInput!) { payOrder(input: $input) { payment { redirectUrl } userErrors { code message } } }',
        { input: { orderId: order.id, returnUrl, idempotencyKey: `${this.checkout!.key}-pay` } },
      );
      check(data.payOrder);
      this.paymentUrl = new URL(data.payOrder.payment!.redirectUrl ?? '', shop.api).toString();
    } catch (err) {
      popup?.close();
      throw err;
    }
    if (popup && !popup.closed) popup.location.href = this.paymentUrl;
    else this.message = { kind: 'error', text: words(this.lang_).popupBlocked };
    void this.poll();
  }

  private async poll(): Promise<void> {
    const run = ++this.polling;
    const shop = this.shop!;
    for (let i = 0; i < POLL_TIMES; i++) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (run !== this.polling || !this.order) return;
      let order: PlacedOrder | null = null;
      try {
        order = (await shop.gql<{ order: PlacedOrder | null }>(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: this.order.id })).order;
      } catch {
        continue;
      }
      if (run !== this.polling || !order) return;
      if (PAID.includes(order.status)) {
        this.order = order;
        shop.pendingOrder = null;
        this.step = 'done';
        this.message = null;
        emit(this.checkout?.from ?? this, 'sc:checkout-completed', {
          orderId: order.id,
          orderNumber: order.number,
          total: order.cost.total.amount,
          currencyCode: order.cost.total.currencyCode ?? 'CNY',
        });
        shop.changed();
        this.render();
        focusFirst(this.root.querySelector<HTMLElement>('.overlay'));
        return;
      }
      if (order.status === 'CANCELLED') {
        shop.pendingOrder = null;
        this.message = {
          kind: 'error',
          text: this.report(this.checkout?.from ?? this, new ShopError('ORDER_CANCELLED', `Order ${order.number} was cancelled.`)),
        };
        this.render();
        return;
      }
    }
    if (run === this.polling) {
      this.message = { kind: 'error', text: this.report(this.checkout?.from ?? this, new ShopError('PAYMENT_TIMEOUT')) };
      this.render();
    }
  }

  render(): void {
    const w = words(this.lang_);
    const count = this.cart?.lines.reduce((n, l) => n + l.quantity, 0) ?? 0;
    this.style_ ??= adoptStyles(this.root, CART_CSS) ?? false;
    const parts: Node[] = [
      ...(this.style_ ? [this.style_] : []),
      h(
        'button',
        {
          type: 'button',
          class: this.hasAttribute('floating') ? 'toggle floating' : 'toggle',
          part: 'toggle',
          'aria-haspopup': 'dialog',
          onclick: () => this.openDrawer(),
        },
        `🛒 ${w.cart} (${count})`,
      ),
    ];
    if (this.drawerOpen) parts.push(...this.drawer(w));
    if (this.checkout) parts.push(...this.overlay(w));
    this.root.replaceChildren(...parts);
  }

  private drawer(w: ReturnType<typeof words>): Node[] {
    const lines = this.cart?.lines ?? [];
    const dialog = h(
      'div',
      { class: 'drawer', part: 'drawer', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'cart-title' },
      h('header', {}, h('h2', { id: 'cart-title' }, w.cart), h('button', { type: 'button', 'aria-label': w.close, onclick: () => this.closeDrawer() }, '✕')),
      lines.length
        ? h(
            'ul',
            { class: 'lines' },
            lines.map((l) => {
              const warning = this.cart!.warnings.find((x) => x.lineId === l.id);
              return h(
                'li',
                { class: 'line' },
                l.sku.product.images[0] ? h('img', { src: l.sku.product.images[0].url, alt: '' }) : null,
                h(
                  'div',
                  { class: 'what' },
                  h('div', {}, l.sku.product.name),
                  h('div', { class: 'muted' }, l.sku.specs.map((s) => s.value).join(' / '), ' · ', formatMoney(l.sku.price)),
                  warning ? h('div', { class: 'error' }, warning.message) : null,
                ),
                h('input', {
                  type: 'number',
                  min: '0',
                  max: '999',
                  value: String(l.quantity),
                  'aria-label': `${w.quantity}: ${l.sku.product.name}`,
                  onchange: (e: Event) => void this.setQuantity(l.id, Math.max(0, Math.trunc(Number((e.target as HTMLInputElement).value)) || 0)),
                }),
                h('button', { type: 'button', 'aria-label': `${w.remove}: ${l.sku.product.name}`, onclick: () => void this.setQuantity(l.id, 0) }, '✕'),
              );
            }),
          )
        : h('p', { class: 'lines muted' }, w.cartEmpty),
      this.drawerError ? h('div', { class: 'error', role: 'alert' }, this.drawerError) : null,
      h(
        'footer',
        {},
        h('strong', {}, `${w.total} ${formatMoney(this.cart?.cost.total)}`),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            disabled: !lines.length,
            onclick: () =>
              this.openCheckout(this.shop!, {
                ref: this.lastRef.ref,
                placement: this.lastRef.placement,
                from: this.opener && this.opener.isConnected ? this.opener : this,
                detail: { source: 'cart', cartId: this.cart?.id },
              }),
          },
          w.checkout,
        ),
      ),
    );
    trapFocus(dialog, this.root, () => this.closeDrawer());
    return [h('div', { class: 'backdrop', onclick: () => this.closeDrawer() }), dialog];
  }

  private overlay(w: ReturnType<typeof words>): Node[] {
    const titles: Record<Step, string> = { signin: w.signIn, address: w.address, review: w.review, paying: w.payNow, done: w.paid };
    const dialog = h(
      'div',
      {
        class: 'overlay',
        part: 'overlay',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': 'checkout-title',
        'aria-busy': this.busy ? 'true' : 'false',
      },
      h(
        'header',
        {},
        h('h2', { id: 'checkout-title' }, titles[this.step]),
        h('button', { type: 'button', 'aria-label': w.close, onclick: () => this.closeCheckout() }, '✕'),
      ),
      this.message
        ? h('div', { class: this.message.kind === 'error' ? 'error' : 'ok', role: this.message.kind === 'error' ? 'alert' : 'status' }, this.message.text)
        : null,
      this.stepBody(w),
    );
    trapFocus(dialog, this.root, () => this.closeCheckout());
    return [h('div', { class: 'backdrop' }), dialog];
  }

  private stepBody(w: ReturnType<typeof words>): Node {
    const form = (submit: () => void, ...children: (Node | null)[]) =>
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            submit();
          },
        },
        ...children,
      );
    switch (this.step) {
      case 'signin': {
        const phone = h('input', { type: 'tel', name: 'phone', autocomplete: 'tel', required: true, value: this.phone, autofocus: !this.codeSent });
        phone.addEventListener('input', () => (this.phone = phone.value.trim()));
        const code = h('input', { type: 'text', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '12', autofocus: this.codeSent });
        return form(
          () => (this.codeSent && code.value ? void this.signIn(code.value) : void this.requestCode()),
          h('label', {}, w.phone, phone),
          h('div', { class: 'buttons' }, h('button', { type: 'button', disabled: this.busy, onclick: () => void this.requestCode() }, w.sendCode)),
          this.codeSent ? h('label', {}, w.code, code) : null,
          this.codeSent ? h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', disabled: this.busy }, w.verify)) : null,
        );
      }
      case 'address': {
        const saved = this.me?.addresses ?? [];
        const field = (name: keyof typeof this.address, label: string, autocomplete: string) => {
          const input = h('input', { name, required: true, value: this.address[name], autocomplete });
          input.addEventListener('input', () => (this.address[name] = input.value));
          return h('label', {}, label, input);
        };
        const choice = (id: string, ...text: (Node | string)[]) =>
          h(
            'label',
            { class: 'choice' },
            h('input', {
              type: 'radio',
              name: 'address',
              value: id,
              checked: this.addressId === id,
              onchange: () => {
                this.addressId = id;
                this.render();
              },
            }),
            h('span', {}, ...text),
          );
        return form(
          () => void this.toReview(),
          this.me?.phone ? h('p', { class: 'muted' }, `${w.signedInAs} ${this.me.phone}`) : null,
          h(
            'fieldset',
            { class: 'plain' },
            h('legend', { class: 'sr' }, w.address),
            ...saved.map((a) => choice(a.id, h('strong', {}, `${a.name} ${a.phone}`), h('br'), `${a.region} ${a.detail}`)),
            saved.length ? choice('new', w.newAddress) : null,
          ),
          this.addressId === 'new'
            ? h(
                'div',
                {},
                field('name', w.name, 'name'),
                field('phone', w.phone, 'tel'),
                field('region', w.region, 'address-level1'),
                field('detail', w.detail, 'street-address'),
              )
            : null,
          h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', disabled: this.busy }, w.next)),
        );
      }
      case 'review': {
        const p = this.preview!;
        const options = p.couponOptions;
        const chosen = this.couponId ?? options.find((o) => o.applied)?.coupon.id ?? 'none';
        return form(
          () => this.placeOrder(),
          h(
            'ul',
            { class: 'plain' },
            p.lines.map((l) =>
              h('li', { class: 'row' }, h('span', {}, `${l.sku.product.name} (${l.sku.code}) × ${l.quantity}`), h('span', {}, formatMoney(l.total))),
            ),
          ),
          options.length
            ? h(
                'fieldset',
                { class: 'plain spaced' },
                h('legend', {}, h('strong', {}, w.coupon)),
                [...options.map((o) => ({ id: o.coupon.id, o })), { id: 'none', o: null }].map(({ id, o }) =>
                  h(
                    'label',
                    { class: 'choice' },
                    h('input', {
                      type: 'radio',
                      name: 'coupon',
                      value: id,
                      checked: chosen === id,
                      disabled: !!o && !o.usable,
                      onchange: () => {
                        this.couponId = id;
                        void this.toReview();
                      },
                    }),
                    h(
                      'span',
                      {},
                      o ? `${o.coupon.template.name}${o.usable ? ` −${formatMoney(o.discount)}` : ''}` : w.noCoupon,
                      o?.reason ? h('span', { class: 'muted' }, ` · ${o.reason}`) : null,
                    ),
                  ),
                ),
              )
            : null,
          h('div', { class: 'row muted' }, h('span', {}, w.subtotal), h('span', {}, formatMoney(p.cost.subtotal))),
          h('div', { class: 'row muted' }, h('span', {}, w.discount), h('span', {}, `−${formatMoney(p.cost.discountTotal)}`)),
          h('div', { class: 'row muted' }, h('span', {}, w.shipping), h('span', {}, formatMoney(p.cost.shippingFee))),
          h('div', { class: 'row' }, h('strong', {}, w.total), h('strong', { class: 'price' }, formatMoney(p.cost.total))),
          h(
            'div',
            { class: 'buttons' },
            h('button', { type: 'button', onclick: () => ((this.step = 'address'), this.render()) }, w.back),
            h('button', { type: 'submit', class: 'primary', disabled: this.busy }, w.placeOrder),
          ),
        );
      }
      case 'paying':
        return h(
          'div',
          {},
          h('p', { role: 'status' }, `${this.order?.number ?? ''} · ${w.paying}`),
          h(
            'div',
            { class: 'buttons' },
            h(
              'button',
              {
                type: 'button',
                disabled: !this.paymentUrl,
                onclick: () => {
                  const popup = this.popup();
                  if (popup && this.paymentUrl) popup.location.href = this.paymentUrl;
                },
              },
              w.reopenPayment,
            ),
          ),
        );
      case 'done':
        return h(
          'div',
          {},
          h('p', { class: 'ok', role: 'status' }, `${w.paid} ${this.order!.number} · ${formatMoney(this.order!.cost.total)}`),
          h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', onclick: () => this.closeCheckout() }, w.close)),
        );
    }
  }
}

/** A tiny element builder: text is always set as text, never parsed as HTML. */
type Child = Node | string | null | undefined | false;
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | number | EventListener | null | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name in el && typeof value !== 'string') (el as unknown as Record<string, unknown>)[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside `dialog` (within a shadow root) and calls `close` on Escape. */
export function trapFocus(dialog: HTMLElement, root: ShadowRoot, close: () => void): void {
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.offsetParent !== null || e === root.activeElement);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && root.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && root.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
}

/** Focuses the dialog's [autofocus] control, else its first control outside the header (the close button last). */
export function focusFirst(dialog: HTMLElement | null): void {
  if (!dialog) return;
  const all = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  (dialog.querySelector<HTMLElement>('[autofocus]') ?? all.find((e) => !e.closest('header')) ?? all[0])?.focus();
}

/**
 * Styles a shadow root through a constructed stylesheet: unlike a <style> element it needs no
 * style-src 'unsafe-inline' in the host page's CSP. Older browsers get the <style> element.
 */
export function adoptStyles(root: ShadowRoot, css: string): Node | null {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return null;
  }
  return h('style', {}, css);
}

/** The focused element, looking into open shadow roots. */
export function deepActive(): HTMLElement | null {
  let active = document.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

/** Gives the focus back to `element`, or, when it was replaced since, to the first button of `host`'s shadow root. */
export function restoreFocus(element: HTMLElement | null, host: HTMLElement | null): void {
  if (element?.isConnected) return element.focus();
  (host?.shadowRoot?.querySelector<HTMLElement>('[part~="buy-now"], button:not([disabled])') ?? host)?.focus();
}

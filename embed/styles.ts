/**
 * The shadow roots' styles. Themable from the page through CSS custom properties (they cross the
 * shadow boundary): --sc-accent, --sc-accent-text, --sc-text, --sc-muted, --sc-background,
 * --sc-border, --sc-radius, --sc-font, --sc-danger, --sc-drawer-width.
 */
const BASE = `
:host { all: initial; display: block; font-family: var(--sc-font, system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif);
  color: var(--sc-text, #1f2328); font-size: 14px; line-height: 1.45; }
* { box-sizing: border-box; }
button { font: inherit; cursor: pointer; border-radius: var(--sc-radius, 8px); padding: 8px 14px; border: 1px solid var(--sc-border, #d0d7de);
  background: var(--sc-background, #fff); color: inherit; }
button.primary { background: var(--sc-accent, #e4393c); color: var(--sc-accent-text, #fff); border-color: var(--sc-accent, #e4393c); }
button:disabled { opacity: .45; cursor: not-allowed; }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--sc-accent, #e4393c); outline-offset: 2px; }
input, select { font: inherit; padding: 6px 8px; border: 1px solid var(--sc-border, #d0d7de); border-radius: calc(var(--sc-radius, 8px) / 2);
  background: var(--sc-background, #fff); color: inherit; }
.error { color: var(--sc-danger, #b42318); background: #fef3f2; border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.muted { color: var(--sc-muted, #656d76); }
.price { color: var(--sc-accent, #e4393c); font-weight: 600; font-size: 18px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export const BUTTON_CSS = `${BASE}
.card { display: flex; gap: 12px; border: 1px solid var(--sc-border, #d0d7de); border-radius: var(--sc-radius, 8px); padding: 12px;
  background: var(--sc-background, #fff); max-width: 480px; }
.card img { width: 96px; height: 96px; object-fit: cover; border-radius: calc(var(--sc-radius, 8px) / 2); background: #f4f4f4; flex: none; }
.body { flex: 1; min-width: 0; }
.name { font-weight: 600; margin: 0 0 4px; font-size: 15px; }
fieldset { border: 0; padding: 0; margin: 6px 0; }
legend { font-size: 12px; padding: 0; margin-bottom: 2px; }
.options { display: flex; flex-wrap: wrap; gap: 6px; }
.options button { padding: 3px 10px; font-size: 13px; }
.options button[aria-pressed="true"] { border-color: var(--sc-accent, #e4393c); color: var(--sc-accent, #e4393c); }
.options button:disabled { text-decoration: line-through; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-top: 8px; }
.actions input { width: 64px; }
.notice { margin-top: 8px; }
`;

export const CART_CSS = `${BASE}
:host { display: contents; }
.backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.35); z-index: 2147483000; }
.drawer { position: fixed; top: 0; right: 0; bottom: 0; width: min(var(--sc-drawer-width, 380px), 100vw); background: var(--sc-background, #fff);
  z-index: 2147483001; display: flex; flex-direction: column; box-shadow: -8px 0 24px rgba(0,0,0,.15); }
.overlay { position: fixed; left: 50%; top: 50%; transform: translate(-50%, -50%); width: min(480px, 96vw); max-height: 92vh; overflow: auto;
  background: var(--sc-background, #fff); z-index: 2147483002; border-radius: var(--sc-radius, 8px); padding: 16px 18px; box-shadow: 0 12px 40px rgba(0,0,0,.25); }
header { display: flex; justify-content: space-between; align-items: center; padding: 12px 16px; border-bottom: 1px solid var(--sc-border, #d0d7de); }
.overlay header { padding: 0 0 10px; margin-bottom: 10px; }
h2 { font-size: 16px; margin: 0; }
h3 { font-size: 14px; margin: 12px 0 6px; }
.lines { flex: 1; overflow: auto; padding: 8px 16px; margin: 0; list-style: none; }
.line { display: flex; gap: 10px; align-items: center; padding: 8px 0; border-bottom: 1px solid #f0f0f0; }
.line img { width: 48px; height: 48px; object-fit: cover; border-radius: 4px; }
.line .what { flex: 1; min-width: 0; }
.line input { width: 56px; }
footer { padding: 12px 16px; border-top: 1px solid var(--sc-border, #d0d7de); display: flex; justify-content: space-between; align-items: center; gap: 8px; }
label { display: block; margin: 6px 0; }
label input, label select { display: block; width: 100%; margin-top: 2px; }
.choice { display: flex; gap: 8px; align-items: flex-start; border: 1px solid var(--sc-border, #d0d7de); border-radius: 6px; padding: 8px; margin: 6px 0; }
.choice input { width: auto; margin-top: 3px; }
.row { display: flex; justify-content: space-between; margin: 2px 0; }
.buttons { display: flex; gap: 8px; justify-content: flex-end; margin-top: 12px; }
.floating { position: fixed; right: 16px; bottom: 16px; z-index: 2147482999; box-shadow: 0 4px 14px rgba(0,0,0,.18); }
.plain { border: 0; padding: 0; margin: 0; list-style: none; }
.spaced { margin: 8px 0; }
.ok { color: #067647; background: #ecfdf3; border-radius: 6px; padding: 8px 10px; }
`;

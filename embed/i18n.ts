/** The component's words, in Chinese and English (the element's `lang`, else the page's). */
const EN = {
  addToCart: 'Add to cart',
  buyNow: 'Buy now',
  quantity: 'Quantity',
  soldOut: 'Sold out',
  memberPrice: 'Member price',
  loading: 'Loading…',
  cart: 'Cart',
  cartEmpty: 'Your cart is empty',
  close: 'Close',
  checkout: 'Check out',
  total: 'Total',
  remove: 'Remove',
  signIn: 'Sign in with your phone',
  phone: 'Mobile number',
  sendCode: 'Send code',
  code: '6-digit code',
  codeSent: 'Code sent: it works for 5 minutes.',
  verify: 'Sign in',
  address: 'Shipping address',
  newAddress: 'A new address',
  name: 'Recipient',
  region: 'Province, city, district',
  detail: 'Street and number',
  next: 'Continue',
  back: 'Back',
  review: 'Review your order',
  coupon: 'Coupon',
  noCoupon: 'No coupon',
  subtotal: 'Subtotal',
  discount: 'Discounts',
  shipping: 'Shipping',
  placeOrder: 'Place order and pay',
  paying: 'Pay in the window that opened. This page learns when it is done.',
  reopenPayment: 'Open the payment page again',
  paid: 'Paid — thank you! Order',
  unpaid: 'Order {n} is waiting for payment.',
  payNow: 'Pay now',
  notFinished: 'The payment is not confirmed yet. The order stays payable until it is due.',
  popupBlocked: 'The payment window was blocked: allow pop-ups for this site, then try again.',
  errorTitle: 'The shop is unavailable here',
  signedInAs: 'Signed in as',
  selectOption: 'Choose',
};
type Words = typeof EN;
const ZH: Words = {
  addToCart: '加入购物车',
  buyNow: '立即购买',
  quantity: '数量',
  soldOut: '已售罄',
  memberPrice: '会员价',
  loading: '加载中…',
  cart: '购物车',
  cartEmpty: '购物车是空的',
  close: '关闭',
  checkout: '去结算',
  total: '合计',
  remove: '删除',
  signIn: '手机号登录',
  phone: '手机号',
  sendCode: '获取验证码',
  code: '6 位验证码',
  codeSent: '验证码已发送，5 分钟内有效。',
  verify: '登录',
  address: '收货地址',
  newAddress: '新地址',
  name: '收货人',
  region: '省 市 区',
  detail: '详细地址',
  next: '继续',
  back: '返回',
  review: '确认订单',
  coupon: '优惠券',
  noCoupon: '不使用优惠券',
  subtotal: '商品金额',
  discount: '优惠',
  shipping: '运费',
  placeOrder: '提交订单并支付',
  paying: '请在新打开的窗口中完成支付，本页会自动得知结果。',
  reopenPayment: '重新打开支付页面',
  paid: '支付成功，谢谢！订单',
  unpaid: '订单 {n} 待支付。',
  payNow: '去支付',
  notFinished: '尚未确认支付，订单在到期前仍可支付。',
  popupBlocked: '支付窗口被拦截：请允许本站弹出窗口后重试。',
  errorTitle: '商店在此页面不可用',
  signedInAs: '已登录',
  selectOption: '请选择',
};

/** Messages for the codes the component itself raises (the API's userErrors bring their own message). */
const ERRORS_EN: Record<string, string> = {
  NETWORK: 'Cannot reach the shop from this site: its address may not be allowed by the shop (CORS), or the network is down.',
  ORIGIN_NOT_ALLOWED: 'This site is not allowed to sell through this shop: the shop must add its address to its allowed origins.',
  INVALID_STOREFRONT_KEY: 'The buy button’s key is not valid: check the key attribute.',
  STOREFRONT_KEY_REQUIRED: 'The buy button has no key: add key="pk_…".',
  PRODUCT_NOT_FOUND: 'This product does not exist or is no longer sold.',
  PRODUCT_REQUIRED: 'The buy button names no product: add product="…".',
  SOLD_OUT: 'Sold out.',
  PAYMENT_TIMEOUT: 'The payment is not confirmed yet. The order stays payable until it is due.',
};
const ERRORS_ZH: Record<string, string> = {
  NETWORK: '无法从本站连接商店：本站地址可能未被商店允许（CORS），或网络中断。',
  ORIGIN_NOT_ALLOWED: '本站未被允许通过该商店销售：商店需要将本站地址加入允许的来源。',
  INVALID_STOREFRONT_KEY: '购买按钮的 key 无效：请检查 key 属性。',
  STOREFRONT_KEY_REQUIRED: '购买按钮缺少 key：请添加 key="pk_…"。',
  PRODUCT_NOT_FOUND: '商品不存在或已下架。',
  PRODUCT_REQUIRED: '购买按钮没有指定商品：请添加 product="…"。',
  SOLD_OUT: '已售罄。',
  PAYMENT_TIMEOUT: '尚未确认支付，订单在到期前仍可支付。',
  ORDER_CANCELLED: '订单已取消。',
  INVALID_PHONE: '手机号格式不正确：11 位数字，以 1 开头。',
  CODE_EXPIRED: '验证码已过期（超过 5 分钟），请重新获取。',
  CODE_INVALID: '验证码不正确，请检查后重试（最多 5 次）。',
  TOO_MANY_ATTEMPTS: '验证码已尝试 5 次，请重新获取。',
  TOO_MANY_CODES: '获取验证码过于频繁，请稍后再试。',
  SMS_UNAVAILABLE: '短信暂时无法发送，请稍后再试。',
  INSUFFICIENT_STOCK: '库存不足，请减少数量或选择其他规格。',
  ADDRESS_REQUIRED: '请填写收货地址。',
  INVALID_ADDRESS: '收货地址不完整或格式不正确。',
  RETURN_URL_NOT_ALLOWED: '本站未被商店允许接收支付结果（returnUrl）。',
};

export type Lang = 'zh' | 'en';
export type { Words };

export function pickLang(value: string | null | undefined): Lang {
  const v = (value || document.documentElement.lang || navigator.language || 'zh').toLowerCase();
  return v.startsWith('en') ? 'en' : 'zh';
}

export const words = (lang: Lang): Words => (lang === 'en' ? EN : ZH);

/**
 * What to show for an error code: in Chinese the component's words when it has them (the API speaks
 * English), else the API's message; in English the API's message (it is the more precise), else the component's.
 */
export function errorText(lang: Lang, code: string, apiMessage?: string): string {
  if (lang === 'zh') return ERRORS_ZH[code] || apiMessage || `出错了（${code}）。`;
  return apiMessage || ERRORS_EN[code] || `Something went wrong (${code}).`;
}

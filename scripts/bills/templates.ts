// Bill templates for the receipt-reading test set (scripts/bills/generate.ts): Indian restaurant
// GST bills, grocery-chain bills, food-delivery app screenshots and handwritten-looking cash memos.
// Each returns the bill's HTML and what is true about it (total, date, merchant, items), computed
// here with decimal.js, so the accuracy test compares the reader with the bill it was drawn from.
import { Decimal } from 'decimal.js';

export type Kind = 'restaurant' | 'grocery' | 'delivery' | 'memo';

export interface BillTruth {
  kind: Kind;
  merchant: string;
  /** ISO day printed on the bill. */
  date: string;
  total: string;
  items: { name: string; amount: string }[];
  /** Whether the template prints item lines in type (handwriting and app screenshots may not count). */
  printed: boolean;
}

export interface Bill {
  html: string;
  truth: BillTruth;
  /** Screenshots are not photographed: no rotation, blur or shadow. */
  screenshot: boolean;
}

export type Rand = () => number;

/** A small deterministic generator (mulberry32), so the set is the same on every run. */
export function seeded(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: Rand, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function int(rand: Rand, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "1,23,456.00": Indian digit grouping. */
export function indian(value: Decimal): string {
  const [whole = '0', paise = '00'] = value.toFixed(2).split('.');
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3);
  const grouped = rest ? `${rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${last3}` : last3;
  return `${grouped}.${paise}`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function randomDay(rand: Rand): { iso: string; d: number; m: number; y: number } {
  const y = pick(rand, [2025, 2026]);
  const m = int(rand, 1, 12);
  const d = int(rand, 1, 28);
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { iso, d, m, y };
}

function dateText(rand: Rand, day: { d: number; m: number; y: number }): string {
  const dd = String(day.d).padStart(2, '0');
  const mm = String(day.m).padStart(2, '0');
  return pick(rand, [
    `${dd}/${mm}/${day.y}`,
    `${dd}-${mm}-${day.y}`,
    `${dd}-${MONTHS[day.m - 1]}-${day.y}`,
    `${day.d} ${MONTHS[day.m - 1]} ${day.y}`,
    `${dd}.${mm}.${day.y}`,
  ]);
}

interface Line {
  name: string;
  qty: number;
  rate: Decimal;
  amount: Decimal;
}

function lines(
  rand: Rand,
  menu: readonly (readonly [string, number])[],
  count: number,
  paise: boolean,
): Line[] {
  const chosen = [...menu].sort(() => rand() - 0.5).slice(0, count);
  return chosen.map(([name, price]) => {
    const qty = int(rand, 1, 3);
    const rate = new Decimal(price).plus(paise ? new Decimal(int(rand, 0, 99)).div(100) : 0);
    return { name, qty, rate, amount: rate.times(qty) };
  });
}

function sum(values: Decimal[]): Decimal {
  return values.reduce((a, b) => a.plus(b), new Decimal(0));
}

function pct(value: Decimal, percent: number): Decimal {
  return value.times(percent).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

const RESTAURANTS = [
  'Barbeque Nation',
  'Saravana Bhavan',
  'Paradise Biryani',
  'Haldiram Foods',
  'Mainland China',
  'Sagar Ratna',
  'Punjab Grill',
  'Cafe Madras',
  'Bikanervala',
  'Truffles Cafe',
];
const DISHES: readonly (readonly [string, number])[] = [
  ['Paneer Tikka', 320],
  ['Dal Makhani', 280],
  ['Butter Naan', 60],
  ['Veg Biryani', 340],
  ['Masala Papad', 90],
  ['Fresh Lime Soda', 110],
  ['Gulab Jamun', 120],
  ['Chicken Tikka', 420],
  ['Jeera Rice', 190],
  ['Tandoori Roti', 40],
  ['Masala Dosa', 150],
  ['Filter Coffee', 70],
  ['Mutton Biryani', 480],
  ['Veg Manchurian', 260],
  ['Hakka Noodles', 240],
  ['Kadai Paneer', 310],
];
const TOTAL_LABELS = ['GRAND TOTAL', 'Grand Total', 'TOTAL', 'Net Amount', 'Amount Payable', 'Bill Amt'];
const CURRENCY = ['Rs.', '₹', 'INR', 'Rs', ''];

function money(rand: Rand, value: Decimal, currency = pick(rand, CURRENCY)): string {
  return `${currency}${currency && currency !== '₹' ? ' ' : ''}${indian(value)}`;
}

export function restaurant(rand: Rand): Bill {
  const merchant = pick(rand, RESTAURANTS);
  const day = randomDay(rand);
  const items = lines(rand, DISHES, int(rand, 3, 7), false);
  const subtotal = sum(items.map((i) => i.amount));
  const service = rand() < 0.4 ? pct(subtotal, pick(rand, [5, 10])) : new Decimal(0);
  const cgst = pct(subtotal.plus(service), 2.5);
  const sgst = cgst;
  const exact = subtotal.plus(service).plus(cgst).plus(sgst);
  const roundOff = rand() < 0.5;
  const total = roundOff ? exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP) : exact;
  const label = pick(rand, TOTAL_LABELS);
  const currency = pick(rand, CURRENCY);
  const row = (left: string, right: string, bold = false) =>
    `<tr${bold ? ' class="b"' : ''}><td colspan="3">${esc(left)}</td><td class="r">${esc(right)}</td></tr>`;
  const html = `
<div class="bill mono" style="width:${int(rand, 330, 370)}px">
  <div class="c b big">${esc(merchant.toUpperCase())}</div>
  <div class="c">${int(rand, 1, 99)}, ${pick(rand, ['MG Road', 'Anna Salai', 'Park Street', 'FC Road', 'Linking Road'])}, ${pick(rand, ['Bengaluru', 'Chennai', 'Kolkata', 'Pune', 'Mumbai'])}</div>
  <div class="c">GSTIN: ${int(rand, 10, 36)}AAB${pick(rand, ['C', 'F', 'P'])}R${int(rand, 1000, 9999)}Q1Z${int(rand, 1, 9)}</div>
  <div class="c b">TAX INVOICE</div>
  <div>Bill No: ${int(rand, 100, 9999)} &nbsp; Table: ${int(rand, 1, 30)}</div>
  <div>Date: ${esc(dateText(rand, day))} &nbsp; ${int(rand, 12, 23)}:${String(int(rand, 0, 59)).padStart(2, '0')}</div>
  <hr>
  <table>
    <tr class="b"><td>Item</td><td class="r">Qty</td><td class="r">Rate</td><td class="r">Amount</td></tr>
    ${items.map((i) => `<tr><td>${esc(i.name)}</td><td class="r">${i.qty}</td><td class="r">${i.rate.toFixed(2)}</td><td class="r">${i.amount.toFixed(2)}</td></tr>`).join('')}
  </table>
  <hr>
  <table>
    ${row('Sub Total', indian(subtotal))}
    ${service.gt(0) ? row('Service Charge', indian(service)) : ''}
    ${row('CGST @ 2.5%', cgst.toFixed(2))}
    ${row('SGST @ 2.5%', sgst.toFixed(2))}
    ${roundOff ? row('Round Off', total.minus(exact).toFixed(2)) : ''}
  </table>
  <hr>
  <table>${row(label, money(rand, total, currency), true)}</table>
  <hr>
  <div class="c">Thank you! Visit again</div>
</div>`;
  return {
    html,
    screenshot: false,
    truth: {
      kind: 'restaurant',
      merchant,
      date: day.iso,
      total: total.toFixed(2),
      items: items.map((i) => ({ name: i.name, amount: i.amount.toFixed(2) })),
      printed: true,
    },
  };
}

const STORES = ['DMart', 'More Supermarket', 'Reliance Smart', 'Spencers', 'Star Bazaar', 'Nilgiris'];
const GROCERIES: readonly (readonly [string, number])[] = [
  ['Aashirvaad Atta 5kg', 265],
  ['Tata Salt 1kg', 28],
  ['Amul Butter 500g', 275],
  ['Toor Dal 1kg', 158],
  ['Fortune Oil 1L', 145],
  ['Basmati Rice 5kg', 549],
  ['Maggi Noodles 12pk', 168],
  ['Surf Excel 1kg', 132],
  ['Parle G Biscuits', 50],
  ['Onion 2kg', 72],
  ['Tomato 1kg', 38],
  ['Colgate 200g', 112],
  ['Good Day Cookies', 35],
  ['Sugar 1kg', 46],
  ['Tea Powder 500g', 245],
  ['Milk 1L', 66],
];

export function grocery(rand: Rand): Bill {
  const merchant = pick(rand, STORES);
  const day = randomDay(rand);
  const items = lines(rand, GROCERIES, int(rand, 4, 8), rand() < 0.5);
  const total = sum(items.map((i) => i.amount));
  const saved = new Decimal(int(rand, 5, 120));
  const tendered = total
    .plus(int(rand, 1, 500))
    .div(100)
    .ceil()
    .times(100);
  const label = pick(rand, ['Net Amount', 'Amount Payable', 'TOTAL', 'Grand Total', 'NET AMT']);
  const taxable = total.div(1.05).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const gst = total.minus(taxable).div(2).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const html = `
<div class="bill sans" style="width:${int(rand, 340, 380)}px">
  <div class="c b big">${esc(merchant)}</div>
  <div class="c">${esc(merchant)} Retail Pvt Ltd</div>
  <div class="c">GSTIN ${int(rand, 10, 36)}AACC${int(rand, 1000, 9999)}K1Z${int(rand, 1, 9)}</div>
  <div>Bill: ${int(rand, 10000, 99999)} &nbsp; Dt: ${esc(dateText(rand, day))}</div>
  <hr>
  <table>
    <tr class="b"><td>Particulars</td><td class="r">Qty</td><td class="r">Rate</td><td class="r">Value</td></tr>
    ${items.map((i) => `<tr><td>${esc(i.name)}</td><td class="r">${i.qty}</td><td class="r">${i.rate.toFixed(2)}</td><td class="r">${i.amount.toFixed(2)}</td></tr>`).join('')}
  </table>
  <hr>
  <div>Items: ${items.length} &nbsp; Qty: ${items.reduce((a, i) => a + i.qty, 0)}</div>
  <table>
    <tr class="b big"><td>${esc(label)}</td><td class="r">${esc(money(rand, total))}</td></tr>
    <tr><td>Cash Tendered</td><td class="r">${indian(tendered)}</td></tr>
    <tr><td>Change</td><td class="r">${indian(tendered.minus(total))}</td></tr>
  </table>
  <hr>
  <div class="c">GST Summary (incl.)</div>
  <table>
    <tr><td>Taxable</td><td class="r">${indian(taxable)}</td></tr>
    <tr><td>CGST 2.5%</td><td class="r">${gst.toFixed(2)}</td></tr>
    <tr><td>SGST 2.5%</td><td class="r">${gst.toFixed(2)}</td></tr>
  </table>
  <div class="c b">You saved Rs. ${saved.toFixed(2)}</div>
</div>`;
  return {
    html,
    screenshot: false,
    truth: {
      kind: 'grocery',
      merchant,
      date: day.iso,
      total: total.toFixed(2),
      items: items.map((i) => ({ name: i.name, amount: i.amount.toFixed(2) })),
      printed: true,
    },
  };
}

export function delivery(rand: Rand): Bill {
  const merchant = pick(rand, RESTAURANTS);
  const day = randomDay(rand);
  const items = lines(rand, DISHES, int(rand, 2, 5), false);
  const itemTotal = sum(items.map((i) => i.amount));
  const fee = new Decimal(pick(rand, [0, 25, 35, 49]));
  const platform = new Decimal(pick(rand, ['5', '6', '10']));
  const taxes = pct(itemTotal, 5).plus(new Decimal(int(rand, 10, 40)));
  const total = itemTotal.plus(fee).plus(platform).plus(taxes);
  const label = pick(rand, ['To Pay', 'Grand Total', 'Total Paid', 'Bill Total']);
  const app = pick(rand, ['#fc8019', '#e23744', '#5e2ca5']);
  const line = (left: string, right: string, cls = '') =>
    `<div class="row ${cls}"><span>${esc(left)}</span><span>${esc(right)}</span></div>`;
  const html = `
<div class="bill app" style="width:360px;--app:${app}">
  <div class="bar">Order Summary</div>
  <div class="b big">${esc(merchant)}</div>
  <div class="muted">Delivered on ${day.d} ${MONTHS[day.m - 1]} ${day.y}, ${int(rand, 1, 11)}:${String(int(rand, 0, 59)).padStart(2, '0')} PM</div>
  <div class="muted">Order #${int(rand, 1000000, 9999999)}</div>
  <div class="card">
    ${items.map((i) => line(`${i.qty} x ${i.name}`, `₹${i.amount.toFixed(2)}`)).join('')}
  </div>
  <div class="card">
    <div class="b">Bill Details</div>
    ${line('Item Total', `₹${itemTotal.toFixed(2)}`)}
    ${line('Delivery Fee', fee.isZero() ? 'FREE' : `₹${fee.toFixed(2)}`)}
    ${line('Platform Fee', `₹${platform.toFixed(2)}`)}
    ${line('GST and Restaurant Charges', `₹${taxes.toFixed(2)}`)}
    <hr>
    ${line(label, `₹${indian(total)}`, 'b big')}
  </div>
  <div class="muted">Paid via UPI</div>
</div>`;
  return {
    html,
    screenshot: true,
    truth: {
      kind: 'delivery',
      merchant,
      date: day.iso,
      total: total.toFixed(2),
      items: items.map((i) => ({ name: i.name, amount: i.amount.toFixed(2) })),
      printed: true,
    },
  };
}

const SHOPS = [
  'Sri Ganesh Kirana',
  'Laxmi Stores',
  'Sharma General Store',
  'New Balaji Traders',
  'Gupta Sweets',
];
const MEMO_ITEMS: readonly (readonly [string, number])[] = [
  ['Rice', 120],
  ['Atta', 240],
  ['Dal', 160],
  ['Oil', 180],
  ['Sugar', 90],
  ['Soap', 45],
  ['Biscuit', 30],
  ['Ghee', 350],
  ['Besan', 85],
  ['Namkeen', 60],
];

export function memo(rand: Rand): Bill {
  const merchant = pick(rand, SHOPS);
  const day = randomDay(rand);
  const items = lines(rand, MEMO_ITEMS, int(rand, 3, 6), false);
  const total = sum(items.map((i) => i.amount));
  const label = pick(rand, ['Total', 'TOTAL', 'Bill Amt', 'Total Rs.']);
  const tilt = () => (rand() * 2 - 1).toFixed(2);
  const ink = pick(rand, ['#1a2a8a', '#10206a', '#222']);
  const html = `
<div class="bill memo" style="width:${int(rand, 340, 380)}px">
  <div class="c b big printed">${esc(merchant)}</div>
  <div class="c printed">CASH MEMO</div>
  <div class="printed">No. <span class="hand" style="color:${ink}">${int(rand, 100, 999)}</span> &nbsp; Date <span class="hand" style="color:${ink}">${day.d}/${day.m}/${String(day.y).slice(2)}</span></div>
  <table class="ruled">
    <tr class="printed b"><td>Particulars</td><td class="r">Amount</td></tr>
    ${items.map((i) => `<tr class="hand" style="color:${ink};transform:rotate(${tilt()}deg)"><td>${esc(i.name)} ${i.qty > 1 ? `${i.qty} x ${i.rate.toFixed(0)}` : ''}</td><td class="r">${i.amount.toFixed(2)}</td></tr>`).join('')}
    <tr class="b"><td class="printed">${esc(label)}</td><td class="r hand big" style="color:${ink}">${indian(total)}</td></tr>
  </table>
  <div class="r printed">Signature</div>
</div>`;
  return {
    html,
    screenshot: false,
    truth: {
      kind: 'memo',
      merchant,
      date: day.iso,
      total: total.toFixed(2),
      items: items.map((i) => ({ name: i.name, amount: i.amount.toFixed(2) })),
      printed: false,
    },
  };
}

export const STYLE = `
body { margin: 0; padding: 44px; display: inline-block; }
.bill { background: #fbfaf5; color: #111; padding: 14px 16px; font-size: 14px; line-height: 1.35; box-shadow: 0 2px 8px rgba(0,0,0,.4); }
.mono { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 13px; }
.sans { font-family: 'Liberation Sans', 'DejaVu Sans', sans-serif; }
.app { font-family: 'DejaVu Sans', sans-serif; background: #fff; }
.app .bar { background: var(--app); color: #fff; margin: -14px -16px 10px; padding: 10px 16px; font-weight: bold; }
.app .card { border: 1px solid #ddd; border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.app .row { display: flex; justify-content: space-between; margin: 3px 0; }
.app .muted { color: #666; font-size: 13px; }
.memo { font-family: 'DejaVu Serif', serif; background: #fdf8e4; }
.memo .hand { font-family: 'DejaVu Serif', serif; font-style: italic; font-size: 16px; }
.memo .ruled td { border-bottom: 1px solid #b9c7e6; padding: 3px 2px; }
table { width: 100%; border-collapse: collapse; }
td { padding: 1px 2px; vertical-align: top; }
.r { text-align: right; } .c { text-align: center; } .b { font-weight: bold; } .big { font-size: 1.15em; }
hr { border: 0; border-top: 1px dashed #444; margin: 6px 0; }
`;

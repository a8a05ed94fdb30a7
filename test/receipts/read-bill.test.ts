import { describe, expect, it } from 'vitest';
import { findDate, readBill, readingsOf } from '../../src/receipts/read-bill.js';

const RESTAURANT = `BARBEQUE NATION
12, MG Road, Bengaluru
GSTIN: 29AABCR1234Q1Z5
TAX INVOICE
Bill No: 4821 Table: 7
Date: 05/12/2026 21:14
Item Qty Rate Amount
Veg Starter Platter 2 450.00 900.00
Paneer Tikka 1 320.00 320.00
Butter Naan 4 60.00 240.00
Fresh Lime Soda 2 110.00 220.00
Sub Total 1,680.00
Service Charge 10% 168.00
CGST @ 2.5% 46.20
SGST @ 2.5% 46.20
Round Off -0.40
GRAND TOTAL Rs. 1,940.00
Thank you! Visit again`;

describe('reading a bill from OCR text', () => {
  it('reads a restaurant GST bill: total, day, merchant, items and each tax', () => {
    const bill = readBill(RESTAURANT);
    expect(bill.total?.toFixed(2)).toBe('1940.00');
    expect(bill.confidence).toBe('sure');
    expect(bill.date).toBe('2026-12-05');
    expect(bill.merchant).toBe('Barbeque Nation');
    expect(bill.items.map((i) => [i.name, i.amount.toFixed(2)])).toEqual([
      ['Veg Starter Platter', '900.00'],
      ['Paneer Tikka', '320.00'],
      ['Butter Naan', '240.00'],
      ['Fresh Lime Soda', '220.00'],
    ]);
    expect(bill.taxes.map((t) => [t.kind, t.amount.toFixed(2)])).toEqual([
      ['SERVICE', '168.00'],
      ['CGST', '46.20'],
      ['SGST', '46.20'],
    ]);
  });

  it.each([
    ['Grand Total', '₹2,364.00'],
    ['TOTAL', 'Rs. 2,364.00'],
    ['Net Amount', 'INR 2,364'],
    ['Amount Payable', '2364.00'],
    ['To Pay', '₹ 2,364.00'],
    ['Bill Amt', 'Rs 2,364/-'],
  ])('finds the total labelled %s written %s', (label, amount) => {
    const bill = readBill(`Cafe\nDosa 2 1,182.00\nIdli 1 1,182.00\n${label} ${amount}`);
    expect(bill.total?.toFixed(2)).toBe('2364.00');
    expect(bill.confidence).toBe('sure');
  });

  it('reads Indian digit grouping: 1,23,456.50', () => {
    const bill = readBill('Big Party Caterers\nCatering 1,23,456.50\nTotal 1,23,456.50');
    expect(bill.total?.toFixed(2)).toBe('123456.50');
  });

  it('does not take the subtotal, cash tendered, change or savings for the total', () => {
    const bill = readBill(
      'DMart\nAtta 5kg 265.00\nDal 1kg 158.00\nSub Total 423.00\nNet Amount 423.00\nCash Tendered 500.00\nChange 77.00\nYou saved Rs. 40.00',
    );
    expect(bill.total?.toFixed(2)).toBe('423.00');
  });

  it('reads a ₹ that OCR turned into a digit when the bill adds up that way (₹840.00 → 2840.00)', () => {
    const bill = readBill(
      'Order Summary\nTruffles Cafe\n2 x Chicken Tikka 2840.00\n1 x Dal Makhani 2280.00\nItem Total 21120.00\nDelivery Fee 249.00\nPlatform Fee 25.00\nTaxes 256.00\nTo Pay %1,230.00',
    );
    expect(bill.total?.toFixed(2)).toBe('1230.00');
    expect(bill.confidence).toBe('sure');
    expect(bill.merchant).toBe('Truffles Cafe');
  });

  it('reads amounts whose decimal point OCR lost, when the items add up (2878 → 28.78)', () => {
    const bill = readBill('Nilgiris\nTata Salt 1kg 1 2878 2878\nSugar 1kg 1 4650 4650\nTOTAL Rs. 75.28');
    expect(bill.total?.toFixed(2)).toBe('75.28');
    expect(bill.confidence).toBe('sure');
    expect(bill.items.map((i) => i.amount.toFixed(2))).toEqual(['28.78', '46.50']);
  });

  it('says unsure when nothing on the bill adds up to the total it found', () => {
    const bill = readBill('Laxmi Stores\nRice 120.00\nDal 160.00\nTotal 990.00');
    expect(bill.confidence).toBe('unsure');
    expect(bill.total?.toFixed(2)).toBe('990.00');
  });

  it('says it found no total when no line is labelled as one', () => {
    const bill = readBill('a blurry photo of a cat\n12 34');
    expect(bill.confidence).toBe('none');
    expect(bill.total).toBeNull();
  });

  it('reads IGST as its own tax', () => {
    const bill = readBill('Hotel\nRoom 1,000.00\nSub Total 1,000.00\nIGST 18% 180.00\nTotal 1,180.00');
    expect(bill.taxes.map((t) => t.kind)).toEqual(['IGST']);
    expect(bill.confidence).toBe('sure');
  });

  it('gives an amount its likely OCR readings, as read first', () => {
    expect(readingsOf('2840.00').map((d) => d.toFixed(2))).toEqual(['2840.00', '840.00']);
    expect(readingsOf('220000').map((d) => d.toFixed(2))).toEqual(['220000.00', '20000.00', '2200.00']);
    expect(readingsOf('1O5.5O').map((d) => d.toFixed(2))).toEqual(['105.50']);
  });
});

describe('reading the day printed on a bill', () => {
  it.each([
    ['Date: 05/12/2026', '2026-12-05'],
    ['Dt: 5-12-26', '2026-12-05'],
    ['05.12.2026 21:14', '2026-12-05'],
    ['Delivered on 5 Dec 2026, 8:42 PM', '2026-12-05'],
    ['05-Dec-2026', '2026-12-05'],
  ])('%s is %s (day before month, as India writes it)', (text, iso) => {
    expect(findDate(text)).toBe(iso);
  });

  it('refuses days that do not exist', () => {
    expect(findDate('31/02/2026')).toBeNull();
  });
});

// An expense typed in another currency keeps both amounts in the export: its amount in the group's
// currency in the Cost column, and the original with its rate in the description.
import { describe, expect, it } from 'vitest';
import { describeForExport } from '../../src/export/original-amount.js';

describe('describeForExport', () => {
  it('adds the original amount and the rate to the description', () => {
    expect(
      describeForExport('taxi', { originalCurrency: 'USD', originalAmount: '45.000', rate: '83.2000000000' }),
    ).toBe('taxi (USD 45.00 at 83.2)');
    expect(
      describeForExport('', { originalCurrency: 'JPY', originalAmount: '4500.000', rate: '0.5600000000' }),
    ).toBe('(JPY 4,500 at 0.56)');
    expect(
      describeForExport('tea', { originalCurrency: 'KWD', originalAmount: '1.250', rate: '270.1' }),
    ).toBe('tea (KWD 1.250 at 270.1)');
  });

  it('leaves an expense in the group currency as it was', () => {
    expect(describeForExport('rent', { originalCurrency: null, originalAmount: null, rate: null })).toBe(
      'rent',
    );
  });
});

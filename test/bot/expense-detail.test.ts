// /expense 12 for the largest expense the bot accepts (1000 people with the longest names and the
// longest description) still goes out as messages within Telegram's 4096-character limit.
import { describe, expect, it } from 'vitest';
import { expenseLines } from '../../src/bot/features/expense-detail.js';
import { chunkLines, MESSAGE_LIMIT, visibleLength } from '../../src/bot/format.js';
import { Decimal } from '../../src/ledger/index.js';
import type { Person } from '../../src/usecases/members.js';

const person = (id: number): Person => ({
  id,
  telegramId: BigInt(id),
  firstName: `${'𝓐'.repeat(32)}<&>${id}`,
  lastName: 'x'.repeat(64),
  username: null,
});

describe('/expense for the largest expense', () => {
  it('fits every message in Telegram limit and shows every share', () => {
    const people = Array.from({ length: 1000 }, (_, i) => person(i + 1));
    const lines = expenseLines({
      id: 12,
      number: 12,
      at: new Date('2026-11-29T10:00:00Z'),
      spentOn: '2026-11-29',
      amount: new Decimal('1000000.00'),
      currency: 'INR',
      splitType: 'PERCENT',
      description: '🍕'.repeat(100),
      category: 'eating_out',
      categoryByHand: false,
      payer: people[0] as Person,
      payers: [],
      recordedBy: people[1] as Person,
      shares: people.map((p) => ({ person: p, share: new Decimal('1000.00'), typed: new Decimal('0.1') })),
      revisions: [],
      undone: { at: new Date('2026-11-30T10:00:00Z'), by: people[2] as Person },
      items: [],
      receipt: null,
    });
    const messages = chunkLines(lines);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(visibleLength(message)).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(messages.join('\n').match(/: ₹1,000\.00 \(0\.1%\)/g)).toHaveLength(1000);
    expect(lines.at(-1)).toMatch(/^Undone by .+ on 2026-11-30 10:00 UTC\.$/);
    expect(lines.join('\n')).not.toMatch(/<&>/);
  });
});

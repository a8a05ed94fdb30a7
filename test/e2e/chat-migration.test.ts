// A group upgraded to a supergroup gets a new chat id: the ledger follows it, whichever of the two
// service messages arrives first, and updates still coming from the old chat land in the same group.
import type { Chat, Update, User } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

describe('a group upgraded to a supergroup', () => {
  let h: TestBot;
  let asha: User;
  let ravi: User;
  let meera: User;
  let group: Chat;

  async function say(from: User, chat: Chat, text: string): Promise<string> {
    h.emulator.sendText(from, chat, text);
    const [reply] = await h.emulator.waitForReplies(chat.id, 1);
    return h.emulator.textOf(reply);
  }

  /** Waits until the bot has handled an update that gets no reply (a service message). */
  async function handled(update: Update): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const row = await h.db.prisma.inboundUpdate.findUnique({
        where: { updateId: BigInt(update.update_id) },
        select: { handledAt: true },
      });
      if (row?.handledAt) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`update ${update.update_id} was not handled within 10 s`);
  }

  async function migrate(supergroup: Chat, order: ('old' | 'new')[]): Promise<void> {
    for (const where of order) await handled(h.emulator.announceMigration(asha, group, supergroup, where));
  }

  /** The old group's ledger: Ravi and Meera each owe Asha 100 (one expense, split among three). */
  async function oldLedger(): Promise<number> {
    for (const user of [asha, ravi, meera]) await say(user, group, '/start');
    const reply = await say(asha, group, '/paid 300 rent share');
    expect(reply).toMatch(/among (all )?3\b/);
    return Number(/#(\d+)/.exec(reply)?.[1]);
  }

  beforeEach(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
    asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    meera = h.emulator.createUser({ firstName: 'Meera', username: 'meera_i' });
    group = h.emulator.createGroup({ title: 'Flat 42', members: [asha, ravi, meera], admins: [asha] });
  });
  afterEach(async () => {
    await h?.stop();
  });

  /** Everything the old group had works in the supergroup, and the old chat still reaches it. */
  async function expectLedgerFollowed(supergroup: Chat, oldExpenseId: number): Promise<void> {
    const balances = await say(ravi, supergroup, '/balances');
    expect(balances).toContain('Ravi owes Asha: ₹100.00');
    expect(balances).toContain('Meera owes Asha: ₹100.00');

    // The old members are known: by @username, and as "everyone".
    expect(await say(meera, supergroup, '/paid 60 equal @ravi_m me snacks')).toContain(
      'Ravi owes Meera: ₹30.00',
    );
    expect(await say(ravi, supergroup, '/paid 90 tea')).toMatch(/among (all )?3\b/);

    // An expense recorded in the old group can be undone in the supergroup.
    h.emulator.sendText(asha, supergroup, `/undo ${oldExpenseId}`);
    const [question] = await h.emulator.waitForReplies(supergroup.id, 1);
    expect(h.emulator.textOf(question)).toMatch(new RegExp(`Undo expense #${oldExpenseId}`));
    const yes = question.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'Yes, undo it');
    h.emulator.pressButton(asha, question, yes && 'callback_data' in yes ? (yes.callback_data ?? '') : '');
    await h.emulator.waitFor(
      (m) => m.message_id === question.message_id && /Undone/.test(h.emulator.textOf(m)),
    );

    // A late update from the old chat id lands in the same group, and is answered in the
    // supergroup (Telegram refuses messages to the old chat and names the new one).
    h.emulator.sendText(meera, group, '/paid 40 equal @asha_k me late bill');
    const [late] = await h.emulator.waitForReplies(supergroup.id, 1);
    expect(h.emulator.textOf(late)).toContain('Asha owes Meera: ₹20.00');
    const after = await say(asha, supergroup, '/balances');
    expect(after).toContain('Asha owes Meera: ₹20.00');
    expect(after).toContain('Asha owes Ravi: ₹30.00'); // tea; the old rent is undone
    expect(after).not.toMatch(/owes Asha/);
    expect(await h.db.prisma.group.count()).toBe(1);
  }

  it('moves the ledger when migrate_to_chat_id arrives first', async () => {
    const expenseId = await oldLedger();
    const supergroup = h.emulator.upgradeToSupergroup(group);
    await migrate(supergroup, ['old', 'new']);
    await expectLedgerFollowed(supergroup, expenseId);
  });

  it('moves the ledger once when migrate_from_chat_id arrives first, and again changes nothing', async () => {
    const expenseId = await oldLedger();
    const supergroup = h.emulator.upgradeToSupergroup(group);
    await migrate(supergroup, ['new', 'old', 'new', 'old']);
    await expectLedgerFollowed(supergroup, expenseId);
  });

  it('merges what was recorded in the supergroup before the migration messages were handled', async () => {
    const expenseId = await oldLedger();
    const supergroup = h.emulator.upgradeToSupergroup(group);
    // The supergroup is used before the bot hears of the upgrade: a fresh group for the new id.
    await say(asha, supergroup, '/start');
    expect(await say(meera, supergroup, '/paid 50 equal @asha_k me lunch')).toContain(
      'Asha owes Meera: ₹25.00',
    );
    await migrate(supergroup, ['new', 'old']);
    const balances = await say(ravi, supergroup, '/balances');
    // The pair's two balances are one now: Meera owed Asha 100, Asha owed Meera 25.
    expect(balances).toContain('Meera owes Asha: ₹75.00');
    expect(balances).toContain('Ravi owes Asha: ₹100.00');
    expect(await say(ravi, supergroup, '/paid 90 tea')).toMatch(/among (all )?3\b/);
    h.emulator.sendText(asha, supergroup, `/undo ${expenseId}`);
    const [question] = await h.emulator.waitForReplies(supergroup.id, 1);
    expect(h.emulator.textOf(question)).toMatch(new RegExp(`Undo expense #${expenseId}`));
    expect(await h.db.prisma.group.count()).toBe(1);
  });
});

// Corrections as members meet them, over HTTP through the Bot API emulator (Telegram's limits on,
// at a tenth of real time): editing the /paid message, /edit, and what the bot says and shows.
// One bot and database for the file; every test builds its own group with its own people.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { idOfNumber } from '../support/flat.js';

interface Flat {
  group: Chat;
  u1: User;
  u2: User;
  u3: User;
}

describe('corrections', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const text = (m: Message) => h.emulator.textOf(m);

  async function say(from: User, chat: Chat | 'private', line: string): Promise<string> {
    h.emulator.sendText(from, chat, line);
    const [reply] = await h.emulator.waitForReplies(chat === 'private' ? from.id : chat.id, 1);
    return text(reply);
  }

  /** A group where User1 (the admin), User2 and User3 have sent /start. */
  async function newFlat(): Promise<Flat> {
    const u1 = h.emulator.createUser({ firstName: 'User1', username: 'u1' });
    const u2 = h.emulator.createUser({ firstName: 'User2', username: 'u2' });
    const u3 = h.emulator.createUser({ firstName: 'User3', username: 'u3' });
    const group = h.emulator.createGroup({ title: 'Flat 42', members: [u1, u2, u3], admins: [u1] });
    for (const user of [u1, u2, u3]) expect(await say(user, group, '/start')).toMatch(/Hello/);
    return { group, u1, u2, u3 };
  }

  /** Sends a /paid and waits for its confirmation. */
  async function paid(from: User, group: Chat, line: string) {
    const update = h.emulator.sendText(from, group, line);
    const [confirmation] = await h.emulator.waitForReplies(group.id, 1);
    expect(text(confirmation)).toMatch(/Recorded #\d+/);
    const number = Number(/#(\d+)/.exec(text(confirmation))?.[1]);
    return {
      message: update.message as Message,
      confirmation,
      number,
      id: await idOfNumber(h, group, number),
    };
  }

  /** The next message (sent or edited) in the group whose text matches. */
  function next(group: Chat, pattern: RegExp): Promise<Message> {
    return h.emulator.waitFor((m) => m.chat.id === group.id && pattern.test(text(m)));
  }

  function revisions(expenseId: number): Promise<number> {
    return h.db.prisma.expenseRevision.count({ where: { expenseId } });
  }

  it('reproduces the finding: /paid 50 edited to /paid 500 leaves User2 owing ₹250, and says so', async () => {
    const { group, u1, u2 } = await newFlat();
    const original = await paid(u1, group, '/paid 50 equal @u1 @u2 dinner');
    expect(text(original.confirmation)).toContain('User2 owes User1: ₹25.00');

    const said = next(group, /^✏️ Corrected #\d+: ₹50\.00 → ₹500\.00; User2 now owes ₹250\.00\.$/);
    const edited = h.emulator.waitFor(
      (m) => m.message_id === original.confirmation.message_id && /corrected/.test(text(m)),
    );
    h.emulator.editText(u1, original.message, '/paid 500 equal @u1 @u2 dinner');
    await said;
    // The confirmation itself now shows the new split.
    const confirmation = await edited;
    expect(text(confirmation)).toMatch(
      /^✅ Recorded #\d+ \(corrected\): ₹500\.00 paid by User1 for dinner, split equally among 2\./,
    );
    expect(text(confirmation)).toContain('User2 owes User1: ₹250.00');
    expect(await revisions(original.id)).toBe(1);

    const balances = next(group, /^Balances/);
    h.emulator.sendText(u2, group, '/balances');
    expect(
      text(await balances)
        .split('\n')
        .slice(0, 2),
    ).toEqual(['Balances (pairwise)', 'User2 owes User1: ₹250.00']);

    // /expense shows the split as it is now, and the correction with what it was before.
    const detail = next(group, new RegExp(`#${original.number}`));
    h.emulator.sendText(u2, group, `/expense ${original.number}`);
    const shown = text(await detail);
    expect(shown).toContain('User2: ₹250.00');
    expect(shown).toMatch(/Corrections:\n .* by User1: it was ₹50\.00 for dinner, split equally among 2/);
  });

  it('refuses an edit that no longer reads as a /paid and changes nothing', async () => {
    const { group, u1 } = await newFlat();
    const original = await paid(u1, group, '/paid 50 equal @u1 @u2 dinner');
    const refusal = next(group, /amount/i);
    h.emulator.editText(u1, original.message, '/paid fifty equal @u1 @u2 dinner');
    expect(text(await refusal)).not.toMatch(/Corrected/);
    expect(await revisions(original.id)).toBe(0);
    const balances = next(group, /^Balances/);
    h.emulator.sendText(u1, group, '/balances');
    expect(text(await balances)).toContain('User2 owes User1: ₹25.00');
  });

  it('ignores an edit of a message that recorded no expense', async () => {
    const { group, u1 } = await newFlat();
    const update = h.emulator.sendText(u1, group, '/balances');
    await next(group, /^All settled/);
    const before = h.emulator.sent({ chatId: group.id }).length;
    h.emulator.editText(u1, update.message as Message, '/balances please');
    // Updates of a chat are handled in order: the answer to this /help comes after the edit's.
    const help = next(group, /Hisaab keeps/);
    h.emulator.sendText(u1, group, '/help');
    const reply = await help;
    const after = h.emulator.sent({ chatId: group.id });
    expect(after.slice(before).map((m) => m.message_id)).toEqual([reply.message_id]);
  });

  it('lets the payer and a group admin /edit, and refuses anyone else in one sentence', async () => {
    const { group, u1, u2, u3 } = await newFlat();
    const original = await paid(u2, group, '/paid 300 equal @u1 @u2 @u3 snacks');

    const refusal = next(group, /Only the person who paid expense/);
    h.emulator.sendText(u3, group, `/edit ${original.number} 30 equal @u1 @u2 @u3 snacks`);
    expect(text(await refusal)).toBe(
      `Only the person who paid expense #${original.number}, the one who recorded it, or a group admin can change it.`,
    );
    expect(await revisions(original.id)).toBe(0);

    const byPayer = next(group, /^✏️ Corrected #\d+: /);
    h.emulator.sendText(u2, group, `/edit ${original.number} 400 exact @u1 100 @u3 300 snacks`);
    expect(text(await byPayer)).toBe(
      `✏️ Corrected #${original.number}: ₹300.00 → ₹400.00; split by exact amounts (was equally); User3 now owes ₹300.00.`,
    );

    const byAdmin = next(group, /^✏️ Corrected #\d+: /);
    h.emulator.sendText(u1, group, `/edit #${original.number} 400 exact @u1 200 @u3 200 snacks`);
    expect(text(await byAdmin)).toBe(
      `✏️ Corrected #${original.number}: User1 now owes ₹200.00; User3 now owes ₹200.00.`,
    );
    expect(await revisions(original.id)).toBe(2);

    const balances = next(group, /^Balances/);
    h.emulator.sendText(u3, group, '/balances');
    const lines = text(await balances);
    expect(lines).toContain('User1 owes User2: ₹200.00');
    expect(lines).toContain('User3 owes User2: ₹200.00');
  });

  it('refuses to correct an undone expense', async () => {
    const { group, u1 } = await newFlat();
    const original = await paid(u1, group, '/paid 80 equal @u1 @u2 tea');
    const question = next(group, /^Undo expense/);
    h.emulator.sendText(u1, group, `/undo ${original.number}`);
    const asked = await question;
    const undone = h.emulator.waitFor((m) => m.message_id === asked.message_id && /Undone/.test(text(m)));
    const yes = asked.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'Yes, undo it');
    h.emulator.pressButton(u1, asked, yes && 'callback_data' in yes ? (yes.callback_data ?? '') : '');
    await undone;

    const refusal = next(group, /was undone/);
    h.emulator.editText(u1, original.message, '/paid 800 equal @u1 @u2 tea');
    expect(text(await refusal)).toBe(
      `Expense #${original.number} was undone, so it cannot be changed; record it again with /paid.`,
    );
    const byCommand = next(group, /was undone/);
    h.emulator.sendText(u1, group, `/edit ${original.number} 800 equal @u1 @u2 tea`);
    await byCommand;
    expect(await revisions(original.id)).toBe(0);
  });

  it('shows the correction in the passbook as its own line with the running net right', async () => {
    const { group, u1, u2 } = await newFlat();
    const original = await paid(u1, group, '/paid 50 equal @u1 @u2 dinner');
    const said = next(group, /^✏️ Corrected/);
    h.emulator.editText(u1, original.message, '/paid 500 equal @u1 @u2 dinner');
    await said;
    const passbook = await say(u2, 'private', '/passbook');
    expect(passbook).toMatch(/✏️ #\d+ dinner corrected: now ₹500\.00, −₹225\.00 to you · net −₹250\.00/);
    // The original line keeps the original amounts; the correction is its own line.
    expect(passbook).toMatch(/dinner: User1 paid ₹50\.00, your share ₹25\.00 · net −₹25\.00/);
  });

  it('applies an edit that Telegram delivers twice once', async () => {
    const { group, u1 } = await newFlat();
    const original = await paid(u1, group, '/paid 60 equal @u1 @u2 @u3 lunch');
    const said = next(group, /^✏️ Corrected/);
    const edit = h.emulator.editText(u1, original.message, '/paid 90 equal @u1 @u2 @u3 lunch');
    await said;
    h.emulator.redeliver(edit);
    const balances = next(group, /^Balances/);
    h.emulator.sendText(u1, group, '/balances');
    const lines = text(await balances);
    expect(lines).toContain('User2 owes User1: ₹30.00');
    expect(lines).toContain('User3 owes User1: ₹30.00');
    expect(await revisions(original.id)).toBe(1);
    const corrections = h.emulator.sent({ chatId: group.id }).filter((m) => /^✏️ Corrected #/.test(text(m)));
    expect(corrections).toHaveLength(1);
  });

  it('asks before correcting an expense older than 30 days, and a forged press changes nothing', async () => {
    const { group, u1, u2 } = await newFlat();
    const original = await paid(u1, group, '/paid 50 equal @u1 @u2 dinner');
    // Recorded a year ago.
    await h.db.prisma.expense.update({
      where: { id: original.id },
      data: { createdAt: new Date(Date.now() - 365 * 86_400_000) },
    });
    const amount = async () =>
      (await h.db.prisma.expense.findUniqueOrThrow({ where: { id: original.id } })).amount.toFixed(2);
    const alertFor = async (press: { callback_query?: { id: string } }) =>
      String(
        (
          await h.emulator.waitForCall(
            'answerCallbackQuery',
            (c) => c.params.callback_query_id === press.callback_query?.id,
          )
        ).params.text ?? '',
      );
    const buttonData = (m: Message, label: string) =>
      (
        (m.reply_markup?.inline_keyboard.flat() ?? []).find((b) => b.text === label) as {
          callback_data: string;
        }
      ).callback_data;

    const asked = next(group, /more than 30 days ago: apply your edit to it\?/);
    h.emulator.editText(u1, original.message, '/paid 500 equal @u1 @u2 dinner');
    const question = await asked;
    expect(text(question)).toMatch(
      new RegExp(
        `^Expense #${original.number} was recorded on \\d{4}-\\d{2}-\\d{2}, more than 30 days ago: apply your edit to it\\? Nothing changes until you choose\\.$`,
      ),
    );
    const apply = buttonData(question, 'Apply the correction');
    const keep = buttonData(question, 'Keep as it was');
    expect(apply).toMatch(/^fix:\d+:a$/);
    expect(await amount()).toBe('50.00');

    // Someone else presses Apply; made-up data is pressed on the question; nothing changes.
    expect(await alertFor(h.emulator.pressButton(u2, question, apply))).toBe(
      'This button is for User1; only they can press it. Nothing was changed.',
    );
    const questionId = Number(apply.split(':')[1]);
    for (const [who, data] of [
      [u1, `fix:${questionId + 1}:a`],
      [u2, `fix:${questionId + 1}:k`],
    ] as const) {
      expect(await alertFor(h.emulator.forgePress(who, question, data))).toBe(
        'That button is not on this message; nothing was changed.',
      );
    }
    expect(await amount()).toBe('50.00');
    expect(await revisions(original.id)).toBe(0);

    // Keep as it was: nothing changes, and the question is answered for good.
    const kept = h.emulator.waitFor((m) => m.message_id === question.message_id && /^Kept/.test(text(m)));
    h.emulator.pressButton(u1, question, keep);
    expect(text(await kept)).toBe(`Kept #${original.number} as it was; nothing changed.`);
    expect(await alertFor(h.emulator.forgePress(u1, await kept, apply))).toBe(
      'This question was answered already; nothing more was changed.',
    );
    expect(await amount()).toBe('50.00');
    expect(await revisions(original.id)).toBe(0);

    // Edited again and applied: the stored edit is the one applied, and the group is told.
    const again = next(group, /more than 30 days ago/);
    h.emulator.editText(u1, original.message, '/paid 400 equal @u1 @u2 dinner');
    const second = await again;
    const said = next(group, /^✏️ Corrected #\d+: ₹50\.00 → ₹400\.00; User2 now owes ₹200\.00\.$/);
    const applied = h.emulator.waitFor((m) => m.message_id === second.message_id && /^Applied/.test(text(m)));
    h.emulator.pressButton(u1, second, buttonData(second, 'Apply the correction'));
    await said;
    expect(text(await applied)).toBe(`Applied your correction of #${original.number}.`);
    expect(await amount()).toBe('400.00');
    expect(await revisions(original.id)).toBe(1);
  });
});

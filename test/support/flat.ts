// A flat for an end-to-end test: a group of its own with Asha (an admin), Ravi, Meera and, if
// asked, Kabir, each of whom has sent /start; and the ways those tests talk to it.
import type { Chat, Message, User } from 'grammy/types';
import type { TestBot } from './app.js';

export interface Flat {
  group: Chat;
  asha: User;
  ravi: User;
  meera: User;
  kabir: User;
}

/** Sends `text` and resolves with the first message in that chat (or DM) matching `expected`. */
export async function replyTo(
  h: TestBot,
  from: User,
  chat: Chat | 'private',
  text: string,
  expected: RegExp,
): Promise<Message> {
  const chatId = chat === 'private' ? from.id : chat.id;
  const reply = h.emulator.waitFor((m) => m.chat.id === chatId && expected.test(h.emulator.textOf(m)));
  h.emulator.sendText(from, chat, text);
  return reply;
}

/**
 * A new flat. `usernames: false` leaves Meera ("Meera Iyer") and Kabir without usernames, as
 * people who are named by their first name or a text mention; `kabir: false` leaves him out.
 */
export async function newFlat(h: TestBot, options: { usernames: boolean; kabir?: boolean }): Promise<Flat> {
  const asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
  const ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
  const meera = options.usernames
    ? h.emulator.createUser({ firstName: 'Meera', username: 'meera_i' })
    : h.emulator.createUser({ firstName: 'Meera', lastName: 'Iyer' });
  const kabir = h.emulator.createUser({
    firstName: 'Kabir',
    ...(options.usernames ? { username: 'kabir_r' } : {}),
  });
  const members = options.kabir === false ? [asha, ravi, meera] : [asha, ravi, meera, kabir];
  const group = h.emulator.createGroup({ title: 'Flat', members, admins: [asha] });
  for (const user of members) await replyTo(h, user, group, '/start', new RegExp(`Hello ${user.first_name}`));
  return { group, asha, ravi, meera, kabir };
}

/** The expenses recorded in a chat's group, oldest first, with shares, payer and recorder. */
export function expensesIn(h: TestBot, group: Chat) {
  return h.db.prisma.expense.findMany({
    where: { group: { chatId: BigInt(group.id) } },
    include: { shares: { include: { user: true } }, payer: true, recordedBy: true },
    orderBy: { id: 'asc' },
  });
}

/**
 * The internal id of the expense (or, with 'P', the payment) a chat's group numbers `number`: what
 * people read (#3) is the group's number; buttons and the database go by id.
 */
export async function idOfNumber(
  h: TestBot,
  group: Chat,
  number: number,
  kind: '#' | 'P' = '#',
): Promise<number> {
  const where = { group: { chatId: BigInt(group.id) }, number };
  const row =
    kind === '#'
      ? await h.db.prisma.expense.findFirstOrThrow({ where, select: { id: true } })
      : await h.db.prisma.settlement.findFirstOrThrow({ where, select: { id: true } });
  return row.id;
}

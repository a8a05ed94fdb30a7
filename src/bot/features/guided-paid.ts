// The guided /paid: a bare `/paid` (what tapping it in Telegram's command menu sends) or `/paid 500`
// in a group walks its sender through amount → who shares (toggle buttons, payer ticked) → how
// (equally, exact amounts, percentages) → description → confirm, and records through the same use
// case as a typed /paid. Typed answers are replies to the bot's question (a bot in privacy mode sees
// those); everything else is a button.
//
// A small state machine of our own rather than @grammyjs/conversations: the state is one row per
// (chat, person) in PaidDraft, every button carries its owner's Telegram id (buttons.ts), so a press
// by someone else is refused without a lookup and the others in the group are never routed through
// someone's dialogue; the 10-minute abandonment is a comparison with the use-case clock (tests move
// the clock); and nothing is replayed on each update. The conversations plugin keys its state per
// storage key and replays the whole dialogue on each update; in a busy group that is a lot of work
// and harder to keep apart per person.
import { Composer, InlineKeyboard } from 'grammy';
import { DESCRIPTION_LIMIT, readAmount } from '../../commands/index.js';
import { Decimal, LedgerError, parsePercent, splitExpense } from '../../ledger/index.js';
import type { PersonRef } from '../../usecases/members.js';
import {
  type Draft,
  type DraftData,
  type DraftKey,
  type DraftPerson,
  dropPaidDraft,
  findPaidDraft,
  GUIDED_PAID_TIMEOUT_MS,
  savePaidDraft,
} from '../../usecases/paid-draft.js';
import { recordExpense } from '../../usecases/record-expense.js';
import { ownedButton, pressedByOwner } from '../buttons.js';
import { categoryButton } from '../category-buttons.js';
import type { BotContext } from '../context.js';
import { escapeHtml, money, plainName } from '../format.js';
import { answer, editAnswer } from '../reply.js';
import { telegramGroup, telegramPerson } from './members.js';
import { expenseSummary } from './paid.js';

/** Beyond this many members, the people step offers the first ones (typed /paid names anyone). */
const MAX_BUTTONS = 30;
const MINUTES = GUIDED_PAID_TIMEOUT_MS / 60_000;
const HOW = ['EQUAL', 'EXACT', 'PERCENT'] as const;

const ABANDONED = `This /paid was abandoned after ${MINUTES} minutes without an answer; nothing was recorded. Send /paid to start again.`;
const CANCELLED = 'Cancelled; nothing was recorded.';

export const guidedPaid = new Composer<BotContext>();
const inGroup = guidedPaid.chatType(['group', 'supergroup']);

function keyOf(ctx: BotContext): DraftKey | null {
  if (!ctx.chat || !ctx.from) return null;
  return { chatId: ctx.chat.id, telegramId: ctx.from.id };
}

function button(action: string, arg: number, owner: number): string {
  return ownedButton(`gp:${action}`, arg, owner);
}

function cancelRow(keyboard: InlineKeyboard, owner: number): InlineKeyboard {
  return keyboard.text('Cancel', button('x', 0, owner));
}

inGroup.command('paid', async (ctx, next) => {
  const typed = ctx.match.trim();
  let amount: ReturnType<typeof readAmount> | undefined;
  if (typed !== '') {
    try {
      amount = readAmount(typed);
    } catch {
      // Not an amount alone: the typed grammar (paid.ts) reads it.
      return next();
    }
  }
  const key = keyOf(ctx);
  if (!key || !ctx.sender) return next();
  const data: DraftData = amount
    ? { amount: amount.value.toFixed(2), ...(amount.plain ? {} : { amountTyped: typed }) }
    : {};
  if (!amount) {
    await savePaidDraft(ctx.services, key, { step: 'amount', data });
    answer(ctx, askAmount(ctx.from.first_name), {
      keyboard: cancelRow(new InlineKeyboard(), ctx.from.id),
    });
    return;
  }
  await showPeople(ctx, key, data, 'new');
});

inGroup.command('cancel', async (ctx, next) => {
  const key = keyOf(ctx);
  if (!key || !(await dropPaidDraft(ctx.services, key))) return next();
  answer(
    ctx,
    `${escapeHtml(ctx.from.first_name)}: your unfinished /paid is cancelled; nothing was recorded.`,
  );
});

// Typed answers: only when the sender has a draft waiting for text; everyone else's messages pass.
inGroup.on('message:text', async (ctx, next) => {
  if (ctx.msg.text.startsWith('/')) return next();
  const key = keyOf(ctx);
  if (!key) return next();
  const found = await findPaidDraft(ctx.services, key);
  const draft = found.draft;
  if (!draft) return next();
  const text = ctx.msg.text.trim();
  if (draft.step === 'amount') {
    let read: ReturnType<typeof readAmount>;
    try {
      read = readAmount(text);
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      answer(ctx, `${escapeHtml(error.message)} Reply with the amount, like 450 or 1.5k, or /cancel.`);
      return;
    }
    const data: DraftData = {
      ...draft.data,
      amount: read.value.toFixed(2),
      ...(read.plain ? {} : { amountTyped: text }),
    };
    await showPeople(ctx, key, data, 'new');
    return;
  }
  if (draft.step === 'values') {
    const data = readValues(draft.data, text);
    if (typeof data === 'string') {
      answer(ctx, `${escapeHtml(data)} Reply again, or /cancel.`);
      return;
    }
    await askDescription(ctx, key, data, 'new');
    return;
  }
  if (draft.step === 'description') {
    const data = { ...draft.data, description: text.replace(/\s+/g, ' ').slice(0, DESCRIPTION_LIMIT) };
    await showConfirm(ctx, key, data, 'new');
    return;
  }
  return next();
});

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
inGroup.callbackQuery(/^gp:([a-z]):(\d+):(\d+)$/, async (ctx) => {
  if (!(await pressedByOwner(ctx, ctx.match[3] as string))) return;
  const key = keyOf(ctx) as DraftKey;
  const action = ctx.match[1] as string;
  const arg = Number(ctx.match[2]);
  const found = await findPaidDraft(ctx.services, key);
  if (!found.draft) {
    if (found.abandoned) editAnswer(ctx, escapeHtml(ABANDONED));
    await ctx.answerCallbackQuery({
      text: found.abandoned ? ABANDONED.slice(0, 190) : 'This /paid is already finished or cancelled.',
      show_alert: true,
    });
    return;
  }
  const { step, data } = found.draft;
  if (action === 'x') {
    await dropPaidDraft(ctx.services, key);
    editAnswer(ctx, CANCELLED);
    await ctx.answerCallbackQuery({ text: 'Cancelled.' });
    return;
  }
  const expected = { t: 'people', n: 'people', h: 'how', s: 'description', r: 'confirm' }[action];
  if (expected !== step) {
    await ctx.answerCallbackQuery({ text: 'That step is done; use the latest question.', show_alert: true });
    return;
  }
  if (action === 't') {
    const person = data.offered?.[arg];
    if (!person) return void (await ctx.answerCallbackQuery());
    const chosen = new Set(data.chosen ?? []);
    if (chosen.has(person.telegramId)) chosen.delete(person.telegramId);
    else chosen.add(person.telegramId);
    await showPeople(ctx, key, { ...data, chosen: [...chosen] }, 'edit');
    await ctx.answerCallbackQuery();
    return;
  }
  if (action === 'n') {
    const chosen = data.chosen ?? [];
    if (!chosen.some((id) => id !== String(key.telegramId))) {
      await ctx.answerCallbackQuery({
        text: 'Tick at least one other person who shares it.',
        show_alert: true,
      });
      return;
    }
    await savePaidDraft(ctx.services, key, { step: 'how', data });
    const owner = Number(key.telegramId);
    editAnswer(ctx, `${head(data)}\nHow is it split?`, {
      keyboard: cancelRow(
        new InlineKeyboard()
          .text('Equally', button('h', 0, owner))
          .text('Exact amounts', button('h', 1, owner))
          .text('Percent', button('h', 2, owner))
          .row(),
        owner,
      ),
    });
    await ctx.answerCallbackQuery();
    return;
  }
  if (action === 'h') {
    const splitType = HOW[arg] ?? 'EQUAL';
    const next: DraftData = { ...data, splitType };
    delete next.values;
    if (splitType === 'EQUAL') await askDescription(ctx, key, next, 'edit');
    else {
      await savePaidDraft(ctx.services, key, { step: 'values', data: next });
      const names = chosenPeople(next).map(plainName).join(', ');
      const example = splitType === 'EXACT' ? 'amounts like 300 200 100' : 'percentages like 50 30 20';
      editAnswer(
        ctx,
        `${head(next)}\nReply to this message with ${splitType === 'EXACT' ? 'the amounts' : 'the percentages'} for ${escapeHtml(names)}, in that order (${example}).`,
        { keyboard: cancelRow(new InlineKeyboard(), owner(key)) },
      );
    }
    await ctx.answerCallbackQuery();
    return;
  }
  if (action === 's') {
    await showConfirm(ctx, key, { ...data, description: '' }, 'edit');
    await ctx.answerCallbackQuery();
    return;
  }
  // action 'r': record it, keyed by the confirmation's message (a second press records nothing new).
  await record(ctx, key, found.draft);
});

function owner(key: DraftKey): number {
  return Number(key.telegramId);
}

function askAmount(firstName: string): string {
  return `💸 New expense by ${escapeHtml(firstName)}. How much did you pay? Reply to this message with the amount (450, 1.5k, 250+180) or a photo of the bill, or press Cancel.\nOr type it all in one message: <code>/paid 1200 equal @asha @ravi dinner</code> (/help shows every form).`;
}

function chosenPeople(data: DraftData): DraftPerson[] {
  const chosen = new Set(data.chosen ?? []);
  return (data.offered ?? []).filter((p) => chosen.has(p.telegramId));
}

/** "₹900.00 paid by you" and what is chosen so far, atop each step. */
function head(data: DraftData): string {
  const amount = money(new Decimal(data.amount ?? '0'));
  const typed = data.amountTyped ? ` (${escapeHtml(data.amountTyped)})` : '';
  return `💸 ${amount}${typed}`;
}

async function showPeople(
  ctx: BotContext,
  key: DraftKey,
  data: DraftData,
  how: 'new' | 'edit',
): Promise<void> {
  let next = data;
  if (!data.offered) {
    const groupId = ctx.groupId;
    const members = groupId === undefined ? [] : await ctx.services.members.activeMembers(groupId);
    const offered = members.slice(0, MAX_BUTTONS).map((p) => ({
      telegramId: String(p.telegramId),
      firstName: p.firstName,
      lastName: p.lastName,
      username: p.username,
    }));
    const payer = String(key.telegramId);
    if (!offered.some((p) => p.telegramId === payer) && ctx.from)
      offered.unshift({
        telegramId: payer,
        firstName: ctx.from.first_name,
        lastName: ctx.from.last_name ?? null,
        username: ctx.from.username ?? null,
      });
    next = { ...data, offered, chosen: [payer] };
  }
  await savePaidDraft(ctx.services, key, { step: 'people', data: next });
  const chosen = new Set(next.chosen ?? []);
  const keyboard = new InlineKeyboard();
  for (const [index, person] of (next.offered ?? []).entries()) {
    keyboard.text(
      `${chosen.has(person.telegramId) ? '✅' : '▫️'} ${plainName(person)}`,
      button('t', index, owner(key)),
    );
    if (index % 2 === 1) keyboard.row();
  }
  keyboard.row().text('Next ▶', button('n', 0, owner(key)));
  cancelRow(keyboard, owner(key));
  const text = `${head(next)}\nWho shares it? Tap to tick or untick, then Next.`;
  if (how === 'edit') editAnswer(ctx, text, { keyboard });
  else answer(ctx, text, { keyboard });
}

async function askDescription(
  ctx: BotContext,
  key: DraftKey,
  data: DraftData,
  how: 'new' | 'edit',
): Promise<void> {
  await savePaidDraft(ctx.services, key, { step: 'description', data });
  const keyboard = cancelRow(new InlineKeyboard().text('Skip', button('s', 0, owner(key))), owner(key));
  const text = `${head(data)}\nWhat was it for? Reply to this message with a few words, or Skip.`;
  if (how === 'edit') editAnswer(ctx, text, { keyboard });
  else answer(ctx, text, { keyboard });
}

async function showConfirm(
  ctx: BotContext,
  key: DraftKey,
  data: DraftData,
  how: 'new' | 'edit',
): Promise<void> {
  await savePaidDraft(ctx.services, key, { step: 'confirm', data });
  const people = chosenPeople(data);
  const splitType = data.splitType ?? 'EQUAL';
  const shares =
    splitType === 'EQUAL'
      ? `equally among ${people.length}: ${escapeHtml(people.map(plainName).join(', '))}`
      : `${splitType === 'EXACT' ? 'by exact amounts' : 'by percentage'}: ${escapeHtml(
          people
            .map((p, i) => {
              const value = data.values?.[i] ?? '0';
              return `${plainName(p)} ${splitType === 'EXACT' ? money(new Decimal(value)) : `${value}%`}`;
            })
            .join(', '),
        )}`;
  const what = data.description ? ` for ${escapeHtml(data.description)}` : '';
  const text = `${head(data)} paid by you${what}, split ${shares}.\nRecord it?`;
  const keyboard = cancelRow(new InlineKeyboard().text('✅ Record', button('r', 0, owner(key))), owner(key));
  if (how === 'edit') editAnswer(ctx, text, { keyboard });
  else answer(ctx, text, { keyboard });
}

/** The typed exact amounts or percentages, checked by the ledger's split; a sentence when refused. */
function readValues(data: DraftData, text: string): DraftData | string {
  const people = chosenPeople(data);
  const words = text.split(/[\s,;]+/).filter((w) => w !== '' && w !== '%');
  if (words.length !== people.length)
    return `I need ${people.length} values, one for each of ${people.map(plainName).join(', ')}; you wrote ${words.length}.`;
  try {
    const values = words.map((w) =>
      data.splitType === 'PERCENT' ? parsePercent(w.replace(/%$/, '')) : readAmount(w).value,
    );
    const amount = new Decimal(data.amount ?? '0');
    splitExpense(
      data.splitType === 'PERCENT'
        ? {
            type: 'PERCENT',
            amount,
            shares: people.map((p, i) => ({ participant: p.telegramId, percent: values[i] as Decimal })),
          }
        : {
            type: 'EXACT',
            amount,
            shares: people.map((p, i) => ({ participant: p.telegramId, amount: values[i] as Decimal })),
          },
    );
    return { ...data, values: values.map((v) => v.toString()) };
  } catch (error) {
    if (error instanceof LedgerError) return error.message;
    throw error;
  }
}

async function record(ctx: BotContext, key: DraftKey, draft: Draft): Promise<void> {
  const { data } = draft;
  const message = ctx.callbackQuery?.message;
  const chat = ctx.chat;
  if (!message || !chat || !ctx.from) return;
  const people = chosenPeople(data);
  const splitType = data.splitType ?? 'EQUAL';
  const participants = people.map((p, i) => {
    const person: PersonRef = {
      kind: 'user',
      user: {
        id: Number(p.telegramId),
        first_name: p.firstName,
        ...(p.lastName ? { last_name: p.lastName } : {}),
        ...(p.username ? { username: p.username } : {}),
      },
    };
    const value = data.values?.[i];
    return splitType === 'EQUAL' || value === undefined ? { person } : { person, value: new Decimal(value) };
  });
  const recorded = await recordExpense(ctx.services, {
    group: telegramGroup(chat),
    payer: telegramPerson(ctx.from),
    amount: new Decimal(data.amount ?? '0'),
    splitType,
    everyone: false,
    participants,
    description: data.description ?? '',
    source: { chatId: chat.id, messageId: message.message_id },
  });
  ctx.recorded = `expense #${recorded.number}`;
  await dropPaidDraft(ctx.services, key);
  const options = data.amountTyped === undefined ? {} : { amountTyped: data.amountTyped };
  editAnswer(ctx, expenseSummary(recorded, recorded.description, options).join('\n'), {
    keyboard: categoryButton(recorded.id, recorded.category),
  });
  await ctx.answerCallbackQuery({ text: `Recorded expense #${recorded.number}.` });
}

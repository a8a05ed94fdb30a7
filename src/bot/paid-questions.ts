// How the bot words a question about a /paid (see usecases/read-paid.ts) and its buttons. The
// buttons carry only the question's id and the answer's number: who may press, and what each answer
// records, are in the database (usecases/paid-question.ts).
import { InlineKeyboard } from 'grammy';
import { formatForeign } from '../ledger/index.js';
import type { PaidAnswer } from '../usecases/paid-question.js';
import type { PaidOption, PaidReading } from '../usecases/read-paid.js';
import type { RecordExpenseInput } from '../usecases/record-expense.js';
import { clipText, escapeHtml, money, plainName } from './format.js';

export type PaidQuestion = Extract<PaidReading, { kind: 'ask' }>;

/** The question's lines and the answers its buttons stand for (Cancel is added by `questionKeyboard`). */
export function wordQuestion(
  question: PaidQuestion,
  groupCurrency: string,
  now: Date,
): { lines: string[]; answers: PaidAnswer[] } {
  if (question.why === 'which') {
    const answers = question.options.map((o) => ({
      label: amountOf(o.input, groupCurrency),
      input: o.input,
    }));
    const lines = question.options.map(
      (o, k) => `${k + 1}. ${escapeHtml(amountOf(o.input, groupCurrency))}${what(o.input)}`,
    );
    return {
      lines: [
        'This /paid reads two ways; which did you mean? Nothing is recorded until you choose.',
        ...lines,
      ],
      answers,
    };
  }
  if (question.why === 'names') {
    const { proposed, asTyped, payer, everyone } = question;
    const among = listNames(proposed.people ?? []);
    const amount = escapeHtml(amountOf(proposed.input, groupCurrency));
    return {
      lines: [
        `Split ${amount}${what(proposed.input)} among ${escapeHtml(among)}, paid by ${escapeHtml(plainName(payer))}?`,
        everyone
          ? `Or among everyone (${(asTyped.people ?? []).length})? Nothing is recorded until you choose.`
          : 'Or as written? Nothing is recorded until you choose.',
      ],
      answers: [
        { label: 'Yes', input: proposed.input },
        { label: everyone ? 'Everyone' : 'As written', input: asTyped.input },
      ],
    };
  }
  const hours = Math.max(0, Math.round((now.getTime() - question.of.createdAt.getTime()) / 3_600_000));
  const ago = hours === 0 ? 'less than an hour ago' : `${hours} h ago`;
  return {
    lines: [
      `Looks like #${question.of.id} from ${ago} (${escapeHtml(amountOf(question.input, groupCurrency))}${what(question.input)}): record again?`,
    ],
    answers: [{ label: 'Record', input: question.input }],
  };
}

export function questionKeyboard(questionId: number, answers: readonly PaidAnswer[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  answers.forEach((a, k) => {
    keyboard.text(a.label, `pq:${questionId}:${k}`);
  });
  return keyboard.text('Cancel', `pq:${questionId}:x`);
}

function amountOf(input: RecordExpenseInput, groupCurrency: string): string {
  return input.currency === undefined
    ? money(input.amount, groupCurrency)
    : formatForeign(input.amount, input.currency);
}

function what(input: RecordExpenseInput): string {
  return input.description ? ` for ${escapeHtml(clipText(input.description, 60))}` : '';
}

/** "Asha, Ravi and Meera". */
export function listNames(people: readonly { firstName: string; lastName: string | null }[]): string {
  const names = people.map(plainName);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export type { PaidOption };

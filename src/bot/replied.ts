// Replies mean "this one": /undo, /edit, /receipt and /category sent as a reply to an expense's
// confirmation (or to its /paid) act on that expense. The expense's number is put where the command
// expects it, so each command's own grammar reads it as if it had been typed.
import { argumentsStart } from '../commands/tokens.js';
import type { CommandInput } from '../commands/types.js';
import { findRepliedExpense } from '../usecases/replied-expense.js';
import type { BotContext } from './context.js';
import { commandInput } from './reply.js';

/** Whether the command's own arguments already name the expense (then the reply changes nothing). */
export type NamesExpense = (args: string, repliedId: number) => boolean;

/** The command as typed, or with the replied-to expense's number put first. */
export async function repliedInput(ctx: BotContext, namesExpense: NamesExpense): Promise<CommandInput> {
  const input = commandInput(ctx);
  const replied = ctx.msg?.reply_to_message;
  if (!replied || ctx.groupId === undefined || !ctx.chat) return input;
  const from = argumentsStart(input);
  const expense = await findRepliedExpense(ctx.services, {
    groupId: ctx.groupId,
    chatId: ctx.chat.id,
    messageId: replied.message_id,
  });
  if (!expense || namesExpense(input.text.slice(from).trim(), expense.id)) return input;
  return withFirstArgument(input, from, String(expense.id));
}

/** The input with `arg` inserted where the arguments start; text mentions after it move along. */
function withFirstArgument(input: CommandInput, at: number, arg: string): CommandInput {
  const inserted = ` ${arg} `;
  const text = `${input.text.slice(0, at)}${inserted}${input.text.slice(at)}`;
  const entities = (input.entities ?? []).map((e) =>
    e.offset >= at ? { ...e, offset: e.offset + inserted.length } : e,
  );
  return { ...input, text, entities };
}

/** /undo, /receipt: the number alone, so any argument names the expense already. */
export const anyArgument: NamesExpense = (args) => args !== '';
/** /category: a leading number is the expense's. */
export const leadingNumber: NamesExpense = (args) => /^#?\d+(?:\s|$)/.test(args);
/**
 * /edit: `#12`, the replied expense's own number, or a number followed by an amount (`13 1500
 * dinner`) name the expense; `1500 dinner` is the new /paid for the one replied to.
 */
export const editNumber: NamesExpense = (args, id) =>
  /^#\d/.test(args) || new RegExp(`^${id}(?:\\s|$)`).test(args) || /^\d+\s+[₹$€£]?\d/.test(args);

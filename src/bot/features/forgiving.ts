// Commands as people type them on a phone: /Paid (keyboards capitalise the first letter) is /paid;
// /pay, /bal or /balnce get one reply naming the right command with an example; an unknown command
// in a private chat is never met with silence; and a group that adds the bot is told, at once, that
// everyone who shares expenses sends /start (or presses Join).
import { Composer } from 'grammy';
import { commandName, commandSpan, isKnownCommand, suggestCommand } from '../../commands/index.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import { answer } from '../reply.js';

/**
 * Lower-cases the name of one of our commands typed in another case, in place, so every feature's
 * `command('paid')` matches `/Paid` too. Only ASCII letters change, so entity offsets stay right.
 */
export const commandCase = new Composer<BotContext>(async (ctx, next) => {
  const message = ctx.message ?? ctx.editedMessage;
  const text = message?.text ?? message?.caption;
  if (message && text) {
    const entities = message.entities ?? message.caption_entities;
    const span = commandSpan(text, entities);
    const typed = text.slice(1, 1 + (span?.name.length ?? 0));
    if (span && typed !== span.name && isKnownCommand(span.name)) {
      const fixed = `/${span.name}${text.slice(1 + span.name.length)}`;
      if (message.text !== undefined) message.text = fixed;
      else message.caption = fixed;
    }
    // grammY's command() reads only `entities`; a command written as a photo's or a file's caption
    // (/paid on a bill's photo, /receipt 12, /import on the CSV) is given its caption's entities too.
    if (span && message.text === undefined && !message.entities && isKnownCommand(span.name)) {
      message.entities = message.caption_entities ?? [{ type: 'bot_command', offset: 0, length: span.end }];
    }
  }
  await next();
});

/**
 * The last stop for a command no feature took. In a group, a command close to one of ours gets one
 * reply naming it; anything else (another bot's, or nothing like ours) is left alone. In private
 * there is no other bot to leave it to, so the catch-all after this answers the rest.
 */
export const nearMiss = new Composer<BotContext>();

nearMiss.on('message', async (ctx, next) => {
  const text = ctx.message.text ?? ctx.message.caption;
  const command = text
    ? commandName(text, ctx.message.entities ?? ctx.message.caption_entities, ctx.me.username)
    : null;
  if (!command || command.forOtherBot || isKnownCommand(command.name)) return next();
  const suggestion = suggestCommand(command.name);
  if (!suggestion) return next();
  ctx.log.info('near-miss command', { typed: command.name, meant: suggestion.command });
  answer(ctx, escapeHtml(suggestion.sentence));
});

const JOIN = 'join';

/** Added to a group (or back after being removed): say what Hisaab does and how to join. */
export const welcome = new Composer<BotContext>();

welcome.on('my_chat_member', async (ctx, next) => {
  const { chat, old_chat_member: before, new_chat_member: after } = ctx.myChatMember;
  const wasOut = before.status === 'left' || before.status === 'kicked';
  const isIn = after.status === 'member' || after.status === 'administrator';
  if ((chat.type === 'group' || chat.type === 'supergroup') && wasOut && isIn) {
    answer(
      ctx,
      [
        "<b>Hello, I'm Hisaab:</b> I keep this group's shared expenses, exact to the paisa.",
        'Everyone who shares expenses: press Join below (or send /start here) once, so I know you.',
        'Then record an expense with <code>/paid 1200 dinner</code> (split among everyone who joined); /help shows the rest.',
      ],
      { keyboard: { inline_keyboard: [[{ text: 'Join', callback_data: JOIN }]] } },
    );
  }
  await next();
});

// The members middleware has already learned whoever pressed it as a member of the group.
welcome.callbackQuery(JOIN, async (ctx) => {
  await ctx.answerCallbackQuery({
    text: `Welcome, ${ctx.from.first_name}: I know you now, and people can name you in /paid.`.slice(0, 190),
  });
});

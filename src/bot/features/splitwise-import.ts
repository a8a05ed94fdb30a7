// /import: moving a group in from Splitwise. `/import` asks for the group's CSV export; the file is
// sent as a reply to that question (or as a document captioned /import). People the bot cannot match
// by name get one question, asked about each in turn, with a button per member (only the person
// who sent the file may press them, checked against the import), or `/import map "Name" @user`; then every row is recorded and a summary says what
// was recorded and whether the group's balances equal the file's Total balance row.
import { Composer, InlineKeyboard } from 'grammy';
import type { Document } from 'grammy/types';
import {
  CommandError,
  nameKey,
  parseImportMap,
  SPLITWISE_MAX_BYTES,
  SPLITWISE_MAX_MB,
} from '../../commands/index.js';
import { Decimal } from '../../ledger/index.js';
import {
  chooseImportPerson,
  type ImportState,
  type ImportSummary,
  mapImportPerson,
  startSplitwiseImport,
} from '../../usecases/import-splitwise.js';
import type { BotContext } from '../context.js';
import { DownloadError, DownloadTooBigError, downloadFile } from '../files.js';
import { escapeHtml, money, nameBook, plainName } from '../format.js';
import { answer, commandInput, editAnswer } from '../reply.js';
import { groupIdOf } from './balances.js';
import { telegramGroup, telegramPerson } from './members.js';

/** How the bot's question starts: a document sent as a reply to it is the file. */
const PROMPT_MARK = '📥 Import from Splitwise';
/** Member buttons under one question (beyond that, /import map names anyone). */
const BUTTONS = 30;
/** Names still to come that the question lists (all of them are asked, one after another). */
const NAMES_LISTED = 10;

export const splitwiseImport = new Composer<BotContext>();
const inGroup = splitwiseImport.chatType(['group', 'supergroup']);

inGroup.command('import', async (ctx) => {
  if (ctx.msg.document) return importFile(ctx, ctx.msg.document);
  const map = parseImportMap(commandInput(ctx));
  if (map) {
    const state = await mapImportPerson(ctx.services, {
      group: telegramGroup(ctx.chat),
      ...map,
      byTelegramId: ctx.from?.id ?? 0,
    });
    const chosen = state.people.find((p) => p.person && nameKey(p.name) === nameKey(map.name));
    answer(
      ctx,
      chosen?.person ? `"${escapeHtml(chosen.name)}" is ${escapeHtml(plainName(chosen.person))}.` : 'Noted.',
    );
    if (state.ran) answerOutcome(ctx, state);
    return;
  }
  answer(ctx, [
    `${PROMPT_MARK}: reply to this message with your group's CSV export from Splitwise (the group → ⚙️ Settings → Export as spreadsheet), up to 20 MB.`,
    'Everyone in it should have sent /start here first; I match people by name and ask about the rest. Nothing is recorded twice if you send a file again.',
  ]);
});

inGroup.on('message:document', async (ctx, next) => {
  const replied = ctx.msg.reply_to_message;
  const toPrompt = replied?.from?.id === ctx.me.id && (replied.text ?? '').startsWith(PROMPT_MARK);
  if (!toPrompt) return next();
  await importFile(ctx, ctx.msg.document);
});

// `swi:<import>:<name's index>:<member's user id>`; buttons made before the owner was checked here
// carried the owner's Telegram id last, which is ignored: who may press is the import's sender, read
// from the database (chooseImportPerson), as is whether the member belongs to this group.
inGroup.callbackQuery(/^swi:(\d{1,9}):(\d{1,4}):(\d{1,12})(?::\d+)?$/, async (ctx) => {
  const [, importId, index, userId] = ctx.match;
  const state = await chooseImportPerson(ctx.services, {
    groupId: groupIdOf(ctx),
    importId: Number(importId),
    index: Number(index),
    userId: Number(userId),
    byTelegramId: ctx.from.id,
  });
  const person = state.people[Number(index)];
  await ctx.answerCallbackQuery();
  const said = person?.person
    ? `"${escapeHtml(person.name)}" is ${escapeHtml(plainName(person.person))}.`
    : '';
  const next = state.status === 'waiting' ? question(state) : null;
  if (next)
    editAnswer(ctx, [said, next.text].filter((l) => l !== '').join('\n'), { keyboard: next.keyboard });
  else if (said !== '') editAnswer(ctx, said);
  if (state.ran) answerOutcome(ctx, state);
});

/**
 * The one question for every name still unknown: about the first of them, with a button per member
 * not chosen yet, and the others named; each press moves it on to the next name.
 */
function question(state: ImportState): { text: string; keyboard: InlineKeyboard } | null {
  const unknown = state.people.filter((p) => !p.person);
  const person = unknown[0];
  if (!person) return null;
  const taken = new Set(state.people.flatMap((p) => (p.person ? [p.person.id] : [])));
  const keyboard = new InlineKeyboard();
  for (const [i, member] of state.members
    .filter((m) => !taken.has(m.id))
    .slice(0, BUTTONS)
    .entries()) {
    if (i > 0 && i % 2 === 0) keyboard.row();
    keyboard.text(plainName(member).slice(0, 40), `swi:${state.importId}:${person.index}:${member.id}`);
  }
  const rest = unknown.slice(1, 1 + NAMES_LISTED).map((p) => `"${escapeHtml(p.name)}"`);
  const more = unknown.length - 1 - rest.length;
  const after =
    rest.length === 0
      ? ''
      : ` Then ${rest.join(', ')}${more > 0 ? ` and ${more} more` : ''} (${unknown.length} to go).`;
  return {
    text: `Who is "${escapeHtml(person.name)}" in this group? Or type <code>/import map "${escapeHtml(person.name)}" @username</code>.${after}`,
    keyboard,
  };
}

async function importFile(ctx: BotContext & { chat: { id: number; title?: string } }, document: Document) {
  const from = ctx.from;
  const message = ctx.msg;
  if (!from || !message) return;
  const name = document.file_name ?? 'file';
  // Bounded before anything is downloaded (Telegram says how big a file is), and the download
  // itself stops at the limit, whatever was said.
  if ((document.file_size ?? 0) > SPLITWISE_MAX_BYTES) throw tooBig(name);
  if (!/\.csv$/i.test(name) && !/csv|text\/plain/i.test(document.mime_type ?? '')) {
    throw refusal(
      `${name} is not a CSV file; send the .csv file Splitwise makes with Export as spreadsheet.`,
    );
  }
  let bytes: Uint8Array;
  try {
    ({ bytes } = await downloadFile(
      ctx.api,
      ctx.services.config.telegramApiRoot,
      ctx.services.config.botToken,
      document.file_id,
      SPLITWISE_MAX_BYTES,
    ));
  } catch (error) {
    if (error instanceof DownloadTooBigError) throw tooBig(name);
    if (!(error instanceof DownloadError)) throw error;
    ctx.log.warn('could not download an import file', { error: error.message });
    throw refusal(
      `I could not download ${name} from Telegram, so nothing was imported; please send it again.`,
    );
  }
  const state = await startSplitwiseImport(ctx.services, {
    group: telegramGroup(ctx.chat),
    requester: telegramPerson(from),
    source: { chatId: ctx.chat.id, messageId: message.message_id },
    fileName: name,
    bytes,
  });
  if (state.status === 'done') {
    if (state.ran || !state.created) answerOutcome(ctx, state);
    return;
  }
  const known = state.people.filter((p) => p.person);
  const unknown = state.people.filter((p) => !p.person);
  answer(ctx, [
    `📥 ${escapeHtml(name)}: ${state.rows} rows and ${state.people.length} people. ${
      known.length > 0
        ? `I found ${known.map((p) => `"${escapeHtml(p.name)}" (${escapeHtml(plainName(p.person as NonNullable<typeof p.person>))})`).join(', ')}.`
        : ''
    }`,
    `Tell me who ${unknown.length === 1 ? 'the other is' : `the other ${unknown.length} are`}; the import runs once everyone is known.`,
  ]);
  const ask = question(state);
  if (ask) answer(ctx, ask.text, { keyboard: ask.keyboard });
}

function tooBig(name: string): CommandError {
  return refusal(
    `${name} is bigger than the ${SPLITWISE_MAX_MB} MB one import reads; export a shorter period from Splitwise (or split the file) and send that.`,
  );
}

function refusal(sentence: string): CommandError {
  return new CommandError('BAD_IMPORT_FILE', sentence, '', {}, sentence);
}

/** The import's summary: what was recorded, and the nets against the file's Total balance. */
function answerOutcome(ctx: BotContext, state: ImportState): void {
  const summary = state.summary;
  if (!summary) return;
  answer(ctx, summaryLines(summary, state));
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
export function summaryLines(summary: ImportSummary, state: Pick<ImportState, 'people'>): string[] {
  const file = escapeHtml(summary.fileName);
  const recorded = summary.expenses + summary.payments;
  const lines: string[] = [];
  if (recorded === 0) {
    lines.push(
      summary.skipped > 0
        ? `ℹ️ Nothing new in ${file}: all ${summary.skipped} of its records were imported before.`
        : `ℹ️ ${file} moved no money, so nothing was recorded.`,
    );
  } else {
    const days =
      summary.firstDay === summary.lastDay
        ? `on ${summary.firstDay}`
        : `from ${summary.firstDay} to ${summary.lastDay}`;
    lines.push(
      `✅ Imported ${file} from Splitwise: ${[
        summary.expenses > 0 ? count(summary.expenses, 'expense') : '',
        summary.payments > 0 ? count(summary.payments, 'payment') : '',
      ]
        .filter((part) => part !== '')
        .join(' and ')}, ${days}.`,
    );
    if (summary.skipped > 0)
      lines.push(
        `${count(summary.skipped, 'record')} were there from an earlier import and were left as they are.`,
      );
  }
  if (summary.splitRows > 0)
    lines.push(
      `${count(summary.splitRows, 'row')} with several payers became one expense each, with every payer.`,
    );
  if (summary.empty > 0)
    lines.push(
      `${count(summary.empty, 'row')} moved nobody's balance and ${summary.empty === 1 ? 'was' : 'were'} left out.`,
    );
  const foreign = summary.foreign ?? [];
  for (const f of foreign)
    lines.push(
      `${count(f.rows, 'row')} in ${escapeHtml(f.currency)} ${f.rows === 1 ? 'was' : 'were'} converted at ${escapeHtml(f.rate)} (this group's rate), each expense keeping its ${escapeHtml(f.currency)} amount as /paid in ${escapeHtml(f.currency)} does.`,
    );
  const against =
    foreign.length === 0
      ? "the file's Total balance"
      : `the file's Total balance in this group's currency plus its ${foreign.map((f) => escapeHtml(f.currency)).join(' and ')} rows as converted`;
  const people = state.people.flatMap((p) => (p.person ? [p.person] : []));
  const name = nameBook(people);
  const who = (p: ImportSummary['people'][number]) => {
    const person = people.find((x) => x.id === p.userId);
    return person ? `${escapeHtml(p.name)} (${name(person.id)})` : escapeHtml(p.name);
  };
  if (summary.balanced) {
    lines.push(`The group's balances now equal ${against} to the paisa:`);
    for (const p of summary.people) lines.push(`  ${who(p)}: ${standing(new Decimal(p.actual))}`);
  } else {
    lines.push(
      `The group's balances differ from ${against} (the group had other expenses too, or some were undone):`,
    );
    for (const p of summary.people)
      lines.push(
        `  ${who(p)}: file ${standing(new Decimal(p.expected))}, here ${standing(new Decimal(p.actual))}`,
      );
  }
  return lines;
}

function standing(net: Decimal): string {
  if (net.isZero()) return 'settled';
  return net.isPositive() ? `gets back ${money(net)}` : `owes ${money(net.neg())}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

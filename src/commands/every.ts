// The /every grammar: `/every <schedule> [/paid] <the rest of a /paid>`, pure. The schedule is read
// here (schedule.ts has its arithmetic); what follows it is read by the /paid parser itself, so a
// recurring expense is written, and refused, exactly as a one-off one would be. The /paid part is
// kept as a command text of its own (with its text mentions moved along) to be read again at each
// occurrence: the people are looked up then, as members come and go.
//
//   every day | daily
//   every week on mon | weekly on monday | every monday
//   every month on 1 | monthly on the 1st | every 15th | every month on the last day
import { CommandError } from './errors.js';
import { parsePaid, unambiguous } from './paid.js';
import type { Schedule } from './schedule.js';
import { argumentsStart } from './tokens.js';
import type { CommandInput, EntityLike, PaidIntent } from './types.js';

export const EVERY_EXAMPLE = '/every month on 1 /paid 30000 exact @asha 12000 @ravi 9000 @meera 9000 rent';
const FORMS = 'every day, every week on mon, every month on 1 or every 15th';

const WEEKDAYS: Readonly<Record<string, number>> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};
const ORDINAL = /^(\d{1,2})(st|nd|rd|th)$/;
const NUMBER = /^(\d{1,2})(st|nd|rd|th)?$/;

export interface EveryIntent {
  schedule: Schedule;
  /** The /paid command after the schedule, to be read again at each occurrence. */
  paid: { text: string; entities: EntityLike[] };
  /** What it says today (validated: the split parses). */
  intent: PaidIntent;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

function words(text: string, from: number): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ text: m[0].toLowerCase().replace(/[,.]+$/, ''), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function refuse(reason: string): never {
  throw new CommandError('BAD_SCHEDULE', reason, EVERY_EXAMPLE);
}

/** A day of the month as written (`1`, `15th`, `last`), or undefined. */
function monthDay(word: string | undefined, bareNumber: boolean): number | undefined {
  if (word === undefined) return undefined;
  if (word === 'last') return 31;
  const match = (bareNumber ? NUMBER : ORDINAL).exec(word);
  if (!match) return undefined;
  const day = Number(match[1]);
  if (day < 1 || day > 31) refuse(`A month has days 1 to 31, not ${day}; say ${FORMS}`);
  return day;
}

/** Reads the schedule from words[k…]; returns it and the index after it. */
function readSchedule(list: readonly Word[], start: number): { schedule: Schedule; next: number } {
  let k = start;
  const at = (i: number) => list[i]?.text;
  if (at(k) === 'every') k++;
  const head = at(k);
  if (head === undefined) refuse(`Say how often, ${FORMS}, then the expense`);
  if (head === 'day' || head === 'daily' || head === 'days') {
    return { schedule: { every: 'day' }, next: k + 1 };
  }
  if (WEEKDAYS[head] !== undefined) {
    return { schedule: { every: 'week', weekday: WEEKDAYS[head] }, next: k + 1 };
  }
  if (head === 'week' || head === 'weekly') {
    k++;
    if (at(k) === 'on') k++;
    const weekday = WEEKDAYS[at(k) ?? ''];
    if (weekday === undefined) refuse('Say which day of the week, like every week on mon');
    return { schedule: { every: 'week', weekday }, next: k + 1 };
  }
  const direct = monthDay(head, false);
  if (direct !== undefined) {
    k++;
    if (at(k) === 'day') k++;
    return { schedule: { every: 'month', day: direct }, next: skipOfMonth(list, k) };
  }
  if (head === 'month' || head === 'monthly') {
    k++;
    if (at(k) === 'on') k++;
    if (at(k) === 'the') k++;
    const day = monthDay(at(k), true);
    if (day === undefined) refuse('Say which day of the month, like every month on 1 (or on the last day)');
    k++;
    if (at(k) === 'day') k++;
    return { schedule: { every: 'month', day }, next: k };
  }
  refuse(`I can repeat an expense ${FORMS}; "${head.slice(0, 20)}" is not one of those`);
}

/** `of the month`, `of every month` after `every 15th`. */
function skipOfMonth(list: readonly Word[], k: number): number {
  if (list[k]?.text !== 'of') return k;
  let j = k + 1;
  if (list[j]?.text === 'the' || list[j]?.text === 'every' || list[j]?.text === 'each') j++;
  return list[j]?.text === 'month' ? j + 1 : k;
}

export function parseEvery(input: CommandInput): EveryIntent {
  const text = input.text;
  const list = words(text, argumentsStart(input));
  const { schedule, next } = readSchedule(list, 0);
  let k = next;
  const word = list[k];
  if (word && (/^\/paid(@\w+)?$/.test(word.text) || word.text === 'paid')) k++;
  const rest = list[k];
  if (!rest) {
    throw new CommandError(
      'MISSING_EXPENSE',
      'Write the expense after the schedule, as you would after /paid',
      EVERY_EXAMPLE,
    );
  }
  const shift = '/paid '.length - rest.start;
  const entities: EntityLike[] = [
    { type: 'bot_command', offset: 0, length: 5 },
    ...(input.entities ?? [])
      .filter((e) => e.type === 'text_mention' && e.offset >= rest.start)
      .map((e) => ({ ...e, offset: e.offset + shift })),
  ];
  const paid = { text: `/paid ${text.slice(rest.start)}`, entities };
  const intent = unambiguous(parsePaid({ ...input, ...paid }));
  if (intent.spentOn) {
    throw new CommandError(
      'DATE_IN_RECURRING',
      'A recurring expense takes its day from the schedule, so leave the date out',
      EVERY_EXAMPLE,
    );
  }
  return { schedule, paid, intent };
}

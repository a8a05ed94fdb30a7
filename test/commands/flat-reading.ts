// How a four-person flat's /paid reads, without a database: the command grammar, then the choices
// the use case makes by the members (usecases/read-paid.ts, pure parts), then who shares as
// recordExpense would resolve them. For the phrasing table: "Asha 1200 INR EQUAL [Asha Ravi Meera]
// dinner", or "asks" (the bot asks with buttons), or "refused: <code>".
import { CommandError, type PaidIntent, type PersonRef, parsePaid } from '../../src/commands/index.js';
import { leadingNames, membersNamed, type Person } from '../../src/usecases/members.js';
import { byMembers, unusedNames } from '../../src/usecases/read-paid.js';
import { input } from './helpers.js';

export const FLAT: Person[] = [
  { id: 1, telegramId: 1n, firstName: 'Asha', lastName: null, username: 'asha_k' },
  { id: 2, telegramId: 2n, firstName: 'Ravi', lastName: null, username: 'ravi_m' },
  { id: 3, telegramId: 3n, firstName: 'Meera', lastName: 'Iyer', username: null },
  { id: 4, telegramId: 4n, firstName: 'Kabir', lastName: null, username: 'kabir_r' },
];
const ASHA = FLAT[0] as Person;

class Unknown extends Error {}

function resolve(ref: PersonRef): Person {
  const found =
    ref.kind === 'user'
      ? FLAT.filter((p) => p.telegramId === BigInt(ref.user.id))
      : ref.kind === 'username'
        ? FLAT.filter((p) => p.username?.toLowerCase() === ref.username.toLowerCase())
        : membersNamed(FLAT, ref.name);
  if (found.length !== 1) throw new Unknown(ref.kind === 'name' ? ref.name : JSON.stringify(ref));
  return found[0] as Person;
}

/** The reading of one /paid sent by Asha in the flat, as a short string. */
export function flatReading(text: string): string {
  let intent: PaidIntent;
  try {
    intent = byMembers(parsePaid(input(text)), FLAT);
  } catch (error) {
    if (error instanceof CommandError) return `refused: ${error.code}`;
    throw error;
  }
  if (intent.alternatives?.length) return 'asks';
  try {
    const first = intent.payers?.[0]?.person ?? intent.payer;
    const payer = first ? resolve(first) : ASHA;
    if (unusedNames(intent, FLAT, payer)) return 'asks';
    const people = intent.participants.map((p) => resolve(p.person));
    let description = intent.description;
    const named = leadingNames(FLAT, intent.candidates, new Set(people.map((p) => p.id)));
    people.push(...named.people);
    if (named.people.length > 0) description = named.description ?? description;
    if (people.length === 0 || (intent.everyoneWritten && intent.participants.length === 0)) {
      const left = (intent.except ?? []).map(resolve);
      people.push(...FLAT.filter((m) => !left.some((l) => l.id === m.id)));
    }
    // An equal split's adjustments after the name: `Kabir+150`, `Ravi-100`.
    const adjusted = new Map(
      (intent.adjustments ?? []).map((a) => [
        resolve(a.person).id,
        a.amount.isNegative() ? a.amount.toString() : `+${a.amount.toString()}`,
      ]),
    );
    const shares = people.map((p, i) => {
      const value = intent.participants[i]?.value;
      return value === undefined
        ? `${p.firstName}${adjusted.get(p.id) ?? ''}`
        : `${p.firstName}:${value.toString()}`;
    });
    const currency = intent.currency ?? 'INR';
    // Several payers: each with what they paid, `Asha:2000+Ravi:1000`.
    const payers = intent.payers?.map((p) => `${resolve(p.person).firstName}:${p.paid.toString()}`).join('+');
    return `${payers ?? payer.firstName} ${intent.amount.toString()} ${currency} ${intent.splitType} [${shares.join(' ')}] ${description}`.trim();
  } catch (error) {
    if (error instanceof Unknown) return `refused: unknown ${error.message}`;
    throw error;
  }
}

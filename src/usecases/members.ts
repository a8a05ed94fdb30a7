// Who is who: users and group memberships learned from Telegram data, and name resolution within a
// group. A bot cannot look up a user id from an @username, so every update teaches us its sender,
// new members and text mentions. Learning runs on every update, so unchanged users and group titles
// are remembered in a small cache and cost no query. Memberships are not cached: with several
// instances, one may record a leave while another would still remember the member (and skip the
// rejoin). Instead the statement that stores an update reads whether its sender is a current
// member (usecases/inbox.ts); a membership confirmed so, moments ago, costs no statement, and
// anything else gets one statement that writes only on a change.

import { cleanName, cleanPart, type NameCandidate, type PersonRef } from '../commands/index.js';
import { learnGroupSql } from '../db/queries/groups.js';
import {
  activeMembersSql,
  membersByUsernameSql,
  rememberMemberSql,
  rememberMentionedSql,
} from '../db/queries/members.js';
import type { RowOf, Sql } from '../db/sql.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { UseCaseError } from './errors.js';

/** A person as Telegram describes them (sender, new member, text mention). */
export interface TelegramPerson {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
}

export interface TelegramGroup {
  chatId: number;
  title: string;
}

/** A known user, as use cases hand them to the bot for display. */
export interface Person {
  id: number;
  telegramId: bigint;
  firstName: string;
  lastName: string | null;
  username: string | null;
}

/** How a command names someone: by @username, by name, or by Telegram user (text mention, `me`). */
export type { NameCandidate, PersonRef };

const CACHE_LIMIT = 50_000;
const CACHE_TTL_MS = 10 * 60_000;
/**
 * How long a membership read by the statement that stored an update is taken as current: the time
 * from storing an update to handling it, no more (a leave recorded by another instance must be
 * seen by the next message).
 */
const CONFIRMED_MS = 2_000;

function fingerprint(person: TelegramPerson): string {
  return JSON.stringify([person.firstName, person.lastName ?? null, person.username ?? null]);
}

/** A Person from a Prisma row (which has more columns than a Person). */
export function toPerson(row: Person): Person {
  return {
    id: row.id,
    telegramId: row.telegramId,
    firstName: row.firstName,
    lastName: row.lastName,
    username: row.username,
  };
}

/** A Person from plain SQL, which reads the bigint telegramId as text. */
function fromSqlRow(row: RowOf<typeof activeMembersSql.columns>): Person {
  return toPerson({ ...row, telegramId: BigInt(row.telegramId) });
}

export function personFromRef(ref: Extract<PersonRef, { kind: 'user' }>): TelegramPerson {
  return {
    id: ref.user.id,
    firstName: ref.user.first_name,
    lastName: ref.user.last_name,
    username: ref.user.username,
  };
}

/** A bounded map whose entries expire, so another process's changes are picked up eventually. */
class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  constructor(private readonly now: () => number) {}
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at > CACHE_TTL_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }
  set(key: string, value: V): void {
    if (this.entries.size >= CACHE_LIMIT) this.entries.clear();
    this.entries.set(key, { value, at: this.now() });
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
}

export class MemberDirectory {
  private readonly users: ExpiringCache<{ person: Person; print: string; startedBot: boolean }>;
  /** By chat id; `seen` is the title that chat last had, `title` the group's. */
  private readonly groups: ExpiringCache<{ id: number; title: string; currency: string; seen: string }>;
  /** `groupId:userId` → when the database said they are a current member (see CONFIRMED_MS). */
  private readonly confirmed = new Map<string, number>();

  constructor(
    private readonly prisma: PrismaClient,
    /** For the lookup every /paid makes (see db/sql.ts). */
    private readonly sql: Sql,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new ExpiringCache(now);
    this.groups = new ExpiringCache(now);
  }

  /** Records (or refreshes) a user. `startedBot` marks that they opened a private chat with us. */
  async learnUser(tg: TelegramPerson, options: { startedBot?: boolean } = {}): Promise<Person> {
    const key = String(tg.id);
    const print = fingerprint(tg);
    const cached = this.users.get(key);
    if (cached && cached.print === print && (cached.startedBot || !options.startedBot)) return cached.person;

    const usernameKey = tg.username ? tg.username.toLowerCase() : null;
    const startedBot = options.startedBot ?? false;
    const row = await this.prisma.$transaction(async (tx) => {
      if (usernameKey) {
        // Usernames move between accounts: whoever held this one before no longer does.
        await tx.user.updateMany({
          where: { usernameKey, telegramId: { not: BigInt(tg.id) } },
          data: { username: null, usernameKey: null },
        });
      }
      return tx.user.upsert({
        where: { telegramId: BigInt(tg.id) },
        create: {
          telegramId: BigInt(tg.id),
          firstName: cleanName(tg.firstName),
          lastName: cleanPart(tg.lastName),
          username: tg.username ?? null,
          usernameKey,
          startedBot,
        },
        update: {
          firstName: cleanName(tg.firstName),
          lastName: cleanPart(tg.lastName),
          username: tg.username ?? null,
          usernameKey,
          ...(startedBot ? { startedBot: true } : {}),
        },
      });
    });
    const person = toPerson(row);
    this.users.set(key, { person, print, startedBot: row.startedBot });
    return person;
  }

  /**
   * Records a group (or its new title) and returns its id. A chat id the group had before it moved
   * (a group upgraded to a supergroup) still resolves to it.
   */
  async learnGroup(group: TelegramGroup): Promise<{ id: number; title: string; currency: string }> {
    const key = String(group.chatId);
    const cached = this.groups.get(key);
    if (cached && cached.seen === group.title)
      return { id: cached.id, title: cached.title, currency: cached.currency };
    const [row] = await this.sql.run(learnGroupSql, [key, group.title, new Date(this.now()).toISOString()]);
    if (!row) throw new Error(`no group for chat ${key}`);
    this.groups.set(key, { id: row.id, title: row.title, currency: row.currency, seen: group.title });
    return { id: row.id, title: row.title, currency: row.currency };
  }

  /** Forgets what is cached about a person (erased with /forget: they are someone new from now on). */
  forgetUser(telegramId: number | bigint): void {
    this.users.delete(String(telegramId));
  }

  /** Forgets what is cached about these chats' groups (a group moved to another chat id). */
  forgetChats(chatIds: readonly (number | bigint)[]): void {
    for (const chatId of chatIds) this.groups.delete(String(chatId));
  }

  /**
   * Records that `person` is (again) a member of `group`. `members`: who the database said, just
   * now, are current members (as `groupId:userId`, read by the statement that stored the update):
   * then nothing is written, here or by the next calls for them while it holds.
   */
  async learnMember(
    group: TelegramGroup,
    tg: TelegramPerson,
    options: { members?: ReadonlySet<string> } = {},
  ): Promise<{ groupId: number; person: Person; currency: string }> {
    const [{ id: groupId, currency }, person] = await Promise.all([
      this.learnGroup(group),
      this.learnUser(tg),
    ]);
    const pair = `${groupId}:${person.id}`;
    if (options.members?.has(pair)) {
      if (this.confirmed.size >= CACHE_LIMIT) this.confirmed.clear();
      this.confirmed.set(pair, this.now());
    }
    if (!this.isConfirmed(pair)) await this.sql.run(rememberMemberSql, [groupId, person.id]);
    return { groupId, person, currency };
  }

  private isConfirmed(pair: string): boolean {
    const at = this.confirmed.get(pair);
    if (at === undefined) return false;
    if (this.now() - at <= CONFIRMED_MS) return true;
    this.confirmed.delete(pair);
    return false;
  }

  /**
   * Records someone a command names by text mention: known in the group from then on, so they can
   * be named again, but not a member: someone never seen here, like someone who left, is named (they
   * share expenses and can be settled with) without being in "everyone" or opening the group's
   * pages; only their own coming (a join, or a message of theirs) makes them a member.
   */
  async learnMentioned(
    group: TelegramGroup,
    tg: TelegramPerson,
  ): Promise<{ groupId: number; person: Person }> {
    const [{ id: groupId }, person] = await Promise.all([this.learnGroup(group), this.learnUser(tg)]);
    // A confirmed member has a membership already, which is all this would make sure of.
    if (!this.isConfirmed(`${groupId}:${person.id}`))
      await this.sql.run(rememberMentionedSql, [groupId, person.id]);
    return { groupId, person };
  }

  /**
   * Records that a member left or was removed; their ledger stays, they just stop being "everyone".
   * Returns who left when they were a member until now; null when they were not (unknown here, or
   * already gone: Telegram may say so twice, as a service message and as a member update).
   */
  async markLeft(
    group: TelegramGroup,
    telegramUserId: number,
  ): Promise<{ groupId: number; person: Person } | null> {
    const { id: groupId } = await this.learnGroup(group);
    const user = await this.prisma.user.findUnique({ where: { telegramId: BigInt(telegramUserId) } });
    if (!user) return null;
    this.confirmed.delete(`${groupId}:${user.id}`);
    const { count } = await this.prisma.membership.updateMany({
      where: { groupId, userId: user.id, leftAt: null },
      data: { leftAt: new Date(this.now()) },
    });
    return count > 0 ? { groupId, person: toPerson(user) } : null;
  }

  /**
   * Turns the people a command names into known users of the group, in the order given.
   * Text mentions carry the user, so they are learned; an @username must already be known here, as
   * a member or a former member (someone who left can still be settled with), or be the first or
   * full name of exactly one current member (someone without a username who sent /start); a plain
   * name must be that. Every name that fails is refused in one sentence, not one at a time.
   */
  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
  async resolve(
    group: TelegramGroup,
    refs: readonly PersonRef[],
    /** The group's current members, when the caller has read them already (a statement saved). */
    options: { active?: readonly Person[] } = {},
  ): Promise<Person[]> {
    const { id: groupId } = await this.learnGroup(group);
    const keys = [...new Set(refs.flatMap((r) => (r.kind === 'username' ? [r.username.toLowerCase()] : [])))];
    const byUsername = new Map<string, Person>();
    // A current member with the username comes first (as the statement orders them).
    for (const person of options.active ?? []) {
      const key = person.username?.toLowerCase();
      if (key && keys.includes(key) && !byUsername.has(key)) byUsername.set(key, person);
    }
    const missing = keys.filter((key) => !byUsername.has(key));
    if (missing.length > 0) {
      const rows = await this.sql.run(membersByUsernameSql, [groupId, missing]);
      for (const row of rows)
        if (row.usernameKey && !byUsername.has(row.usernameKey))
          byUsername.set(row.usernameKey, fromSqlRow(row));
    }
    const byName =
      options.active ??
      (refs.some(
        (r) => r.kind === 'name' || (r.kind === 'username' && !byUsername.has(r.username.toLowerCase())),
      )
        ? await this.activeMembers(groupId)
        : []);
    const people: Person[] = [];
    const unknown: string[] = [];
    const ambiguous: string[] = [];
    for (const ref of refs) {
      if (ref.kind === 'user') {
        people.push((await this.learnMentioned(group, personFromRef(ref))).person);
        continue;
      }
      const known = ref.kind === 'username' ? byUsername.get(ref.username.toLowerCase()) : undefined;
      if (known) {
        people.push(known);
        continue;
      }
      const label = ref.kind === 'username' ? `@${ref.username}` : ref.name;
      const matches = membersNamed(byName, ref.kind === 'username' ? ref.username : ref.name);
      if (matches.length === 1) people.push(matches[0] as Person);
      else if (matches.length > 1) ambiguous.push(ambiguity(label, matches));
      else unknown.push(label);
    }
    if (unknown.length > 0 || ambiguous.length > 0) {
      const [only] = unknown;
      if (ambiguous.length === 0 && unknown.length === 1 && only?.startsWith('@')) {
        throw new UseCaseError('UNKNOWN_USERNAME', { username: only.slice(1) });
      }
      throw new UseCaseError('UNKNOWN_PEOPLE', {
        ...(unknown.length > 0 ? { unknown: listOf(unknown) } : {}),
        ...(ambiguous.length > 0 ? { ambiguous: ambiguous.join('; ') } : {}),
      });
    }
    const seen = new Set<number>();
    for (const [index, person] of people.entries()) {
      if (seen.has(person.id)) {
        const ref = refs[index] as PersonRef;
        const label =
          ref.kind === 'username' ? `@${ref.username}` : ref.kind === 'name' ? ref.name : displayName(person);
        throw new UseCaseError('NAMED_TWICE', { name: label });
      }
      seen.add(person.id);
    }
    return people;
  }

  /** Every current member of a group, for "split among everyone". */
  async activeMembers(groupId: number): Promise<Person[]> {
    // Plain SQL: this is /paid's lookup when nobody is named, up to a thousand rows.
    const rows = await this.sql.run(activeMembersSql, [groupId]);
    return rows.map(fromSqlRow);
  }

  async findUserByTelegramId(
    telegramId: number | bigint,
  ): Promise<(Person & { startedBot: boolean }) | null> {
    const row = await this.prisma.user.findUnique({ where: { telegramId: BigInt(telegramId) } });
    return row ? { ...toPerson(row), startedBot: row.startedBot } : null;
  }
}

function fold(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

/** "Meera Iyer": a person's first and last name as Telegram shows them. */
export function displayName(person: Pick<Person, 'firstName' | 'lastName'>): string {
  return person.lastName ? `${person.firstName} ${person.lastName}` : person.firstName;
}

/** The members whose first name, or first and last name, is `name` (letter case aside). */
export function membersNamed(members: readonly Person[], name: string): Person[] {
  const key = fold(name);
  if (key === '') return [];
  return members.filter((p) => fold(p.firstName) === key || fold(displayName(p)) === key);
}

function ambiguity(label: string, matches: readonly Person[]): string {
  const shown = matches
    .slice(0, 3)
    .map((p) => (p.username ? `${displayName(p)} (@${p.username})` : displayName(p)));
  const more = matches.length > 3 ? ` or ${matches.length - 3} more` : '';
  return `${label} could be ${matches.length > 3 ? shown.join(', ') : listOf(shown, 'or')}${more}`;
}

/** "a, b or c" (or "a, b and c"). */
export function listOf(items: readonly string[], last = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/**
 * The leading name candidates of a /paid that each name exactly one member (a full name over two
 * words first), and the description that then remains. A candidate naming several members is
 * refused; the first naming nobody starts the description.
 */
export function leadingNames(
  members: readonly Person[],
  candidates: readonly NameCandidate[],
  /** People already named: a word naming one of them again starts the description instead. */
  taken: ReadonlySet<number> = new Set(),
): { people: Person[]; description?: string } {
  const people: Person[] = [];
  const free = (person: Person) => !taken.has(person.id) && !people.some((p) => p.id === person.id);
  let description: string | undefined;
  for (let k = 0; k < candidates.length; ) {
    const candidate = candidates[k] as NameCandidate;
    const next = candidates[k + 1];
    if (candidate.joinsNext && next) {
      const full = members.filter(
        (p) => p.lastName && fold(displayName(p)) === fold(`${candidate.name} ${next.name}`),
      );
      if (full.length === 1 && free(full[0] as Person)) {
        people.push(full[0] as Person);
        description = next.descriptionAfter;
        k += 2;
        continue;
      }
    }
    const matches = membersNamed(members, candidate.name);
    if (matches.length > 1) {
      throw new UseCaseError('UNKNOWN_PEOPLE', { ambiguous: ambiguity(candidate.name, matches) });
    }
    if (matches.length === 0 || !free(matches[0] as Person)) break;
    people.push(matches[0] as Person);
    description = candidate.descriptionAfter;
    k++;
  }
  return description === undefined ? { people } : { people, description };
}

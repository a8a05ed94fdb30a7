// Who is who: users and group memberships learned from Telegram data, and name resolution within a
// group. A bot cannot look up a user id from an @username, so every update teaches us its sender,
// new members and text mentions. Learning runs on every update, so unchanged facts are remembered
// in a small cache and cost no query.

import type { PersonRef } from '../commands/index.js';
import { learnGroupSql } from '../db/queries/groups.js';
import { activeMembersSql, membersByUsernameSql } from '../db/queries/members.js';
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

/** How a command names someone: by @username, or by Telegram user (text mention, `me`). */
export type { PersonRef };

const CACHE_LIMIT = 50_000;
const CACHE_TTL_MS = 10 * 60_000;

function fingerprint(person: TelegramPerson): string {
  return JSON.stringify([person.firstName, person.lastName ?? null, person.username ?? null]);
}

/** A Person from a Prisma row (which has more columns than a Person). */
function toPerson(row: Person): Person {
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
  private readonly groups: ExpiringCache<{ id: number; title: string; seen: string }>;
  private readonly memberships: ExpiringCache<true>;

  constructor(
    private readonly prisma: PrismaClient,
    /** For the lookup every /paid makes (see db/sql.ts). */
    private readonly sql: Sql,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new ExpiringCache(now);
    this.groups = new ExpiringCache(now);
    this.memberships = new ExpiringCache(now);
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
          firstName: tg.firstName,
          lastName: tg.lastName ?? null,
          username: tg.username ?? null,
          usernameKey,
          startedBot,
        },
        update: {
          firstName: tg.firstName,
          lastName: tg.lastName ?? null,
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
  async learnGroup(group: TelegramGroup): Promise<{ id: number; title: string }> {
    const key = String(group.chatId);
    const cached = this.groups.get(key);
    if (cached && cached.seen === group.title) return { id: cached.id, title: cached.title };
    const [row] = await this.sql.run(learnGroupSql, [key, group.title, new Date(this.now()).toISOString()]);
    if (!row) throw new Error(`no group for chat ${key}`);
    this.groups.set(key, { id: row.id, title: row.title, seen: group.title });
    return { id: row.id, title: row.title };
  }

  /** Forgets what is cached about these chats' groups (a group moved to another chat id). */
  forgetChats(chatIds: readonly (number | bigint)[]): void {
    for (const chatId of chatIds) this.groups.delete(String(chatId));
  }

  /** Records that `person` is (again) a member of `group`. */
  async learnMember(group: TelegramGroup, tg: TelegramPerson): Promise<{ groupId: number; person: Person }> {
    const [{ id: groupId }, person] = await Promise.all([this.learnGroup(group), this.learnUser(tg)]);
    const key = `${groupId}:${person.id}`;
    if (!this.memberships.get(key)) {
      await this.prisma.membership.upsert({
        where: { groupId_userId: { groupId, userId: person.id } },
        create: { groupId, userId: person.id },
        update: { leftAt: null },
      });
      this.memberships.set(key, true);
    }
    return { groupId, person };
  }

  /**
   * Records someone a command names by text mention: known in the group from then on, like anyone
   * who joined. Someone who left stays a former member (named, they can still be settled with);
   * only their own return (a join, or a message of theirs) makes them a member again.
   */
  async learnMentioned(
    group: TelegramGroup,
    tg: TelegramPerson,
  ): Promise<{ groupId: number; person: Person }> {
    const [{ id: groupId }, person] = await Promise.all([this.learnGroup(group), this.learnUser(tg)]);
    if (!this.memberships.get(`${groupId}:${person.id}`)) {
      await this.prisma.membership.upsert({
        where: { groupId_userId: { groupId, userId: person.id } },
        create: { groupId, userId: person.id },
        update: {},
      });
    }
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
    this.memberships.delete(`${groupId}:${user.id}`);
    const { count } = await this.prisma.membership.updateMany({
      where: { groupId, userId: user.id, leftAt: null },
      data: { leftAt: new Date(this.now()) },
    });
    return count > 0 ? { groupId, person: toPerson(user) } : null;
  }

  /**
   * Turns the people a command names into known users of the group, in the order given.
   * Text mentions carry the user, so they are learned; an @username must already be known here, as
   * a member or a former member (someone who left can still be settled with).
   */
  async resolve(group: TelegramGroup, refs: readonly PersonRef[]): Promise<Person[]> {
    const { id: groupId } = await this.learnGroup(group);
    const keys = [...new Set(refs.flatMap((r) => (r.kind === 'username' ? [r.username.toLowerCase()] : [])))];
    const byUsername = new Map<string, Person>();
    if (keys.length > 0) {
      const rows = await this.sql.run(membersByUsernameSql, [groupId, keys]);
      for (const row of rows)
        if (row.usernameKey && !byUsername.has(row.usernameKey))
          byUsername.set(row.usernameKey, fromSqlRow(row));
      const missing = refs.find((r) => r.kind === 'username' && !byUsername.has(r.username.toLowerCase()));
      if (missing && missing.kind === 'username') {
        throw new UseCaseError('UNKNOWN_USERNAME', { username: missing.username });
      }
    }
    const people: Person[] = [];
    for (const ref of refs) {
      if (ref.kind === 'username') {
        people.push(byUsername.get(ref.username.toLowerCase()) as Person);
      } else {
        people.push((await this.learnMentioned(group, personFromRef(ref))).person);
      }
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

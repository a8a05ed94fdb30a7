// Recognising a person in a command: `@username`, a text mention, or `me`. The sender can be named
// three ways (me, their own @username, a text mention of them) and all three become one reference,
// so naming yourself twice is caught here rather than double-charging you later.
import { CommandError } from './errors.js';
import { clip, type Token } from './tokens.js';
import type { CommandInput, PersonRef } from './types.js';

/**
 * Telegram's own usernames are 5 to 32 characters, but the shortest length is not enforced here:
 * the product's worked example (and its end-to-end test) names people @u1 to @u4, and an unknown
 * short name is refused anyway when the bot looks it up among the group's members.
 */
const USERNAME = /^@([A-Za-z][A-Za-z0-9_]{0,31})$/;

/** A person as a command names them (the use cases resolve it to a known Person). */
export interface NamedPerson {
  ref: PersonRef;
  /** How the person was written, for refusals. */
  label: string;
  /** Every name under which the same person could appear again in one command. */
  keys: string[];
}

/** Punctuation people put between names (`@asha, @ravi`) that is not part of the name or number. */
export function bare(token: Token): string {
  return token.text.replace(/[,;]+$/, '');
}

/** Whether the token is meant as a person (without validating it, so look-ahead never throws). */
export function isPersonLike(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.user) return true;
  const word = bare(token);
  return word.toLowerCase() === 'me' || (word.startsWith('@') && word.toLowerCase() !== '@all');
}

export function senderPerson(input: CommandInput, label: string): NamedPerson {
  const { id, first_name, last_name, username } = input.sender;
  const user: Extract<PersonRef, { kind: 'user' }>['user'] = {
    id,
    first_name,
    ...(last_name !== undefined ? { last_name } : {}),
    ...(username !== undefined ? { username } : {}),
  };
  return { ref: { kind: 'user', user }, label, keys: keysOf(id, username) };
}

function keysOf(id: number, username: string | undefined): string[] {
  return username ? [`#${id}`, `@${username.toLowerCase()}`] : [`#${id}`];
}

function botNamed(label: string, ours: boolean, usage: string): CommandError {
  return ours
    ? new CommandError('BOT_NAMED', 'I keep the accounts but take no share, so leave me out', usage, {
        person: label,
      })
    : new CommandError('BOT_NAMED', `${label} is a bot, and bots take no share; leave them out`, usage, {
        person: label,
      });
}

/** The person a token names, or null when it names nobody; refuses a malformed @name or a bot. */
export function readPerson(token: Token | undefined, input: CommandInput, usage: string): NamedPerson | null {
  if (!token || !isPersonLike(token)) return null;
  const botUsername = input.botUsername.toLowerCase();
  if (token.user) {
    const label = clip(token.text) || clip(token.user.first_name) || 'the person you mentioned';
    const user = token.user;
    const ours = user.username !== undefined && user.username.toLowerCase() === botUsername;
    if (user.is_bot || ours) throw botNamed(label, ours, usage);
    if (user.id === input.sender.id) return senderPerson(input, label);
    return {
      ref: {
        kind: 'user',
        user: {
          id: user.id,
          first_name: user.first_name,
          ...(user.last_name !== undefined ? { last_name: user.last_name } : {}),
          ...(user.username !== undefined ? { username: user.username } : {}),
        },
      },
      label,
      keys: keysOf(user.id, user.username),
    };
  }
  const word = bare(token);
  if (word.toLowerCase() === 'me') return senderPerson(input, clip(word));
  const match = USERNAME.exec(word);
  if (!match) {
    const label = clip(word);
    throw new CommandError(
      'NOT_A_USERNAME',
      `${label} is not a Telegram username; name people as @username`,
      usage,
      { text: label },
    );
  }
  const username = match[1] as string;
  const lower = username.toLowerCase();
  if (lower === botUsername) throw botNamed(`@${username}`, true, usage);
  if (input.sender.username && lower === input.sender.username.toLowerCase()) {
    return senderPerson(input, `@${username}`);
  }
  return { ref: { kind: 'username', username }, label: `@${username}`, keys: [`@${lower}`] };
}

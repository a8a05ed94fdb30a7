// Shared fixtures for the command grammar tests: a sender, the bot's name, text mentions placed by
// searching the text (so offsets are UTF-16 indices, as Telegram sends them), and refusal capture.
import {
  CommandError,
  type CommandInput,
  type EntityLike,
  type PersonRef,
} from '../../src/commands/index.js';

export const sender = { id: 1, username: 'asha_k', first_name: 'Asha' };
export const BOT = 'HisaabBot';

export function input(text: string, entities: readonly EntityLike[] = [], from = sender): CommandInput {
  return { text, entities, sender: from, botUsername: BOT };
}

export function textMention(
  text: string,
  shown: string,
  user: NonNullable<EntityLike['user']>,
  fromIndex = 0,
): EntityLike {
  const offset = text.indexOf(shown, fromIndex);
  if (offset < 0) throw new Error(`"${shown}" is not in "${text}"`);
  return { type: 'text_mention', offset, length: shown.length, user };
}

/** A person as a short string: `@name` for usernames, `#id` for users. */
export function show(person: PersonRef): string {
  if (person.kind === 'name') return `name:${person.name}`;
  return person.kind === 'username' ? `@${person.username}` : `#${person.user.id}`;
}

export function refusal(run: () => unknown): CommandError {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

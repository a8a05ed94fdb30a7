// `npm run sandbox`: try Hisaab without Telegram. The real bot runs against the project's Bot API
// emulator on loopback, with an embedded database in a throwaway (or chosen) folder, and you chat
// with it in the terminal as members of a simulated group. `--script FILE` replays a transcript.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Chat, Message, User } from 'grammy/types';
import { type App, startApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { groupStartToken } from '../src/http/miniapp/start-token.js';
import { createLogger } from '../src/log.js';
import { BotApiEmulator, type EmulatorCursor } from '../src/testing/bot-api-emulator.js';
import { buttonsOf, renderMessage } from './render.js';

const TOKEN = '424242:SANDBOX-token-for-the-local-emulator';
const QUIET_MS = 250;
const MAX_WAIT_MS = 15_000;

const HELP = `Type a command as the current speaker, e.g. /paid 1000 equal @u1 @u2 @u3 @u4 electricity
  u2> /balances        say something as u2 (and make u2 the speaker)
  as u3                switch the speaker
  dm u2                talk to the bot in u2's private chat (dm alone: the speaker's)
  group                back to the group
  add u5 [First Last]  a new member joins the group (add -n u5 First: one without a username)
  press N              press button N of the last message that had buttons
  members              who is here
  app                  a link that opens the Mini App in a browser as the speaker (the group's
                       pages in the group, the passbook in a private chat; valid for an hour)
  help, exit           this text; leave (Ctrl-D works too)`;

interface World {
  emulator: BotApiEmulator;
  app: App;
  group: Chat;
  users: Map<string, User>;
  speaker: string;
  inPrivate: boolean;
  buttons: { message: Message; data: string }[];
  color: boolean;
  print: (text: string) => void;
  /** Writes where message ids stand into the data folder (read again by the next start). */
  saveIds: () => Promise<void>;
}

/** The ids a sandbox in this folder reached last time; none for a new folder or an unreadable file. */
async function readCursor(file: string): Promise<EmulatorCursor | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<EmulatorCursor>;
    if (typeof parsed.messageIds !== 'object' || parsed.messageIds === null) return undefined;
    return { messageIds: parsed.messageIds, nextUpdateId: Number(parsed.nextUpdateId) };
  } catch {
    // A new folder (or a file that is not ours): ids start from the beginning.
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      script: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`npm run sandbox [-- --script FILE] [--data-dir DIR] [--no-color]\n\n${HELP}`);
    return;
  }
  const scripted = values.script !== undefined;
  const color = !values['no-color'] && !scripted && process.stdout.isTTY === true;
  const throwaway = values['data-dir'] === undefined;
  const dataDir = values['data-dir'] ?? (await mkdtemp(join(tmpdir(), 'hisaab-sandbox-')));

  const emulator = await BotApiEmulator.start({ token: TOKEN, botUsername: 'HisaabBot' });
  const users = new Map<string, User>();
  for (const n of [1, 2, 3, 4]) {
    users.set(`u${n}`, emulator.createUser({ firstName: `User${n}`, username: `u${n}` }));
  }
  const group = emulator.createGroup({
    title: 'Flat 42',
    members: [...users.values()],
    admins: [users.get('u1') as User],
  });
  // The same people and group as last time (ids are given in order); message ids go on from
  // where they stopped, or the bot would take new messages for ones it already recorded.
  const cursorFile = join(dataDir, 'sandbox-ids.json');
  const cursor = await readCursor(cursorFile);
  if (cursor) emulator.continueFrom(cursor);
  const config = parseConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_DIR: dataDir,
    ADMIN_IDS: String(users.get('u1')?.id),
    RATE_LIMIT_PER_MINUTE: '1000',
    // The bot's HTTP pages on any free port of loopback (printed at the start).
    PORT: '0',
    HOST: '127.0.0.1',
  });
  // The app's own log goes to a file so it does not interleave with the chat.
  const logFile = join(dataDir, 'sandbox.log');
  const { appendFileSync } = await import('node:fs');
  const logger = createLogger({ level: 'info', write: (line) => appendFileSync(logFile, `${line}\n`) });
  const app = await startApp(config, { logger, schedule: false });

  const world: World = {
    emulator,
    app,
    group,
    users,
    speaker: 'u1',
    inPrivate: false,
    buttons: [],
    color,
    print: (text) => process.stdout.write(`${text}\n`),
    saveIds: () => writeFile(cursorFile, JSON.stringify(emulator.cursor())),
  };
  try {
    if (scripted) {
      const lines = (await readFile(values.script as string, 'utf8')).split(/\r?\n/);
      for (const line of lines) {
        if (line.trim() === '') continue;
        if (line.trimStart().startsWith('#')) continue;
        const more = await handleLine(world, line, true);
        await world.saveIds();
        if (!more) break;
      }
    } else {
      await interactive(world, dataDir);
    }
  } finally {
    await world.saveIds();
    await app.stop();
    await emulator.stop();
    if (throwaway) await rm(dataDir, { recursive: true, force: true });
  }
}

async function interactive(world: World, dataDir: string): Promise<void> {
  world.print(
    `Hisaab sandbox: the real bot, a pretend Telegram. Group "${world.group.title ?? ''}" with u1..u4.`,
  );
  world.print(`Data in ${dataDir}. Type help for commands.`);
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    historySize: 500,
    prompt: prompt(world),
  });
  const historyFile = join(homedir(), '.hisaab_sandbox_history');
  try {
    const saved = (await readFile(historyFile, 'utf8')).split('\n').filter(Boolean).reverse();
    (rl as unknown as { history: string[] }).history.push(...saved.slice(0, 500));
  } catch {
    // No history yet.
  }
  rl.prompt();
  for await (const line of rl) {
    if (line.trim() !== '') {
      const { appendFile } = await import('node:fs/promises');
      await appendFile(historyFile, `${line}\n`).catch(() => undefined);
      const more = await handleLine(world, line, false);
      await world.saveIds();
      if (!more) break;
    }
    rl.setPrompt(prompt(world));
    rl.prompt();
  }
  rl.close();
}

function prompt(world: World): string {
  const where = world.inPrivate ? 'dm' : 'group';
  return `${world.speaker} (${where})> `;
}

/** The Mini App's address with launch data signed for the speaker, as Telegram would open it. */
async function appLink(world: World): Promise<boolean> {
  const user = world.users.get(world.speaker) as User;
  const base = world.app.http?.url;
  if (!base) {
    world.print('(the HTTP server is not running)');
    return true;
  }
  let startParam: string | undefined;
  if (!world.inPrivate) {
    const group = await world.app.db.prisma.group.findUnique({ where: { chatId: BigInt(world.group.id) } });
    if (!group) {
      world.print('(the bot does not know this group yet: send /start first)');
      return true;
    }
    startParam = groupStartToken(TOKEN, group.id);
  }
  const fragment = new URLSearchParams({
    tgWebAppData: world.emulator.webAppInitData(user, startParam ? { startParam } : {}),
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: 'web',
  });
  world.print(`${base}/app#${fragment}`);
  return true;
}

/** Handles one input line; false means leave. */
async function handleLine(world: World, raw: string, echo: boolean): Promise<boolean> {
  const line = raw.trim();
  const spoken = /^([A-Za-z0-9_]+)>\s?(.*)$/.exec(line);
  if (spoken) {
    if (!world.users.has(spoken[1] as string)) {
      world.print(`(nobody called ${spoken[1]} here; add them with: add ${spoken[1]})`);
      return true;
    }
    world.speaker = spoken[1] as string;
    return send(world, spoken[2] as string, echo);
  }
  const [word, ...rest] = line.split(/\s+/);
  switch (word) {
    case 'exit':
    case 'quit':
      return false;
    case 'help':
      world.print(HELP);
      return true;
    case 'members':
      world.print(
        [...world.users.entries()]
          .map(([key, u]) => `${key}: ${u.first_name}${u.username ? ` @${u.username}` : ''}`)
          .join('\n'),
      );
      return true;
    case 'as':
      if (rest[0] && world.users.has(rest[0])) world.speaker = rest[0];
      else world.print(`(who? known: ${[...world.users.keys()].join(', ')})`);
      return true;
    case 'dm':
      if (rest[0] && !world.users.has(rest[0])) {
        world.print(`(who? known: ${[...world.users.keys()].join(', ')})`);
        return true;
      }
      if (rest[0]) world.speaker = rest[0];
      world.inPrivate = true;
      if (echo) world.print(`-- ${world.speaker} opens a private chat with the bot --`);
      return true;
    case 'group':
      world.inPrivate = false;
      if (echo) world.print('-- back in the group --');
      return true;
    case 'add':
      return addMember(world, rest, echo);
    case 'press':
      return press(world, Number(rest[0]), echo);
    case 'app':
      return appLink(world);
    default:
      return send(world, line, echo);
  }
}

async function addMember(world: World, args: string[], echo: boolean): Promise<boolean> {
  const noUsername = args[0] === '-n';
  const [key, first, ...last] = noUsername ? args.slice(1) : args;
  if (!key || world.users.has(key)) {
    world.print('(usage: add u5 [First Last]; the name must be new)');
    return true;
  }
  const user = world.emulator.createUser({
    firstName: first ?? key,
    lastName: last.length > 0 ? last.join(' ') : undefined,
    username: noUsername ? undefined : key,
  });
  world.users.set(key, user);
  world.emulator.addMember(world.group, user);
  if (echo) world.print(`-- ${user.first_name} joins the group --`);
  await collectReplies(world, world.group.id);
  return true;
}

async function press(world: World, number: number, echo: boolean): Promise<boolean> {
  const button = world.buttons[number - 1];
  if (!button) {
    world.print('(no such button)');
    return true;
  }
  const user = world.users.get(world.speaker) as User;
  if (echo) world.print(`${world.speaker}> [presses ${number}]`);
  // The bot may have edited the message since (an answered question loses its buttons).
  if (!world.emulator.hasButton(button.message, button.data)) {
    world.print(`(button ${number} is no longer there: the bot has changed that message since)`);
    return true;
  }
  world.emulator.pressButton(user, button.message, button.data);
  await collectReplies(world, button.message.chat.id, button.message.message_id);
  return true;
}

async function send(world: World, text: string, echo: boolean): Promise<boolean> {
  const user = world.users.get(world.speaker) as User;
  if (echo) world.print(`${world.speaker}> ${text}`);
  world.emulator.sendText(user, world.inPrivate ? 'private' : world.group, text);
  // A command always gets an answer: wait for it however busy the machine is (up to MAX_WAIT_MS).
  await collectReplies(world, world.inPrivate ? user.id : world.group.id, undefined, text.startsWith('/'));
  return true;
}

/**
 * Prints what the bot sends until it has been quiet for a moment: new messages in this chat (and
 * any private chat, where a passbook lands), plus the message a button press edited.
 */
async function collectReplies(
  world: World,
  chatId: number,
  editedMessageId?: number,
  expectAnswer = false,
): Promise<void> {
  const started = Date.now();
  let lastCall = started;
  let scanned = world.emulator.calls.length;
  const before = world.emulator.sent({ chatId }).length;
  // The bot may answer in several messages: wait until its API calls (other than polling for
  // updates) stop for QUIET_MS (at least 1.5 s for a first answer), never longer than MAX_WAIT_MS.
  while (Date.now() - started < MAX_WAIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const calls = world.emulator.calls;
    if (calls.slice(Math.min(scanned, calls.length)).some((call) => call.method !== 'getUpdates')) {
      lastCall = Date.now();
    }
    scanned = calls.length;
    const quietFor = Date.now() - lastCall;
    const answered = !expectAnswer || world.emulator.sent({ chatId }).length > before;
    if (answered && quietFor >= QUIET_MS && (lastCall > started || Date.now() - started > 1500)) break;
  }
  const shown = world.emulator
    .sent()
    .filter(
      (m) =>
        (m.chat.id === chatId && m.message_id === editedMessageId) ||
        ((m.chat.id === chatId || m.chat.type === 'private') && isNew(world, m)),
    );
  for (const message of shown) {
    const buttons = buttonsOf(message);
    const first = world.buttons.length + 1;
    for (const b of buttons) world.buttons.push({ message, data: b.data });
    const where = message.chat.id !== chatId ? `(to ${message.chat.first_name ?? 'private'}) ` : '';
    world.print(
      renderMessage(where + world.emulator.htmlOf(message), buttons, first, { color: world.color }),
    );
  }
}

const printed = new WeakMap<World, Set<string>>();
function isNew(world: World, message: Message): boolean {
  const set = printed.get(world) ?? new Set<string>();
  printed.set(world, set);
  const key = `${message.chat.id}:${message.message_id}`;
  if (set.has(key)) return false;
  set.add(key);
  return true;
}

main().catch((error: unknown) => {
  console.error(`The sandbox stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

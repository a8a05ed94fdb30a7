// Several instances on one PostgreSQL, as operators run them: three `npm start` processes in webhook
// mode behind a round-robin balancer, the emulator posting updates as Telegram does (chats at once,
// one chat in sequence, a lost answer posted again). A burst across 20 groups with one instance
// SIGKILLed in the middle of it, then a rolling restart under a second burst. Afterwards every
// expense is recorded once and confirmed once, and in every chat the /undo sent right after its
// /paid asked about that /paid. Needs a PostgreSQL server (TEST_DATABASE_URL): an embedded database
// belongs to one process.
import { createServer } from 'node:net';
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotApiEmulator } from '../../src/testing/bot-api-emulator.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { type RoundRobin, startRoundRobin } from '../../src/testing/round-robin.js';
import { TEST_TOKEN } from '../support/app.js';
import { type Running, startBot, waitForOutput } from '../support/process.js';

const GROUPS = 20;
const SECRET = 'instances-test-secret';

interface Instance {
  port: number;
  bot: Running;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Flat {
  group: Chat;
  asha: User;
  ravi: User;
  meera: User;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('three instances on one PostgreSQL', () => {
  let emulator: BotApiEmulator;
  let db: TestDatabase;
  let balancer: RoundRobin;
  const instances: Instance[] = [];
  const everStarted: Instance[] = [];
  const flats: Flat[] = [];
  let env: Record<string, string>;

  async function startInstance(): Promise<Instance> {
    const port = await freePort();
    const bot = startBot({ ...env, PORT: String(port) }, { compiled: true });
    await waitForOutput(bot, /webhook mode/, 30_000);
    const instance = { port, bot };
    instances.push(instance);
    everStarted.push(instance);
    balancer.targets.push(port);
    return instance;
  }

  function leave(instance: Instance): void {
    balancer.targets.splice(balancer.targets.indexOf(instance.port), 1);
    instances.splice(instances.indexOf(instance), 1);
  }

  beforeAll(async () => {
    emulator = await BotApiEmulator.start({
      token: TEST_TOKEN,
      botUsername: 'HisaabTestBot',
      limits: { timeScale: 0.1 },
    });
    db = await createTestDatabase();
    balancer = await startRoundRobin([]);
    env = {
      BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATABASE_URL: db.url ?? '',
      WEBHOOK_URL: `${balancer.url}/telegram`,
      WEBHOOK_SECRET: SECRET,
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '1000',
      LOG_LEVEL: 'info',
    };
    for (let g = 0; g < GROUPS; g++) {
      const asha = emulator.createUser({ firstName: 'Asha', username: `asha_${g}` });
      const ravi = emulator.createUser({ firstName: 'Ravi', username: `ravi_${g}` });
      const meera = emulator.createUser({ firstName: 'Meera', username: `meera_${g}` });
      flats.push({
        group: emulator.createGroup({ title: `Flat ${g}`, members: [asha, ravi, meera] }),
        asha,
        ravi,
        meera,
      });
    }
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) instance.bot.child.kill('SIGKILL');
    // What went wrong inside the instances, if anything: warnings and errors they printed.
    const troubles = everStarted.flatMap((i) =>
      i.bot
        .stderr()
        .split('\n')
        .filter((line) => /"level":"(warn|error)"|\b(WARN|ERROR)\b/.test(line))
        .map((line) => `${i.port}: ${line.slice(0, 300)}`),
    );
    if (troubles.length > 0) console.info(troubles.slice(0, 40).join('\n'));
    await balancer?.stop();
    await emulator?.stop();
    await db?.close();
  });

  /** Sends each flat's burst: `paids` expenses by Asha, then at once her /undo. */
  function burst(tag: string, paids: number): void {
    for (let i = 0; i < paids; i++)
      for (const [g, { group, asha }] of flats.entries())
        emulator.sendText(asha, group, `/paid 300 equal @asha_${g} @ravi_${g} @meera_${g} ${tag}g${g}e${i}`);
    for (const { group, asha } of flats) emulator.sendText(asha, group, '/undo');
  }

  const recorded = (m: Message) => /Recorded/.test(emulator.textOf(m));
  const undoQuestion = (m: Message) => /^Undo expense #\d+/.test(emulator.textOf(m));
  // A question is edited into its answer once pressed: either counts as the /undo answered.
  const undoAnswered = (m: Message) => /^(Undo expense|↩️ Undone) #\d+/.test(emulator.textOf(m));
  const undone = (m: Message) => /^↩️ Undone #\d+/.test(emulator.textOf(m));

  /** Waits until every flat has had `count` messages matching. */
  async function waitForEach(
    match: (m: Message) => boolean,
    count: number,
    timeoutMs: number,
  ): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const short = flats.filter((f) => emulator.sent({ chatId: f.group.id }).filter(match).length < count);
      if (short.length === 0) return;
      if (Date.now() > until)
        throw new Error(
          `${short.length} groups short of ${count} answers, e.g. ${short[0]?.group.title}: ${JSON.stringify(
            emulator.sent({ chatId: short[0]?.group.id }).map((m) => emulator.textOf(m)),
          )}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function expenses(): Promise<
    { description: string; id: number; number: number; deleted: boolean }[]
  > {
    const rows = await db.prisma.expense.findMany({
      select: { id: true, number: true, description: true, deletedAt: true },
    });
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      description: r.description,
      deleted: r.deletedAt !== null,
    }));
  }

  /**
   * Presses each flat's open undo question, checking it names that flat's latest /paid of `tag`,
   * and waits until each flat has `answered` undos done.
   */
  async function answerUndos(tag: string, paids: number, answered: number): Promise<void> {
    const byDescription = new Map((await expenses()).map((e) => [e.description, e]));
    for (const [g, { group, asha }] of flats.entries()) {
      const [question] = emulator.sent({ chatId: group.id }).filter(undoQuestion) as [Message];
      const number = Number(/#(\d+)/.exec(emulator.textOf(question))?.[1]);
      const expected = byDescription.get(`${tag}g${g}e${paids - 1}`);
      expect(number, `the /undo in ${group.title} asks about its /paid right before`).toBe(expected?.number);
      emulator.pressButton(asha, question, `undo:e:${expected?.id}:${asha.id}`);
    }
    await waitForEach(undone, answered, 60_000);
  }

  it('records and confirms every expense once, in chat order, through a SIGKILL and a rolling restart', async () => {
    for (let i = 0; i < 3; i++) await startInstance();
    for (const { group, asha, ravi, meera } of flats)
      for (const person of [asha, ravi, meera]) emulator.sendText(person, group, 'hi');
    // Telegram's answers are lost now and then: it posts those updates again.
    emulator.loseWebhookAnswers(15);

    // Burst one, and one instance killed while it is in the middle of it.
    const firstUpdates = GROUPS * 4;
    burst('a', 3);
    const victim = instances[1] as Instance;
    while ((balancer.answered.get(victim.port) ?? 0) < firstUpdates / 6)
      await new Promise((resolve) => setTimeout(resolve, 5));
    victim.bot.child.kill('SIGKILL');
    const killedAt = Date.now();
    leave(victim);
    await waitForEach(recorded, 3, 60_000);
    await waitForEach(undoAnswered, 1, 60_000);
    const failover = Date.now() - killedAt;
    await answerUndos('a', 3, 1);

    // Burst two during a rolling restart: a new instance joins, then each old one stops (SIGTERM).
    await startInstance();
    burst('b', 2);
    for (const old of instances.slice(0, 2)) {
      leave(old);
      old.bot.child.kill('SIGTERM');
      expect(await old.bot.exited).toBe(0);
      await startInstance();
    }
    await waitForEach(recorded, 5, 60_000);
    await waitForEach(undoAnswered, 2, 60_000);
    await answerUndos('b', 2, 2);

    // Every expense once; each burst's last one undone, the rest standing.
    const all = await expenses();
    const expected = flats.flatMap((_, g) => [
      ...[0, 1, 2].map((i) => ({ description: `ag${g}e${i}`, deleted: i === 2 })),
      ...[0, 1].map((i) => ({ description: `bg${g}e${i}`, deleted: i === 1 })),
    ]);
    expect(all.map(({ description, deleted }) => ({ description, deleted })).sort(byDescription)).toEqual(
      expected.sort(byDescription),
    );
    // Every expense confirmed once: no "Already recorded" beside its "Recorded". The one window no
    // bot can close (Telegram took a message, the instance died before noting it) is allowed only
    // to answers delivered in the moment before the SIGKILL.
    const confirmations = flats.flatMap((f) => emulator.sent({ chatId: f.group.id }).filter(recorded));
    const perExpense = new Map<string, number>();
    for (const m of confirmations) {
      const description = /\b([ab]g\d+e\d+)\b/.exec(emulator.textOf(m))?.[1] ?? 'unknown';
      perExpense.set(description, (perExpense.get(description) ?? 0) + 1);
    }
    const doubled = [...perExpense].filter(([, count]) => count > 1).map(([d]) => d);
    const inTheKillWindow = doubled.filter((d) =>
      confirmations.some(
        (m) => emulator.textOf(m).includes(d) && Math.abs(m.date * 1000 - killedAt) <= 1_000,
      ),
    );
    expect(doubled.filter((d) => !inTheKillWindow.includes(d))).toEqual([]);
    expect(perExpense.size).toBe(GROUPS * 5);
    console.info(
      `three instances: ${all.length} expenses, failover (SIGKILL to every answer) ${failover} ms, ` +
        `doubled in the kill window ${inTheKillWindow.length}`,
    );
  }, 240_000);
});

function byDescription(a: { description: string }, b: { description: string }): number {
  return a.description < b.description ? -1 : a.description > b.description ? 1 : 0;
}

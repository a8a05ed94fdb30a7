// The emulator's send limits, spoken to over HTTP as the bot would (no bot here). A hand-moved clock
// stands in for time wherever it can, so nothing sleeps except the one test that checks real waiting.
import type { Chat } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { BotApiEmulator, type SendLimitsOptions } from '../../src/testing/bot-api-emulator.js';

interface Answer {
  status: number;
  body: {
    ok: boolean;
    result?: { message_id: number };
    error_code?: number;
    description?: string;
    parameters?: { retry_after: number };
  };
}

let emulator: BotApiEmulator | undefined;
let clock = 0;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(limits?: SendLimitsOptions, realClock = false): Promise<BotApiEmulator> {
  clock = 0;
  emulator = await BotApiEmulator.start({
    ...(limits === undefined ? {} : { limits }),
    ...(realClock ? {} : { now: () => clock }),
  });
  return emulator;
}

async function call(method: string, params: Record<string, unknown> = {}): Promise<Answer> {
  const e = emulator as BotApiEmulator;
  const response = await fetch(`${e.apiRoot}/bot${e.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

let n = 0;
function send(chat: Chat): Promise<Answer> {
  n++;
  return call('sendMessage', { chat_id: chat.id, text: `message ${n}` });
}

function group(e: BotApiEmulator, title = 'Flat'): Chat {
  return e.createGroup({ title, members: [e.createUser({ firstName: 'Asha' })] });
}

function privateChat(e: BotApiEmulator): Chat {
  const user = e.createUser({ firstName: 'Ravi' });
  e.sendText(user, 'private', '/start');
  return { id: user.id, type: 'private', first_name: 'Ravi' } as Chat;
}

async function statuses(count: number, chat: Chat): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await send(chat)).status);
  return out;
}

describe('the Bot API emulator without limits', () => {
  it('answers every send, as before (limits are off by default)', async () => {
    const e = await start();
    const flat = group(e);
    expect(e.limits).toBeUndefined();
    expect(await statuses(40, flat)).toEqual(Array(40).fill(200));
    expect(e.tooManyRequests).toBe(0);
    expect(e.sent({ chatId: flat.id })).toHaveLength(40);
    // Sends are still logged, so a benchmark can look at them with limits off.
    expect(e.sendLog({ chatId: flat.id })).toHaveLength(40);
  });
});

describe('the Bot API emulator checks inline keyboards as Telegram does', () => {
  it('refuses a URL button whose link is not http(s) or tg, and callback data over 64 bytes', async () => {
    const e = await start();
    const chat = group(e);
    const keyboard = (button: Record<string, string>) => ({
      inline_keyboard: [[{ text: 'Pay', ...button }]],
    });
    const upi = await call('sendMessage', {
      chat_id: chat.id,
      text: 'pay',
      reply_markup: keyboard({ url: 'upi://pay?pa=asha@okaxis&am=1.00' }),
    });
    expect(upi).toMatchObject({
      status: 400,
      body: { ok: false, description: 'Bad Request: BUTTON_URL_INVALID' },
    });
    const data = await call('sendMessage', {
      chat_id: chat.id,
      text: 'pay',
      reply_markup: keyboard({ callback_data: 'x'.repeat(65) }),
    });
    expect(data).toMatchObject({ status: 400, body: { description: 'Bad Request: BUTTON_DATA_INVALID' } });
    for (const url of ['https://example.com/upi/pay?x=1', 'tg://user?id=1']) {
      expect(
        (await call('sendMessage', { chat_id: chat.id, text: 'ok', reply_markup: keyboard({ url }) })).status,
      ).toBe(200);
    }
  });
});

describe("the Bot API emulator with Telegram's send limits", () => {
  it('lets a chat burst three messages, then answers 429 with retry_after', async () => {
    const e = await start(true);
    const ravi = privateChat(e);
    expect(await statuses(3, ravi)).toEqual([200, 200, 200]);
    const refused = await send(ravi);
    expect(refused).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    expect(e.tooManyRequests).toBe(1);
    expect(e.limitStats(ravi.id)).toEqual({
      sends: 3,
      tooManyRequests: 1,
      sendsDuringFloodWait: 0,
      floodWaitEndsAt: 1000,
    });
    expect(e.sent({ chatId: ravi.id })).toHaveLength(3);
  });

  it('succeeds when the bot waits exactly retry_after, and then allows one a second', async () => {
    const e = await start(true);
    const ravi = privateChat(e);
    await statuses(3, ravi);
    expect((await send(ravi)).body.parameters).toEqual({ retry_after: 1 });
    clock = 1000;
    expect((await send(ravi)).status).toBe(200);
    clock = 1999;
    expect((await send(ravi)).body.parameters).toEqual({ retry_after: 1 });
    clock = 2999;
    expect((await send(ravi)).status).toBe(200);
    expect(e.sendsDuringFloodWait).toBe(0);
  });

  it('counts edits against the chat, and not getMe, getChatMember or answerCallbackQuery', async () => {
    const e = await start(true);
    const ravi = privateChat(e);
    const first = await send(ravi);
    const id = first.body.result?.message_id;
    expect((await call('editMessageText', { chat_id: ravi.id, message_id: id, text: 'edited' })).status).toBe(
      200,
    );
    expect(
      (
        await call('editMessageReplyMarkup', {
          chat_id: ravi.id,
          message_id: id,
          reply_markup: { inline_keyboard: [[{ text: 'Undo', callback_data: 'undo' }]] },
        })
      ).status,
    ).toBe(200);
    expect((await call('editMessageText', { chat_id: ravi.id, message_id: id, text: 'again' })).status).toBe(
      429,
    );
    // The chat is in a flood wait, but calls that send nothing to it pass and are not counted.
    expect((await call('getMe')).status).toBe(200);
    expect((await call('getChatMember', { chat_id: ravi.id, user_id: ravi.id })).status).toBe(200);
    expect((await call('answerCallbackQuery', { callback_query_id: '1' })).status).toBe(200);
    expect((await call('getUpdates', { timeout: 0 })).status).toBe(200);
    expect(e.sendsDuringFloodWait).toBe(0);
    expect(e.sendLog({ chatId: ravi.id }).map((r) => r.method)).toEqual([
      'sendMessage',
      'editMessageText',
      'editMessageReplyMarkup',
    ]);
  });

  it('allows a group 20 messages a minute, at a tenth of the time (a six-second minute)', async () => {
    const e = await start({ timeScale: 0.1 });
    const flat = group(e);
    // One every 100 ms (a scaled second) keeps within the per-chat rate, so only the minute binds.
    for (let i = 0; i < 20; i++) {
      clock = i * 100;
      expect((await send(flat)).status).toBe(200);
    }
    clock = 2000;
    const refused = await send(flat);
    expect(refused.status).toBe(429);
    // The first send (at 0) leaves the window at 6000 ms: 4000 ms real, told in real seconds.
    expect(refused.body.parameters).toEqual({ retry_after: 4 });
    expect(refused.body.description).toBe('Too Many Requests: retry after 4');
    clock = 6000;
    expect((await send(flat)).status).toBe(200);
    clock = 6050;
    expect((await send(flat)).body.parameters).toEqual({ retry_after: 0.1 });
    expect(e.maxSendsInWindow(6000, { chatId: flat.id })).toBe(20);
    expect(e.sendsDuringFloodWait).toBe(0);
  });

  it('allows 30 messages a second across all chats', async () => {
    const e = await start(true);
    const groups = Array.from({ length: 31 }, (_, i) => group(e, `Flat ${i}`));
    for (const g of groups.slice(0, 30)) expect((await send(g)).status).toBe(200);
    const last = groups[30] as Chat;
    clock = 400;
    expect((await send(last)).body).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(e.limitStats(last.id).floodWaitEndsAt).toBe(1400);
    // Another chat is refused too while the second lasts, then the window has room again.
    expect((await send(groups[0] as Chat)).status).toBe(429);
    clock = 1000;
    expect((await send(groups[1] as Chat)).status).toBe(200);
    clock = 1400;
    expect((await send(last)).status).toBe(200);
    expect(e.maxSendsInWindow(1000)).toBe(30);
    expect(e.sendsDuringFloodWait).toBe(0);
  });

  it('counts a send during a flood wait, answers 429 again and lengthens the wait', async () => {
    const e = await start(true);
    const ravi = privateChat(e);
    const other = privateChat(e);
    await statuses(3, ravi);
    expect((await send(ravi)).body.parameters).toEqual({ retry_after: 1 });
    clock = 500;
    // 500 ms were left; the penalty adds the original second: 1500 ms, told as 2.
    expect((await send(ravi)).body.parameters).toEqual({ retry_after: 2 });
    expect(e.sendsDuringFloodWait).toBe(1);
    expect(e.limitStats(ravi.id)).toMatchObject({ sendsDuringFloodWait: 1, floodWaitEndsAt: 2000 });
    expect(e.limitStats(other.id).sendsDuringFloodWait).toBe(0);
    expect((await send(other)).status).toBe(200);
    clock = 1000;
    expect((await send(ravi)).status).toBe(429);
    clock = 3000;
    expect((await send(ravi)).status).toBe(200);
    expect(e.sendsDuringFloodWait).toBe(2);
    expect(e.tooManyRequests).toBe(3);
  });

  it('does not lengthen the wait with penalty 0', async () => {
    const e = await start({ penalty: 0 });
    const ravi = privateChat(e);
    await statuses(3, ravi);
    await send(ravi);
    clock = 500;
    expect((await send(ravi)).body.parameters).toEqual({ retry_after: 1 });
    clock = 1000;
    expect((await send(ravi)).status).toBe(200);
    expect(e.sendsDuringFloodWait).toBe(1);
  });

  it('tells fractional retry_after at a small time scale, and a bot waiting it on a real clock succeeds', async () => {
    const e = await start({ timeScale: 0.05 }, true);
    const ravi = privateChat(e);
    await statuses(3, ravi);
    const refused = await send(ravi);
    expect(refused.status).toBe(429);
    const retryAfter = refused.body.parameters?.retry_after as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(0.05);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await send(ravi)).status).toBe(200);
    expect(e.sendsDuringFloodWait).toBe(0);
  });

  it('lets injected faults take precedence; an injected 429 begins a flood wait', async () => {
    const e = await start(true);
    const ravi = privateChat(e);
    e.faults.next('sendMessage', { kind: '5xx' });
    expect((await send(ravi)).status).toBe(502);
    // A failed send uses no budget: the burst of three is still there.
    expect(await statuses(3, ravi)).toEqual([200, 200, 200]);
    clock = 3000;
    e.faults.next('sendMessage', { kind: '429', retryAfter: 5 });
    expect((await send(ravi)).body.parameters).toEqual({ retry_after: 5 });
    clock = 4000;
    e.faults.next('sendMessage', { kind: 'refuse', status: 400, description: 'Bad Request: nope' });
    expect((await send(ravi)).status).toBe(400);
    expect(e.sendsDuringFloodWait).toBe(1);
    // 4 s were left, and each of the two sends during the wait added the injected 5 s.
    expect((await send(ravi)).body.parameters).toEqual({ retry_after: 14 });
    expect(e.sendsDuringFloodWait).toBe(2);
  });

  it('can be turned on and off later', async () => {
    const e = await start();
    const ravi = privateChat(e);
    await statuses(5, ravi);
    e.setLimits({ perChat: { burst: 1 } });
    expect(e.limits?.perChat).toEqual({ burst: 1, perSecond: 1 });
    expect(await statuses(2, ravi)).toEqual([200, 429]);
    e.setLimits(false);
    expect(await statuses(2, ravi)).toEqual([200, 200]);
    expect(e.limits).toBeUndefined();
  });
});

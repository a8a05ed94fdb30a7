// The emulator's files, spoken to over HTTP as the bot would: photos and documents users send,
// getFile and the download path, sendPhoto by file_id, and Telegram's refusals around them.
import { afterEach, describe, expect, it } from 'vitest';
import { BotApiEmulator } from '../../src/testing/bot-api-emulator.js';

let emulator: BotApiEmulator | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function call(method: string, params: Record<string, unknown>) {
  const e = emulator as BotApiEmulator;
  const response = await fetch(`${e.apiRoot}/bot${e.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('files in the emulator', () => {
  it('delivers a captioned photo as sizes with ids, and serves its bytes through getFile', async () => {
    emulator = await BotApiEmulator.start();
    const asha = emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    const group = emulator.createGroup({ title: 'Flat', members: [asha] });
    const bytes = Buffer.from('not really a jpeg, but bytes all the same');
    const update = emulator.sendPhoto(asha, group, bytes, { caption: '/paid 100 @asha_k tea' });
    const photo = update.message?.photo ?? [];
    expect(photo).toHaveLength(2);
    expect(photo[1]?.width).toBeGreaterThan(photo[0]?.width ?? 0);
    expect(update.message?.caption).toBe('/paid 100 @asha_k tea');
    expect(update.message?.caption_entities?.map((e) => e.type)).toEqual(['bot_command', 'mention']);
    expect(update.message?.text).toBeUndefined();

    const file = await call('getFile', { file_id: photo[1]?.file_id });
    const result = file.body.result as { file_path: string; file_size: number; file_unique_id: string };
    expect(result.file_unique_id).toBe(photo[1]?.file_unique_id);
    expect(result.file_size).toBe(bytes.length);
    const download = await fetch(`${emulator.apiRoot}/file/bot${emulator.token}/${result.file_path}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    // The token is checked on downloads too, and an unknown id is refused as Telegram does.
    expect((await fetch(`${emulator.apiRoot}/file/bot1:wrong/${result.file_path}`)).status).toBe(401);
    expect(await call('getFile', { file_id: 'nope' })).toMatchObject({
      status: 400,
      body: { description: 'Bad Request: invalid file_id' },
    });
  });

  it('refuses to hand a bot a file over 20 MB', async () => {
    emulator = await BotApiEmulator.start();
    const asha = emulator.createUser({ firstName: 'Asha' });
    const group = emulator.createGroup({ title: 'Flat', members: [asha] });
    const update = emulator.sendDocument(asha, group, Buffer.alloc(20 * 1024 * 1024 + 1), {
      fileName: 'big.csv',
    });
    expect(update.message?.document).toMatchObject({ file_name: 'big.csv', file_size: 20 * 1024 * 1024 + 1 });
    expect(await call('getFile', { file_id: update.message?.document?.file_id })).toMatchObject({
      status: 400,
      body: { description: 'Bad Request: file is too big' },
    });
  });

  it('sends a photo by file_id with an HTML caption of at most 1024 characters', async () => {
    emulator = await BotApiEmulator.start();
    const asha = emulator.createUser({ firstName: 'Asha' });
    const group = emulator.createGroup({ title: 'Flat', members: [asha] });
    const photo = emulator.sendPhoto(asha, group, Buffer.from('bill')).message?.photo?.at(-1);
    const sent = await call('sendPhoto', {
      chat_id: group.id,
      photo: photo?.file_id,
      caption: '<b>#1</b> tea &amp; biscuits',
      parse_mode: 'HTML',
    });
    expect(sent.status).toBe(200);
    const [message] = emulator.sent({ chatId: group.id });
    expect(message?.caption).toBe('#1 tea & biscuits');
    expect(message?.photo?.at(-1)?.file_unique_id).toBe(photo?.file_unique_id);
    expect(
      await call('sendPhoto', { chat_id: group.id, photo: photo?.file_id, caption: 'x'.repeat(1025) }),
    ).toMatchObject({
      status: 400,
      body: { description: 'Bad Request: message caption is too long' },
    });
    expect(await call('sendPhoto', { chat_id: group.id, photo: 'AgAC-unknown' })).toMatchObject({
      status: 400,
      body: { description: 'Bad Request: wrong file identifier/HTTP URL specified' },
    });
  });

  it('nests the replied-to message in a reply, without its own reply', async () => {
    emulator = await BotApiEmulator.start();
    const asha = emulator.createUser({ firstName: 'Asha' });
    const group = emulator.createGroup({ title: 'Flat', members: [asha] });
    const first = emulator.sendText(asha, group, 'one').message;
    const second = emulator.sendText(asha, group, 'two', { replyTo: first }).message;
    const third = emulator.sendText(asha, group, 'three', { replyTo: second }).message;
    const replied = third?.reply_to_message as { text?: string; reply_to_message?: unknown } | undefined;
    expect(replied?.text).toBe('two');
    expect(replied && 'reply_to_message' in replied).toBe(false);
  });
});

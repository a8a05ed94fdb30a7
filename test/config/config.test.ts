import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, SETTING_NAMES } from '../../src/config.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';

function problems(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('needs only BOT_TOKEN and defaults the rest to the embedded set-up', () => {
    const config = parseConfig({ BOT_TOKEN: TOKEN });
    expect(config.botToken).toBe(TOKEN);
    expect(config.telegramApiRoot).toBe('https://api.telegram.org');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('./data');
    expect(config.adminIds).toEqual([]);
    expect(config.webhook).toBeUndefined();
    expect(config.http).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(config.export).toMatchObject({
      schedule: '0 2 * * 1',
      timezone: 'UTC',
      exportDir: './data/exports',
    });
    expect(config.export.s3).toBeUndefined();
  });

  it('says plainly that BOT_TOKEN is missing', () => {
    expect(problems({})).toEqual([expect.stringMatching(/^BOT_TOKEN is required/)]);
  });

  it('lets tools that do not talk to Telegram run without BOT_TOKEN', () => {
    expect(parseConfig({}, { needsBot: false }).botToken).toBe('');
  });

  it('lists every bad setting, one sentence each', () => {
    const found = problems({
      BOT_TOKEN: 'nonsense',
      ADMIN_IDS: '12, abc',
      DATABASE_URL: 'mysql://x',
      WEBHOOK_URL: 'https://bot.example.com/hook',
      PORT: '-3',
      S3_FORCE_PATH_STYLE: 'maybe',
    });
    expect(found).toHaveLength(6);
    for (const name of [
      'BOT_TOKEN',
      'ADMIN_IDS',
      'DATABASE_URL',
      'WEBHOOK_SECRET',
      'PORT',
      'S3_FORCE_PATH_STYLE',
    ]) {
      expect(found.some((line) => line.startsWith(`${name} `))).toBe(true);
    }
    for (const line of found) expect(line).not.toMatch(/undefined|\[object/);
  });

  it('takes PORT=0 as any free port, and refuses a port beyond 65535', () => {
    expect(parseConfig({ BOT_TOKEN: TOKEN, PORT: '0' }).http.port).toBe(0);
    expect(problems({ BOT_TOKEN: TOKEN, PORT: '70000' })).toEqual([
      expect.stringMatching(/^PORT must be a port number/),
    ]);
  });

  it('reads admins, webhook and S3 settings', () => {
    const config = parseConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      ADMIN_IDS: '111, 222',
      WEBHOOK_URL: 'https://bot.example.com/telegram',
      WEBHOOK_SECRET: 'a-long-secret',
      PORT: '9000',
      S3_BUCKET: 'exports',
      S3_PREFIX: 'hisaab/',
      S3_ENDPOINT: 'http://127.0.0.1:4569',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.telegramApiRoot).toBe('http://127.0.0.1:8081');
    expect(config.adminIds).toEqual([111n, 222n]);
    expect(config.webhook).toEqual({
      url: 'https://bot.example.com/telegram',
      secret: 'a-long-secret',
    });
    expect(config.http).toEqual({ port: 9000, host: '0.0.0.0' });
    expect(config.export.s3).toEqual({
      bucket: 'exports',
      prefix: 'hisaab/',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4569',
      forcePathStyle: true,
    });
  });

  it('reads every setting that .env.example lists, and no other', async () => {
    const { readFile } = await import('node:fs/promises');
    const example = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(SETTING_NAMES);
  });
});

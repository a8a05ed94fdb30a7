// The Mini App's group pages under many viewers: the overview and spending are computed once per
// version of the group's ledger however many members ask at the same moment, answered 304 to a
// client that has that version (ETag), and computed again as soon as an expense, a category or a
// name changes what they show. Membership is still checked on every request.
import type { User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoundTrips } from '../../src/db/round-trips.js';
import type { OverviewView, SpendingView } from '../../src/http/miniapp/api-types.js';
import { groupStartToken } from '../../src/http/miniapp/start-token.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/app.js';
import { type Flat, newFlat, replyTo } from '../support/flat.js';

describe('the Mini App pages every member shares', () => {
  const roundTrips = new RoundTrips();
  let h: TestBot;
  let flat: Flat;
  let token: string;

  const get = (path: string, user: User, headers: Record<string, string> = {}) =>
    fetch(`${h.app.http?.url}/app/api/${path}`, {
      headers: { authorization: `tma ${h.emulator.webAppInitData(user, { startParam: token })}`, ...headers },
    });

  beforeAll(async () => {
    h = await startTestBot({ roundTrips, env: { PUBLIC_URL: 'https://hisaab.example.com/' } });
    flat = await newFlat(h, { usernames: true });
    await replyTo(h, flat.asha, flat.group, '/paid 1200 equal @asha_k @ravi_m @meera_i dinner', /Recorded #/);
    const group = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(flat.group.id) } });
    token = groupStartToken(TEST_TOKEN, group.id);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('computes the overview once for many viewers, each still checked as a member', async () => {
    const viewers = [flat.asha, flat.ravi, flat.meera, flat.kabir];
    await get('overview', flat.asha); // the first computation, outside the count
    const before = roundTrips.count;
    const answers = await Promise.all(viewers.flatMap((v) => [get('overview', v), get('overview', v)]));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    // The page carries the viewer's own headline, so each viewer has their own ETag (the same on
    // both of their requests); the group's reads behind it are shared.
    const tags = answers.map((a) => a.headers.get('etag'));
    expect(new Set(tags).size).toBe(viewers.length);
    for (let i = 0; i < tags.length; i += 2) expect(tags[i]).toBe(tags[i + 1]);
    // One membership check (with the version) per request, nothing read again.
    expect(roundTrips.count - before).toBe(8);
    const outsider = h.emulator.createUser({ firstName: 'Stranger' });
    expect((await get('overview', outsider)).status).toBe(403);
  });

  it('answers 304 to a client with the current version, and new figures once an expense is recorded', async () => {
    const first = await get('overview', flat.ravi);
    const etag = first.headers.get('etag') ?? '';
    const view = (await first.json()) as OverviewView;
    expect(view.spent.total.amount).toBe('1200.00');
    expect((await get('overview', flat.ravi, { 'if-none-match': etag })).status).toBe(304);

    await replyTo(h, flat.ravi, flat.group, '/paid 300 equal @ravi_m @meera_i auto', /Recorded #/);
    const after = await get('overview', flat.ravi, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as OverviewView).spent.total.amount).toBe('1500.00');
  });

  it('shows a category changed by hand in the spending page at once', async () => {
    const first = await get('spending', flat.asha);
    const spending = (await first.json()) as SpendingView;
    const expense = await h.db.prisma.expense.findFirstOrThrow({
      where: { group: { chatId: BigInt(flat.group.id) }, description: 'dinner' },
    });
    await replyTo(h, flat.asha, flat.group, `/category ${expense.id} rent`, /Rent/i);
    const after = await get('spending', flat.asha, { 'if-none-match': first.headers.get('etag') ?? '' });
    expect(after.status).toBe(200);
    const changed = (await after.json()) as SpendingView;
    expect(changed.categories.rows.map((r) => r.key)).toContain('rent');
    expect(changed.categories.rows).not.toEqual(spending.categories.rows);
  });
});

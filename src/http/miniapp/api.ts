// The Mini App's JSON API under /app/api/. Every request carries Telegram's initData
// (`Authorization: tma <initData>`): 401 when it does not check out; for a group's pages, 403
// unless the person is a member of the group the signed startapp token names, now. A passbook is
// only ever its owner's: whose it is comes from initData, never from the request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { netLines } from '../../bot/features/balances.js';
import { money, plainNameBook, SPLIT_WORDS } from '../../bot/format.js';
import { percentOf } from '../../bot/monthly-summary.js';
import { CATEGORY_LABELS, type Month, monthKey, monthName, shortMonthName } from '../../commands/index.js';
import { chargePercentShown, Decimal } from '../../ledger/index.js';
import type { Logger } from '../../log.js';
import { type GroupBalances, groupBalances, peopleById } from '../../usecases/balances.js';
import type { UseCaseDeps } from '../../usecases/deps.js';
import { UseCaseError } from '../../usecases/errors.js';
import { groupSpending, groupSpendingByCategory, groupSpentInAll } from '../../usecases/group-spending.js';
import type { Person } from '../../usecases/members.js';
import { netHistory } from '../../usecases/net-history.js';
import { type PassbookLine, passbookPage, passbookTotals } from '../../usecases/passbook.js';
import { searchExpenses } from '../../usecases/search-expenses.js';
import { showExpense } from '../../usecases/show-expense.js';
import { type Route, send, sendJson } from '../server.js';
import { launchOf as checkedLaunch, memberOf as memberOfGroup, Refusal, refuse } from './access.js';
import type {
  CategoriesView,
  ExpenseListView,
  ExpenseView,
  Money,
  OverviewView,
  PassbookView,
  SessionView,
  SpendingView,
} from './api-types.js';
import type { Launch } from './init-data.js';
import { type CachedPage, notModified, ViewCache } from './view-cache.js';

type OverviewReads = [Awaited<ReturnType<typeof groupBalances>>, Awaited<ReturnType<typeof groupSpentInAll>>];

export interface MiniAppApiOptions {
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members'>;
  botToken: string;
  logger: Logger;
}

export const API_PREFIX = '/app/api/';
const PASSBOOK_PAGE = 30;

const cash = (amount: Decimal): Money => ({ amount: amount.toFixed(2), text: money(amount) });

type Named = Pick<Person, 'id' | 'firstName' | 'lastName' | 'username'>;

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
export function miniAppApiRoutes(o: MiniAppApiOptions): Route[] {
  const { deps } = o;

  const launchOf = (req: IncomingMessage): Launch => checkedLaunch(req, o.botToken);
  const memberOf = (launch: Launch) => memberOfGroup(deps, o.botToken, launch);

  /** Names for the people with these ids, unique among them (as nameBook makes them in the chat). */
  async function namesOf(ids: Iterable<number>, known: Named[] = []): Promise<(id: number) => string> {
    const have = new Set(known.map((p) => p.id));
    const missing = [...new Set(ids)].filter((id) => !have.has(id));
    const more = missing.length === 0 ? [] : [...(await peopleById(deps, missing)).values()];
    return plainNameBook([...known, ...more]);
  }

  /** Spending by category, labelled and in parts of the total exactly as /summary shows them. */
  async function categoriesOf(groupId: number, month: Month | undefined): Promise<CategoriesView> {
    const c = await groupSpendingByCategory(deps, { groupId, ...(month ? { month } : {}) });
    return {
      month: month ? monthKey(month) : null,
      label: month ? monthName(month) : 'All time',
      count: c.count,
      total: cash(c.total),
      rows: c.categories.map((row) => ({
        key: row.category,
        label: CATEGORY_LABELS[row.category],
        count: row.count,
        total: cash(row.total),
        percent: percentOf(row.total, c.total),
      })),
    };
  }

  /**
   * What the overview reads of a group, the same for every member: read once per view version
   * (Group.viewVersion) however many people open it; the viewer's headline is added per request.
   */
  const overviewReads = new Map<number, { version: number; read: Promise<OverviewReads> }>();
  function readOverview(groupId: number, version: number): Promise<OverviewReads> {
    const hit = overviewReads.get(groupId);
    if (hit && hit.version === version) return hit.read;
    const read = Promise.all([groupBalances(deps, { groupId }), groupSpentInAll(deps, { groupId })]);
    const entry = { version, read };
    overviewReads.set(groupId, entry);
    read.catch(() => {
      if (overviewReads.get(groupId) === entry) overviewReads.delete(groupId);
    });
    if (overviewReads.size > 500) overviewReads.delete(overviewReads.keys().next().value as number);
    return read;
  }

  async function spendingOf(groupId: number, month: Month | undefined): Promise<SpendingView> {
    const [s, categories] = await Promise.all([
      groupSpending(deps, { groupId, months: 12 }),
      categoriesOf(groupId, month),
    ]);
    const name = plainNameBook(s.people.map((p) => p.person));
    return {
      count: s.count,
      total: cash(s.total),
      firstDay: s.firstDay,
      lastDay: s.lastDay,
      months: s.months.map((m) => ({
        month: m.month,
        label: `${shortMonthName(Number(m.month.slice(5, 7)))} ${m.month.slice(0, 4)}`,
        count: m.count,
        total: cash(m.total),
      })),
      people: s.people.map((p) => ({
        id: p.person.id,
        name: name(p.person.id),
        paid: cash(p.paid),
        share: cash(p.share),
      })),
      categories,
    };
  }

  const views = new ViewCache();

  const handlers: Record<string, (req: IncomingMessage, url: URL, launch: Launch) => Promise<unknown>> = {
    async session(_req, _url, launch): Promise<SessionView> {
      if (!launch.startParam) {
        const user = await deps.members.findUserByTelegramId(BigInt(launch.telegramId));
        return {
          me: {
            id: user?.id ?? 0,
            name: user ? plainNameBook([user])(user.id) : launch.firstName,
            telegramId: launch.telegramId,
          },
          group: null,
        };
      }
      const { groupId, me, title } = await memberOf(launch);
      const members = await deps.members.activeMembers(groupId);
      const name = plainNameBook(members);
      return {
        me: { id: me.id, name: name(me.id), telegramId: launch.telegramId },
        group: {
          title,
          members: members
            .map((m) => ({ id: m.id, name: name(m.id) }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        },
      };
    },

    async overview(_req, _url, launch): Promise<Cached> {
      const { groupId, me, viewVersion } = await memberOf(launch);
      const [balances, spent] = await readOverview(groupId, viewVersion);
      // Keyed by the viewer too: the headline is theirs.
      const key = `overview:${groupId}:${me.id}`;
      return new Cached(await views.get(key, viewVersion, async () => overviewOf(balances, spent, me.id)));
    },

    async spending(_req, url, launch): Promise<Cached> {
      const { groupId, viewVersion } = await memberOf(launch);
      const month = monthOf(url);
      const key = `spending:${groupId}:${month ? monthKey(month) : 'all'}`;
      return new Cached(await views.get(key, viewVersion, () => spendingOf(groupId, month)));
    },

    async categories(_req, url, launch): Promise<CategoriesView> {
      const { groupId } = await memberOf(launch);
      return categoriesOf(groupId, monthOf(url));
    },

    async expenses(_req, url, launch): Promise<ExpenseListView> {
      const { groupId } = await memberOf(launch);
      const q = url.searchParams;
      const id = (key: string) => {
        const v = q.get(key);
        if (v === null || v === '') return undefined;
        if (!/^\d{1,9}$/.test(v)) throw new Refusal(400, `${key} must be a number.`);
        return Number(v);
      };
      const day = (key: string) => {
        const v = q.get(key);
        if (v === null || v === '') return undefined;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
          throw new Refusal(400, `${key} must be a day like 2026-03-01.`);
        return v;
      };
      const text = (q.get('q') ?? '').slice(0, 200);
      const page = await searchExpenses(deps, {
        groupId,
        ...(text ? { text } : {}),
        payerId: id('payer'),
        personId: id('person'),
        from: day('from'),
        to: day('to'),
        before: id('before'),
        includeUndone: q.get('undone') === '1',
        limit: 25,
      });
      const name = await namesOf(page.items.map((i) => i.payerId));
      return {
        items: page.items.map((i) => ({
          id: i.id,
          number: i.number,
          amount: cash(i.amount),
          description: i.description,
          spentOn: i.spentOn,
          payer: { id: i.payerId, name: name(i.payerId) },
          people: i.people,
          undone: i.undone,
        })),
        nextBefore: page.nextBefore,
        count: page.count,
        total: cash(page.total),
      };
    },

    async expense(_req, url, launch): Promise<ExpenseView> {
      const { groupId } = await memberOf(launch);
      const raw = url.pathname.slice(`${API_PREFIX}expense/`.length);
      if (!/^\d{1,9}$/.test(raw))
        throw new Refusal(400, 'Give the expense by its number, like /app/api/expense/12.');
      let e: Awaited<ReturnType<typeof showExpense>>;
      try {
        e = await showExpense(deps, { groupId, expenseId: Number(raw) });
      } catch (error) {
        if (error instanceof UseCaseError && error.code === 'EXPENSE_NOT_FOUND')
          throw new Refusal(404, 'There is no such expense in this group.');
        throw error;
      }
      const everyone = [
        e.payer,
        e.recordedBy,
        ...e.shares.map((s) => s.person),
        ...e.revisions.map((r) => r.by),
      ];
      if (e.undone?.by) everyone.push(e.undone.by);
      const name = plainNameBook(everyone);
      const ref = (p: Named) => ({ id: p.id, name: name(p.id) });
      return {
        id: e.id,
        number: e.number,
        amount: cash(e.amount),
        description: e.description,
        spentOn: e.spentOn,
        recordedAt: e.at.toISOString(),
        split: e.items.length > 0 ? 'by items' : SPLIT_WORDS[e.splitType],
        payer: ref(e.payer),
        recordedBy: ref(e.recordedBy),
        shares: e.shares.map((s) => ({
          person: ref(s.person),
          share: cash(s.share),
          typed:
            s.typed === null
              ? null
              : e.splitType === 'PERCENT'
                ? `${s.typed.toString()}%`
                : e.splitType === 'SHARES'
                  ? `${s.typed.toString()} shares`
                  : money(s.typed),
        })),
        items: e.items.map((i) => ({
          what: i.charge && i.percent ? `${i.description} ${chargePercentShown(i.percent)}` : i.description,
          amount: cash(i.amount),
          people: i.userIds.map(name).join(', '),
        })),
        history: e.revisions.map((r) => ({
          at: r.at.toISOString(),
          by: ref(r.by),
          before: `${money(r.before.amount)} split ${SPLIT_WORDS[r.before.splitType]} among ${r.before.people}${r.before.description ? ` for ${r.before.description}` : ''}`,
        })),
        undone: e.undone
          ? { at: e.undone.at.toISOString(), by: e.undone.by ? ref(e.undone.by) : null }
          : null,
      };
    },

    async passbook(_req, url, launch): Promise<PassbookView> {
      const user = await deps.members.findUserByTelegramId(BigInt(launch.telegramId));
      const zero = cash(new Decimal(0));
      if (!user) {
        return {
          net: zero,
          totals: { paid: zero, shares: zero, settlementsPaid: zero, settlementsReceived: zero },
          series: [],
          lines: [],
          nextBefore: null,
        };
      }
      const before = url.searchParams.get('before');
      if (before !== null && !/^\d{1,18}$/.test(before)) throw new Refusal(400, 'before must be a number.');
      const totals = await passbookTotals(deps, { userId: user.id });
      const [page, series] = await Promise.all([
        passbookPage(deps, {
          userId: user.id,
          limit: PASSBOOK_PAGE,
          ...(before ? { before: BigInt(before) } : {}),
        }),
        before ? Promise.resolve([]) : netHistory(deps, { userId: user.id, currency: totals.currency }),
      ]);
      // The person's main currency (most of their lines); lines in others keep their own.
      const inMain = (amount: Decimal): Money => ({
        amount: amount.toFixed(2),
        text: money(amount, totals.currency),
      });
      return {
        net: inMain(totals.net),
        totals: {
          paid: inMain(totals.expensesPaid),
          shares: inMain(totals.expenseShares),
          settlementsPaid: inMain(totals.settlementsPaid),
          settlementsReceived: inMain(totals.settlementsReceived),
        },
        series: series.map((p) => ({ at: p.at, net: p.net.toFixed(2) })),
        lines: page.lines.map((l) => ({
          id: l.id.toString(),
          at: l.at.toISOString(),
          group: l.groupTitle,
          what: describe(l),
          delta: { amount: l.delta.toFixed(2), text: money(l.delta, l.currency) },
          runningNet: { amount: l.runningNet.toFixed(2), text: money(l.runningNet, l.currency) },
        })),
        nextBefore: page.olderCursor === null ? null : page.olderCursor.toString(),
      };
    },
  };

  return [
    {
      method: 'GET',
      prefix: API_PREFIX,
      async handle(req, res, url) {
        const rest = url.pathname.slice(API_PREFIX.length);
        const name = rest.startsWith('expense/') ? 'expense' : rest;
        const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
        if (!handler) return sendJson(res, 404, { error: 'There is no such page.' });
        try {
          const launch = launchOf(req);
          const answer = await handler(req, url, launch);
          if (answer instanceof Cached) return sendCached(req, res, answer.page);
          sendJson(res, 200, answer);
        } catch (error) {
          if (error instanceof Refusal) return refuse(res, error);
          throw error;
        }
      },
    },
  ];
}

/** The month asked for (`?month=2026-10`), or undefined for all time; 400 for one that is not a month. */
function monthOf(url: URL): Month | undefined {
  const raw = url.searchParams.get('month');
  if (raw === null || raw === '') return undefined;
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(raw);
  if (!match) throw new Refusal(400, 'month must be a month like 2026-10.');
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** A page from the view cache: its body as computed, under its ETag. */
class Cached {
  constructor(readonly page: CachedPage) {}
}

/** 304 to a client that has this version already; else the page, which it may keep and ask about. */
function sendCached(req: IncomingMessage, res: ServerResponse, page: CachedPage): void {
  const headers = { etag: page.etag, 'cache-control': 'private, no-cache' };
  if (notModified(req.headers['if-none-match'], page.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  send(res, 200, 'application/json; charset=utf-8', page.body, headers);
}

function describe(line: PassbookLine): string {
  const what = line.description || (line.expenseNumber !== null ? `expense #${line.expenseNumber}` : '');
  switch (line.kind) {
    case 'EXPENSE':
      return `#${line.expenseNumber} ${what}: ${line.paidBy} paid ${money(line.amount)}`;
    case 'EXPENSE_UNDONE':
      return `#${line.expenseNumber} ${what} undone`;
    case 'EXPENSE_REVISED':
      return `#${line.expenseNumber} ${what} corrected: now ${money(line.amount)}`;
    case 'SETTLEMENT':
      return `${line.paidBy} paid ${line.paidTo ?? ''} ${money(line.amount)}`;
    case 'SETTLEMENT_UNDONE':
      return `${line.paidBy} paid ${line.paidTo ?? ''} ${money(line.amount)} (undone)`;
  }
}

/**
 * The Balances page: the group's debts in its view (the graph and /balances's lines), each net, the
 * /settleup plan, and a headline for the viewer, every amount in the group's currency.
 */
function overviewOf(
  balances: GroupBalances,
  spent: { count: number; total: Decimal },
  viewer: number,
): OverviewView {
  const { debts, nets, people, plan, view, currency } = balances;
  const name = plainNameBook(people.values());
  const m = (amount: Decimal) => money(amount, currency);
  const cashIn = (amount: Decimal): Money => ({ amount: amount.toFixed(2), text: m(amount) });
  const mine = nets.get(viewer) ?? new Decimal(0);
  return {
    view,
    headline: mine.isZero()
      ? 'You are even here.'
      : mine.isNegative()
        ? `You owe ${m(mine.neg())} in all.`
        : `You get back ${m(mine)} in all.`,
    people: [...people.values()].map((p) => ({ id: p.id, name: name(p.id) })),
    debts: debts.map((d) => ({
      from: d.debtor,
      to: d.creditor,
      owed: cashIn(d.amount),
      line: `${name(d.debtor)} owes ${name(d.creditor)}: ${m(d.amount)}`,
    })),
    netLines: netLines(nets, name, m),
    nets: [...nets].filter(([, net]) => !net.isZero()).map(([id, net]) => ({ id, net: cashIn(net) })),
    plan: plan.map((t) => ({
      from: t.from,
      to: t.to,
      pay: cashIn(t.amount),
      line: `${name(t.from)} pays ${name(t.to)}: ${m(t.amount)}`,
    })),
    spent: { count: spent.count, total: cashIn(spent.total) },
  };
}

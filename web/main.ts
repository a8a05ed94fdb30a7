// The Hisaab Mini App: the group at a glance (who owes whom as a graph, the settle-up plan),
// spending charts, the expense list with search and filters, one expense in full, and my passbook
// with my running net. Everything comes from /app/api/, each request carrying Telegram's initData;
// a refusal (401, 403) empties the page down to one sentence.
import type {
  CategoriesView,
  ExpenseListView,
  ExpenseView,
  OverviewView,
  PassbookView,
  ScanView,
  SessionView,
  SpendingView,
} from '../src/http/miniapp/api-types.js';
import { startPageOf } from '../src/http/miniapp/start-page.js';
import { type BillPrefill, billPage } from './bill.js';
import { bars, columns, debtGraph, line, pairedBars } from './charts.js';
import { h } from './dom.js';
import { readLaunch, tellTelegramReady } from './launch.js';

const launch = readLaunch();
const root = document.getElementById('app') as HTMLElement;

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function api<T>(path: string, payload?: unknown): Promise<T> {
  const auth: Record<string, string> = launch.initData ? { authorization: `tma ${launch.initData}` } : {};
  const response = await fetch(
    `/app/api/${path}`,
    payload === undefined
      ? { headers: auth }
      : {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        },
  );
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok)
    throw new Refused(response.status, body.error ?? `The server answered ${response.status}.`);
  return body;
}

function show(...children: (Node | string | null | false)[]): void {
  root.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== false));
  root.setAttribute('aria-busy', 'false');
}

/** A refusal or failure: nothing of the group stays on the page, only what went wrong. */
function fail(error: unknown): void {
  const status = error instanceof Refused ? error.status : 0;
  const message = error instanceof Error ? error.message : String(error);
  root.dataset.refused = String(status);
  root.replaceChildren(h('h1', {}, 'Hisaab'), h('p', { class: 'error', role: 'alert' }, message));
  tellTelegramReady();
}

type Tab = 'overview' | 'spending' | 'expenses' | 'bill' | 'passbook';
const TAB_NAMES: Record<Tab, string> = {
  overview: 'Balances',
  spending: 'Spending',
  expenses: 'Expenses',
  bill: 'Bill',
  passbook: 'Passbook',
};

let session: SessionView;

function frame(tab: Tab, ...content: (Node | null | false)[]): void {
  const tabs: Tab[] = session.group ? ['overview', 'spending', 'expenses', 'bill', 'passbook'] : ['passbook'];
  const title = session.group ? session.group.title : 'My passbook';
  show(
    h('header', {}, h('h1', {}, title), h('p', { class: 'hint' }, `Signed in as ${session.me.name}`)),
    tabs.length > 1 &&
      h(
        'nav',
        { 'aria-label': 'Pages' },
        tabs.map((t) =>
          h(
            'button',
            {
              type: 'button',
              class: 'tab',
              'aria-current': t === tab ? 'page' : undefined,
              onclick: () => go(t),
            },
            TAB_NAMES[t],
          ),
        ),
      ),
    h(
      'section',
      { 'data-page': tab, 'aria-label': TAB_NAMES[tab] },
      ...content.filter((c): c is Node => !!c),
    ),
  );
}

function go(tab: Tab): void {
  const views: Record<Tab, () => Promise<void>> = {
    overview: overviewPage,
    spending: spendingPage,
    expenses: () => expensesPage({}),
    bill: async () => openBill(),
    passbook: passbookPage,
  };
  root.setAttribute('aria-busy', 'true');
  views[tab]().catch(fail);
}

const nameOf = (people: { id: number; name: string }[]) => {
  const names = new Map(people.map((p) => [p.id, p.name]));
  return (id: number) => names.get(id) ?? `#${id}`;
};

function renderOverview(o: OverviewView): void {
  const name = nameOf(o.people);
  frame(
    'overview',
    h('p', { class: 'headline', 'data-test': 'headline' }, o.headline),
    h('h2', {}, 'Who owes whom'),
    h(
      'p',
      { class: 'hint', 'data-test': 'view' },
      o.view === 'simplified'
        ? 'Simplified: the fewest payments that settle everyone (/simplify off shows pairs).'
        : 'Pair by pair, cycles of debts cancelled (/simplify on shows the fewest payments).',
    ),
    o.debts.length === 0
      ? h('p', { class: 'settled' }, 'All settled: nobody owes anybody here.')
      : debtGraph(
          `Who owes whom: ${o.debts.map((d) => d.line).join('; ')}`,
          o.people,
          o.debts.map((d) => ({ from: d.from, to: d.to, text: d.owed.text })),
        ),
    o.debts.length > 0 &&
      h(
        'ul',
        { class: 'lines', 'data-test': 'balances' },
        o.debts.map((d) => h('li', {}, d.line)),
      ),
    o.netLines.length > 0 &&
      h(
        'div',
        { 'data-test': 'nets' },
        o.netLines.map((l) => h('p', { class: 'nets' }, l)),
      ),
    h('h2', {}, 'Settle up'),
    o.plan.length === 0
      ? h('p', {}, 'Nothing to pay.')
      : h(
          'div',
          {},
          h('p', { class: 'hint' }, `The fewest payments that settle everyone: ${o.plan.length}.`),
          h(
            'ol',
            { class: 'lines', 'data-test': 'plan' },
            o.plan.map((t) =>
              h('li', {}, h('span', {}, `${name(t.from)} → ${name(t.to)}`), h('strong', {}, t.pay.text)),
            ),
          ),
        ),
    h(
      'p',
      { class: 'hint' },
      `${o.spent.count} ${o.spent.count === 1 ? 'expense' : 'expenses'}, ${o.spent.total.text} in all.`,
    ),
  );
}

async function overviewPage(): Promise<void> {
  renderOverview(await api<OverviewView>('overview'));
}

/** Spending by category in all or in one month, as /summary adds it up; a month picker above it. */
function categorySection(first: CategoriesView, months: SpendingView['months']): HTMLElement {
  const body = h('div', { 'data-test': 'categories' });
  const fill = (c: CategoriesView) => {
    body.replaceChildren(
      c.rows.length === 0
        ? h('p', {}, `Nothing spent in ${c.label}.`)
        : h(
            'div',
            {},
            bars(
              `Spending by category, ${c.label}: ${c.rows.map((r) => `${r.label} ${r.total.text} (${r.percent})`).join('; ')}`,
              c.rows.map((r) => ({ label: r.label, value: Number(r.total.amount) })),
            ),
            h(
              'table',
              {},
              h('caption', { class: 'hint' }, `By category, ${c.label}: ${c.total.text}`),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Category'),
                  h('th', { scope: 'col' }, 'Spent'),
                  h('th', { scope: 'col' }, 'Part'),
                ),
              ),
              h(
                'tbody',
                {},
                c.rows.map((r) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row' }, r.label),
                    h('td', {}, r.total.text),
                    h('td', {}, r.percent),
                  ),
                ),
              ),
            ),
          ),
    );
  };
  // The months with spending, newest first, and the one asked for even if it had none.
  const choices = [...months].reverse().map((m) => ({ value: m.month, label: m.label }));
  if (first.month && !choices.some((m) => m.value === first.month))
    choices.unshift({ value: first.month, label: first.label });
  const picker = h(
    'select',
    {
      id: 'category-month',
      name: 'month',
      onchange: (event: Event) => {
        const month = (event.target as HTMLSelectElement).value;
        api<CategoriesView>(`categories${month ? `?month=${month}` : ''}`).then(fill, fail);
      },
    },
    h('option', { value: '', selected: first.month === null }, 'All time'),
    choices.map((m) => h('option', { value: m.value, selected: m.value === first.month }, m.label)),
  );
  fill(first);
  return h(
    'div',
    {},
    h('div', { class: 'picker' }, h('label', { for: 'category-month' }, 'Month'), picker),
    body,
  );
}

async function spendingPage(month: string | null = null): Promise<void> {
  const v = await api<SpendingView>(month ? `spending?month=${month}` : 'spending');
  if (v.count === 0) return frame('spending', h('h2', {}, 'Spending'), h('p', {}, 'Nothing spent yet.'));
  frame(
    'spending',
    h('h2', {}, 'Spending'),
    h(
      'p',
      {},
      `${v.total.text} over ${v.count} ${v.count === 1 ? 'expense' : 'expenses'}, ${v.firstDay} to ${v.lastDay}.`,
    ),
    h('h3', {}, 'By month'),
    columns(
      `Spending by month: ${v.months.map((m) => `${m.label} ${m.total.text}`).join('; ')}`,
      v.months.map((m) => ({ label: m.label, value: Number(m.total.amount), text: m.total.text })),
    ),
    h(
      'table',
      {},
      h('caption', { class: 'hint' }, 'By month'),
      h(
        'tbody',
        {},
        v.months.map((m) => h('tr', {}, h('th', { scope: 'row' }, m.label), h('td', {}, m.total.text))),
      ),
    ),
    h('h3', {}, 'By person'),
    pairedBars(
      `Paid and share by person: ${v.people.map((p) => `${p.name} paid ${p.paid.text}, share ${p.share.text}`).join('; ')}`,
      v.people.map((p) => ({ label: p.name, a: Number(p.paid.amount), b: Number(p.share.amount) })),
      ['paid', 'their share'],
    ),
    h(
      'table',
      {},
      h('caption', { class: 'hint' }, 'By person'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Person'),
          h('th', { scope: 'col' }, 'Paid'),
          h('th', { scope: 'col' }, 'Share'),
        ),
      ),
      h(
        'tbody',
        {},
        v.people.map((p) =>
          h('tr', {}, h('th', { scope: 'row' }, p.name), h('td', {}, p.paid.text), h('td', {}, p.share.text)),
        ),
      ),
    ),
    h('h3', { id: 'by-category' }, 'By category'),
    categorySection(v.categories, v.months),
  );
}

interface Filter {
  q?: string;
  payer?: string;
  person?: string;
  from?: string;
  to?: string;
  undone?: string;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
async function expensesPage(filter: Filter): Promise<void> {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const first = await api<ExpenseListView>(`expenses?${query}`);
  const members = session.group?.members ?? [];
  const input = (name: keyof Filter, label: string, type: string) =>
    h('label', {}, label, h('input', { name, type, value: filter[name] ?? '' }));
  const select = (name: keyof Filter, label: string) =>
    h(
      'label',
      {},
      label,
      h(
        'select',
        { name },
        h('option', { value: '' }, 'anyone'),
        members.map((m) =>
          h('option', { value: String(m.id), selected: filter[name] === String(m.id) }, m.name),
        ),
      ),
    );
  const form = h(
    'form',
    {
      role: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        const next: Filter = {};
        for (const key of ['q', 'payer', 'person', 'from', 'to'] as const)
          next[key] = String(data.get(key) ?? '');
        next.undone = data.get('undone') ? '1' : '';
        expensesPage(next).catch(fail);
      },
    },
    input('q', 'Search descriptions', 'search'),
    h('div', { class: 'row' }, select('payer', 'Paid by'), select('person', 'Shared by')),
    h('div', { class: 'row' }, input('from', 'Spent from', 'date'), input('to', 'to', 'date')),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', name: 'undone', checked: filter.undone === '1' }),
      'Show undone ones',
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Search'),
  );
  const list = h('ul', { class: 'expenses', 'data-test': 'expenses' });
  const more = h('button', { type: 'button', class: 'more' }, 'More');
  let next = first.nextBefore;
  const add = (page: ExpenseListView) => {
    for (const e of page.items) {
      list.append(
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: e.undone ? 'expense undone' : 'expense',
              onclick: () => expensePage(e.id, filter).catch(fail),
            },
            h(
              'span',
              { class: 'what' },
              `#${e.number} ${e.description || 'no description'}${e.undone ? ' (undone)' : ''}`,
            ),
            h('strong', {}, e.amount.text),
            h('span', { class: 'hint' }, `${e.spentOn} · ${e.payer.name} paid · ${e.people} sharing`),
          ),
        ),
      );
    }
    next = page.nextBefore;
    more.hidden = next === null;
  };
  more.addEventListener('click', () => {
    if (next === null) return;
    query.set('before', String(next));
    api<ExpenseListView>(`expenses?${query}`).then(add, fail);
  });
  add(first);
  frame(
    'expenses',
    h('h2', {}, 'Expenses'),
    form,
    h(
      'p',
      { role: 'status' },
      `${first.count} ${first.count === 1 ? 'expense matches' : 'expenses match'}, ${first.total.text} in all.`,
    ),
    list,
    more,
  );
}

async function expensePage(id: number, back: Filter): Promise<void> {
  const e = await api<ExpenseView>(`expense/${id}`);
  frame(
    'expenses',
    h(
      'button',
      { type: 'button', class: 'back', onclick: () => expensesPage(back).catch(fail) },
      '‹ All expenses',
    ),
    h('h2', {}, `#${e.number} ${e.description || 'no description'}`),
    e.undone &&
      h(
        'p',
        { class: 'error' },
        `Undone on ${e.undone.at.slice(0, 10)}${e.undone.by ? ` by ${e.undone.by.name}` : ''}.`,
      ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Amount'),
      h('dd', {}, e.amount.text),
      h('dt', {}, 'Paid by'),
      h('dd', {}, e.payer.name),
      h('dt', {}, 'Split'),
      h('dd', {}, `${e.split} among ${e.shares.length}`),
      h('dt', {}, 'Spent on'),
      h('dd', {}, e.spentOn),
      h('dt', {}, 'Recorded'),
      h('dd', {}, `${e.recordedAt.slice(0, 10)} by ${e.recordedBy.name}`),
    ),
    h('h3', {}, 'Shares'),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Person'),
          h('th', { scope: 'col' }, 'Share'),
          h('th', { scope: 'col' }, 'As typed'),
        ),
      ),
      h(
        'tbody',
        {},
        e.shares.map((s) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, s.person.name),
            h('td', {}, s.share.text),
            h('td', {}, s.typed ?? ''),
          ),
        ),
      ),
    ),
    e.items.length > 0 && h('h3', {}, 'Items'),
    e.items.length > 0 &&
      h(
        'ul',
        { class: 'lines', 'data-test': 'items' },
        e.items.map((i) => h('li', {}, `${i.what} ${i.amount.text}${i.people ? `: ${i.people}` : ''}`)),
      ),
    h('h3', {}, 'History'),
    e.history.length === 0
      ? h('p', { class: 'hint' }, 'Never corrected.')
      : h(
          'ol',
          { class: 'lines' },
          e.history.map((r) =>
            h('li', {}, `${r.at.slice(0, 10)}: corrected by ${r.by.name}; before it was ${r.before}`),
          ),
        ),
  );
}

/** A day, or a day and time (UTC) for a point of a short history. */
const when = (at: string | undefined) => (at ? at.slice(0, 16).replace('T', ' ') : '');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "7 Dec 2026" from a day or an instant (UTC), for the running net's axis. */
const dayOf = (at: string) =>
  `${Number(at.slice(8, 10))} ${MONTHS[Number(at.slice(5, 7)) - 1]} ${at.slice(0, 4)}`;

async function passbookPage(): Promise<void> {
  const p = await api<PassbookView>('passbook');
  const list = h('ul', { class: 'lines passbook', 'data-test': 'passbook' });
  const more = h('button', { type: 'button', class: 'more' }, 'Older');
  let next = p.nextBefore;
  const add = (page: PassbookView) => {
    for (const l of page.lines) {
      list.append(
        h(
          'li',
          {},
          h('span', { class: 'what' }, `${l.at.slice(0, 10)} · ${l.group}: ${l.what}`),
          h(
            'span',
            { class: 'hint' },
            `${l.delta.amount.startsWith('-') ? '' : '+'}${l.delta.text} → net ${l.runningNet.text}`,
          ),
        ),
      );
    }
    next = page.nextBefore;
    more.hidden = next === null;
  };
  more.addEventListener('click', () => {
    if (next !== null) api<PassbookView>(`passbook?before=${next}`).then(add, fail);
  });
  add(p);
  const net = Number(p.net.amount);
  frame(
    'passbook',
    h('h2', {}, 'My passbook'),
    h(
      'p',
      { class: 'net', 'data-test': 'net' },
      net === 0
        ? 'You are even across all your groups.'
        : net > 0
          ? `You are owed ${p.net.text} across all your groups.`
          : `You owe ${p.net.text.replace('-', '')} across all your groups.`,
    ),
    p.series.length > 0 &&
      line(
        `My running net over time, from ${p.series[0]?.net} on ${when(p.series[0]?.at)} to ${p.series.at(-1)?.net} on ${when(p.series.at(-1)?.at)}`,
        p.series.map((pt) => ({ x: dayOf(pt.at), y: Number(pt.net) })),
      ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Expenses I paid'),
      h('dd', {}, p.totals.paid.text),
      h('dt', {}, 'My shares'),
      h('dd', {}, p.totals.shares.text),
      h('dt', {}, 'Settlements paid'),
      h('dd', {}, p.totals.settlementsPaid.text),
      h('dt', {}, 'Settlements received'),
      h('dd', {}, p.totals.settlementsReceived.text),
    ),
    p.lines.length === 0
      ? h('p', {}, 'Your passbook is empty: nothing has been recorded with you yet.')
      : list,
    more,
  );
}

/** The Split a bill page, empty or filled in from a bill photo's lines (only its sender's). */
function openBill(prefill?: BillPrefill): void {
  billPage({
    members: session.group?.members ?? [],
    ...(prefill ? { prefill } : {}),
    me: session.me,
    post: (path, body) => api(path, body),
    render: (...content) => frame('bill', ...content),
    fail,
  });
}

async function billFromScan(scan: number | null): Promise<void> {
  if (scan === null) return openBill();
  const read = await api<ScanView>(`scan/${scan}`);
  openBill({ scan, description: read.merchant ?? '', items: read.items, charges: read.charges });
}

async function start(): Promise<void> {
  if (!launch.initData)
    throw new Refused(401, 'Open this page from Telegram: it came without Telegram’s launch data.');
  const startPage = launch.startParam ? startPageOf(launch.startParam) : null;
  if (startPage?.page === 'bill') {
    // Split by items on a bill photo: the page filled in from what was read.
    session = await api<SessionView>('session');
    await billFromScan(startPage.scan);
  } else if (startPage) {
    // A link to the spending page (/summary's): on the month it named.
    session = await api<SessionView>('session');
    await spendingPage(startPage.month);
    if (startPage.month) document.getElementById('by-category')?.scrollIntoView();
  } else if (launch.startParam) {
    // The group page's two requests go out together: the first render waits for one round trip.
    const [s, o] = await Promise.all([api<SessionView>('session'), api<OverviewView>('overview')]);
    session = s;
    renderOverview(o);
  } else {
    session = await api<SessionView>('session');
    await passbookPage();
  }
  root.dataset.ready = 'true';
  tellTelegramReady();
}

start().catch(fail);

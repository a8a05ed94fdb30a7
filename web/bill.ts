// The "Split a bill" page: the person who paid lists the bill's items, ticks for each item the
// members who had it, adds GST, service, tip or a discount, and records it; the bot splits it (the
// charges spread over the items in proportion, exact to the paisa) and confirms it in the group.
// The page checks nothing that matters: the server checks everything again.
import type { BillRecordedView } from '../src/http/miniapp/api-types.js';
import { h } from './dom.js';

/** A bill photo's lines as read (its Split by items), to start from. */
export interface BillPrefill {
  scan: number;
  description: string;
  items: { description: string; amount: string }[];
  /** Signed amounts read off the bill (taxes, and what else makes up its total). */
  charges: { label: string; amount: string }[];
}

export interface BillPageContext {
  members: { id: number; name: string }[];
  prefill?: BillPrefill;
  me: { id: number; name: string };
  post: (path: string, body: unknown) => Promise<BillRecordedView>;
  render: (...content: (Node | null | false)[]) => void;
  fail: (error: unknown) => void;
}

interface ItemDraft {
  description: string;
  amount: string;
  people: Set<number>;
}

/** One key per page load: pressing Record twice (or a retry) records the bill once. */
function newKey(): number {
  const values = new Uint32Array(1);
  crypto.getRandomValues(values);
  return ((values[0] as number) % 2_147_483_646) + 1;
}

const field = (label: string, name: string, placeholder: string, mode = 'decimal', value = '') =>
  h('label', {}, label, h('input', { name, inputmode: mode, placeholder, autocomplete: 'off', value }));

export function billPage(ctx: BillPageContext): void {
  const key = newKey();
  const prefill = ctx.prefill;
  const items: ItemDraft[] = prefill?.items.length
    ? prefill.items.map((i) => ({ description: i.description, amount: i.amount, people: new Set<number>() }))
    : [{ description: '', amount: '', people: new Set() }];
  const read = prefill?.charges ?? [];
  const list = h('ol', { class: 'bill-items', 'data-test': 'bill-items' });
  const status = h('p', { class: 'hint', role: 'status', 'data-test': 'bill-status' });
  const redraw = () => list.replaceChildren(...items.map((item, i) => itemRow(ctx, items, item, i, redraw)));
  redraw();
  const add = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        items.push({ description: '', amount: '', people: new Set() });
        redraw();
      },
    },
    'Add an item',
  );
  const record = h('button', { type: 'submit', class: 'primary' }, 'Record the bill');
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const missing = items.findIndex((item) => item.people.size === 0 || item.amount.trim() === '');
    if (missing >= 0) {
      status.textContent = `Item ${missing + 1} needs an amount and someone who had it.`;
      return;
    }
    record.disabled = true;
    status.textContent = 'Recording…';
    const body = {
      key,
      ...(prefill ? { scan: prefill.scan } : {}),
      description: String(data.get('description') ?? ''),
      items: items.map((item) => ({
        description: item.description,
        amount: item.amount,
        people: [...item.people],
      })),
      charges: [...read, ...chargesOf(data)],
    };
    ctx
      .post('bill', body)
      .then((done) => showRecorded(ctx, done))
      .catch((error: unknown) => {
        record.disabled = false;
        status.textContent = error instanceof Error ? error.message : String(error);
      });
  };
  const intro = `You (${ctx.me.name}) paid the bill. Tick who had each item.${prefill ? ' The items were read off your photo, which is kept as the receipt: check them.' : ''}`;
  const form = h(
    'form',
    { 'data-test': 'bill-form', onsubmit: submit },
    h('p', { class: 'hint' }, intro),
    field('Where, or what for', 'description', 'Barbeque Nation', 'text', prefill?.description),
    list,
    add,
    chargeFields(read),
    record,
    status,
  );
  ctx.render(h('h2', {}, 'Split a bill'), form);
}

function showRecorded(ctx: BillPageContext, done: BillRecordedView): void {
  ctx.render(
    h('h2', {}, done.created ? `Recorded #${done.number}` : `Already recorded as #${done.number}`),
    h(
      'ul',
      { class: 'lines', 'data-test': 'bill-recorded' },
      done.lines.map((line) => h('li', {}, line)),
    ),
  );
}

/** The charges read off a photo (as they are), and GST, service, tip and discount to fill in. */
function chargeFields(read: BillPrefill['charges']): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Charges, spread over the items in proportion'),
    read.length > 0 &&
      h(
        'ul',
        { class: 'lines', 'data-test': 'bill-read-charges' },
        read.map((c) => h('li', {}, `${c.label}: ₹${c.amount} (read off the bill)`)),
      ),
    h('div', { class: 'row' }, field('GST %', 'gst', '5'), field('Service %', 'service', '10')),
    h('div', { class: 'row' }, field('Tip ₹', 'tip', '40'), field('Discount ₹', 'discount', '50')),
  );
}

function itemRow(
  ctx: BillPageContext,
  items: ItemDraft[],
  item: ItemDraft,
  index: number,
  redraw: () => void,
): HTMLElement {
  const text = (label: string, value: string, set: (v: string) => void, mode: string) =>
    h(
      'label',
      {},
      label,
      h('input', {
        value,
        inputmode: mode,
        autocomplete: 'off',
        oninput: (event: Event) => set((event.target as HTMLInputElement).value),
      }),
    );
  return h(
    'li',
    { 'data-test': 'bill-item' },
    h(
      'div',
      { class: 'row' },
      text(`Item ${index + 1}`, item.description, (v) => (item.description = v), 'text'),
      text('Amount ₹', item.amount, (v) => (item.amount = v), 'decimal'),
    ),
    h(
      'fieldset',
      { class: 'who' },
      h('legend', {}, 'Who had it'),
      ctx.members.map((m) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            checked: item.people.has(m.id),
            onchange: (event: Event) => {
              if ((event.target as HTMLInputElement).checked) item.people.add(m.id);
              else item.people.delete(m.id);
            },
          }),
          m.name,
        ),
      ),
    ),
    items.length > 1 &&
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: () => {
            items.splice(index, 1);
            redraw();
          },
        },
        `Remove item ${index + 1}`,
      ),
  );
}

/** The charge fields that were filled in, as the server takes them (a discount is negative). */
function chargesOf(data: FormData): { label: string; percent?: string; amount?: string }[] {
  const value = (name: string) => String(data.get(name) ?? '').trim();
  const charges: { label: string; percent?: string; amount?: string }[] = [];
  if (value('gst')) charges.push({ label: 'GST', percent: value('gst') });
  if (value('service')) charges.push({ label: 'service', percent: value('service') });
  if (value('tip')) charges.push({ label: 'tip', amount: value('tip') });
  if (value('discount'))
    charges.push({ label: 'discount', amount: `-${value('discount').replace(/^-/, '')}` });
  return charges;
}

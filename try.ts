import { parsePaid } from './src/commands/index.js';
const show = (p: any) => p.kind === 'name' ? p.name : p.kind === 'username' ? '@' + p.username : '#' + p.user.id;
function fmt(i: any): string {
  return `${i.amount}${i.currency ? ' ' + i.currency : ''} ${i.splitType} payer=${i.payer ? show(i.payer) : '-'} ${i.everyone ? 'EVERYONE' : ''}${i.except ? ' except ' + i.except.map(show) : ''} [${i.participants.map((p: any) => show(p.person) + (p.value ? ' ' + p.value : '')).join(', ')}] cand=[${i.candidates.map((c: any) => c.name)}] "${i.description}"${i.tentative ? ' tent=' + i.tentative : ''}`;
}
for (const t of process.argv.slice(2)) {
  try {
    const i = parsePaid({ text: t, entities: [], sender: { id: 1, first_name: 'Asha', username: 'asha_k' }, botUsername: 'HisaabBot' });
    console.log(t, '\n   =>', fmt(i));
    if (i.fallback) console.log('   fallback', fmt(i.fallback));
    for (const a of i.alternatives ?? []) console.log('   alt', a.why, fmt(a.intent));
  } catch (e) { console.log(t, '\n   !!', (e as Error).message); }
}

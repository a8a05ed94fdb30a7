import { flatReading } from './test/commands/flat-reading.js';
for (const t of process.argv.slice(2)) console.log(JSON.stringify([t, flatReading(t)]) + ',');

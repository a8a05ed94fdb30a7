import { readFileSync } from 'node:fs';
import { flatReading } from './test/commands/flat-reading.js';
const lines = JSON.parse(readFileSync('/tmp/phr.json', 'utf8')) as string[];
for (const t of lines) console.log(JSON.stringify([t, flatReading(t)]) + ',');

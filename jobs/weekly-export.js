// The file Bree starts in a worker thread. Worker threads cannot load TypeScript by themselves, so
// this loader hands the job to tsx; `npm start`, `npm run export` and the tests all run this file.
import { tsImport } from 'tsx/esm/api';

await tsImport('./weekly-export.ts', import.meta.url);

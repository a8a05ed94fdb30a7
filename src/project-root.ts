// The project folder: the nearest one above this file with a package.json. Code runs from src/ (tests,
// tsx) and from dist/src/ (`npm start`); files read at run time (prisma/migrations, the embedded
// database's template in dist/) are found from here in both cases.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('could not find the project folder (package.json) above src/');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();

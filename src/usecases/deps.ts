// What use cases are given to work with. Every use case is called the same way:
// `verbNoun(deps, input)`, taking from deps only what it needs, so a handler passes its services
// and a test passes a database and a clock of its own.
import type { Sql } from '../db/sql.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { MemberDirectory } from './members.js';

export interface UseCaseDeps {
  prisma: PrismaClient;
  /** The same database through its driver: statements declared in db/queries/. */
  sql: Sql;
  members: MemberDirectory;
  clock: () => Date;
}

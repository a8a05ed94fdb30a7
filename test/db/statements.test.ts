// The typed seam for plain SQL holds: every statement in db/queries/ is prepared by the database
// itself (PGlite, or the server in TEST_DATABASE_URL), and the columns it returns, by name and
// type, are exactly the ones its declaration promises the code. A renamed alias, a column that
// comes back as numeric or bigint instead of text, or a parameter the SQL cannot type fails here.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allStatements } from '../../src/db/queries/index.js';
import type { ColumnSpec } from '../../src/db/sql.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';

/** PostgreSQL's type ids for the column types a statement may declare. */
const TYPE_IDS: Record<string, number> = { int4: 23, text: 25, bool: 16, jsonb: 3802 };

const ignore = () => undefined;

interface Described {
  name: string;
  dataTypeID: number;
}

/** Parse + Describe on a server connection, through pg's extension point for custom queries. */
function describeOnServer(client: pg.Client, text: string): Promise<Described[]> {
  return new Promise((resolve, reject) => {
    let fields: Described[] = [];
    let failure: unknown;
    const describe = {
      submit(connection: { parse(m: object): void; describe(m: object): void; sync(): void }) {
        connection.parse({ text, types: [] });
        connection.describe({ type: 'S', name: '' });
        connection.sync();
      },
      handleRowDescription(message: { fields: Described[] }) {
        fields = message.fields;
      },
      handleError(error: unknown) {
        failure = error;
      },
      handleReadyForQuery() {
        if (failure) reject(failure);
        else resolve(fields);
      },
      // pg may call these on any query; a Describe brings no rows, so there is nothing to do.
      handleCommandComplete: ignore,
      handleDataRow: ignore,
      handleEmptyQuery: ignore,
      handlePortalSuspended: ignore,
    };
    // A submittable query: pg hands it the connection and the backend's answers; it returns no promise.
    client.query(describe as unknown as pg.QueryConfig);
  });
}

describe('every plain-SQL statement', () => {
  let db: TestDatabase;
  let client: pg.Client | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    if (db.url) {
      client = new pg.Client({ connectionString: db.url });
      await client.connect();
    }
  });
  afterAll(async () => {
    await client?.end();
    await db?.close();
  });

  async function describeStatement(text: string): Promise<Described[]> {
    if (client) return describeOnServer(client, text);
    if (!db.pglite) throw new Error('the test database has neither a server nor PGlite');
    const described = await db.pglite.describeQuery(text);
    return described.resultFields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
  }

  it('has a unique name', () => {
    const names = allStatements.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(allStatements.map((s) => [s.name, s] as const))(
    '%s returns the columns it declares',
    async (_name, statement: { text: string; columns: ColumnSpec }) => {
      const fields = await describeStatement(statement.text);
      const declared = Object.entries(statement.columns).map(([name, type]) => ({
        name,
        dataTypeID: TYPE_IDS[type.replace('?', '')],
      }));
      expect(fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }))).toEqual(declared);
    },
  );
});

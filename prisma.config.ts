// Prisma CLI settings. The database URL is not needed here: migrations run offline through
// src/db/migrator.ts, and the client connects through a driver adapter chosen in src/db/client.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});

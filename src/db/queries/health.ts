// The health check (/healthz): the database answers a query.
import { statement } from '../sql.js';

export const pingSql = statement<[]>()('the database answers', 'SELECT 1 AS ok', { ok: 'int4' });

export const healthStatements = [pingSql];

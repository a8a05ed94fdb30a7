// Who is asking the Mini App's API: Telegram's initData checked (401 when it does not check out),
// and for a group's pages, membership of the group the signed startapp token names, read from the
// database now (403 for anyone who is not in it). Shared by the read pages (api.ts) and the bill
// page (bill-api.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentMember } from '../../usecases/current-member.js';
import type { UseCaseDeps } from '../../usecases/deps.js';
import type { Person } from '../../usecases/members.js';
import { sendJson } from '../server.js';
import { checkInitData, initDataFromHeader, type Launch } from './init-data.js';
import { groupFromStartToken } from './start-token.js';

export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function refuse(res: ServerResponse, refusal: Refusal): void {
  sendJson(res, refusal.status, { error: refusal.message });
}

export function launchOf(req: IncomingMessage, botToken: string): Launch {
  const header = req.headers.authorization;
  const check = checkInitData(initDataFromHeader(typeof header === 'string' ? header : undefined), botToken);
  if (!check.ok) throw new Refusal(401, check.reason);
  return check.launch;
}

/** The group the launch names, and the member asking; 403 for anyone who is not in it now. */
export async function memberOf(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members'>,
  botToken: string,
  launch: Launch,
): Promise<{ groupId: number; me: Person; title: string; viewVersion: number }> {
  const groupId = launch.startParam ? groupFromStartToken(botToken, launch.startParam) : null;
  if (groupId === null)
    throw new Refusal(403, 'This page was not opened on a group: open it from the group’s /balances.');
  const found = await currentMember(deps, { groupId, telegramId: launch.telegramId });
  if (!found)
    throw new Refusal(403, 'You are not a member of this group, so its ledger is not shown to you.');
  return { groupId, me: found.person, title: found.groupTitle, viewVersion: found.viewVersion };
}

// The emulator's HTTP face: /bot<token>/<method> calls (logged, checked against the token, with
// injected faults and Telegram's send limits applied before the method runs) and the file server
// at /file/bot<token>/<path>.
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITED_METHODS, type SendLimiter } from '../send-limits.js';
import type { UpdateDelivery } from './delivery.js';
import type { BotMethods } from './methods.js';
import { ApiError, chatIdOf, readParams, replyError, replyJson, sleep } from './wire.js';
import type { EmulatorWorld } from './world.js';

export type Fault =
  | { kind: '429'; retryAfter: number }
  | { kind: '5xx'; status?: number }
  /** A refusal Telegram does not ask to retry (400 Bad Request, 403 Forbidden, ...). */
  | { kind: 'refuse'; status: number; description: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' };

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  status: number;
}

const MAX_CALLS = 100_000;

/** What a request is answered from. `events` hears 'call' once each call is answered. */
export interface HttpContext {
  token: string;
  latencyMs: number;
  calls: ApiCall[];
  faultQueue: Map<string, Fault[]>;
  limiter: SendLimiter;
  world: EmulatorWorld;
  delivery: UpdateDelivery;
  methods: BotMethods;
  events: EventEmitter;
}

export async function handleRequest(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
  if (download) return serveFile(ctx, req, res, download[1] as string, download[2] as string);
  const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
  const params = await readParams(req);
  const method = match?.[2] ?? '';
  const call: ApiCall = { method, params, at: Date.now(), status: 200 };
  ctx.calls.push(call);
  if (ctx.calls.length > MAX_CALLS) ctx.calls.splice(0, ctx.calls.length - MAX_CALLS);
  try {
    if (!match) throw new ApiError(404, 'Not Found');
    if (match[1] !== ctx.token) throw new ApiError(401, 'Unauthorized');
    await answerCall(ctx, method, params, res);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    call.status = error.status;
    replyError(res, error);
  } finally {
    ctx.events.emit('call', call);
  }
}

/** A call to a method: faults first (they use no budget), then the send limits, then the method. */
async function answerCall(
  ctx: HttpContext,
  method: string,
  params: Record<string, unknown>,
  res: ServerResponse,
) {
  const limitedChat = LIMITED_METHODS.has(method) ? chatIdOf(params) : undefined;
  // A send during a flood wait is counted as it arrives, whatever answers it.
  if (limitedChat !== undefined) ctx.limiter.arrive(limitedChat);
  const fault = ctx.faultQueue.get(method)?.shift();
  if (fault) {
    if (fault.kind === '429' && limitedChat !== undefined)
      ctx.limiter.injected429(limitedChat, fault.retryAfter);
    await applyFault(fault, res);
  }
  if (res.destroyed) return;
  if (ctx.latencyMs > 0) await sleep(ctx.latencyMs);
  if (method === 'getUpdates') return ctx.delivery.getUpdates(params, res);
  if (limitedChat !== undefined) {
    const refused = ctx.limiter.admit(limitedChat);
    if (refused)
      throw new ApiError(429, `Too Many Requests: retry after ${refused.retryAfter}`, {
        retry_after: refused.retryAfter,
      });
  }
  const result = ctx.methods.dispatch(method, params);
  if (limitedChat !== undefined) ctx.limiter.record(limitedChat, method);
  replyJson(res, 200, { ok: true, result });
}

/** GET /file/bot<token>/<file_path>: the bytes, as Telegram's file server answers. */
function serveFile(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  filePath: string,
) {
  const call: ApiCall = { method: 'file', params: { file_path: filePath }, at: Date.now(), status: 200 };
  ctx.calls.push(call);
  const file = [...ctx.world.files.values()].find((f) => f.filePath === decodeURIComponent(filePath));
  const fault = ctx.faultQueue.get('file')?.shift();
  try {
    if (fault?.kind === '5xx') throw new ApiError(fault.status ?? 502, 'Bad Gateway');
    if (fault?.kind === 'refuse') throw new ApiError(fault.status, fault.description);
    if (token !== ctx.token) throw new ApiError(401, 'Unauthorized');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, 'Method Not Allowed');
    if (!file) throw new ApiError(404, 'Not Found');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    call.status = error.status;
    replyJson(res, error.status, { ok: false, error_code: error.status, description: error.description });
  } finally {
    ctx.events.emit('call', call);
  }
}

async function applyFault(fault: Fault, res: ServerResponse): Promise<void> {
  switch (fault.kind) {
    case '429':
      throw new ApiError(429, `Too Many Requests: retry after ${fault.retryAfter}`, {
        retry_after: fault.retryAfter,
      });
    case '5xx':
      throw new ApiError(fault.status ?? 502, 'Bad Gateway');
    case 'refuse':
      throw new ApiError(fault.status, fault.description);
    case 'delay':
      await sleep(fault.ms);
      return;
    case 'drop':
      res.socket?.destroy();
      return;
  }
}

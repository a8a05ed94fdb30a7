// Starts the bot as a real process, the way `npm start` runs it, and collects what it prints.
import { type ChildProcess, spawn } from 'node:child_process';

const root = new URL('../../', import.meta.url);

export interface Running {
  child: ChildProcess;
  /** Everything printed so far (stderr and stdout). */
  stderr: () => string;
  exited: Promise<number | null>;
}

export function startBot(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stderr?.on('data', collect);
  child.stdout?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => output, exited };
}

/** Waits until the process has printed something matching `pattern`. */
export async function waitForOutput(bot: Running, pattern: RegExp, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pattern.test(bot.stderr())) {
    if (Date.now() > until)
      throw new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${bot.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

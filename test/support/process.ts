// Starts the bot as a real process, the way `npm start` runs it, and collects what it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

export interface Running {
  child: ChildProcess;
  /** Everything printed so far (stderr and stdout). */
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts the bot from source (tsx), or `compiled`: exactly as `npm start` runs it (the command in
 * package.json's start script, on the built dist/), without npm in between so signals reach it.
 */
export function startBot(env: Record<string, string>, options: { compiled?: boolean } = {}): Running {
  const args = options.compiled ? npmStartArgs() : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    // Any free port on loopback unless the test says otherwise: processes running at once never fight over one.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
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

function npmStartArgs(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
    scripts: { start: string };
  };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start does not run node directly: ${pkg.scripts.start}`);
  return args;
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

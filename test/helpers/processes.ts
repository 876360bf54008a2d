// The built server and CLI (dist/bin) as separate processes, the way an operator runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { projectRoot } from '../../src/core/project-root.js';

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const baseEnv = () => {
  // Only what a process needs from ours: no test runner's NODE_OPTIONS, no stray settings.
  const { PATH, HOME } = process.env;
  // Every sign-in of a test comes from a new browser: tests of login verification switch it on.
  return {
    PATH, HOME, NODE_ENV: 'test', LOG_LEVEL: 'warn', LOGIN_VERIFICATION: 'false', MANAGEMENT_PORT: '0', SHUTDOWN_GRACE_SECONDS: '0',
  };
};

/** `input`, when given, is written to the command's stdin, which then closes. */
export function runCli(args: readonly string[], env: Record<string, string>, input?: string): Promise<ProcessResult> {
  return runNode(join(projectRoot, 'dist', 'bin', 'cli.js'), args, env, 60_000, input);
}

export function runNode(script: string, args: readonly string[], env: Record<string, string>, timeoutMs = 60_000,
  input?: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...baseEnv(), ...env }, cwd: projectRoot });
    if (input !== undefined) {
      child.stdin.end(input);
    }
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** SIGKILL, as a crash would; resolves once the process is gone (at once when it already is). */
export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export interface ServerProcess {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts dist/bin/server.js (or another server script) and waits until it says it is ready. */
export function startServerProcess(env: Record<string, string>, timeoutMs = 30_000,
  script = join(projectRoot, 'dist', 'bin', 'server.js'),
  /** Runs node through another command (the benchmark pins it to a core with taskset). */
  launcher?: { command: string; args: string[] }): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const [command, args] = launcher ? [launcher.command, [...launcher.args, script]] : [process.execPath, [script]];
    const child = spawn(command, args, {
      env: { ...baseEnv(), ...env }, cwd: projectRoot,
    });
    let output = '';
    const server: ServerProcess = {
      child,
      output: () => output,
      stop: () => new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          done(child.exitCode);
          return;
        }
        child.once('close', (code) => done(code));
        child.kill('SIGTERM');
      }),
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      // The last 64 KiB are enough to explain a failure; a busy server's whole log would not fit.
      output = (output + chunk.toString()).slice(-65_536);
      if (output.includes('is ready')) {
        clearTimeout(timer);
        resolve(server);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

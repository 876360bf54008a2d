// PGlite is PostgreSQL inside one process: two processes opening one data directory would corrupt it.
// Whoever opens ./data (the server, or the CLI when no server runs) holds this lock file first.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirLock {
  release(): void;
}

export interface LockHolder {
  readonly pid: number;
  readonly role: string;
}

export class DataDirLockedError extends Error {
  constructor(readonly holder: LockHolder, dataDir: string) {
    super(`${dataDir} is in use by the ${holder.role} (pid ${holder.pid})`);
    this.name = 'DataDirLockedError';
  }
}

export function acquireDataDirLock(dataDir: string, role: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, role }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (!released) {
          released = true;
          unlinkSync(path);
          process.off('exit', release);
        }
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const holder = readHolder(path);
      if (holder && isAlive(holder.pid)) {
        throw new DataDirLockedError(holder, dataDir);
      }
      // Left behind by a process that died: take it over.
      unlinkSync(path);
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, role: String(parsed.role) } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

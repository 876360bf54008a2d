// CPU time and memory of another process (the server under load), read from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a /proc stat line (a process's or a thread's). */
function statCpuSeconds(stat: string): number {
  // Fields after the command name (which may hold spaces, inside parentheses): utime is 14th, stime 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * The same, split by thread: the main (JavaScript) thread, libuv's pool (argon2id, file system, DNS:
 * threads named libuv-worker) and the rest (V8's garbage collector and compiler helpers). A thread that
 * ended takes its seconds with it; the pool's threads and V8's live as long as the process.
 */
export interface ThreadCpu { readonly main: number; readonly pool: number; readonly other: number }

export function cpuSecondsByThread(pid: number): ThreadCpu {
  let main = 0;
  let pool = 0;
  let other = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let seconds: number;
    let name: string;
    try {
      seconds = statCpuSeconds(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue; // The thread ended between the listing and the read.
    }
    if (tid === String(pid)) {
      main += seconds;
    } else if (name.startsWith('libuv-worker')) {
      pool += seconds;
    } else {
      other += seconds;
    }
  }
  return { main, pool, other };
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

/** Samples the resident set size every 100 ms until stopped; returns the largest seen. */
export function watchPeakRss(pid: number): { stop(): number } {
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid));
    } catch {
      // The process ended.
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

import { readdirSync, readFileSync } from 'node:fs';

/** CPU a process has used (user + system), in seconds: all its threads, its main thread alone, and by thread name. */
export interface ProcessCpu {
  readonly total: number;
  readonly mainThread: number;
  /** By the name the operating system has for each thread (serve's are named after their entry files: grpc, history-reader…; V8's GC helpers V8Worker), summed per name. */
  readonly threads: Readonly<Record<string, number>>;
}

/** Linux's USER_HZ, the unit of /proc's times: 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/**
 * A process's CPU time from /proc (Linux): what a server costs per request, whatever the load
 * generator on the same cores costs, and less noisy than its latency on a shared machine. Undefined
 * where /proc is not there.
 */
export function processCpu(pid: number): ProcessCpu | undefined {
  try {
    return { total: cpuSeconds(`/proc/${pid}/stat`), mainThread: cpuSeconds(`/proc/${pid}/task/${pid}/stat`), threads: threadsCpu(pid) };
  } catch {
    return undefined;
  }
}

function threadsCpu(pid: number): Record<string, number> {
  const threads: Record<string, number> = {};
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const line = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name = line.slice(line.indexOf('(') + 1, line.lastIndexOf(')'));
      threads[name] = (threads[name] ?? 0) + cpuSecondsOf(line);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return threads;
}

/**
 * CPU time of every PostgreSQL process of this machine (backends, WAL writer, checkpointer…), in seconds:
 * what the database spends for a server on the same cores. Undefined where /proc is not there or no
 * process is PostgreSQL's. Processes that exit between two samples drop out of the difference.
 */
export function localPostgresCpu(): number | undefined {
  let total: number | undefined;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const line = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (line.slice(line.indexOf('(') + 1, line.lastIndexOf(')')) !== 'postgres') continue;
      total = (total ?? 0) + cpuSecondsOf(line);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return total;
}

/** The difference between two samples of the same process. */
export function cpuBetween(before: ProcessCpu | undefined, after: ProcessCpu | undefined): ProcessCpu | undefined {
  if (before === undefined || after === undefined) return undefined;
  // A thread that exited in between drops out; one started in between counts from zero.
  const threads = Object.fromEntries(Object.entries(after.threads).map(([name, seconds]) => [name, seconds - (before.threads[name] ?? 0)]));
  return { total: after.total - before.total, mainThread: after.mainThread - before.mainThread, threads };
}

/** utime + stime, fields 14 and 15 of a stat line, counted after the command name (which may hold spaces and parentheses). */
function cpuSeconds(statFile: string): number {
  return cpuSecondsOf(readFileSync(statFile, 'utf8'));
}

function cpuSecondsOf(line: string): number {
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

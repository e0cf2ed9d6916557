import { readFileSync } from 'node:fs';

/** CPU a process has used (user + system), in seconds: all its threads, and its main thread alone. */
export interface ProcessCpu {
  readonly total: number;
  readonly mainThread: number;
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
    return { total: cpuSeconds(`/proc/${pid}/stat`), mainThread: cpuSeconds(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return undefined;
  }
}

/** The difference between two samples of the same process. */
export function cpuBetween(before: ProcessCpu | undefined, after: ProcessCpu | undefined): ProcessCpu | undefined {
  if (before === undefined || after === undefined) return undefined;
  return { total: after.total - before.total, mainThread: after.mainThread - before.mainThread };
}

/** utime + stime, fields 14 and 15 of a stat line, counted after the command name (which may hold spaces and parentheses). */
function cpuSeconds(statFile: string): number {
  const line = readFileSync(statFile, 'utf8');
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

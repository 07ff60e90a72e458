import { readdirSync, readFileSync } from 'node:fs'

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ on every mainstream architecture). */
const TICKS_PER_SECOND = 100

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/** A process's own user and system time in seconds, from /proc; null where there is no /proc. */
const ownSeconds = (pid: number): number | null => {
  const stat = read(`/proc/${pid}/stat`)
  if (stat === null) return null
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

const childrenOf = (pid: number): number[] => {
  let tasks: string[]
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
  return tasks.flatMap((tid) => (read(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ').filter(Boolean).map(Number))
}

/**
 * CPU seconds a process and its live descendants (the workers of `WORKERS=2`)
 * have used so far, or null off Linux. The difference over a load run, per
 * request, is the server's own cost of a request: steadier than throughput
 * on a shared machine, where the database and the load generator take the
 * same cores.
 */
export const cpuSeconds = (pid: number): number | null => {
  const own = ownSeconds(pid)
  if (own === null) return null
  return childrenOf(pid).reduce((sum, child) => sum + (cpuSeconds(child) ?? 0), own)
}

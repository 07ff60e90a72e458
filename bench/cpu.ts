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

/** CPU seconds used so far by each process of the local PostgreSQL server, by pid; null when none runs here. */
const postgresProcesses = (): Map<number, number> | null => {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return null
  }
  const seconds = new Map<number, number>()
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const stat = read(`/proc/${entry}/stat`)
    if (stat === null || !stat.includes('(postgres)')) continue
    seconds.set(Number(entry), ownSeconds(Number(entry)) ?? 0)
  }
  return seconds.size > 0 ? seconds : null
}

/**
 * Starts counting the CPU of the local PostgreSQL server (its backends, WAL
 * writer and the rest); the function it answers tells the seconds used
 * since, or null when none runs here (off Linux, or a database on another
 * machine). A process that exits in between takes its time with it (a pool
 * closing an idle connection), so the count can only fall short.
 */
export const postgresSince = (): (() => number | null) => {
  const before = postgresProcesses()
  return () => {
    const after = postgresProcesses()
    if (before === null || after === null) return null
    let seconds = 0
    for (const [pid, now] of after) seconds += now - (before.get(pid) ?? 0)
    return seconds
  }
}

/** CPU seconds this process (the load generator, or the raw ceiling's client) has used so far. */
export const selfSeconds = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

/** Starts a reading; the function it answers tells how much it has grown since, or null when either reading is missing. */
export const since = (read: () => number | null): (() => number | null) => {
  const before = read()
  return () => {
    const after = read()
    return before === null || after === null ? null : after - before
  }
}

/** CPU time per operation in microseconds, or null when the time is unknown or nothing was done. */
export const perOperation = (seconds: number | null, operations: number): number | null =>
  seconds === null || operations === 0 ? null : (seconds / operations) * 1e6

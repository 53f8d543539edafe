// CPU time and peak RSS of a server process and its children (a cluster), read from /proc.
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses: fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    return { ppid: Number(fields[1]), cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** The process and every descendant. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const info = stat(Number(entry));
    if (!info) continue;
    const list = children.get(info.ppid) ?? [];
    list.push(Number(entry));
    children.set(info.ppid, list);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** Total CPU (user + system) used so far by the process tree, in ms. */
export function treeCpuMs(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + (stat(pid)?.cpuMs ?? 0), 0);
}

/** Peak resident set (VmHWM) of each process of the tree that runs node, in MB. */
export function peakRssMb(root: number): number[] {
  const peaks: number[] = [];
  for (const pid of processTree(root)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmdline.includes("node")) continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      if (kb) peaks.push(Math.round(Number(kb) / 1024));
    } catch {
      // The process ended meanwhile.
    }
  }
  return peaks;
}

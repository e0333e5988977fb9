// A progress line on stderr for long runs: redrawn in place on a terminal, a line every few
// seconds otherwise (logs), never on stdout where results go.
export class Progress {
  private last = 0;
  private readonly started = Date.now();

  constructor(private readonly label: string, private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr) {}

  tick(done: number, note = ''): void {
    const now = Date.now();
    const tty = Boolean(this.stream.isTTY);
    if (done < this.total && now - this.last < (tty ? 100 : 5000)) return;
    this.last = now;
    const pct = this.total > 0 ? Math.floor((done / this.total) * 100) : 100;
    const rate = done / Math.max((now - this.started) / 1000, 0.001);
    const width = 24;
    const bar = '#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.');
    const line = `${this.label} [${bar}] ${done}/${this.total} ${pct}% ${rate.toFixed(1)}/s ${note}`.trimEnd();
    this.stream.write(tty ? `\r${line.padEnd(100).slice(0, Math.max(100, line.length))}${done >= this.total ? '\n' : ''}` : `${line}\n`);
  }
}

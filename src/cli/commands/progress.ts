// A progress bar on stderr: redrawn in place on a terminal; on a pipe, one line per tenth of a
// long run (≥ 50 items) so logs stay readable. Never on stdout, which carries results.

export class Progress {
  private count = 0;
  private lastTenth = 0;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  tick(): void {
    this.count++;
    if (this.tty) this.draw();
    else if (this.total >= 50) {
      const tenth = Math.floor((10 * this.count) / this.total);
      if (tenth > this.lastTenth) {
        this.lastTenth = tenth;
        this.stream.write(`${this.count}/${this.total} images (${this.rate()})\n`);
      }
    }
  }

  done(): void {
    if (this.tty && this.count > 0) this.stream.write('\n');
  }

  private draw(): void {
    const width = 30;
    const filled = Math.round((width * this.count) / Math.max(1, this.total));
    this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.count}/${this.total} ${this.rate()}`);
  }

  private rate(): string {
    const s = (Date.now() - this.started) / 1000;
    return s > 0 ? `${(this.count / s).toFixed(1)} images/s` : '';
  }
}

import { SingleBar, Presets } from 'cli-progress';

/**
 * Progress for long command-line work, on stderr so stdout stays clean for --json.
 * Stages with a known total get a bar; the others a counter line. Quiet when stderr is not a terminal.
 */
export class StageProgress {
  private bar: SingleBar | null = null;
  private stage = '';

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(stage: string, done: number, total?: number): void {
    if (stage !== this.stage) {
      this.finishStage();
      this.stage = stage;
      if (total !== undefined && this.stream.isTTY) {
        this.bar = new SingleBar({ format: `${stage.padEnd(14)} [{bar}] {percentage}% {value}/{total}`, stream: this.stream }, Presets.shades_classic);
        this.bar.start(total, done);
        return;
      }
      if (!this.stream.isTTY) this.stream.write(`${stage}...\n`);
    }
    if (this.bar) this.bar.update(done);
    else if (this.stream.isTTY) this.stream.write(`\r${stage.padEnd(14)} ${done}${total !== undefined ? `/${total}` : ''}`);
  }

  finishStage(): void {
    if (this.bar) this.bar.stop();
    else if (this.stage && this.stream.isTTY) this.stream.write('\n');
    this.bar = null;
  }

  done(message: string): void {
    this.finishStage();
    this.stage = '';
    this.stream.write(`${message}\n`);
  }
}

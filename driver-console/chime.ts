/** Two short tones (Web Audio), loud enough over an engine, for a manifest that changed. */
let context: AudioContext | null = null;

/** Plays the chime; counts it on `document.body.dataset.chimes` so a test (or a simulator) sees it was played. */
export function chime(): void {
  document.body.dataset.chimes = String(Number(document.body.dataset.chimes ?? '0') + 1);
  try {
    context ??= new AudioContext();
    const start = context.currentTime;
    for (const [k, hz] of [660, 880].entries()) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, start + k * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.4, start + k * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + k * 0.18 + 0.16);
      osc.connect(gain).connect(context.destination);
      osc.start(start + k * 0.18);
      osc.stop(start + k * 0.18 + 0.17);
    }
  } catch {
    // No audio on this device (or not yet allowed): the banner still says what changed.
  }
}

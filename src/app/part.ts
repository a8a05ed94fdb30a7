// The application is assembled from parts, each started in order and owning its own stop; the app
// stops them in the reverse order (what started last stops first), also when a later part fails
// to start, so nothing is left open.

export interface Part {
  /** For the log when a stop fails. */
  readonly name: string;
  stop(): Promise<void>;
}

/** The parts started so far, in order, with one way to stop them all (the last started first). */
export class Parts {
  private readonly started: Part[] = [];

  add<P extends Part>(part: P): P {
    this.started.push(part);
    return part;
  }

  /** Stops every part, the last started first; a part whose stop fails does not keep the others up. */
  async stopAll(onFailure: (part: Part, error: unknown) => void): Promise<void> {
    for (const part of this.started.splice(0).reverse()) {
      try {
        await part.stop();
      } catch (error) {
        onFailure(part, error);
      }
    }
  }
}

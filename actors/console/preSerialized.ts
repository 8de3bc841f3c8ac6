/** A JSON answer serialized once and sent as it is to every request until the data changes. */
export class PreSerialized {
  readonly text: string;

  constructor(value: unknown) {
    this.text = `${JSON.stringify(value)}\n`;
  }
}

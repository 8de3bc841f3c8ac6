/**
 * The embedded client's optional route snapshot file: loaded at start (served
 * while DNS is down), saved when the routes changed. The agent's own file
 * format and helpers; failures are counted, never thrown at the application.
 */
import { loadSnapshotFile, saveSnapshotIfChanged } from '../actors/lb/core/routeSnapshotFile.js';
import type { RouteLb } from '../actors/lb/core/routeLb.js';

export class EmbeddedSnapshot {
  keysLoaded = 0;
  readErrors = 0;
  writeErrors = 0;
  private text = '';

  /** `path` '' turns it off; `refresh` brings the LB's turn clock up to date before an import. */
  constructor(
    private readonly path: string,
    private readonly rlb: RouteLb,
    private readonly refresh: () => void,
  ) {}

  load(): void {
    if (this.path === '') return;
    try {
      this.refresh();
      const { keys, text } = loadSnapshotFile(this.path, (data) => this.rlb.importSnapshot(data));
      this.keysLoaded = keys;
      this.text = text;
    } catch {
      this.readErrors++;
    }
  }

  save(): void {
    if (this.path === '') return;
    try {
      this.text = saveSnapshotIfChanged(this.path, this.rlb.exportSnapshot(), this.text);
    } catch {
      this.writeErrors++;
    }
  }
}

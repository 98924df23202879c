/** An event as stored in a command log row: a plain object told apart by its `type`. */
export interface StoredEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

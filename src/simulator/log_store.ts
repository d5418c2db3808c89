/**
 * The simulated CloudWatch Logs data: log groups, their streams and events, as the containers
 * of simulated tasks write them (the `awslogs` driver's PutLogEvents). Times are epoch
 * milliseconds, as the Logs API has them. Not part of state snapshots: a restored emulator
 * starts without logs.
 *
 * @module
 */

/** One event of a stream. */
export interface LogEventRecord {
  timestamp: number;
  ingestionTime: number;
  message: string;
}

export interface LogStreamRecord {
  name: string;
  creationTime: number;
  events: LogEventRecord[];
}

export interface LogGroupRecord {
  name: string;
  creationTime: number;
  streams: Map<string, LogStreamRecord>;
}

/** Groups by name; a write creates the group and stream it needs. */
export class LogStore {
  readonly groups = new Map<string, LogGroupRecord>();

  /** Appends `messages` at `now` to `group`/`stream`, creating either as needed. */
  put(group: string, stream: string, messages: string[], now: number): void {
    let g = this.groups.get(group);
    if (!g) {
      g = { name: group, creationTime: now, streams: new Map() };
      this.groups.set(group, g);
    }
    let s = g.streams.get(stream);
    if (!s) {
      s = { name: stream, creationTime: now, events: [] };
      g.streams.set(stream, s);
    }
    for (const message of messages) s.events.push({ timestamp: now, ingestionTime: now, message });
  }
}

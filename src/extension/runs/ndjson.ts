/**
 * Splits a byte stream into NDJSON lines. A child's stdout arrives in arbitrary chunks, so a line may
 * be cut anywhere (even inside a multi-byte character): keep the tail until its newline arrives.
 */
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private tail = '';

  /** Feeds a chunk; returns the complete lines it finished (without their newline). */
  push(chunk: Buffer | string): string[] {
    const text = this.tail + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split('\n');
    this.tail = parts.pop() ?? '';
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '');
  }

  /** The unterminated remainder at end of stream (a torn last line after a kill), if any. */
  end(): string | undefined {
    const rest = (this.tail + this.decoder.end()).trim();
    this.tail = '';
    return rest || undefined;
  }
}
